// filter FORWARD on the node where kube-proxy translated a packet it marked for masquerade:
// `-A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT` (DATAPATH §4.1 and §5.3 step 4,
// "KUBE-FORWARD accepts marked packets even if the FORWARD policy is DROP"). Unmarked traffic
// (pod → ClusterIP, externalTrafficPolicy Local) does not hit that rule; nftables mode has no such chain.
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/engine/types.ts';
import { dump, plan, pod, run, soloNodePortService, state } from './trace-fixtures.ts';

const local = `${pod('solo', 'node-2', '10.244.2.8', '{app: solo}')}---\n${soloNodePortService}`;
const withMode = (mode: string) => state(plan(local).replace('kubeProxy: {mode: iptables}', `kubeProxy: {mode: ${mode}}`));
const clusters = { iptables: withMode('iptables'), ipvs: withMode('ipvs'), nftables: withMode('nftables') };

const kubeForward = (t: Trace) => t.phases[0]!.hops.filter((h) => h.where === 'filter FORWARD' && h.action.includes('KUBE-FORWARD'));

describe('KUBE-FORWARD accepts what kube-proxy marked', () => {
  it.each([
    // [mode, from, to, seed, node whose FORWARD accepts (undefined: no such hop)]
    ['iptables', 'external', '172.16.0.11:30080', 2, 'node-1'],
    ['ipvs', 'external', '172.16.0.11:30080', 2, 'node-1'],
    ['nftables', 'external', '172.16.0.11:30080', 2, undefined],
    ['iptables', 'external', '172.16.0.12:30081', 1, undefined],
    ['iptables', 'app/client', '10.96.100.10:80', 2, undefined],
    ['iptables', 'app/web-a', '10.96.100.10:80', 1, 'node-1'],
  ] as const)('%s: %s → %s (seed %i): %s', (mode, from, to, seed, node) => {
    const t = run(clusters[mode], { from, to }, seed);
    const hops = kubeForward(t);
    if (node === undefined) {
      expect(hops, dump(t)).toEqual([]);
      return;
    }
    expect(hops.map((h) => h.node), dump(t)).toEqual([node]);
    const rule = hops[0]!.because.at(-1)!;
    expect(rule.text).toMatch(/^-A KUBE-FORWARD .*-m mark --mark 0x4000\/0x4000 -j ACCEPT$/);
    expect(rule.rule).toBe(2);
    // After the routing decision (and any NetworkPolicy check in FORWARD), right before nat
    // POSTROUTING: the kernel's order, ip_forward → ip_output.
    const where = t.phases[0]!.hops.map((h) => `${h.node}:${h.where}`);
    const i = t.phases[0]!.hops.indexOf(hops[0]!);
    expect(where.lastIndexOf(`${node}:routing`)).toBeLessThan(i);
    expect(where[i + 1]).toBe(`${node}:nat POSTROUTING`);
  });
});

// kube-proxy nftables mode (DATAPATH §4.10): the same decisions as iptables mode, written as
// verdict maps, one numgen pick, and filter checks; RuleRefs print as nft statements.
import { describe, expect, it } from 'vitest';
import { connection, emptyConntrack, lookupReply, track } from '../../src/engine/conntrack.ts';
import { postrouting, serviceDnat } from '../../src/engine/netfilter.ts';
import type { NatHook, Tuple } from '../../src/engine/netfilter.ts';
import { seededRng } from '../../src/engine/random.ts';
import { deepFreeze } from '../cluster/net-fixtures.ts';
import { CLUSTER_IP, EXTERNAL, NODE1, POD, iface, nodeOf, scenario, scriptedRng, tcp } from './netfilter-fixtures.ts';
import type { ScenarioOptions } from './netfilter-fixtures.ts';

const nft = (o: ScenarioOptions = {}): ScenarioOptions => ({ proxy: 'nftables', ...o });
const texts = (r: { because: readonly { text: string }[] }) => r.because.map((b) => b.text);
const SERVICE = 'service-GSODGFK7-app/web/tcp/http';
const EP_A = 'endpoint-6XDQBACX-app/web/tcp/http__10.244.1.9/8080';
const EP_B = 'endpoint-VIUAX2FW-app/web/tcp/http__10.244.2.7/8080';
const EP_C = 'endpoint-ONOSFEHC-app/web/tcp/http__10.244.2.8/8080';

describe('nftables: ClusterIP dispatch (§4.10)', () => {
  const state = deepFreeze(scenario(nft()));
  const node1 = nodeOf(state, 'node-1');

  it('service-ips vmap → service chain → one numgen draw → endpoint chain dnat', () => {
    // One scripted draw only: numgen picks once for the whole run (a second draw would throw).
    const r = serviceDnat(state, node1, tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', scriptedRng([0.5]));
    expect(texts(r)).toEqual([
      'nat-prerouting: jump services',
      `services: ip daddr . meta l4proto . th dport vmap { 10.96.100.10 . tcp . 80 : goto ${SERVICE} }`,
      `${SERVICE}: numgen random mod 3 vmap { 0 : goto ${EP_A}, 1 : goto ${EP_B}, 2 : goto ${EP_C} }`,
      `${EP_B}: meta l4proto tcp dnat to 10.244.2.7:8080`,
    ]);
    expect(r.because.map((b) => [b.kind, b.rule])).toEqual([['nftables', 1], ['nftables', 1], ['nftables', 2], ['nftables', 2]]);
    expect(r.tuple).toEqual(tcp(POD.client, 41000, POD.webB, 8080));
    expect(r.masqueradeMark).toBe(false);
    expect(r.sentence).toContain(`${SERVICE}: numgen random mod 3 gave 1`);
  });

  it('numgen spreads connections over the endpoints evenly (3,000 seeds, ±150)', () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 3000; seed++) {
      const dst = serviceDnat(state, node1, tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(seed)).tuple.dst;
      counts.set(dst, (counts.get(dst) ?? 0) + 1);
    }
    expect(counts.size).toBe(3);
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });

  it('hairpin: the endpoint chain jumps to mark-for-masquerade; masquerading rewrites to cni0; reply restored', () => {
    const original = tcp(POD.webA, 41000, CLUSTER_IP, 80);
    const r = serviceDnat(state, node1, original, 'PREROUTING', scriptedRng([0]));
    expect(texts(r)).toContain(`${EP_A}: ip saddr 10.244.1.9 jump mark-for-masquerade`);
    expect(texts(r)).toContain('mark-for-masquerade: meta mark set meta mark or 0x4000');
    expect(r.masqueradeMark).toBe(true);
    const s = postrouting(state, node1, r.tuple, { masqueradeMark: true, outInterface: iface(node1, 'cni0'), rng: seededRng(1) });
    expect(s.tuple.src).toBe('10.244.1.1');
    expect(texts(s)).toEqual(['nat-postrouting: jump masquerading', 'masquerading: meta mark set meta mark xor 0x4000', 'masquerading: masquerade fully-random']);
    const table = track(emptyConntrack, connection('node-1', original, s.tuple));
    expect(lookupReply(table, tcp(POD.webA, 8080, '10.244.1.1', s.tuple.sport))?.tuple).toEqual(tcp(CLUSTER_IP, 80, POD.webA, 41000));
  });

  it('sessionAffinity: the endpoint chain updates the affinity set; the next connection matches it first', () => {
    const st = scenario(nft({ type: 'ClusterIP', sessionAffinity: true }));
    const n1 = nodeOf(st, 'node-1');
    const first = serviceDnat(st, n1, tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(2));
    expect(texts(first).at(-1)).toMatch(/^endpoint-\S+: update @affinity-\S+ \{ ip saddr \} meta l4proto tcp dnat to /);
    const next = serviceDnat(st, n1, tcp(POD.client, 41001, CLUSTER_IP, 80), 'PREROUTING', seededRng(3), { ct: first.ct });
    expect(next.tuple.dst).toBe(first.tuple.dst);
    expect(texts(next)[2]).toMatch(/^service-\S+: ip saddr @affinity-\S+ goto endpoint-/);
  });
});

describe('nftables: filter checks (§4.10 differences from iptables mode)', () => {
  it.each([
    { name: 'no endpoints: service-endpoints-check rejects', o: nft({ type: 'ClusterIP', endpoints: [] }), t: tcp(POD.client, 41000, CLUSTER_IP, 80), verdict: 'reject', last: 'service-endpoints-check: ip daddr . meta l4proto . th dport vmap { 10.96.100.10 . tcp . 80 : reject }' },
    { name: 'an unused port of a ClusterIP is rejected', o: nft(), t: tcp(POD.client, 41000, CLUSTER_IP, 81), verdict: 'reject', last: 'cluster-ips-check: ip daddr 10.96.100.10 reject comment "Reject traffic to invalid ports of ClusterIPs"' },
    { name: 'ICMP to a ClusterIP is rejected too (the check matches the address only)', o: nft(), t: { protocol: 'ICMP' as const, src: POD.client, sport: 3, dst: CLUSTER_IP, dport: 3 }, verdict: 'reject', last: 'cluster-ips-check: ip daddr 10.96.100.10 reject comment "Reject traffic to invalid ports of ClusterIPs"' },
    { name: 'an unallocated ClusterIP is dropped', o: nft(), t: tcp(POD.client, 41000, '10.96.100.11', 80), verdict: 'drop', last: 'cluster-ips-check: ip daddr 10.96.0.0/12 drop comment "Drop traffic to unallocated ClusterIPs"' },
    { name: 'ETP Local, no local endpoint: nodeport-endpoints-check drops', o: nft({ externalTrafficPolicy: 'Local', endpoints: ['web-b'] }), t: tcp(EXTERNAL, 51000, NODE1, 30080), verdict: 'drop', last: 'nodeport-endpoints-check: ip daddr . meta l4proto . th dport vmap { 172.16.0.11 . tcp . 30080 : drop }' },
  ])('$name', ({ o, t, verdict, last }) => {
    const st = scenario(o);
    const r = serviceDnat(st, nodeOf(st, 'node-1'), t as Tuple, 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe(verdict);
    expect(texts(r).at(-1)).toBe(last);
    expect(r.because.at(-1)!.kind).toBe('nftables');
  });
});

describe('nftables: NodePorts and the iptables rules beside kube-proxy\'s table', () => {
  it.each([
    { name: 'node IP: translated, marked (ETP Cluster)', proxy: 'nftables' as const, dst: NODE1, hook: 'PREROUTING' as NatHook, verdict: 'dnat' },
    { name: '127.0.0.1: not a NodePort address in nftables mode', proxy: 'nftables' as const, dst: '127.0.0.1', hook: 'OUTPUT' as NatHook, verdict: 'none' },
    { name: '127.0.0.1 in iptables mode: addrtype LOCAL matches it (localhostNodePorts)', proxy: 'iptables' as const, dst: '127.0.0.1', hook: 'OUTPUT' as NatHook, verdict: 'dnat' },
  ])('NodePort 30080 on $name', ({ proxy, dst, hook, verdict }) => {
    const st = scenario({ proxy });
    const src = hook === 'OUTPUT' ? '127.0.0.1' : EXTERNAL;
    const r = serviceDnat(st, nodeOf(st, 'node-1'), tcp(src, 51000, dst, 30080), hook, seededRng(1));
    expect(r.verdict).toBe(verdict);
    if (verdict === 'dnat') expect(r.masqueradeMark).toBe(true);
  });

  it('pod → Internet: flannel\'s masquerade (in iptables, beside the kube-proxy table) still applies', () => {
    const st = scenario(nft());
    const n1 = nodeOf(st, 'node-1');
    const s = postrouting(st, n1, tcp(POD.client, 41000, '198.51.100.10', 443), { masqueradeMark: false, outInterface: iface(n1, 'eth0'), rng: seededRng(1) });
    expect(s.masqueraded).toBe(true);
    expect(s.tuple.src).toBe(NODE1);
    expect(s.because.map((b) => b.kind)).toEqual(['nftables', 'nftables', 'iptables', 'iptables']);
  });

  it('hostPort: the portmap plugin\'s iptables chains DNAT after kube-proxy\'s table found nothing', () => {
    const st = scenario(nft({ hostPort: true }));
    const r = serviceDnat(st, nodeOf(st, 'node-1'), tcp(EXTERNAL, 51000, NODE1, 8081), 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('dnat');
    expect(r.tuple.dst).toBe(st.index.podById.get('app/hp')!.ip);
    expect(r.because[0]!.text).toBe('nat-prerouting: jump services');
    expect(r.because.at(-1)!.kind).toBe('iptables');
  });
});

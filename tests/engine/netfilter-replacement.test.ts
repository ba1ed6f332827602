// Cilium kube-proxy replacement (DATAPATH §4.11): socket-level load balancing for connections
// made on the node, per-packet eBPF translation for traffic from outside, SNAT to the node for
// a remote backend (SNAT mode).
import { describe, expect, it } from 'vitest';
import { connection, emptyConntrack, lookupReply, track } from '../../src/engine/conntrack.ts';
import { postrouting, serviceDnat } from '../../src/engine/netfilter.ts';
import type { NatHook, Tuple } from '../../src/engine/netfilter.ts';
import { seededRng } from '../../src/engine/random.ts';
import { deepFreeze } from '../cluster/net-fixtures.ts';
import { CLUSTER_IP, EXTERNAL, NODE1, NODE2, POD, iface, nodeOf, scenario, scriptedRng, tcp } from './netfilter-fixtures.ts';
import type { ScenarioOptions } from './netfilter-fixtures.ts';

const cilium = (o: ScenarioOptions = {}): ScenarioOptions => ({ proxy: 'replacement', cni: { plugin: 'cilium', mode: 'vxlan' }, ...o });

describe('Cilium socket-level load balancing (§4.11)', () => {
  const state = deepFreeze(scenario(cilium()));
  const node1 = nodeOf(state, 'node-1');

  it('pod → ClusterIP: swapped at connect(), no DNAT hop, no mark; the RuleRef is the eBPF service entry', () => {
    // Backends sorted by address: web-a, web-b, web-c; a draw of 0.5 picks index 1 (web-b).
    const original = tcp(POD.client, 41000, CLUSTER_IP, 80);
    const r = serviceDnat(state, node1, original, 'PREROUTING', scriptedRng([0.5]));
    expect(r.verdict).toBe('dnat');
    expect(r.socketLevel).toBe(true);
    expect(r.tuple).toEqual(tcp(POD.client, 41000, POD.webB, 8080));
    expect(r.masqueradeMark).toBe(false);
    expect(r.because).toEqual([{
      kind: 'ebpf', object: { kind: 'Service', namespace: 'app', name: 'web' }, rule: 2,
      text: '10.96.100.10:80/TCP ClusterIP 2 => 10.244.2.7:8080/TCP (active)',
      range: state.index.serviceById.get('app/web')!.source!.paths['spec.ports[0]'],
    }]);
    expect(r.sentence).toContain('at connect()');
    expect(r.sentence).toContain('no packet ever carries the Service address');
    // The socket's reverse-NAT map gives the application replies "from" the address it dialled.
    const table = track(emptyConntrack, connection('node-1', original, r.tuple));
    expect(lookupReply(table, tcp(POD.webB, 8080, POD.client, 41000))?.tuple).toEqual(tcp(CLUSTER_IP, 80, POD.client, 41000));
  });

  it('UDP is translated at sendmsg()', () => {
    const st = scenario(cilium());
    const r = serviceDnat(st, nodeOf(st, 'node-1'), { protocol: 'UDP', src: POD.client, sport: 5000, dst: '10.96.0.10', dport: 53 }, 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('dnat');
    expect(r.service?.id).toBe('kube-system/kube-dns');
    expect(r.sentence).toContain('at sendmsg()');
  });

  it('host process → ClusterIP (OUTPUT): also socket-level, no masquerade', () => {
    const r = serviceDnat(state, node1, tcp(NODE1, 41000, CLUSTER_IP, 80), 'OUTPUT', seededRng(1));
    expect(r.socketLevel).toBe(true);
    expect(r.masqueradeMark).toBe(false);
  });

  it('the same seed picks every backend over many seeds (random selection)', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) seen.add(serviceDnat(state, node1, tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(seed)).tuple.dst);
    expect([...seen].sort()).toEqual([POD.webA, POD.webB, POD.webC]);
  });

  it('ICMP to a ClusterIP has no Service frontend', () => {
    const ping: Tuple = { protocol: 'ICMP', src: POD.client, sport: 1, dst: CLUSTER_IP, dport: 1 };
    expect(serviceDnat(state, node1, ping, 'PREROUTING', seededRng(1)).verdict).toBe('none');
  });

  it('sessionAffinity ClientIP: later connections stay on the first backend', () => {
    const st = scenario(cilium({ type: 'ClusterIP', sessionAffinity: true }));
    const n1 = nodeOf(st, 'node-1');
    const first = serviceDnat(st, n1, tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(9));
    const next = serviceDnat(st, n1, tcp(POD.client, 41001, CLUSTER_IP, 80), 'PREROUTING', seededRng(10), { ct: first.ct });
    const other = serviceDnat(st, n1, tcp(POD.client, 41001, CLUSTER_IP, 80), 'PREROUTING', seededRng(10));
    expect(next.tuple.dst).toBe(first.tuple.dst);
    expect(next.sentence).toContain('sessionAffinity ClientIP');
    expect(other.sentence).not.toContain('sessionAffinity ClientIP');
  });
});

describe('Cilium per-packet translation from outside, policies and SNAT', () => {
  const arrive = tcp(EXTERNAL, 51000, NODE1, 30080);

  it('NodePort, ETP Cluster, remote backend: SNAT to the node so the reply returns through it; reply restored', () => {
    const st = scenario(cilium());
    const n1 = nodeOf(st, 'node-1');
    const r = serviceDnat(st, n1, arrive, 'PREROUTING', scriptedRng([0.9]));
    expect(r.socketLevel).toBe(false);
    expect(r.tuple).toEqual(tcp(EXTERNAL, 51000, POD.webC, 8080));
    expect(r.masqueradeMark).toBe(true);
    expect(r.because[0]!.text).toBe('172.16.0.11:30080/TCP NodePort 3 => 10.244.2.8:8080/TCP (active)');
    const s = postrouting(st, n1, r.tuple, { masqueradeMark: true, outInterface: iface(n1, 'eth0'), rng: seededRng(1) });
    expect(s.tuple.src).toBe(NODE1);
    expect(s.because[0]!.kind).toBe('ebpf');
    const table = track(emptyConntrack, connection('node-1', arrive, s.tuple));
    expect(lookupReply(table, tcp(POD.webC, 8080, NODE1, s.tuple.sport))?.tuple).toEqual(tcp(NODE1, 30080, EXTERNAL, 51000));
  });

  it('NodePort, ETP Cluster, backend on this node: no SNAT needed', () => {
    const st = scenario(cilium());
    const r = serviceDnat(st, nodeOf(st, 'node-1'), arrive, 'PREROUTING', scriptedRng([0]));
    expect(r.tuple.dst).toBe(POD.webA);
    expect(r.masqueradeMark).toBe(false);
  });

  it.each([
    { name: 'no endpoints → reject', o: cilium({ endpoints: [] }), node: 'node-1', t: tcp(POD.client, 41000, CLUSTER_IP, 80), hook: 'PREROUTING' as NatHook, verdict: 'reject' },
    { name: 'ITP Local, no endpoint on node-1 → drop', o: cilium({ internalTrafficPolicy: 'Local', endpoints: ['web-b'] }), node: 'node-1', t: tcp(POD.client, 41000, CLUSTER_IP, 80), hook: 'PREROUTING' as NatHook, verdict: 'drop' },
    { name: 'ETP Local, external client, no endpoint on node-1 → drop', o: cilium({ externalTrafficPolicy: 'Local', endpoints: ['web-b'] }), node: 'node-1', t: arrive, hook: 'PREROUTING' as NatHook, verdict: 'drop' },
    { name: 'ETP Local, pod on node-1 → NodePort: Cluster semantics, reaches web-b', o: cilium({ externalTrafficPolicy: 'Local', endpoints: ['web-b'] }), node: 'node-1', t: tcp(POD.client, 41000, NODE1, 30080), hook: 'PREROUTING' as NatHook, verdict: 'dnat' },
    { name: 'ETP Local, external client on node-2 with web-b: kept client address', o: cilium({ externalTrafficPolicy: 'Local', endpoints: ['web-b'] }), node: 'node-2', t: tcp(EXTERNAL, 51000, NODE2, 30080), hook: 'PREROUTING' as NatHook, verdict: 'dnat' },
  ])('$name', ({ o, node, t, hook, verdict }) => {
    const st = scenario(o);
    const r = serviceDnat(st, nodeOf(st, node), t, hook, seededRng(1));
    expect(r.verdict).toBe(verdict);
    expect(r.because.every((b) => b.kind === 'ebpf')).toBe(true);
    if (verdict === 'dnat') {
      expect(r.tuple.dst).toBe(POD.webB);
      expect(r.masqueradeMark).toBe(false);
    }
  });

  it('pod → Internet: Cilium masquerades to the egress interface address; pod → pod is kept', () => {
    const st = scenario(cilium());
    const n1 = nodeOf(st, 'node-1');
    const out = postrouting(st, n1, tcp(POD.client, 41000, '198.51.100.10', 443), { masqueradeMark: false, outInterface: iface(n1, 'eth0'), rng: seededRng(1) });
    expect(out.masqueraded).toBe(true);
    expect(out.tuple.src).toBe(NODE1);
    const inside = postrouting(st, n1, tcp(POD.client, 41000, POD.webB, 8080), { masqueradeMark: false, outInterface: iface(n1, 'cilium_vxlan'), rng: seededRng(1) });
    expect(inside.masqueraded).toBe(false);
  });
});

describe('Cilium hostPort in eBPF (§9.2: no portmap plugin)', () => {
  const st = scenario(cilium({ hostPort: true }));
  const hp = st.index.podById.get('app/hp')!;
  it.each([
    { name: 'on the pod\'s node: translated to the containerPort', node: 'node-1', dst: NODE1, verdict: 'dnat' },
    { name: 'on another node: nothing listens', node: 'node-2', dst: NODE2, verdict: 'none' },
  ])('$name', ({ node, dst, verdict }) => {
    const r = serviceDnat(st, nodeOf(st, node), tcp(EXTERNAL, 51000, dst, 8081), 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe(verdict);
    if (verdict === 'dnat') {
      expect(r.tuple).toEqual(tcp(EXTERNAL, 51000, hp.ip!, 80));
      expect(r.because).toEqual([{
        kind: 'ebpf', object: { kind: 'Pod', namespace: 'app', name: 'hp' }, rule: 1,
        text: `172.16.0.11:8081/TCP HostPort 1 => ${hp.ip}:80/TCP (active)`, range: hp.source!.paths['spec.containers[0].ports[0]'],
      }]);
      expect(r.pod?.id).toBe('app/hp');
    }
  });
});

// kube-proxy iptables mode (the default) through the engine's public functions, on DATAPATH
// §0.1's address plan. Each case names the DATAPATH section it checks.
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { parse } from '../../src/parse/index.ts';
import { connection, emptyConntrack, lookupReply, track } from '../../src/engine/conntrack.ts';
import type { ConntrackTable } from '../../src/engine/conntrack.ts';
import { filterVerdict, postrouting, serviceDnat } from '../../src/engine/netfilter.ts';
import type { DnatResult, NatHook, Tuple } from '../../src/engine/netfilter.ts';
import type { Rng } from '../../src/engine/random.ts';
import { seededRng } from '../../src/engine/random.ts';
import { deepFreeze } from '../cluster/net-fixtures.ts';
import {
  CLUSTER_IP, EXTERNAL, NODE1, NODE2, POD, iface, nodeOf, scenario, scriptedRng, tcp,
} from './netfilter-fixtures.ts';
import type { ScenarioOptions } from './netfilter-fixtures.ts';

const SVC = 'KUBE-SVC-GSODGFK7F4BKZ7VG';
const SVL = 'KUBE-SVL-GSODGFK7F4BKZ7VG';
const EXT = 'KUBE-EXT-GSODGFK7F4BKZ7VG';
const SEP_B = 'KUBE-SEP-VIUAX2FWSUN7NXBI';

function dnat(o: ScenarioOptions, node: string, t: Tuple, hook: NatHook, rng: Rng, ct?: ConntrackTable): DnatResult {
  const state = scenario(o);
  return serviceDnat(deepFreeze(state), nodeOf(state, node), deepFreeze(t), hook, rng, ct ? { ct } : {});
}

/** The first seed whose pick is the wanted endpoint ("given the random pick is …", as DATAPATH's tables say). */
function seedPicking(o: ScenarioOptions, node: string, t: Tuple, hook: NatHook, endpoint: string): number {
  for (let seed = 0; seed < 500; seed++) if (dnat(o, node, t, hook, seededRng(seed)).tuple.dst === endpoint) return seed;
  throw new Error(`no seed below 500 picks ${endpoint}`);
}

const texts = (r: { because: readonly { text: string }[] }) => r.because.map((b) => b.text);
const chainsOf = (r: DnatResult) => r.because.map((b) => b.text.split(' ')[1]);

describe('§4.2 the chain walk for Service web with 3 ready endpoints', () => {
  const clientToSvc = tcp(POD.client, 41000, CLUSTER_IP, 80);

  it('PREROUTING → KUBE-SERVICES → KUBE-SVC (0.333 misses, 0.5 fires) → KUBE-SEP-B → DNAT, every matched rule in order', () => {
    // Draws 0.9 then 0.2: rule 2 (p = 0.3333333333) misses, rule 3 (p = 0.5) fires → web-b.
    const r = dnat({}, 'node-1', clientToSvc, 'PREROUTING', scriptedRng([0.9, 0.2]));
    expect(texts(r)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      `-A KUBE-SERVICES -d 10.96.100.10/32 -p tcp -m comment --comment "app/web:http cluster IP" -m tcp --dport 80 -j ${SVC}`,
      `-A ${SVC} -m comment --comment "app/web:http -> 10.244.2.7:8080" -m statistic --mode random --probability 0.50000000000 -j ${SEP_B}`,
      `-A ${SEP_B} -p tcp -m comment --comment "app/web:http" -m tcp -j DNAT --to-destination 10.244.2.7:8080`,
    ]);
    expect(r.because.map((b) => b.rule)).toEqual([1, 1, 3, 2]);
    expect(r.because.every((b) => b.kind === 'iptables')).toBe(true);
    expect(r.verdict).toBe('dnat');
    expect(r.endpoint?.ip).toBe(POD.webB);
    expect(r.pod?.id).toBe('app/web-b');
    expect(r.servicePort?.name).toBe('http');
    expect(r.sentence).toBe(`kube-proxy on node-1 picked endpoint 10.244.2.7:8080 (pod app/web-b) of Service app/web (rule 3 of ${SVC}, probability 0.5 after 0.333 missed) and rewrote the destination 10.96.100.10:80 to it (DNAT).`);
  });

  it('RuleRefs of Service rules point at the Service and its spec.ports[0] in the YAML', () => {
    const r = dnat({}, 'node-1', clientToSvc, 'PREROUTING', scriptedRng([0.1]));
    const svcRef = r.because[1]!;
    const state = scenario({});
    expect(svcRef.object).toEqual({ kind: 'Service', namespace: 'app', name: 'web' });
    expect(svcRef.range).toEqual(state.index.serviceById.get('app/web')!.source!.paths['spec.ports[0]']);
    expect(r.because[0]!.object).toBeUndefined();
  });

  it.each([
    { name: 'first rule fires (0.1 < 0.333)', draws: [0.1], endpoint: POD.webA, rule: 2 },
    { name: 'first misses, second fires', draws: [0.5, 0.4], endpoint: POD.webB, rule: 3 },
    { name: 'both miss → the last rule, no condition', draws: [0.5, 0.7], endpoint: POD.webC, rule: 4 },
  ])('statistic is drawn once per rule reached: $name', ({ draws, endpoint, rule }) => {
    const r = dnat({}, 'node-1', clientToSvc, 'PREROUTING', scriptedRng(draws));
    expect(r.tuple.dst).toBe(endpoint);
    expect(r.because[2]!.rule).toBe(rule);
  });

  it('a seed sweep of 3,000 connections gives each endpoint ≈ 1/3 (probability 1/(n−i) per rule)', () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 3000; seed++) {
      const dst = dnat({}, 'node-1', clientToSvc, 'PREROUTING', seededRng(seed)).tuple.dst;
      counts.set(dst, (counts.get(dst) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([POD.webA, POD.webB, POD.webC].sort());
    // Binomial(3000, 1/3): σ ≈ 26; ±150 is > 5σ.
    for (const [dst, n] of counts) expect({ dst, off: Math.abs(n - 1000) < 150 }).toEqual({ dst, off: true });
  });

  it('is deterministic: the same seed picks the same endpoint', () => {
    const a = dnat({}, 'node-1', clientToSvc, 'PREROUTING', seededRng(77));
    const b = dnat({}, 'node-1', clientToSvc, 'PREROUTING', seededRng(77));
    expect(b).toEqual(a);
  });
});

describe('§4.3 / §4.4 / §4.5 pod → ClusterIP tuples, SNAT and the reply', () => {
  const o: ScenarioOptions = {};
  const state = scenario(o);
  const node1 = nodeOf(state, 'node-1');
  const cases = [
    {
      name: '§4.3 backend on node-2: DNAT, no mark, source kept out flannel.1; reply un-DNATed (R2)',
      client: POD.client, endpoint: POD.webB, out: 'flannel.1',
      sent: tcp(POD.client, 41000, POD.webB, 8080), mark: false,
      reply: tcp(POD.webB, 8080, POD.client, 41000), restored: tcp(CLUSTER_IP, 80, POD.client, 41000),
    },
    {
      name: '§4.4 backend on the same node: routed back out cni0, source kept',
      client: POD.client, endpoint: POD.webA, out: 'cni0',
      sent: tcp(POD.client, 41000, POD.webA, 8080), mark: false,
      reply: tcp(POD.webA, 8080, POD.client, 41000), restored: tcp(CLUSTER_IP, 80, POD.client, 41000),
    },
    {
      name: '§4.5 hairpin: web-a picks itself → marked, MASQUERADE to cni0 10.244.1.1 with a random port',
      client: POD.webA, endpoint: POD.webA, out: 'cni0',
      sent: { protocol: 'TCP' as const, src: '10.244.1.1', dst: POD.webA, dport: 8080 }, mark: true,
      reply: undefined, restored: tcp(CLUSTER_IP, 80, POD.webA, 41000),
    },
  ];

  it.each(cases)('$name', ({ client, endpoint, out, sent, mark, reply, restored }) => {
    const original = tcp(client, 41000, CLUSTER_IP, 80);
    const seed = seedPicking(o, 'node-1', original, 'PREROUTING', endpoint);
    const d = serviceDnat(state, node1, original, 'PREROUTING', seededRng(seed));
    expect(d.tuple).toEqual(tcp(client, 41000, endpoint, 8080));
    expect(d.masqueradeMark).toBe(mark);
    const s = postrouting(state, node1, d.tuple, { masqueradeMark: d.masqueradeMark, outInterface: iface(node1, out), rng: seededRng(seed) });
    expect(s.tuple).toMatchObject(sent);
    expect(s.masqueraded).toBe(mark);
    if (mark) {
      expect(s.tuple.sport).toBeGreaterThanOrEqual(1024);
      expect(texts(s)).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
      expect(s.sentence).toContain('masqueraded the source 10.244.1.9 to 10.244.1.1');
      expect(d.sentence).toContain('hairpin');
    } else {
      expect(s.sentence).toContain('rule 2 of FLANNEL-POSTRTG returns');
    }
    const table = track(emptyConntrack, connection('node-1', original, s.tuple));
    const back = reply ?? { ...s.tuple, src: s.tuple.dst, sport: s.tuple.dport, dst: s.tuple.src, dport: s.tuple.sport };
    expect(lookupReply(table, back, 'node-1')?.tuple).toEqual(restored);
  });
});

describe('§4.6 SNAT decision table, every row', () => {
  const np: ScenarioOptions = { type: 'NodePort' };
  const local: ScenarioOptions = { type: 'NodePort', externalTrafficPolicy: 'Local' };
  const rows = [
    { row: 'pod (src in cluster CIDR) → ClusterIP: not marked', o: np, t: tcp(POD.client, 41000, CLUSTER_IP, 80), hook: 'PREROUTING' as const, mark: false },
    { row: 'host process → ClusterIP (nat OUTPUT, src = node IP): marked', o: np, t: tcp(NODE1, 41000, CLUSTER_IP, 80), hook: 'OUTPUT' as const, mark: true, via: `${SVC} ! -s 10.244.0.0/16` },
    { row: 'hostNetwork pod → ClusterIP (§9.1, same as the host): marked', o: np, t: tcp(NODE2, 41000, CLUSTER_IP, 80), hook: 'OUTPUT' as const, mark: true, node: 'node-2' },
    { row: 'off-cluster router → ClusterIP (PREROUTING): marked', o: np, t: tcp('172.16.0.1', 41000, CLUSTER_IP, 80), hook: 'PREROUTING' as const, mark: true },
    { row: 'endpoint reaching itself: marked (hairpin)', o: np, t: tcp(POD.webA, 41000, CLUSTER_IP, 80), hook: 'PREROUTING' as const, mark: true, endpoint: POD.webA },
    { row: 'NodePort, ETP Cluster, external client: marked always', o: np, t: tcp(EXTERNAL, 51000, NODE1, 30080), hook: 'PREROUTING' as const, mark: true, via: EXT },
    { row: 'NodePort, ETP Cluster, pod client: marked too', o: np, t: tcp(POD.client, 41000, NODE1, 30080), hook: 'PREROUTING' as const, mark: true, via: EXT },
    { row: 'NodePort, ETP Local, client outside the cluster: not marked, source preserved', o: local, t: tcp(EXTERNAL, 51000, NODE1, 30080), hook: 'PREROUTING' as const, mark: false, via: SVL, endpoint: POD.webA },
    { row: 'NodePort, ETP Local, pod on this node: not marked, short-circuit to the cluster-wide chain', o: local, t: tcp(POD.client, 41000, NODE1, 30080), hook: 'PREROUTING' as const, mark: false, via: `${EXT} -s 10.244.0.0/16`, chain: SVC },
    { row: 'NodePort, ETP Local, the node itself (src-type LOCAL): marked, cluster-wide chain', o: local, t: tcp(NODE1, 41000, NODE1, 30080), hook: 'OUTPUT' as const, mark: true, via: `${EXT} -m comment --comment "masquerade LOCAL traffic`, chain: SVC },
  ];

  it.each(rows)('$row', ({ o, t, hook, mark, via, endpoint, chain, node }) => {
    const r = endpoint
      ? dnat(o, node ?? 'node-1', t, hook, seededRng(seedPicking(o, node ?? 'node-1', t, hook, endpoint)))
      : dnat(o, node ?? 'node-1', t, hook, seededRng(3));
    expect(r.verdict).toBe('dnat');
    expect(r.masqueradeMark).toBe(mark);
    expect(r.mark & 0x4000).toBe(mark ? 0x4000 : 0);
    if (mark) expect(texts(r)).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    if (mark) expect(r.sentence).toContain('marked it for masquerade (0x4000)');
    if (via) expect(texts(r).some((x) => x.startsWith(`-A ${via}`))).toBe(true);
    if (endpoint) expect(r.tuple.dst).toBe(endpoint);
    if (chain) expect(chainsOf(r)).toContain(chain);
    if (chain) expect(chainsOf(r)).not.toContain(SVL);
    // The source is never rewritten in nat PREROUTING/OUTPUT: that is POSTROUTING's job.
    expect(r.tuple.src).toBe(t.src);
  });

  it('pod → outside the cluster CIDR: flannel masquerades to the egress interface address (eth0)', () => {
    const state = scenario(np);
    const node1 = nodeOf(state, 'node-1');
    const s = postrouting(state, node1, tcp(POD.client, 41000, '198.51.100.10', 443), { masqueradeMark: false, outInterface: iface(node1, 'eth0'), rng: seededRng(1) });
    expect(s.masqueraded).toBe(true);
    expect(s.tuple.src).toBe(NODE1);
    expect(texts(s).at(-1)).toBe('-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully');
    expect(s.sentence).toContain('flannel masquerades pod traffic leaving the cluster network');
  });

  describe('pod → outside with Calico: the default pool has natOutgoing', () => {
    const state = build(parse(`apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: lab}
spec: {cni: {plugin: calico, mode: ipip}}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: app}
spec: {nodeName: node-1, containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: app}
spec: {nodeName: node-2, containers: [{name: c, image: nginx}]}
`));
    const node1 = nodeOf(state, 'node-1');
    const client = state.index.podById.get('app/client')!.ip!;
    const server = state.index.podById.get('app/server')!.ip!;
    it.each([
      { name: 'to the Internet: MASQUERADE to eth0', dst: '198.51.100.10', out: 'eth0', masqueraded: true },
      { name: 'to a pod in the pool: kept', dst: server, out: 'tunl0', masqueraded: false },
    ])('$name', ({ dst, out, masqueraded }) => {
      const s = postrouting(state, node1, tcp(client, 41000, dst, 443), { masqueradeMark: false, outInterface: iface(node1, out), rng: seededRng(1) });
      expect(s.masqueraded).toBe(masqueraded);
      expect(s.tuple.src).toBe(masqueraded ? NODE1 : client);
      if (masqueraded) expect(s.because.at(-1)!.text).toBe('-A cali-nat-outgoing -s 192.168.0.0/16 ! -d 192.168.0.0/16 -j MASQUERADE --random-fully');
    });

    it('a marked packet leaving by a cali veth (no IPv4 address) is masqueraded to the node address ([U] DATAPATH §4.5, §11.2)', () => {
      const veth = state.index.podById.get('app/client')!.hostVeth!;
      expect(veth.addresses).toEqual([]);
      const s = postrouting(state, node1, tcp(NODE1, 41000, client, 80), { masqueradeMark: true, outInterface: veth, rng: seededRng(1) });
      expect(s.masqueraded).toBe(true);
      expect(s.tuple.src).toBe(NODE1);
      expect(s.sentence).toContain(`the node address, as ${veth.name} (the interface the packet leaves by) has no IPv4 address`);
    });
  });
});

describe('§4.8 Services without usable endpoints', () => {
  const cases = [
    {
      name: 'no endpoints at all: filter KUBE-SERVICES REJECTs the ClusterIP',
      o: { type: 'ClusterIP' as const, endpoints: [] }, node: 'node-1', t: tcp(POD.client, 41000, CLUSTER_IP, 80), hook: 'PREROUTING' as const,
      verdict: 'reject', rule: '-A KUBE-SERVICES -d 10.96.100.10/32 -p tcp -m comment --comment "app/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    },
    {
      name: 'no endpoints, from the node itself (filter OUTPUT)',
      o: { type: 'ClusterIP' as const, endpoints: [] }, node: 'node-1', t: tcp(NODE1, 41000, CLUSTER_IP, 80), hook: 'OUTPUT' as const,
      verdict: 'reject', rule: '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    },
    {
      name: 'no endpoints, NodePort: filter KUBE-EXTERNAL-SERVICES REJECTs',
      o: { type: 'NodePort' as const, endpoints: [] }, node: 'node-1', t: tcp(EXTERNAL, 51000, NODE1, 30080), hook: 'PREROUTING' as const,
      verdict: 'reject', rule: '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "app/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable',
    },
    {
      name: 'no endpoints, the node to its own NodePort: OUTPUT, then INPUT\'s KUBE-EXTERNAL-SERVICES REJECTs',
      o: { type: 'NodePort' as const, endpoints: [] }, node: 'node-1', t: tcp(NODE1, 41000, NODE1, 30080), hook: 'OUTPUT' as const,
      verdict: 'reject', rule: '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "app/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable',
    },
    {
      name: 'internalTrafficPolicy Local, no endpoint on node-1: DROP',
      o: { type: 'ClusterIP' as const, internalTrafficPolicy: 'Local' as const, endpoints: ['web-b', 'web-c'] as const }, node: 'node-1',
      t: tcp(POD.client, 41000, CLUSTER_IP, 80), hook: 'PREROUTING' as const,
      verdict: 'drop', rule: '-A KUBE-SERVICES -d 10.96.100.10/32 -p tcp -m comment --comment "app/web:http has no local endpoints" -m tcp --dport 80 -j DROP',
    },
    {
      name: 'externalTrafficPolicy Local, external client on a node without a local endpoint: DROP',
      o: { type: 'NodePort' as const, externalTrafficPolicy: 'Local' as const, endpoints: ['web-b', 'web-c'] as const }, node: 'node-1',
      t: tcp(EXTERNAL, 51000, NODE1, 30080), hook: 'PREROUTING' as const,
      verdict: 'drop', rule: '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "app/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP',
    },
  ];

  it.each(cases)('$name', ({ o, node, t, hook, verdict, rule }) => {
    const r = dnat(o, node, t, hook, seededRng(1));
    expect(r.verdict).toBe(verdict);
    expect(r.tuple).toEqual(t);
    expect(texts(r)).toContain(rule);
    expect(r.sentence).toMatch(verdict === 'reject' ? /rejects it/ : /drops it/);
    expect(r.service?.id).toBe('app/web');
  });

  it.each([
    { name: 'ITP Local with a local endpoint: always web-a', o: { type: 'ClusterIP' as const, internalTrafficPolicy: 'Local' as const }, node: 'node-1', t: tcp(POD.client, 41000, CLUSTER_IP, 80), only: POD.webA, via: SVL },
    { name: 'ETP Local, external client on node-2: only node-2 endpoints, source kept', o: { type: 'NodePort' as const, externalTrafficPolicy: 'Local' as const }, node: 'node-2', t: tcp(EXTERNAL, 51000, NODE2, 30080), only: undefined, via: SVL },
  ])('$name', ({ o, node, t, only, via }) => {
    const picks = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const r = dnat(o, node, t, 'PREROUTING', seededRng(seed));
      expect(r.verdict).toBe('dnat');
      expect(r.masqueradeMark).toBe(false);
      expect(chainsOf(r)).toContain(via);
      picks.add(r.tuple.dst);
    }
    expect([...picks].sort()).toEqual(only ? [only] : [POD.webB, POD.webC]);
  });

  it('ICMP (ping) to a ClusterIP matches no rule: rules match protocol and port', () => {
    const ping: Tuple = { protocol: 'ICMP', src: POD.client, sport: 7, dst: CLUSTER_IP, dport: 7 };
    const r = dnat({}, 'node-1', ping, 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('none');
    expect(r.tuple).toEqual(ping);
    expect(chainsOf(r)).toEqual(['PREROUTING']);
    expect(r.sentence).toContain('has no rule for ICMP');
  });

  it('plain pod → pod traffic matches no Service rule', () => {
    const r = dnat({}, 'node-1', tcp(POD.client, 41000, POD.webB, 8080), 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('none');
    expect(r.sentence).toContain('No Service rule on node-1 matches TCP 10.244.1.5:41000 → 10.244.2.7:8080');
  });
});

describe('§5.3 NodePort from outside', () => {
  const o: ScenarioOptions = { type: 'NodePort' };
  const state = scenario(o);
  const node1 = nodeOf(state, 'node-1');
  const arrive = tcp(EXTERNAL, 51000, NODE1, 30080);

  it.each([
    { name: 'Cluster, pick web-b on node-2: SNAT to flannel.1 10.244.1.0', endpoint: POD.webB, out: 'flannel.1', src: '10.244.1.0' },
    { name: 'Cluster, pick web-a on node-1: SNAT to cni0 10.244.1.1', endpoint: POD.webA, out: 'cni0', src: '10.244.1.1' },
  ])('$name; the reply goes back as node:30080 → client', ({ endpoint, out, src }) => {
    const seed = seedPicking(o, 'node-1', arrive, 'PREROUTING', endpoint);
    const d = serviceDnat(state, node1, arrive, 'PREROUTING', seededRng(seed));
    expect(chainsOf(d).slice(0, 6)).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-NODEPORTS', EXT, 'KUBE-MARK-MASQ', EXT]);
    expect(d.tuple).toEqual(tcp(EXTERNAL, 51000, endpoint, 8080));
    expect(d.masqueradeMark).toBe(true);
    const s = postrouting(state, node1, d.tuple, { masqueradeMark: true, outInterface: iface(node1, out), rng: seededRng(seed) });
    expect(s.tuple.src).toBe(src);
    expect(s.sentence).toContain(`the address of ${out}`);
    expect(texts(s)).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
    const table = track(emptyConntrack, connection('node-1', arrive, s.tuple));
    const reply = tcp(endpoint, 8080, src, s.tuple.sport);
    expect(lookupReply(table, reply, 'node-1')?.tuple).toEqual(tcp(NODE1, 30080, EXTERNAL, 51000));
  });

  it('Local, arriving on node-1 which runs web-a: no mark, client address kept through POSTROUTING', () => {
    const lo: ScenarioOptions = { type: 'NodePort', externalTrafficPolicy: 'Local' };
    const st = scenario(lo);
    const n1 = nodeOf(st, 'node-1');
    const d = serviceDnat(st, n1, arrive, 'PREROUTING', seededRng(1));
    expect(d.tuple).toEqual(tcp(EXTERNAL, 51000, POD.webA, 8080));
    expect(d.masqueradeMark).toBe(false);
    expect(chainsOf(d)).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-NODEPORTS', EXT, SVL, 'KUBE-SEP-6XDQBACXKN52QXVD']);
    const s = postrouting(st, n1, d.tuple, { masqueradeMark: false, outInterface: iface(n1, 'cni0'), rng: seededRng(1) });
    expect(s.tuple).toEqual(d.tuple);
    expect(s.sentence).toContain('keeps its client address');
    const table = track(emptyConntrack, connection('node-1', arrive, s.tuple));
    expect(lookupReply(table, tcp(POD.webA, 8080, EXTERNAL, 51000))?.tuple).toEqual(tcp(NODE1, 30080, EXTERNAL, 51000));
  });
});

describe('§5.4 LoadBalancer IP reached from a pod: captured on the client\'s own node', () => {
  const LB = '172.16.0.200';
  it.each([
    { name: 'ETP Cluster: DNAT on node-1 with the mark', o: { type: 'LoadBalancer' as const, loadBalancerIP: LB }, mark: true, chain: EXT },
    { name: 'ETP Local: pods short-circuit to the cluster-wide chain, no mark', o: { type: 'LoadBalancer' as const, loadBalancerIP: LB, externalTrafficPolicy: 'Local' as const }, mark: false, chain: SVC },
  ])('$name', ({ o, mark, chain }) => {
    const state = scenario(o);
    expect(state.index.serviceById.get('app/web')!.loadBalancerIPs).toEqual([LB]);
    const r = dnat(o, 'node-1', tcp(POD.client, 41000, LB, 80), 'PREROUTING', seededRng(4));
    expect(r.verdict).toBe('dnat');
    expect([POD.webA, POD.webB, POD.webC]).toContain(r.tuple.dst);
    expect(texts(r)[1]).toBe(`-A KUBE-SERVICES -d 172.16.0.200/32 -p tcp -m comment --comment "app/web:http loadbalancer IP" -m tcp --dport 80 -j ${EXT}`);
    expect(chainsOf(r)).toContain(chain);
    expect(r.masqueradeMark).toBe(mark);
  });
});

describe('§5.7 sessionAffinity ClientIP sticks across connections', () => {
  const o: ScenarioOptions = { type: 'ClusterIP', sessionAffinity: true };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %d: the second and third connections go where the first went, via the recent check', (seed) => {
    const first = dnat(o, 'node-1', tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(seed));
    expect(texts(first).at(-1)).toMatch(/-m recent --set --name KUBE-SEP-\w+ --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10\.244\.\d\.\d:8080$/);
    let ct = first.ct;
    for (const sport of [41001, 41002]) {
      const next = dnat(o, 'node-1', tcp(POD.client, sport, CLUSTER_IP, 80), 'PREROUTING', seededRng(seed * 100 + sport), ct);
      expect(next.tuple.dst).toBe(first.tuple.dst);
      expect(texts(next)[2]).toMatch(/-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-\w+ --mask 255.255.255.255 --rsource -j KUBE-SEP-/);
      expect(next.sentence).toContain('sessionAffinity ClientIP');
      ct = next.ct;
    }
  });

  it('affinity is per client IP: another client is balanced on its own', () => {
    const seen = new Set<string>();
    const first = dnat(o, 'node-1', tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(1));
    for (let seed = 0; seed < 40; seed++) {
      seen.add(dnat(o, 'node-1', tcp(POD.webA, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(seed), first.ct).tuple.dst);
    }
    expect(seen.size).toBe(3);
  });

  it('without the table from earlier connections there is no affinity to honour', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) seen.add(dnat(o, 'node-1', tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(seed)).tuple.dst);
    expect(seen.size).toBe(3);
  });
});

describe('§9.2 hostPort (CNI portmap plugin)', () => {
  const o: ScenarioOptions = { hostPort: true };
  const state = scenario(o);
  const node1 = nodeOf(state, 'node-1');
  const hp = state.index.podById.get('app/hp')!;

  it('external client → node-1:8081 is DNATed to the pod\'s containerPort; the reply is un-DNATed', () => {
    const arrive = tcp(EXTERNAL, 51000, NODE1, 8081);
    const r = serviceDnat(state, node1, arrive, 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('dnat');
    expect(r.tuple).toEqual(tcp(EXTERNAL, 51000, hp.ip!, 80));
    expect(r.pod?.id).toBe('app/hp');
    expect(r.service).toBeUndefined();
    expect(chainsOf(r)).toEqual(['PREROUTING', 'KUBE-SERVICES', 'PREROUTING', 'CNI-HOSTPORT-DNAT', expect.stringMatching(/^CNI-DN-/)]);
    expect(texts(r).at(-1)).toMatch(/^-A CNI-DN-\w+ -p tcp -m tcp --dport 8081 -j DNAT --to-destination 10\.244\.1\.\d+:80$/);
    expect(r.because.at(-1)!.object).toEqual({ kind: 'Pod', namespace: 'app', name: 'hp' });
    expect(r.because.at(-1)!.range).toEqual(hp.source!.paths['spec.containers[0].ports[0]']);
    expect(r.sentence).toContain('forwarded hostPort 8081 to pod app/hp');
    const table = track(emptyConntrack, connection('node-1', arrive, r.tuple));
    expect(lookupReply(table, tcp(hp.ip!, 80, EXTERNAL, 51000))?.tuple).toEqual(tcp(NODE1, 8081, EXTERNAL, 51000));
  });

  it('only the pod\'s node listens: node-2 has no hostPort rule', () => {
    const r = serviceDnat(state, nodeOf(state, 'node-2'), tcp(EXTERNAL, 51000, NODE2, 8081), 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('none');
  });

  it('the pod reaching its own hostPort (hairpin) is marked 0x2000 and masqueraded by CNI-HOSTPORT-MASQ', () => {
    const r = serviceDnat(state, node1, tcp(hp.ip!, 41000, NODE1, 8081), 'PREROUTING', seededRng(1));
    expect(r.mark & 0x2000).toBe(0x2000);
    expect(r.masqueradeMark).toBe(false);
    const s = postrouting(state, node1, r.tuple, { masqueradeMark: r.masqueradeMark, mark: r.mark, outInterface: iface(node1, 'cni0'), rng: seededRng(1) });
    expect(s.masqueraded).toBe(true);
    expect(s.tuple.src).toBe('10.244.1.1');
    expect(texts(s)).toContain('-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE');
    expect(s.tuple.sport).toBe(41000);
  });
});

describe('§5.4 loadBalancerSourceRanges and externalIPs, every proxy mode that models them', () => {
  const LB = '172.16.0.200';
  const lb = (proxy: 'iptables' | 'nftables' | 'replacement'): ScenarioOptions => ({
    proxy, type: 'LoadBalancer', loadBalancerIP: LB, loadBalancerSourceRanges: ['203.0.113.0/24'], externalIPs: ['198.51.100.50'],
    ...(proxy === 'replacement' ? { cni: { plugin: 'cilium' as const, mode: 'vxlan' as const } } : {}),
  });
  it.each([
    { proxy: 'iptables' as const, deciding: '-A KUBE-PROXY-FIREWALL -d 172.16.0.200/32 -p tcp -m comment --comment "app/web:http traffic not accepted by KUBE-FW-GSODGFK7F4BKZ7VG" -m tcp --dport 80 -j DROP' },
    { proxy: 'nftables' as const, deciding: 'firewall-GSODGFK7-app/web/tcp/http: drop' },
    { proxy: 'replacement' as const, deciding: '172.16.0.200:80/TCP LoadBalancer source ranges 203.0.113.0/24' },
  ])('$proxy: a source inside the ranges is served, one outside is dropped', ({ proxy, deciding }) => {
    const allowed = dnat(lb(proxy), 'node-1', tcp(EXTERNAL, 51000, LB, 80), 'PREROUTING', seededRng(1));
    expect(allowed.verdict).toBe('dnat');
    expect(allowed.masqueradeMark).toBe(proxy !== 'replacement' || allowed.tuple.dst !== POD.webA);
    const denied = dnat(lb(proxy), 'node-1', tcp('198.51.100.9', 51000, LB, 80), 'PREROUTING', seededRng(1));
    expect(denied.verdict).toBe('drop');
    expect(denied.tuple.dst).toBe(LB);
    expect(texts(denied).at(-1)).toBe(deciding);
  });

  it.each(['iptables', 'nftables', 'replacement'] as const)('%s: an externalIP is translated like a NodePort (ETP Cluster)', (proxy) => {
    const r = dnat(lb(proxy), 'node-1', tcp(EXTERNAL, 51000, '198.51.100.50', 80), 'PREROUTING', seededRng(2));
    expect(r.verdict).toBe('dnat');
    expect(r.servicePort?.port).toBe(80);
    expect([POD.webA, POD.webB, POD.webC]).toContain(r.tuple.dst);
  });
});

describe('filterVerdict: kube-proxy\'s filter rules at one hook', () => {
  it.each([
    { name: 'FORWARD to a Service without endpoints: REJECT', o: { type: 'ClusterIP' as const, endpoints: [] }, hook: 'FORWARD' as const, t: tcp(POD.client, 41000, CLUSTER_IP, 80), verdict: 'reject' },
    { name: 'FORWARD of plain pod traffic: nothing to say', o: {}, hook: 'FORWARD' as const, t: tcp(POD.client, 41000, POD.webB, 8080), verdict: 'none' },
    { name: 'INPUT to a NodePort with no local endpoint (ETP Local): DROP', o: { externalTrafficPolicy: 'Local' as const, endpoints: ['web-b'] as const }, hook: 'INPUT' as const, t: tcp(EXTERNAL, 51000, NODE1, 30080), verdict: 'drop' },
  ])('$name', ({ o, hook, t, verdict }) => {
    const state = scenario(o);
    const r = filterVerdict(state, nodeOf(state, 'node-1'), t, hook);
    expect(r.verdict).toBe(verdict);
    expect(r.because.length > 0).toBe(verdict !== 'none');
    expect(r.sentence).toContain('node-1');
  });
});

describe('multi-port Services and UDP', () => {
  const state = build(parse(`apiVersion: v1
kind: Pod
metadata: {name: api, namespace: app, labels: {app: api}}
spec: {nodeName: node-2, containers: [{name: c, image: api, ports: [{containerPort: 8080}, {containerPort: 9090}]}]}
status: {podIP: 10.244.2.7}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: app}
spec:
  clusterIP: 10.96.100.20
  selector: {app: api}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: metrics, port: 9090, targetPort: 9090}
`));
  const node1 = nodeOf(state, 'node-1');
  const api = state.index.serviceById.get('app/api')!;

  it.each([
    { port: 80, to: 8080, index: 0 },
    { port: 9090, to: 9090, index: 1 },
  ])('port $port: one KUBE-SVC chain per Service port (§5.8); every Service RuleRef points at spec.ports[$index]', ({ port, to, index }) => {
    const r = serviceDnat(state, node1, tcp(POD.client, 41000, '10.96.100.20', port), 'PREROUTING', seededRng(1));
    expect(r.tuple).toEqual(tcp(POD.client, 41000, POD.webB, to));
    expect(r.servicePort).toBe(api.ports[index]);
    const refs = r.because.filter((b) => b.object?.kind === 'Service');
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const b of refs) expect(b.range).toEqual(api.source!.paths[`spec.ports[${index}]`]);
  });

  it('UDP DNS to kube-dns 10.96.0.10:53 is DNATed to a CoreDNS pod', () => {
    const r = serviceDnat(state, node1, { protocol: 'UDP', src: POD.client, sport: 33000, dst: '10.96.0.10', dport: 53 }, 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('dnat');
    expect(r.service?.id).toBe('kube-system/kube-dns');
    expect(r.pod?.labels['k8s-app']).toBe('kube-dns');
    expect(r.tuple.dport).toBe(53);
    expect(r.because[1]!.text).toContain('-p udp');
  });
});

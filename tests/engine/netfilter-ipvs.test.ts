// kube-proxy IPVS mode (DATAPATH §4.9): Service IPs on kube-ipvs0, a virtual server per IP:port
// with rr over the endpoints, and iptables chains that only mark for masquerade via ipsets.
import { describe, expect, it } from 'vitest';
import { connection, emptyConntrack, lookupReply, track } from '../../src/engine/conntrack.ts';
import { postrouting, serviceDnat } from '../../src/engine/netfilter.ts';
import type { Tuple } from '../../src/engine/netfilter.ts';
import { seededRng } from '../../src/engine/random.ts';
import { deepFreeze } from '../cluster/net-fixtures.ts';
import { CLUSTER_IP, EXTERNAL, NODE1, POD, iface, nodeOf, scenario, scriptedRng, tcp } from './netfilter-fixtures.ts';
import type { ScenarioOptions } from './netfilter-fixtures.ts';

const ipvs = (o: ScenarioOptions = {}): ScenarioOptions => ({ proxy: 'ipvs', ...o });
const texts = (r: { because: readonly { text: string }[] }) => r.because.map((b) => b.text);
// Real servers are listed by endpoint address: web-a, web-b, web-c. A first draw of 0 starts rr at real server 1.
const START_AT_WEB_A = () => scriptedRng([0]);

describe('IPVS: virtual server and rr scheduler (§4.9)', () => {
  const state = deepFreeze(scenario(ipvs()));
  const node1 = nodeOf(state, 'node-1');

  it('pod → ClusterIP: the chains ACCEPT it unmarked, the virtual server picks a real server and rewrites the destination', () => {
    const r = serviceDnat(state, node1, tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', START_AT_WEB_A());
    expect(texts(r)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      // The ClusterIP is a local address (kube-ipvs0), so the NodePort jump matches and returns.
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
      '-A -t 10.96.100.10:80 -s rr',
      '-a -t 10.96.100.10:80 -r 10.244.1.9:8080 -m -w 1',
    ]);
    expect(r.because.slice(3).map((b) => b.kind)).toEqual(['ipvs', 'ipvs']);
    expect(r.because[4]!.rule).toBe(1);
    expect(r.because[4]!.object).toEqual({ kind: 'Service', namespace: 'app', name: 'web' });
    expect(r.tuple).toEqual(tcp(POD.client, 41000, POD.webA, 8080));
    expect(r.masqueradeMark).toBe(false);
    expect(r.sentence).toBe('IPVS (kube-proxy ipvs mode) on node-1 picked endpoint 10.244.1.9:8080 (pod app/web-a) of Service app/web (IPVS virtual server 10.96.100.10:80/TCP, scheduler rr: real server 1 of 3) and rewrote the destination 10.96.100.10:80 to it (DNAT).');
  });

  it('rr: successive connections (the table passed along) take the real servers in turn', () => {
    let ct = emptyConntrack;
    const picked: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = serviceDnat(state, node1, tcp(POD.client, 41000 + i, CLUSTER_IP, 80), 'PREROUTING', seededRng(11), { ct });
      picked.push(r.tuple.dst);
      ct = r.ct;
    }
    const order: string[] = [POD.webA, POD.webB, POD.webC];
    const start = order.indexOf(picked[0]!);
    expect(picked).toEqual(Array.from({ length: 6 }, (_, i) => order[(i + start) % 3]));
  });

  it.each([
    { name: 'host process (nat OUTPUT)', t: tcp(NODE1, 41000, CLUSTER_IP, 80), hook: 'OUTPUT' as const },
    { name: 'off-cluster router', t: tcp('172.16.0.1', 41000, CLUSTER_IP, 80), hook: 'PREROUTING' as const },
  ])('§4.6 source outside the cluster CIDR → ClusterIP is marked: $name', ({ t, hook }) => {
    const r = serviceDnat(state, node1, t, hook, seededRng(1));
    expect(r.masqueradeMark).toBe(true);
    expect(texts(r)).toContain('-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ');
  });

  it('no endpoints: the virtual server has no real servers, IPVS answers port unreachable', () => {
    const st = scenario(ipvs({ endpoints: [] }));
    const r = serviceDnat(st, nodeOf(st, 'node-1'), tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('reject');
    expect(texts(r).at(-1)).toBe('-A -t 10.96.100.10:80 -s rr');
    expect(r.sentence).toContain('has no real servers');
  });

  it('ICMP to a ClusterIP: no virtual server, but the address is the node\'s own (kube-ipvs0), so the node answers', () => {
    const ping: Tuple = { protocol: 'ICMP', src: POD.client, sport: 9, dst: CLUSTER_IP, dport: 9 };
    const r = serviceDnat(state, node1, ping, 'PREROUTING', seededRng(1));
    expect(r.verdict).toBe('none');
    expect(r.tuple).toEqual(ping);
    expect(r.sentence).toContain('bound to kube-ipvs0 on node-1');
  });
});

describe('IPVS: NodePort, hairpin and affinity', () => {
  it('NodePort, ETP Cluster: KUBE-NODE-PORT marks, SNAT to flannel.1 for a remote backend; the reply is restored', () => {
    const st = scenario(ipvs());
    const n1 = nodeOf(st, 'node-1');
    const arrive = tcp(EXTERNAL, 51000, NODE1, 30080);
    const r = serviceDnat(st, n1, arrive, 'PREROUTING', scriptedRng([0.5]));
    expect(r.tuple).toEqual(tcp(EXTERNAL, 51000, POD.webB, 8080));
    expect(r.masqueradeMark).toBe(true);
    expect(texts(r)).toContain('-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ');
    expect(texts(r)).toContain('-A -t 172.16.0.11:30080 -s rr');
    const s = postrouting(st, n1, r.tuple, { masqueradeMark: true, outInterface: iface(n1, 'flannel.1'), rng: seededRng(1) });
    expect(s.tuple.src).toBe('10.244.1.0');
    const table = track(emptyConntrack, connection('node-1', arrive, s.tuple));
    expect(lookupReply(table, tcp(POD.webB, 8080, '10.244.1.0', s.tuple.sport))?.tuple).toEqual(tcp(NODE1, 30080, EXTERNAL, 51000));
  });

  it('NodePort, ETP Local: KUBE-NODE-PORT-LOCAL-TCP returns before the mark; only the local endpoint is a real server', () => {
    const st = scenario(ipvs({ externalTrafficPolicy: 'Local' }));
    const n1 = nodeOf(st, 'node-1');
    for (let seed = 0; seed < 10; seed++) {
      const r = serviceDnat(st, n1, tcp(EXTERNAL, 51000, NODE1, 30080), 'PREROUTING', seededRng(seed));
      expect(r.tuple.dst).toBe(POD.webA);
      expect(r.masqueradeMark).toBe(false);
      expect(texts(r)).toContain('-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN');
    }
  });

  it('hairpin: web-a lands on itself; POSTROUTING masquerades it by the KUBE-LOOP-BACK set (source port kept); reply restored', () => {
    const st = scenario(ipvs());
    const n1 = nodeOf(st, 'node-1');
    const original = tcp(POD.webA, 41000, CLUSTER_IP, 80);
    const r = serviceDnat(st, n1, original, 'PREROUTING', START_AT_WEB_A());
    expect(r.tuple.dst).toBe(POD.webA);
    expect(r.masqueradeMark).toBe(false);
    const s = postrouting(st, n1, r.tuple, { masqueradeMark: false, outInterface: iface(n1, 'cni0'), rng: seededRng(1) });
    expect(s.tuple).toEqual(tcp('10.244.1.1', 41000, POD.webA, 8080));
    expect(texts(s)).toContain('-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE');
    expect(s.sentence).toContain('hairpin');
    const table = track(emptyConntrack, connection('node-1', original, s.tuple));
    expect(lookupReply(table, tcp(POD.webA, 8080, '10.244.1.1', 41000))?.tuple).toEqual(tcp(CLUSTER_IP, 80, POD.webA, 41000));
  });

  it('sessionAffinity ClientIP becomes persistence: later connections of the client stay on its real server', () => {
    const st = scenario(ipvs({ type: 'ClusterIP', sessionAffinity: true }));
    const n1 = nodeOf(st, 'node-1');
    const first = serviceDnat(st, n1, tcp(POD.client, 41000, CLUSTER_IP, 80), 'PREROUTING', seededRng(5));
    expect(texts(first)).toContain('-A -t 10.96.100.10:80 -s rr -p 10800');
    let ct = first.ct;
    for (let i = 1; i < 5; i++) {
      const next = serviceDnat(st, n1, tcp(POD.client, 41000 + i, CLUSTER_IP, 80), 'PREROUTING', seededRng(5 + i), { ct });
      expect(next.tuple.dst).toBe(first.tuple.dst);
      expect(next.sentence).toContain('IPVS persistence 10800s');
      ct = next.ct;
    }
  });
});

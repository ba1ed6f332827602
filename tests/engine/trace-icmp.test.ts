// ICMP errors as packets back to the client. Facts: RFC 1122 §4.1.3.1 (a UDP datagram for a port
// with no listener draws ICMP port-unreachable); iptables-extensions(8) REJECT ("the default
// icmp-port-unreachable"), used by kube-proxy for Services without endpoints (DATAPATH §4.8);
// RFC 1812 §5.2.7.1 (a router that cannot resolve the next hop sends host-unreachable); conntrack
// classes the error RELATED and reverses the NAT in it (DATAPATH §4.7 rule 1). Drops stay silent.
import { describe, expect, it } from 'vitest';
import type { IcmpLayer, IPv4Layer, Trace } from '../../src/engine/types.ts';
import { denyWeb, dump, plan, run, state } from './trace-fixtures.ts';

const extra = `---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: app}
spec:
  clusterIP: 10.96.100.20
  type: NodePort
  selector: {app: nothing}
  ports: [{port: 80, targetPort: 8080, nodePort: 30090}]
---
apiVersion: v1
kind: Service
metadata: {name: dns2, namespace: app}
spec:
  clusterIP: 10.96.100.30
  selector: {app: web}
  ports: [{port: 53, targetPort: 5353, protocol: UDP}]
`;
const lab = state(plan(extra));
const denied = state(plan(extra + denyWeb));

const ip = (t: Trace, phase: number, hop: number): IPv4Layer =>
  t.phases[phase]!.hops.at(hop)!.packet.layers.filter((l): l is IPv4Layer => l.type === 'ipv4').at(-1)!;
const icmpOf = (t: Trace, phase: number): IcmpLayer | undefined =>
  t.phases[phase]!.hops.at(-1)!.packet.layers.find((l): l is IcmpLayer => l.type === 'icmp');

describe('ICMP errors travel back to the client', () => {
  it.each([
    // [what, cluster, from, to, protocol, seed, error type, error source as sent, as the client gets it, receiver]
    ['closed UDP port behind a Service (endpoint on node-1)', lab, 'app/client', '10.96.100.30:53', 'UDP', 1, 'port-unreachable', '10.244.1.9', '10.96.100.30', 'pod'],
    ['closed UDP port behind a Service (endpoint on node-2)', lab, 'app/client', '10.96.100.30:53', 'UDP', 2, 'port-unreachable', '10.244.2.7', '10.96.100.30', 'pod'],
    ['closed UDP port of a pod', lab, 'app/client', '10.244.2.7:9999', 'UDP', 1, 'port-unreachable', '10.244.2.7', '10.244.2.7', 'pod'],
    ['Service without endpoints (kube-proxy REJECT)', lab, 'app/client', '10.96.100.20:80', 'TCP', 1, 'port-unreachable', '10.244.1.1', '10.244.1.1', 'pod'],
    ['NodePort without endpoints, from outside', lab, 'external', '172.16.0.11:30090', 'TCP', 1, 'port-unreachable', '172.16.0.11', '172.16.0.11', 'external'],
    ['no pod has the address (ARP fails on node-2)', lab, 'app/client', '10.244.2.99:80', 'UDP', 1, 'host-unreachable', '10.244.2.0', '10.244.2.0', 'pod'],
  ] as const)('%s', (_what, cluster, from, to, protocol, seed, type, sentFrom, seenFrom, receiver) => {
    const t = run(cluster, { from, to, protocol }, seed);
    const last = t.phases.length - 1;
    const phase = t.phases[last]!;
    expect(phase.kind, dump(t)).toBe('icmp');
    expect(phase.name).toBe(`ICMP ${type}`);
    expect(icmpOf(t, last)?.icmpType).toBe(type);
    expect(ip(t, last, 0).src).toBe(sentFrom);
    expect(ip(t, last, -1).src).toBe(seenFrom);
    expect(ip(t, last, -1).dst).toBe(from === 'external' ? '203.0.113.7' : '10.244.1.5');
    expect(phase.hops.at(-1)!.at.startsWith(receiver === 'pod' ? 'pod:app/client' : 'external:')).toBe(true);
    if (sentFrom !== seenFrom) expect(phase.hops.some((h) => h.component === 'conntrack' && h.action.includes('RELATED'))).toBe(true);
  });

  it.each([
    ['a NetworkPolicy drop is silent', denied, '10.96.100.10:80', 'TCP', 'dropped'],
    ['a closed TCP port answers RST, not ICMP', lab, '10.244.2.7:9999', 'TCP', 'rejected'],
    ['a connection that succeeds draws no error', lab, '10.244.2.7:8080', 'TCP', 'delivered'],
  ] as const)('%s', (_what, cluster, to, protocol, verdict) => {
    const t = run(cluster, { from: 'app/client', to, protocol });
    expect(t.verdict, dump(t)).toBe(verdict);
    expect(t.phases.some((p) => p.kind === 'icmp')).toBe(false);
  });
});

// The DNS phase (DATAPATH §6): search-list order from resolv.conf, the query as a real UDP packet
// through kube-proxy to a CoreDNS pod, forwarding of outside names from the CoreDNS pod's node,
// and clients whose resolv.conf is the node's.
import { describe, expect, it } from 'vitest';
import { dnsMessageSize, recordText } from '../../src/engine/trace-dns.ts';
import type { Hop, IPv4Layer, Trace } from '../../src/engine/types.ts';
import { dump, plan, pod, run, state } from './trace-fixtures.ts';

const ip = (h: Hop): IPv4Layer => h.packet.layers.filter((l): l is IPv4Layer => l.type === 'ipv4').at(-1)!;
const names = (t: Trace) => t.phases.map((p) => p.name);

const lab = state(plan(`${pod('pending', 'node-9', '10.244.9.9', '{app: pending}', '[]')}---
apiVersion: v1
kind: Namespace
metadata: {name: data}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  selector: {app: web}
  ports: [{port: 5432, targetPort: 8080}]
`));

describe('the DNS phase', () => {
  it.each([
    // DATAPATH §6.3 table (node resolv.conf without search domains here, so no ec2.internal step).
    ['web', ['web.app.svc.cluster.local']],
    ['db.data', ['db.data.app.svc.cluster.local', 'db.data.svc.cluster.local']],
    ['db.data.svc', ['db.data.svc.app.svc.cluster.local', 'db.data.svc.svc.cluster.local', 'db.data.svc.cluster.local']],
    ['db.data.svc.cluster.local', ['db.data.svc.cluster.local.app.svc.cluster.local', 'db.data.svc.cluster.local.svc.cluster.local', 'db.data.svc.cluster.local.cluster.local', 'db.data.svc.cluster.local']],
    ['db.data.svc.cluster.local.', ['db.data.svc.cluster.local']],
  ])('%s is asked as %j (glibc order, ndots:5; DATAPATH §6.3)', (name, queried) => {
    const t = run(lab, { from: 'app/client', to: name, protocol: 'UDP', lookupOnly: true });
    expect(names(t), dump(t)).toEqual(queried.map((q, i) => `DNS query ${i + 1}: ${q} A (UDP)`));
    expect(t.verdict).toBe('delivered');
  });

  // DATAPATH §6.2/§6.3 with the example node search domain: dnsConfig.searches are appended to the pod's list.
  const ec2 = state(plan(`---
apiVersion: v1
kind: Pod
metadata: {name: aws, namespace: app}
spec:
  nodeName: node-1
  dnsConfig: {searches: [ec2.internal]}
  containers: [{name: main, image: example}]
`));
  it.each([
    ['web.app.svc.cluster.local', 5, 'delivered'],
    ['www.example.com', 5, 'delivered'],
  ])('with search ec2.internal, %s is answered on query %i (DATAPATH §6.3 table)', (name, n, verdict) => {
    const t = run(ec2, { from: 'app/aws', to: name, protocol: 'UDP', lookupOnly: true });
    const queries = names(t).filter((p) => p.startsWith('DNS query'));
    expect(queries.length, dump(t)).toBe(n);
    expect(queries[3]).toBe(`DNS query 4: ${name}.ec2.internal A (UDP)`);
    expect(queries[4]).toBe(`DNS query 5: ${name} A (UDP)`);
    expect(t.verdict).toBe(verdict);
  });

  it('the query leaves for 10.96.0.10, is DNATed to a CoreDNS pod, and the answer returns from 10.96.0.10:53 (DATAPATH §6.5)', () => {
    const t = run(lab, { from: 'app/client', to: 'web', protocol: 'UDP', lookupOnly: true });
    const hops = t.phases[0]!.hops;
    expect(ip(hops[0]!)).toMatchObject({ src: '10.244.1.5', dst: '10.96.0.10' });
    const coredns = hops.find((h) => h.component === 'coredns')!;
    expect(coredns.at).toMatch(/^pod:kube-system\/coredns-/);
    expect(coredns.because.map((r) => r.text)).toEqual(['web.app.svc.cluster.local. 30 IN A 10.96.100.10']);
    expect(coredns.because[0]!.object).toEqual({ kind: 'Service', namespace: 'app', name: 'web' });
    const answer = hops.at(-1)!;
    expect(ip(answer)).toMatchObject({ src: '10.96.0.10', dst: '10.244.1.5' });
    expect(answer.packet.layers.find((l) => l.type === 'udp')).toMatchObject({ sport: 53 });
  });

  it('CoreDNS forwards an outside name from its own pod; the CNI masquerades it to the node address (DATAPATH §6.1, §4.6)', () => {
    const t = run(lab, { from: 'app/client', to: 'github.com', protocol: 'UDP', lookupOnly: true });
    const fwd = t.phases.find((p) => p.name.startsWith('CoreDNS forward'))!;
    const leaving = fwd.hops.find((h) => h.component === 'upstream-dns')!;
    expect(leaving.at).toBe('external:198.51.100.53');
    const onWire = fwd.hops.filter((h) => h.at === 'underlay' || h.component === 'external')[0]!;
    expect(['172.16.0.11', '172.16.0.12']).toContain(ip(onWire).src);
    expect(t.reason).toMatch(/github\.com resolves to 198\.51\.100\.10/);
  });

  it('a node resolves with its own resolv.conf (the upstream resolver): cluster names do not exist there', () => {
    const t = run(lab, { from: 'node/node-1', to: 'web.app.svc.cluster.local.', protocol: 'UDP', lookupOnly: true });
    expect(names(t), dump(t)).toEqual(['DNS query 1: web.app.svc.cluster.local A (UDP)']);
    expect(t.verdict).toBe('nxdomain');
    expect(t.phases[0]!.hops.some((h) => h.component === 'upstream-dns')).toBe(true);
  });

  it('a Pending pod has no network: an error before any packet', () => {
    expect(() => run(lab, { from: 'app/pending', to: 'web:80' })).toThrow(/Pending/);
  });

  it.each([
    [{ type: 'A', name: 'web.app.svc.cluster.local', address: '10.96.100.10' }, 'web.app.svc.cluster.local. 30 IN A 10.96.100.10'],
    [{ type: 'CNAME', name: 'ext.app.svc.cluster.local', target: 'example.com' }, 'ext.app.svc.cluster.local. 30 IN CNAME example.com.'],
    [{ type: 'SRV', name: '_http._tcp.web.app.svc.cluster.local', port: 80, target: 'web.app.svc.cluster.local', priority: 0, weight: 100 }, '_http._tcp.web.app.svc.cluster.local. 30 IN SRV 0 100 80 web.app.svc.cluster.local.'],
  ] as const)('recordText prints %j as dig does', (record, text) => {
    expect(recordText(record, 30)).toBe(text);
  });
});

describe('large answers: truncated over UDP, retried over TCP (DATAPATH §6.5)', () => {
  const headless = (replicas: number) => state(plan(`---
apiVersion: apps/v1
kind: Deployment
metadata: {name: many, namespace: app}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: many}}
  template:
    metadata: {labels: {app: many}}
    spec: {containers: [{name: main, image: example, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: many, namespace: app}
spec:
  clusterIP: None
  selector: {app: many}
  ports: [{port: 8080}]
`));

  it('RFC 1035 sizes: header 12, question name+6, 16 bytes per compressed A record', () => {
    const a = (i: number) => ({ type: 'A' as const, name: 'x.example', address: `10.0.0.${i}` });
    expect(dnsMessageSize('x.example', [])).toBe(12 + 9 + 6);
    expect(dnsMessageSize('x.example', [a(1), a(2)])).toBe(12 + 15 + 32);
  });

  it.each([
    [20, ['DNS query 1: many.app.svc.cluster.local A (UDP)', 'connect', 'reply']],
    [40, ['DNS query 1: many.app.svc.cluster.local A (UDP)', 'DNS query 1: many.app.svc.cluster.local A (TCP retry)', 'connect', 'reply']],
  ] as const)('a headless Service with %i ready pods', (replicas, phases) => {
    const t = run(headless(replicas), { from: 'app/client', to: 'many:8080' });
    expect(names(t), dump(t)).toEqual(phases);
    expect(t.verdict).toBe('delivered');
    // CoreDNS `loadbalance` rotates the records; the client connects to the first one it got.
    const answer = t.phases.at(-3)!.hops.at(-1)!.packet.layers.find((l) => l.type === 'dns');
    const first = answer?.type === 'dns' ? answer.answers[0]!.split(' ').at(-1) : undefined;
    expect(t.phases.at(-2)!.hops[0]!.packet.layers.find((l) => l.type === 'ipv4')).toMatchObject({ dst: first });
    if (replicas === 40) {
      const udpAnswer = t.phases[0]!.hops.at(-1)!.packet.layers.find((l) => l.type === 'dns');
      expect(udpAnswer).toMatchObject({ truncated: true, response: true });
      expect(t.phases[1]!.hops[0]!.packet.layers.find((l) => l.type === 'tcp')).toMatchObject({ dport: 53 });
    }
  });
});

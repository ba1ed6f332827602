import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { parseCommand } from '../../src/engine/flow.ts';
import { isTargetRef, parseTarget, podHostsFile, resolveTarget } from '../../src/engine/target.ts';
import type { FlowSpec } from '../../src/engine/types.ts';
import { parse } from '../../src/parse/index.ts';
import { scenarioUrl } from '../../src/scenarios/files.ts';

const from = 'shop/client';
/** The spec a typed command gives, so the cases read as what a person types. */
const typed = (text: string): FlowSpec => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return { from, ...r.value.spec };
};

describe('parseTarget', () => {
  it.each([
    ['a Service name needs DNS', typed('curl http://backend:8080/api'), { target: { kind: 'name', name: 'backend' }, port: 8080, scheme: 'http' }],
    ['https gives the scheme and 443', typed('curl https://shop.example.com/'), { target: { kind: 'name', name: 'shop.example.com' }, port: 443, scheme: 'https' }],
    // DNS names are case-insensitive (RFC 4343); CoreDNS's records are lower case.
    ['names are compared in lower case', typed('curl http://Backend.Shop:8080/'), { target: { kind: 'name', name: 'backend.shop' }, port: 8080, scheme: 'http' }],
    ['an absolute name keeps its dot (no search list)', typed('nc -zv backend.shop.svc.cluster.local. 8080'), { target: { kind: 'name', name: 'backend.shop.svc.cluster.local.' }, port: 8080 }],
    ['a literal IP needs no DNS', typed('nc -zvu 10.96.0.10 53'), { target: { kind: 'ip', ip: '10.96.0.10' }, port: 53 }],
    ['ping has no port', typed('ping 10.244.2.7'), { target: { kind: 'ip', ip: '10.244.2.7' } }],
    ['HOST:PORT', { from, to: 'backend:8080', protocol: 'TCP' }, { target: { kind: 'name', name: 'backend' }, port: 8080 }],
    ['IP:PORT', { from, to: '10.244.2.4:5432', protocol: 'TCP' }, { target: { kind: 'ip', ip: '10.244.2.4' }, port: 5432 }],
    ['a host with the port beside it', { from, to: 'db', port: 5432, protocol: 'TCP' }, { target: { kind: 'name', name: 'db' }, port: 5432 }],
    // curl(1) --resolve: "Provide a custom address for a specific host and port pair"; DNS is not asked.
    ['curl --resolve connects to the pinned address', typed('curl --resolve shop.example.com:80:172.16.0.250 http://shop.example.com/'),
      { target: { kind: 'ip', ip: '172.16.0.250' }, port: 80, scheme: 'http' }],
    ['--resolve for another port does not apply', typed('curl --resolve shop.example.com:443:172.16.0.250 http://shop.example.com/'),
      { target: { kind: 'name', name: 'shop.example.com' }, port: 80, scheme: 'http' }],
    // kubelet's /etc/hosts in every pod maps localhost to 127.0.0.1, read before DNS (nsswitch `files dns`).
    ['localhost is loopback for a connection', typed('curl http://localhost:8080/'), { target: { kind: 'ip', ip: '127.0.0.1' }, port: 8080, scheme: 'http' }],
    ['dig localhost asks the DNS server', typed('dig localhost'), { target: { kind: 'name', name: 'localhost' }, port: 53 }],
  ] as const)('%s', (_name, spec, expected) => {
    expect(parseTarget(spec as FlowSpec)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['a reference needs the cluster', { from, to: 'shop/svc/backend', protocol: 'TCP' }, 'is an object reference; resolve it against the cluster'],
    ['ports that disagree', { from, to: 'backend:8080', port: 80, protocol: 'TCP' }, '"backend:8080" says port 8080 but the flow says port 80'],
    ['a bad port', { from, to: 'backend:http', protocol: 'TCP' }, '"http" is not a port in "backend:http"'],
    ['ICMP with a port', { from, to: 'web:80', protocol: 'ICMP' }, 'ICMP (ping) has no ports; write just the host, e.g. ping web'],
    ['a bad address', { from, to: '10.0.0.300', protocol: 'ICMP' }, 'is not an IPv4 address'],
  ] as const)('rejects %s', (_name, spec, error) => {
    const r = parseTarget(spec as FlowSpec);
    expect(r.ok ? `accepted as ${JSON.stringify(r.value)}` : r.error).toContain(error);
  });

  it.each([
    ['svc/web', true], ['shop/svc/web', true], ['deploy/web', true], ['external', true], ['external:203.0.113.9', true],
    ['web', false], ['web:80', false], ['http://web/a/b', false], ['10.0.0.1', false], ['external-api.shop', false],
  ])('isTargetRef(%s) = %s', (to, ref) => {
    expect(isTargetRef(to)).toBe(ref);
  });
});

describe('resolveTarget against the example scenario', () => {
  const cluster = build(parse({ name: 'example.yaml', text: readFileSync(scenarioUrl('example'), 'utf8') }));
  const spec = (to: string, more: Partial<FlowSpec> = {}): FlowSpec => ({ from, to, protocol: 'TCP', ...more });
  const firstPod = (prefix: string) => cluster.pods.filter((p) => p.namespace === 'shop' && p.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : 1))[0]!;

  it.each([
    // DATAPATH.md §6.4: a Service is `<svc>.<ns>.svc.<domain>`; its only port is the obvious one.
    ['a Service is its FQDN and its only port', spec('shop/svc/backend'), { target: { kind: 'name', name: 'backend.shop.svc.cluster.local' }, port: 8080 }],
    ['a headless Service is a name too (DNS returns the pod IPs)', spec('shop/svc/db'), { target: { kind: 'name', name: 'db.shop.svc.cluster.local' }, port: 5432 }],
    ['the port of the flow wins', spec('shop/svc/backend', { port: 9090 }), { target: { kind: 'name', name: 'backend.shop.svc.cluster.local' }, port: 9090 }],
    ['the one UDP port of kube-dns', spec('kube-system/svc/kube-dns', { protocol: 'UDP' }), { target: { kind: 'name', name: 'kube-dns.kube-system.svc.cluster.local' }, port: 53 }],
    ['a pod is its IP', spec('shop/db-0', { port: 5432 }), { target: { kind: 'ip', ip: '10.244.2.4' }, port: 5432 }],
    ['a node is its InternalIP', spec('node/node-2', { port: 30080 }), { target: { kind: 'ip', ip: '172.16.0.12' }, port: 30080 }],
    ['external:IP is that address', spec('external:198.51.100.10', { port: 443 }), { target: { kind: 'ip', ip: '198.51.100.10' }, port: 443 }],
    ['a host is parsed as without the cluster', spec('backend:8080'), { target: { kind: 'name', name: 'backend' }, port: 8080 }],
  ])('%s', (_name, s, expected) => {
    expect(resolveTarget(cluster, s)).toEqual({ ok: true, value: expected });
  });

  it('a workload is its first pod by name', () => {
    expect(resolveTarget(cluster, spec('shop/deploy/backend', { port: 8080 }))).toEqual({ ok: true, value: { target: { kind: 'ip', ip: firstPod('backend-').ip }, port: 8080 } });
  });

  it('a reference without a namespace takes the one given', () => {
    expect(resolveTarget(cluster, spec('svc/backend'), 'shop')).toEqual({ ok: true, value: { target: { kind: 'name', name: 'backend.shop.svc.cluster.local' }, port: 8080 } });
  });

  // kubelet's /etc/hosts: the pod's own hostname (and FQDN with a subdomain) resolve without DNS.
  describe('the sending pod\'s /etc/hosts', () => {
    const db = cluster.index.podById.get('shop/db-0')!;
    it.each([
      ['its own hostname', spec('db-0:5432'), { target: { kind: 'ip', ip: db.ip }, port: 5432 }],
      ['its FQDN under the StatefulSet subdomain', spec('db-0.db.shop.svc.cluster.local:5432'), { target: { kind: 'ip', ip: db.ip }, port: 5432 }],
      ['another name still needs DNS', spec('backend:8080'), { target: { kind: 'name', name: 'backend' }, port: 8080 }],
      ['nslookup asks DNS even for its own hostname', { ...spec('db-0'), port: 53, protocol: 'UDP', lookupOnly: true }, { target: { kind: 'name', name: 'db-0' }, port: 53 }],
    ] as const)('%s', (_name, s, expected) => {
      expect(resolveTarget(cluster, s as FlowSpec, 'shop', db)).toEqual({ ok: true, value: expected });
    });

    it('lists localhost, the FQDN and the hostname', () => {
      expect([...podHostsFile(cluster, db)]).toEqual([['localhost', '127.0.0.1'], ['db-0.db.shop.svc.cluster.local', db.ip], ['db-0', db.ip]]);
    });
  });

  it.each([
    ['a Service with several ports of the protocol', spec('ingress-nginx/svc/ingress-nginx-controller'), 'say which port of Service ingress-nginx/ingress-nginx-controller to use (its ports: 80/TCP, 443/TCP), e.g. port: 80'],
    ['a Service without a port of the protocol', spec('shop/svc/backend', { protocol: 'UDP' }), 'Service shop/backend has no UDP port (its ports: 8080/TCP)'],
    ['a reference that does not resolve', spec('svc/backend'), 'no Service named backend in namespace default; did you mean shop/svc/backend?'],
  ])('rejects %s', (_name, s, error) => {
    expect(resolveTarget(cluster, s)).toEqual({ ok: false, error });
  });
});

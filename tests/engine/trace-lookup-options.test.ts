// What the lookup tools and curl ask for beyond the resolv.conf default (FlowSpec.dns, .resolve),
// and names that need no DNS at all. Facts: nslookup(1) "nslookup [-option] [name | -] [server]";
// dig(1) "@server … the name or IP address of the name server to query" and "+[no]search … The
// search list is not used by default"; curl(1) --resolve "Provide a custom address for a specific
// host and port pair"; nsswitch.conf(5) `hosts: files dns` (kubelet's /etc/hosts is read first).
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/engine/flow.ts';
import type { HttpLayer, IPv4Layer, Trace } from '../../src/engine/types.ts';
import { dump, plan, run, state } from './trace-fixtures.ts';

const lab = state(plan());

function traced(command: string, from = 'app/client'): Trace {
  const p = parseCommand(command);
  if (!p.ok) throw new Error(p.error);
  return run(lab, { from, ...p.value.spec });
}

const names = (t: Trace) => t.phases.map((p) => p.name);
/** The destination of the first packet a phase sends. */
const firstDst = (t: Trace, phase: number) => t.phases[phase]!.hops[0]!.packet.layers.find((l): l is IPv4Layer => l.type === 'ipv4')!.dst;

describe('lookup options', () => {
  it.each([
    // [command, query phases, verdict, the server the first query goes to]
    ['nslookup web 10.96.0.10', ['DNS query 1: web.app.svc.cluster.local A (UDP)'], 'delivered', '10.96.0.10'],
    ['nslookup web', ['DNS query 1: web.app.svc.cluster.local A (UDP)'], 'delivered', '10.96.0.10'],
    ['dig @198.51.100.53 example.com', ['DNS query 1: example.com A (UDP)'], 'delivered', '198.51.100.53'],
    ['dig web', ['DNS query 1: web A (UDP)'], 'nxdomain', '10.96.0.10'],
    ['dig +search web', ['DNS query 1: web.app.svc.cluster.local A (UDP)'], 'delivered', '10.96.0.10'],
    ['host web', ['DNS query 1: web.app.svc.cluster.local A (UDP)'], 'delivered', '10.96.0.10'],
    ['nslookup -type=SRV _http._tcp.web', ['DNS query 1: _http._tcp.web.app.svc.cluster.local SRV (UDP)'], 'delivered', '10.96.0.10'],
    ['dig +tcp web.app.svc.cluster.local', ['DNS query 1: web.app.svc.cluster.local A (TCP)'], 'delivered', '10.96.0.10'],
  ])('%s', (command, phases, verdict, server) => {
    const t = traced(command);
    const queries = names(t).filter((n) => n.startsWith('DNS query'));
    expect(queries, dump(t)).toEqual(phases);
    expect(t.verdict, dump(t)).toBe(verdict);
    expect(firstDst(t, names(t).findIndex((n) => n.startsWith('DNS query')))).toBe(server);
  });

  it('a server given by name is resolved first with the system resolver, then asked (nslookup NAME SERVER)', () => {
    const t = traced('nslookup web kube-dns.kube-system');
    expect(names(t), dump(t)).toEqual([
      'server kube-dns.kube-system: DNS query 1: kube-dns.kube-system.app.svc.cluster.local A (UDP)',
      'server kube-dns.kube-system: DNS query 2: kube-dns.kube-system.svc.cluster.local A (UDP)',
      'DNS query 1: web.app.svc.cluster.local A (UDP)',
    ]);
    expect(firstDst(t, 2)).toBe('10.96.0.10');
    expect(t.verdict).toBe('delivered');
  });

  it('a server name that does not resolve ends the lookup before any query for the name', () => {
    const t = traced('dig @nosuch-dns web');
    expect(t.verdict, dump(t)).toBe('nxdomain');
    expect(t.reason).toMatch(/DNS server name nosuch-dns does not resolve/);
    expect(names(t).every((n) => n.startsWith('server nosuch-dns: '))).toBe(true);
  });
});

describe('names that need no DNS', () => {
  it('curl --resolve pins HOST:PORT: no query, the packet goes to ADDR, the Host header stays', () => {
    const t = traced('curl --resolve web:80:10.244.2.7 http://web/');
    expect(names(t)[0], dump(t)).toBe('curl --resolve: web:80');
    expect(names(t).some((n) => n.startsWith('DNS query'))).toBe(false);
    expect(firstDst(t, 1)).toBe('10.244.2.7');
    const http = t.phases[1]!.hops[0]!.packet.layers.find((l): l is HttpLayer => l.type === 'http');
    expect(http?.host).toBe('web');
  });

  it('from outside, curl --resolve sends to a NodePort with no DNS at all (the hop is drawn at the client)', () => {
    const t = traced('curl --resolve shop.test:30080:172.16.0.11 http://shop.test:30080/', 'external');
    expect(names(t)[0], dump(t)).toBe('curl --resolve: shop.test:30080');
    expect(t.phases[0]!.hops[0]!.at).toBe('external:203.0.113.7');
    expect(firstDst(t, 1)).toBe('172.16.0.11');
    expect(t.verdict).toBe('delivered');
  });

  it('curl --resolve for another port does not apply: DNS is asked as usual', () => {
    const t = traced('curl --resolve web:8080:10.244.2.7 http://web/');
    expect(names(t)[0], dump(t)).toBe('DNS query 1: web.app.svc.cluster.local A (UDP)');
    expect(t.verdict).toBe('delivered');
  });

  it.each([
    // [from, command, address]: the pod's own hostname is in its /etc/hosts; another pod's is not.
    ['app/client', 'curl http://client:8080/', '10.244.1.5'],
    ['app/web-a', 'curl http://web-a:8080/', '10.244.1.9'],
  ])('%s: %s is answered by /etc/hosts (files before dns)', (from, command, address) => {
    const t = traced(command, from);
    expect(names(t)[0], dump(t)).toBe(`/etc/hosts: ${command.slice(12, command.lastIndexOf(':'))}`);
    expect(names(t).some((n) => n.startsWith('DNS query'))).toBe(false);
    expect(firstDst(t, 1)).toBe(address);
  });

  // Kubernetes docs, "Adding entries to Pod /etc/hosts with HostAliases": kubelet appends them.
  const aliased = state(plan(`---
apiVersion: v1
kind: Pod
metadata: {name: legacy, namespace: app}
spec:
  nodeName: node-1
  hostAliases: [{ip: 10.244.2.7, hostnames: [db.legacy, web-b]}, {ip: 203.0.113.10, hostnames: [legacy]}]
  containers: [{name: main, image: example}]
`));
  it.each([
    ['curl http://db.legacy:8080/', 'db.legacy', '10.244.2.7'],
    ['curl http://web-b:8080/', 'web-b', '10.244.2.7'],
    // The pod's own hostname line comes before the aliases: it wins over an alias of the same name.
    ['curl http://legacy:8080/', 'legacy', 'own'],
  ])('hostAliases: %s goes to %s without DNS', (command, host, address) => {
    const p = parseCommand(command);
    if (!p.ok) throw new Error(p.error);
    const t = run(aliased, { from: 'app/legacy', ...p.value.spec });
    expect(names(t)[0], dump(t)).toBe(`/etc/hosts: ${host}`);
    expect(firstDst(t, 1)).toBe(address === 'own' ? aliased.index.podById.get('app/legacy')!.ip : address);
  });

  it.each([
    // getent goes through nsswitch (files, then dns); host(1) and nslookup(1) ask DNS directly.
    ['getent hosts client', ['/etc/hosts: client'], 'delivered'],
    ['getent hosts web', ['DNS query 1: web.app.svc.cluster.local A (UDP)'], 'delivered'],
    ['host client', ['DNS query 1: client.app.svc.cluster.local A (UDP)'], 'nxdomain'],
  ])('%s asks %j', (command, phases, verdict) => {
    const t = traced(command);
    expect(names(t).slice(0, 1), dump(t)).toEqual(phases);
    expect(t.verdict).toBe(verdict);
  });

  it('another pod\'s hostname is not in the sender\'s /etc/hosts, so DNS is asked', () => {
    const t = traced('curl http://web-a:8080/', 'app/client');
    expect(names(t)[0], dump(t)).toBe('DNS query 1: web-a.app.svc.cluster.local A (UDP)');
  });
});

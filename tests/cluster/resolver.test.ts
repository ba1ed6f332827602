import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  ClusterSettings, DnsZone, EndpointSliceState, EndpointState, OutsideWorld, ResolvConf, ServiceState,
} from '../../src/model/cluster.ts';
import type { ServicePort } from '../../src/model/objects.ts';
import { dnsZone } from '../../src/cluster/dns.ts';
import type { DnsAnswer, DnsQueryType } from '../../src/cluster/resolver.ts';
import { ndotsOf, queryCluster, queryUpstream, searchCandidates } from '../../src/cluster/resolver.ts';

// Address plan: DATAPATH.md §0.1 and §6.3 (client pod in namespace app, Service web 10.96.100.10,
// a Service db in namespace data, node search domain ec2.internal).

function endpoint(ip: string, over: Partial<EndpointState> = {}): EndpointState {
  return { ip, ready: true, serving: true, terminating: false, ...over };
}

function slice(endpoints: EndpointState[], ports: EndpointSliceState['ports']): EndpointSliceState {
  return { name: 'slice', addressType: 'IPv4', ports, endpoints };
}

function service(namespace: string, name: string, over: Partial<ServiceState> = {}): ServiceState {
  return {
    namespace, name, id: `${namespace}/${name}`, type: 'ClusterIP', headless: false, ports: [], selector: { app: name },
    externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [], externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800,
    publishNotReadyAddresses: false, endpointSlices: [], labels: {}, system: false, ...over,
  };
}

function port(p: number, over: Partial<ServicePort> = {}): ServicePort {
  return { protocol: 'TCP', port: p, targetPort: p, ...over };
}

const services: ServiceState[] = [
  service('app', 'web', {
    clusterIP: '10.96.100.10', ports: [port(80, { name: 'http', targetPort: 8080 })],
    endpointSlices: [slice([endpoint('10.244.1.9'), endpoint('10.244.2.7')], [{ name: 'http', port: 8080, protocol: 'TCP' }])],
  }),
  service('data', 'db', { clusterIP: '10.96.200.20', ports: [port(5432)] }),
  service('kube-system', 'kube-dns', {
    clusterIP: '10.96.0.10', ports: [port(53, { name: 'dns', protocol: 'UDP' }), port(53, { name: 'dns-tcp' })],
  }),
  service('app', 'peers', {
    headless: true, ports: [port(7000, { name: 'gossip' })],
    endpointSlices: [slice([endpoint('10.244.1.20', { hostname: 'peer-0' }), endpoint('10.244.2.21', { ready: false })],
      [{ name: 'gossip', port: 7000, protocol: 'TCP' }])],
  }),
  service('app', 'cache', {
    headless: true, ports: [port(6379)],
    endpointSlices: [slice([endpoint('10.244.1.30', { ready: false })], [{ name: '', port: 6379, protocol: 'TCP' }])],
  }),
  service('app', 'search', { type: 'ExternalName', externalName: 'www.example.com', selector: undefined }),
  service('app', 'alias', { type: 'ExternalName', externalName: 'web.app.svc.cluster.local', selector: undefined }),
  service('app', 'gone', { type: 'ExternalName', externalName: 'missing.app.svc.cluster.local', selector: undefined }),
];

const zone: DnsZone = dnsZone({ clusterDomain: 'cluster.local' } as ClusterSettings, services, []);

const outside: OutsideWorld = {
  defaultClient: '203.0.113.7',
  upstreamDNS: '198.51.100.53',
  hosts: { 'example.com': '198.51.100.10', 'WWW.Example.com.': '198.51.100.10' },
};

// The pod's resolv.conf from DATAPATH §6.2 (namespace app, node search ec2.internal).
const podRc: ResolvConf = {
  nameservers: ['10.96.0.10'],
  search: ['app.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal'],
  options: [{ name: 'ndots', value: '5' }],
};

/** The stub resolver's walk (DATAPATH §6.3): CoreDNS first, upstream for names it does not own. */
function resolve(name: string, flavour: 'glibc' | 'musl' = 'glibc') {
  const queries: string[] = [];
  for (const candidate of searchCandidates(podRc, name, flavour)) {
    queries.push(candidate);
    const cluster = queryCluster(zone, candidate, 'A');
    const answer = cluster.authoritative ? cluster : queryUpstream(outside, candidate, 'A');
    if (answer.answers.length > 0) return { queries, answer };
  }
  return { queries, answer: undefined };
}

describe('searchCandidates (DATAPATH §6.3, resolv.conf(5))', () => {
  const sfx = (name: string) => podRc.search.map((d) => `${name}.${d}`);
  it.each([
    { name: 'web', glibc: [...sfx('web'), 'web'], musl: [...sfx('web'), 'web'] },
    { name: 'db.data', glibc: [...sfx('db.data'), 'db.data'], musl: [...sfx('db.data'), 'db.data'] },
    { name: 'db.data.svc', glibc: [...sfx('db.data.svc'), 'db.data.svc'], musl: [...sfx('db.data.svc'), 'db.data.svc'] },
    // 4 dots < ndots 5: searched first even though it is the full name.
    { name: 'db.data.svc.cluster.local', glibc: [...sfx('db.data.svc.cluster.local'), 'db.data.svc.cluster.local'], musl: [...sfx('db.data.svc.cluster.local'), 'db.data.svc.cluster.local'] },
    { name: 'db.data.svc.cluster.local.', glibc: ['db.data.svc.cluster.local'], musl: ['db.data.svc.cluster.local'] },
    { name: 'www.example.com', glibc: [...sfx('www.example.com'), 'www.example.com'], musl: [...sfx('www.example.com'), 'www.example.com'] },
    // 5 dots ≥ ndots 5: glibc tries the absolute name first, then searches; musl never searches it.
    { name: 'a.b.c.d.example.com', glibc: ['a.b.c.d.example.com', ...sfx('a.b.c.d.example.com')], musl: ['a.b.c.d.example.com'] },
  ])('$name', ({ name, glibc, musl }) => {
    expect(searchCandidates(podRc, name)).toEqual(glibc);
    expect(searchCandidates(podRc, name, 'musl')).toEqual(musl);
  });

  it.each([
    { name: 'ndots:1 (a node resolv.conf) puts db.data first with glibc', options: [], flavour: 'glibc' as const, expected: ['db.data', 'db.data.corp.example'] },
    { name: 'ndots:1 and musl: db.data is never searched', options: [], flavour: 'musl' as const, expected: ['db.data'] },
    { name: 'ndots:2 searches db.data first', options: [{ name: 'ndots', value: '2' }], flavour: 'glibc' as const, expected: ['db.data.corp.example', 'db.data'] },
    { name: 'no search domains: only the name', options: [{ name: 'ndots', value: '5' }], flavour: 'glibc' as const, search: [], expected: ['db.data'] },
  ])('$name', ({ options, flavour, expected, search }) => {
    const rc: ResolvConf = { nameservers: ['198.51.100.53'], search: search ?? ['corp.example'], options };
    expect(searchCandidates(rc, 'db.data', flavour)).toEqual(expected);
  });

  it.each([
    { options: [], ndots: 1 },
    { options: [{ name: 'ndots', value: '5' }], ndots: 5 },
    { options: [{ name: 'ndots', value: '20' }], ndots: 15 },
    { options: [{ name: 'ndots', value: 'x' }, { name: 'edns0' }], ndots: 1 },
  ])('ndots of $options is $ndots (default 1, capped at 15)', ({ options, ndots }) => {
    expect(ndotsOf({ nameservers: [], search: [], options })).toBe(ndots);
  });
  it('tries every search domain once and the absolute name once (glibc), the absolute name alone when musl skips the search', () => {
    const label = fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', '1', '-') });
    const name = fc.array(label, { minLength: 1, maxLength: 8 }).map((labels) => labels.join('.'));
    fc.assert(fc.property(name, fc.integer({ min: 0, max: 15 }), (n, ndots) => {
      const rc: ResolvConf = { ...podRc, options: [{ name: 'ndots', value: String(ndots) }] };
      const glibc = searchCandidates(rc, n);
      const dots = n.split('.').length - 1;
      expect([...glibc].sort()).toEqual([n, ...podRc.search.map((d) => `${n}.${d}`)].sort());
      expect(glibc[dots >= ndots ? 0 : glibc.length - 1]).toBe(n);
      expect(searchCandidates(rc, n, 'musl')).toEqual(dots >= ndots ? [n] : glibc);
      expect(searchCandidates(rc, `${n}.`)).toEqual([n]);
    }));
  });
});

describe('the DATAPATH §6.3 lookup table, end to end', () => {
  it.each([
    { name: 'web', hitAt: 1, address: '10.96.100.10' },
    { name: 'db.data', hitAt: 2, address: '10.96.200.20' },
    { name: 'db.data.svc', hitAt: 3, address: '10.96.200.20' },
    { name: 'db.data.svc.cluster.local', hitAt: 5, address: '10.96.200.20' },
    { name: 'db.data.svc.cluster.local.', hitAt: 1, address: '10.96.200.20' },
    { name: 'www.example.com', hitAt: 5, address: '198.51.100.10' },
  ])('$name answers on query $hitAt', ({ name, hitAt, address }) => {
    for (const flavour of ['glibc', 'musl'] as const) {
      const { queries, answer } = resolve(name, flavour);
      expect(queries).toHaveLength(hitAt);
      expect(answer?.answers).toEqual([{ type: 'A', name: queries[hitAt - 1], address }]);
    }
  });

  it('forwards www.example.com upstream only for the absolute name; the searched ones are NXDOMAIN', () => {
    const { queries } = resolve('www.example.com');
    expect(queries.slice(0, 3).map((q) => queryCluster(zone, q, 'A'))).toEqual(Array(3).fill({ rcode: 'NXDOMAIN', answers: [], authoritative: true }));
    expect(queryCluster(zone, 'www.example.com.ec2.internal', 'A').authoritative).toBe(false);
    expect(queryUpstream(outside, 'www.example.com.ec2.internal', 'A').rcode).toBe('NXDOMAIN');
  });
});

const NX: DnsAnswer = { rcode: 'NXDOMAIN', answers: [], authoritative: true };
const NODATA: DnsAnswer = { rcode: 'NOERROR', answers: [], authoritative: true };
const ELSEWHERE: DnsAnswer = { rcode: 'NXDOMAIN', answers: [], authoritative: false };
const ok = (...answers: DnsAnswer['answers']): DnsAnswer => ({ rcode: 'NOERROR', answers, authoritative: true });
const web = 'web.app.svc.cluster.local';

describe('queryCluster', () => {
  it.each<{ name: string; q: string; type: DnsQueryType; expected: DnsAnswer }>([
    { name: 'Service A (§5.1)', q: web, type: 'A', expected: ok({ type: 'A', name: web, address: '10.96.100.10' }) },
    { name: 'case and the root dot do not matter (spec §2.1)', q: 'WEB.App.svc.Cluster.Local.', type: 'A', expected: ok({ type: 'A', name: web, address: '10.96.100.10' }) },
    { name: 'named port SRV', q: `_http._tcp.${web}`, type: 'SRV', expected: ok({ type: 'SRV', name: `_http._tcp.${web}`, port: 80, target: web, priority: 0, weight: 100 }) },
    { name: 'unknown port name is NXDOMAIN', q: `_https._tcp.${web}`, type: 'SRV', expected: NX },
    { name: 'A on an SRV name gives the ClusterIP (CoreDNS findServices)', q: `_http._tcp.${web}`, type: 'A', expected: ok({ type: 'A', name: `_http._tcp.${web}`, address: '10.96.100.10' }) },
    { name: 'PTR for the ClusterIP (spec §2.3.3)', q: '10.100.96.10.in-addr.arpa', type: 'PTR', expected: ok({ type: 'PTR', name: '10.100.96.10.in-addr.arpa', target: web }) },
    { name: 'PTR for a Service endpoint', q: '9.1.244.10.in-addr.arpa', type: 'PTR', expected: ok({ type: 'PTR', name: '9.1.244.10.in-addr.arpa', target: `10-244-1-9.${web}` }) },
    { name: 'PTR for a pod behind no Service falls through to upstream (`fallthrough in-addr.arpa`)', q: '5.1.244.10.in-addr.arpa', type: 'PTR', expected: ELSEWHERE },
    { name: 'A on a reverse name falls through', q: '10.100.96.10.in-addr.arpa', type: 'A', expected: ELSEWHERE },
    { name: 'existing name, other type: NODATA (PTR on a Service name)', q: web, type: 'PTR', expected: NODATA },
    { name: 'existing name, other type: NODATA (CNAME on a ClusterIP Service)', q: web, type: 'CNAME', expected: NODATA },
    { name: 'TXT on any cluster name is NODATA (CoreDNS only knows dns-version)', q: 'nothing.app.svc.cluster.local', type: 'TXT', expected: NODATA },
    { name: 'TXT dns-version (spec §2.2)', q: 'dns-version.cluster.local', type: 'TXT', expected: ok({ type: 'TXT', name: 'dns-version.cluster.local', text: '1.1.0' }) },
    { name: 'A dns-version is NXDOMAIN (neither svc nor pod)', q: 'dns-version.cluster.local', type: 'A', expected: NX },
    { name: 'headless: one A per ready endpoint (§5.2)', q: 'peers.app.svc.cluster.local', type: 'A', expected: ok(
      { type: 'A', name: 'peers.app.svc.cluster.local', address: '10.244.1.20' },
    ) },
    { name: 'headless: endpoint hostname', q: 'peer-0.peers.app.svc.cluster.local', type: 'A', expected: ok({ type: 'A', name: 'peer-0.peers.app.svc.cluster.local', address: '10.244.1.20' }) },
    { name: 'headless: not-ready endpoint has no name', q: '10-244-2-21.peers.app.svc.cluster.local', type: 'A', expected: NX },
    { name: 'headless: SRV targets the endpoint name (spec §2.4.2)', q: '_gossip._tcp.peers.app.svc.cluster.local', type: 'SRV', expected: ok(
      { type: 'SRV', name: '_gossip._tcp.peers.app.svc.cluster.local', port: 7000, target: 'peer-0.peers.app.svc.cluster.local', priority: 0, weight: 100 },
    ) },
    { name: 'headless with no ready endpoint: NXDOMAIN (§5.2, spec §2.4.1)', q: 'cache.app.svc.cluster.local', type: 'A', expected: NX },
    { name: 'ExternalName: the CNAME, target resolved upstream by the engine (§5.5)', q: 'search.app.svc.cluster.local', type: 'A', expected: ok({ type: 'CNAME', name: 'search.app.svc.cluster.local', target: 'www.example.com' }) },
    { name: 'ExternalName: CNAME question', q: 'search.app.svc.cluster.local', type: 'CNAME', expected: ok({ type: 'CNAME', name: 'search.app.svc.cluster.local', target: 'www.example.com' }) },
    { name: 'ExternalName: no SRV', q: 'search.app.svc.cluster.local', type: 'SRV', expected: NODATA },
    { name: 'ExternalName into the cluster domain: CoreDNS follows the CNAME', q: 'alias.app.svc.cluster.local', type: 'A', expected: ok(
      { type: 'CNAME', name: 'alias.app.svc.cluster.local', target: web }, { type: 'A', name: web, address: '10.96.100.10' },
    ) },
    { name: 'ExternalName to a missing cluster name: NODATA', q: 'gone.app.svc.cluster.local', type: 'A', expected: NODATA },
    { name: 'pods insecure: any dashed IP in an existing namespace (§6.4)', q: '10-244-1-5.app.pod.cluster.local', type: 'A', expected: ok({ type: 'A', name: '10-244-1-5.app.pod.cluster.local', address: '10.244.1.5' }) },
    { name: 'pods insecure: unknown namespace', q: '10-244-1-5.nosuch.pod.cluster.local', type: 'A', expected: NX },
    { name: 'pods insecure: not an address', q: '10-244-1-500.app.pod.cluster.local', type: 'A', expected: NX },
    { name: 'pods insecure: pod name, not a dashed IP', q: 'client.app.pod.cluster.local', type: 'A', expected: NX },
    { name: 'namespace name: NODATA', q: 'app.svc.cluster.local', type: 'A', expected: NODATA },
    { name: 'unknown namespace: NXDOMAIN', q: 'web.nosuch.svc.cluster.local', type: 'A', expected: NX },
    { name: 'the zone apex: NODATA', q: 'cluster.local', type: 'A', expected: NODATA },
    { name: 'svc alone: NODATA', q: 'svc.cluster.local', type: 'A', expected: NODATA },
    { name: 'neither svc nor pod: NXDOMAIN', q: 'db.data.cluster.local', type: 'A', expected: NX },
    { name: 'too many labels: NXDOMAIN', q: 'a.b.c.web.app.svc.cluster.local', type: 'A', expected: NX },
    // findPods ignores endpoint and port/protocol labels, but more than two is an invalid request.
    { name: 'pod name with two extra labels is still answered', q: 'a.b.10-244-1-5.app.pod.cluster.local', type: 'A', expected: ok({ type: 'A', name: 'a.b.10-244-1-5.app.pod.cluster.local', address: '10.244.1.5' }) },
    { name: 'pod name with three extra labels: NXDOMAIN', q: 'a.b.c.10-244-1-5.app.pod.cluster.local', type: 'A', expected: NX },
    { name: 'pod name, other type: NODATA', q: '10-244-1-5.app.pod.cluster.local', type: 'CNAME', expected: NODATA },
    { name: 'outside the cluster domain: not authoritative', q: 'www.example.com', type: 'A', expected: ELSEWHERE },
  ])('$name', ({ q, type, expected }) => {
    expect(queryCluster(zone, q, type)).toEqual(expected);
  });

  it.each([
    { mode: 'verified' as const, q: '10-244-1-9.app.pod.cluster.local', expected: ok({ type: 'A', name: '10-244-1-9.app.pod.cluster.local', address: '10.244.1.9' }) },
    { mode: 'verified' as const, q: '10-244-1-9.data.pod.cluster.local', expected: NX },
    { mode: 'verified' as const, q: '10-244-1-5.app.pod.cluster.local', expected: NX },
    { mode: 'disabled' as const, q: '10-244-1-9.app.pod.cluster.local', expected: NX },
    { mode: 'disabled' as const, q: 'app.pod.cluster.local', expected: NX },
  ])('pods $mode: $q', ({ mode, q, expected }) => {
    expect(queryCluster({ ...zone, podsMode: mode }, q, 'A')).toEqual(expected);
  });

  it('treats every namespace as existing when the zone lists none', () => {
    const open: DnsZone = { ...zone, namespaces: undefined };
    expect(queryCluster(open, '10-244-1-5.nosuch.pod.cluster.local', 'A').rcode).toBe('NOERROR');
    expect(queryCluster(open, 'nosuch.svc.cluster.local', 'A')).toEqual(NODATA);
  });
});

describe('queryUpstream', () => {
  it.each<{ q: string; type: DnsQueryType; expected: DnsAnswer }>([
    { q: 'www.example.com', type: 'A', expected: { rcode: 'NOERROR', answers: [{ type: 'A', name: 'www.example.com', address: '198.51.100.10' }], authoritative: false } },
    { q: 'EXAMPLE.com.', type: 'A', expected: { rcode: 'NOERROR', answers: [{ type: 'A', name: 'example.com', address: '198.51.100.10' }], authoritative: false } },
    { q: 'example.com', type: 'SRV', expected: { rcode: 'NOERROR', answers: [], authoritative: false } },
    { q: 'nope.example.org', type: 'A', expected: ELSEWHERE },
    { q: 'web.app.svc.cluster.local', type: 'A', expected: ELSEWHERE },
    { q: '10.113.51.198.in-addr.arpa', type: 'PTR', expected: { rcode: 'NXDOMAIN', answers: [], authoritative: false } },
    { q: '10.100.51.198.in-addr.arpa', type: 'PTR', expected: { rcode: 'NOERROR', answers: [
      { type: 'PTR', name: '10.100.51.198.in-addr.arpa', target: 'example.com' },
      { type: 'PTR', name: '10.100.51.198.in-addr.arpa', target: 'www.example.com' },
    ], authoritative: false } },
  ])('$type $q', ({ q, type, expected }) => {
    expect(queryUpstream(outside, q, type)).toEqual(expected);
  });
});

describe('queryUpstream: wildcard hosts (RFC 4592)', () => {
  const world = { ...outside, hosts: { 'shop.foo.com': '172.16.0.201', '*.foo.com': '172.16.0.200', 'x.bar.foo.com': '172.16.0.202' } };
  it.each([
    // §2.1.1: the wildcard answers any name below foo.com that does not exist itself…
    { q: 'bar.foo.com', rcode: 'NOERROR', address: '172.16.0.200' },
    { q: 'a.b.foo.com', rcode: 'NOERROR', address: '172.16.0.200' },
    // …an existing name answers for itself…
    { q: 'shop.foo.com', rcode: 'NOERROR', address: '172.16.0.201' },
    // …and §3.3.1: bar.foo.com exists (as the parent of x.bar.foo.com), so it is the closest
    // encloser of a.bar.foo.com and no *.bar.foo.com exists: NXDOMAIN. foo.com itself is not matched.
    { q: 'a.bar.foo.com', rcode: 'NXDOMAIN' },
    { q: 'foo.com', rcode: 'NXDOMAIN' },
    { q: 'foo.org', rcode: 'NXDOMAIN' },
  ])('$q → $rcode $address', ({ q, rcode, address }) => {
    const answer = queryUpstream(world, q, 'A');
    expect(answer.rcode).toBe(rcode);
    expect(answer.answers).toEqual(address ? [{ type: 'A', name: q, address }] : []);
  });

  it('a reverse lookup never names the wildcard', () => {
    expect(queryUpstream(world, '200.0.16.172.in-addr.arpa', 'PTR').rcode).toBe('NXDOMAIN');
    expect(queryUpstream(world, '201.0.16.172.in-addr.arpa', 'PTR').answers).toEqual([{ type: 'PTR', name: '201.0.16.172.in-addr.arpa', target: 'shop.foo.com' }]);
  });
});

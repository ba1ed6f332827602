import { describe, expect, it } from 'vitest';
import type {
  ClusterSettings, DnsRecord, DnsZone, EndpointSliceState, EndpointState, PodState, ServiceState,
} from '../../src/model/cluster.ts';
import type { ServicePort } from '../../src/model/objects.ts';
import { dnsZone, reverseName, addressFromReverseName, dashedIP } from '../../src/cluster/dns.ts';

// Address plan: DATAPATH.md §0.1 (Service web 10.96.100.10, web-a 10.244.1.9, web-b 10.244.2.7,
// kube-dns 10.96.0.10), plus headless Services in namespace app on the same pod ranges.

const settings = {
  clusterDomain: 'cluster.local',
  dnsServiceIP: '10.96.0.10',
} as ClusterSettings;

function endpoint(ip: string, over: Partial<EndpointState> = {}): EndpointState {
  return { ip, ready: true, serving: true, terminating: false, ...over };
}

function slice(name: string, endpoints: EndpointState[], ports: EndpointSliceState['ports']): EndpointSliceState {
  return { name, addressType: 'IPv4', ports, endpoints };
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

function pod(namespace: string, name: string, ip: string, over: Partial<PodState> = {}): PodState {
  return {
    namespace, name, id: `${namespace}/${name}`, labels: {}, annotations: {}, nodeName: 'node-1', phase: 'Running', ip,
    hostNetwork: false, ready: true, containers: [], hostname: name, routes: [],
    resolvConf: { nameservers: [], search: [], options: [] }, system: false, ...over,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function zoneOf(services: ServiceState[], pods: PodState[] = []): DnsZone {
  return dnsZone(settings, deepFreeze(services), deepFreeze(pods));
}

function at(zone: DnsZone, name: string, type?: DnsRecord['type']): DnsRecord[] {
  return zone.records.filter((r) => r.name === name && (type === undefined || r.type === type));
}

const web = service('app', 'web', {
  clusterIP: '10.96.100.10',
  ports: [port(80, { targetPort: 8080 })],
  endpointSlices: [slice('web-abc12', [endpoint('10.244.1.9', { pod: 'app/web-a' }), endpoint('10.244.2.7', { pod: 'app/web-b' })],
    [{ name: '', port: 8080, protocol: 'TCP' }])],
});

const kubeDns = service('kube-system', 'kube-dns', {
  clusterIP: '10.96.0.10',
  ports: [port(53, { name: 'dns', protocol: 'UDP' }), port(53, { name: 'dns-tcp' }), port(9153, { name: 'metrics' })],
});

const dbPorts = [{ name: 'postgres', port: 5432, protocol: 'TCP' as const }];
const dbEndpoints = [endpoint('10.244.1.20'), endpoint('10.244.2.21'), endpoint('10.244.2.22', { ready: false, serving: false })];
const db = service('app', 'db', { headless: true, ports: [port(5432, { name: 'postgres' })], endpointSlices: [slice('db-x1', dbEndpoints, dbPorts)] });

describe('dnsZone: Service with a ClusterIP (DATAPATH §6.4 row 1; spec §2.3)', () => {
  const zone = zoneOf([web]);

  it('has an A record for the Service name and a PTR for the ClusterIP', () => {
    expect(at(zone, 'web.app.svc.cluster.local', 'A')).toEqual([{ type: 'A', name: 'web.app.svc.cluster.local', address: '10.96.100.10' }]);
    expect(at(zone, '10.100.96.10.in-addr.arpa')).toEqual([{ type: 'PTR', name: '10.100.96.10.in-addr.arpa', target: 'web.app.svc.cluster.local' }]);
  });

  it('gives an unnamed port no _port._proto SRV record; the bare name lists it (CoreDNS findServices)', () => {
    expect(zone.records.filter((r) => r.name.startsWith('_'))).toEqual([]);
    expect(at(zone, 'web.app.svc.cluster.local', 'SRV')).toEqual([
      { type: 'SRV', name: 'web.app.svc.cluster.local', port: 80, target: 'web.app.svc.cluster.local', priority: 0, weight: 100 },
    ]);
  });

  it('names each ready endpoint by its dashed IP, forward and reverse (CoreDNS endpointHostname, reverse.go)', () => {
    expect(at(zone, '10-244-1-9.web.app.svc.cluster.local', 'A')).toEqual([{ type: 'A', name: '10-244-1-9.web.app.svc.cluster.local', address: '10.244.1.9' }]);
    expect(at(zone, '9.1.244.10.in-addr.arpa')).toEqual([{ type: 'PTR', name: '9.1.244.10.in-addr.arpa', target: '10-244-1-9.web.app.svc.cluster.local' }]);
    expect(at(zone, '7.2.244.10.in-addr.arpa')).toHaveLength(1);
  });
});

describe('dnsZone: named ports (DATAPATH §5.8, §6.4 row 2; spec §2.3.2)', () => {
  const zone = zoneOf([kubeDns]);
  const target = 'kube-dns.kube-system.svc.cluster.local';

  it.each([
    { name: `_dns._udp.${target}`, port: 53 },
    { name: `_dns-tcp._tcp.${target}`, port: 53 },
    { name: `_metrics._tcp.${target}`, port: 9153 },
  ])('SRV $name → $port', ({ name, port: p }) => {
    expect(at(zone, name)).toEqual([{ type: 'SRV', name, port: p, target, priority: 0, weight: 100 }]);
  });

  it('has no SRV for a protocol the port does not use', () => {
    expect(at(zone, `_dns._tcp.${target}`)).toEqual([]);
  });

  it('answers the bare name with one SRV per (target, port), weight ⌊100 / 3 entries⌋ (backend_lookup.go SRV)', () => {
    expect(at(zone, target, 'SRV').map((r) => r.type === 'SRV' && [r.port, r.weight])).toEqual([[53, 33], [9153, 33]]);
  });
});

describe('dnsZone: headless Service (DATAPATH §5.2, §5.9, §6.4 rows 3–4; spec §2.4)', () => {
  it('has one A per ready endpoint and leaves the not-ready one out', () => {
    const zone = zoneOf([db]);
    expect(at(zone, 'db.app.svc.cluster.local', 'A').map((r) => r.type === 'A' && r.address)).toEqual(['10.244.1.20', '10.244.2.21']);
    expect(zone.records.some((r) => (r.type === 'A' && r.address === '10.244.2.22') || r.name === reverseName('10.244.2.22'))).toBe(false);
  });

  it('has SRV per (ready endpoint × named port) targeting the endpoint name, and PTR per endpoint', () => {
    const zone = zoneOf([db]);
    expect(at(zone, '_postgres._tcp.db.app.svc.cluster.local')).toEqual([
      { type: 'SRV', name: '_postgres._tcp.db.app.svc.cluster.local', port: 5432, target: '10-244-1-20.db.app.svc.cluster.local', priority: 0, weight: 50 },
      { type: 'SRV', name: '_postgres._tcp.db.app.svc.cluster.local', port: 5432, target: '10-244-2-21.db.app.svc.cluster.local', priority: 0, weight: 50 },
    ]);
    expect(at(zone, '20.1.244.10.in-addr.arpa')).toEqual([{ type: 'PTR', name: '20.1.244.10.in-addr.arpa', target: '10-244-1-20.db.app.svc.cluster.local' }]);
    expect(at(zone, '10-244-2-21.db.app.svc.cluster.local', 'A')).toHaveLength(1);
  });

  it('publishes every endpoint with publishNotReadyAddresses', () => {
    const zone = zoneOf([{ ...db, publishNotReadyAddresses: true }]);
    expect(at(zone, 'db.app.svc.cluster.local', 'A')).toHaveLength(3);
    expect(at(zone, '_postgres._tcp.db.app.svc.cluster.local')).toHaveLength(3);
    expect(at(zone, '22.2.244.10.in-addr.arpa')).toHaveLength(1);
  });

  it('has no A record for the Service name when no endpoint is ready (NXDOMAIN, DATAPATH §5.2)', () => {
    const none = { ...db, endpointSlices: [slice('db-x1', dbEndpoints.map((e) => ({ ...e, ready: false })), dbPorts)] };
    expect(at(zoneOf([none]), 'db.app.svc.cluster.local')).toEqual([]);
  });

  it('honours only the slice condition for a Service without a selector (hand-made EndpointSlices)', () => {
    const manual = { ...db, selector: undefined, publishNotReadyAddresses: true };
    expect(at(zoneOf([manual]), 'db.app.svc.cluster.local', 'A')).toHaveLength(2);
  });

  it('uses the EndpointSlice port (the resolved targetPort) in SRV records', () => {
    const api = service('app', 'api', {
      headless: true, ports: [port(80, { name: 'http', targetPort: 'web' })],
      endpointSlices: [slice('api-1', [endpoint('10.244.1.40')], [{ name: 'http', port: 8080, protocol: 'TCP' }])],
    });
    expect(at(zoneOf([api]), '_http._tcp.api.app.svc.cluster.local').map((r) => r.type === 'SRV' && r.port)).toEqual([8080]);
  });

  it('serves A records but no SRV for a headless Service without ports', () => {
    const bare = service('app', 'peers', { headless: true, endpointSlices: [slice('peers-1', [endpoint('10.244.1.50')], [])] });
    const zone = zoneOf([bare]);
    expect(at(zone, 'peers.app.svc.cluster.local').map((r) => r.type)).toEqual(['A']);
  });
});

describe('dnsZone: StatefulSet hostnames and pod hostname/subdomain (DATAPATH §6.4; "DNS for Services and Pods")', () => {
  const mysql = service('app', 'mysql', {
    headless: true, ports: [port(3306, { name: 'mysql' })],
    endpointSlices: [slice('mysql-1', [
      endpoint('10.244.1.30', { hostname: 'mysql-0', pod: 'app/mysql-0' }),
      endpoint('10.244.2.31', { hostname: 'mysql-1', pod: 'app/mysql-1' }),
    ], [{ name: 'mysql', port: 3306, protocol: 'TCP' }])],
  });

  it('names StatefulSet endpoints <hostname>.<svc>.<ns>.svc, forward, SRV and reverse', () => {
    const zone = zoneOf([mysql]);
    expect(at(zone, 'mysql-0.mysql.app.svc.cluster.local')).toEqual([
      { type: 'A', name: 'mysql-0.mysql.app.svc.cluster.local', address: '10.244.1.30' },
      { type: 'SRV', name: 'mysql-0.mysql.app.svc.cluster.local', port: 3306, target: 'mysql-0.mysql.app.svc.cluster.local', priority: 0, weight: 100 },
    ]);
    expect(at(zone, '_mysql._tcp.mysql.app.svc.cluster.local').map((r) => r.type === 'SRV' && r.target))
      .toEqual(['mysql-0.mysql.app.svc.cluster.local', 'mysql-1.mysql.app.svc.cluster.local']);
    expect(at(zone, '31.2.244.10.in-addr.arpa')).toEqual([{ type: 'PTR', name: '31.2.244.10.in-addr.arpa', target: 'mysql-1.mysql.app.svc.cluster.local' }]);
    expect(zone.records.some((r) => r.name.startsWith('10-244-1-30.'))).toBe(false);
  });

  // The docs' example: Pods busybox1/busybox2 with hostname busybox-N and subdomain default-subdomain,
  // selected by the headless Service default-subdomain. The EndpointSlice controller copies
  // spec.hostname into the slice only when it is set and the subdomain names the Service
  // (endpointutil.ShouldSetHostname); CoreDNS builds the names from the slice.
  const subdomainSvc = service('app', 'default-subdomain', {
    headless: true, ports: [port(1234, { name: 'foo' })],
    endpointSlices: [slice('ds-1', [
      endpoint('10.244.1.60', { pod: 'app/busybox1', hostname: 'busybox-1' }),
      endpoint('10.244.2.61', { pod: 'app/busybox2', hostname: 'busybox-2', ready: false }),
      // subdomain set but no spec.hostname: the slice has no hostname (docs note).
      endpoint('10.244.2.62', { pod: 'app/nohost' }),
    ], [{ name: 'foo', port: 1234, protocol: 'TCP' }])],
  });
  const pods = [
    pod('app', 'busybox1', '10.244.1.60', { hostname: 'busybox-1', subdomain: 'default-subdomain' }),
    pod('app', 'busybox2', '10.244.2.61', { hostname: 'busybox-2', subdomain: 'default-subdomain', ready: false }),
    // The kernel hostname defaults to the pod name; DNS does not use it.
    pod('app', 'nohost', '10.244.2.62', { hostname: 'nohost', subdomain: 'default-subdomain' }),
  ];

  it.each([
    { name: 'busybox-1.default-subdomain.app.svc.cluster.local', present: true, why: 'ready pod with hostname and subdomain' },
    { name: 'busybox-2.default-subdomain.app.svc.cluster.local', present: false, why: 'pod not ready' },
    { name: 'nohost.default-subdomain.app.svc.cluster.local', present: false, why: 'no spec.hostname: no record from the pod name' },
    { name: '10-244-2-62.default-subdomain.app.svc.cluster.local', present: true, why: 'no hostname: the dashed IP (CoreDNS)' },
  ])('$name: $why', ({ name, present }) => {
    expect(at(zoneOf([subdomainSvc], pods), name, 'A')).toHaveLength(present ? 1 : 0);
  });

  it('still lists a pod without hostname under the Service name', () => {
    const addresses = at(zoneOf([subdomainSvc], pods), 'default-subdomain.app.svc.cluster.local', 'A').map((r) => r.type === 'A' && r.address);
    expect(addresses).toEqual(['10.244.1.60', '10.244.2.62']);
  });

  it('publishes the not-ready pod when the Service sets publishNotReadyAddresses', () => {
    const zone = zoneOf([{ ...subdomainSvc, publishNotReadyAddresses: true }], pods);
    expect(at(zone, 'busybox-2.default-subdomain.app.svc.cluster.local', 'A')).toHaveLength(1);
  });

  it('creates no record from pod names alone and stores no dashed-IP pod records', () => {
    const zone = zoneOf([], pods);
    expect(zone.records.map((r) => r.name)).toEqual(['dns-version.cluster.local']);
    expect(zone.records.some((r) => r.name.includes('.pod.'))).toBe(false);
  });
});

describe('dnsZone: ExternalName, schema version, zone settings', () => {
  it('serves only a CNAME for an ExternalName Service, lower-case without the root dot (spec §2.5)', () => {
    const search = service('app', 'search', { type: 'ExternalName', externalName: 'Search.Example.COM.', selector: undefined });
    expect(zoneOf([search]).records.filter((r) => r.name.startsWith('search.'))).toEqual([
      { type: 'CNAME', name: 'search.app.svc.cluster.local', target: 'search.example.com' },
    ]);
  });

  it('publishes TXT dns-version "1.1.0" and the kubeadm Corefile settings (DATAPATH §6.1)', () => {
    const zone = zoneOf([]);
    expect(zone).toMatchObject({ domain: 'cluster.local', podsMode: 'insecure', ttl: 30 });
    expect(at(zone, 'dns-version.cluster.local')).toEqual([{ type: 'TXT', name: 'dns-version.cluster.local', text: '1.1.0' }]);
  });

  it('knows the built-in namespaces and those of Services, pods and the namespace list', () => {
    const zone = dnsZone(settings, [web], [pod('shop', 'cart', '10.244.1.70')], ['empty']);
    expect(zone.namespaces).toEqual(['app', 'default', 'empty', 'kube-node-lease', 'kube-public', 'kube-system', 'shop']);
  });

  it('is deterministic whatever order the Services come in', () => {
    const a = zoneOf([web, kubeDns, db]);
    const b = zoneOf([db, web, kubeDns]);
    expect(b).toEqual(a);
    expect(a.records.map((r) => r.name).indexOf('web.app.svc.cluster.local'))
      .toBeGreaterThan(a.records.map((r) => r.name).indexOf('db.app.svc.cluster.local'));
  });

  it('uses the configured cluster domain', () => {
    const zone = dnsZone({ ...settings, clusterDomain: 'Corp.Internal' }, [web], []);
    expect(at(zone, 'web.app.svc.corp.internal', 'A')).toHaveLength(1);
    expect(at(zone, 'dns-version.corp.internal')).toHaveLength(1);
  });
});

describe('address helpers', () => {
  it.each([
    { ip: '10.96.0.10', reverse: '10.0.96.10.in-addr.arpa', dashed: '10-96-0-10' },
    { ip: '203.0.113.7', reverse: '7.113.0.203.in-addr.arpa', dashed: '203-0-113-7' },
  ])('$ip', ({ ip, reverse, dashed }) => {
    expect(reverseName(ip)).toBe(reverse);
    expect(addressFromReverseName(reverse)).toBe(ip);
    expect(dashedIP(ip)).toBe(dashed);
  });

  it.each(['10.0.96.in-addr.arpa', '300.0.96.10.in-addr.arpa', 'web.app.svc.cluster.local'])('%s is not an IPv4 reverse name', (name) => {
    expect(addressFromReverseName(name)).toBeUndefined();
  });
});

// The records CoreDNS's `kubernetes` plugin serves for the cluster domain (DATAPATH.md §6.1, §6.4;
// kubernetes/dns docs/specification.md; coredns plugin/kubernetes kubernetes.go findServices,
// reverse.go serviceRecordForIP; plugin/backend_lookup.go SRV weights).
import type { ClusterSettings, DnsRecord, DnsZone, PodState, ServiceState } from '../model/cluster.ts';
import { formatIPv4, parseIPv4 } from '../model/ip.ts';

/** CoreDNS answers `TXT dns-version.<zone>` with the schema version it implements. */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** kubeadm's Corefile: `kubernetes … { pods insecure; ttl 30 }` (the plugin's own default is 5). */
export const KUBEADM_DNS_TTL = 30;
/** Namespaces every cluster has from the start. */
export const BUILTIN_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** One endpoint as DNS publishes it: its address, the name it answers to, and its ports. */
interface PublishedEndpoint {
  readonly ip: string;
  /** `<hostname>.<svc>.<ns>.svc.<domain>` */
  readonly fqdn: string;
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: string }[];
}

/** What CoreDNS's SRV code receives for one query name before it computes weights. */
interface SrvEntry {
  readonly name: string;
  readonly target: string;
  /** -1 is CoreDNS's sentinel for "no declared ports": counted for weights, never answered. */
  readonly port: number;
}

/**
 * The zone CoreDNS serves. Records come from Services and their EndpointSlices only: pods get no
 * records from their names, and the dashed-IP pod names (`pods insecure`) are answered by the
 * resolver, not stored. Pods and `namespaces` (Namespace objects) tell which namespaces exist.
 */
export function dnsZone(
  settings: ClusterSettings,
  services: readonly ServiceState[],
  pods: readonly PodState[],
  namespaces: readonly string[] = [],
): DnsZone {
  const domain = lower(settings.clusterDomain);
  const sorted = [...services].sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name));
  const records: DnsRecord[] = [{ type: 'TXT', name: `dns-version.${domain}`, text: DNS_SCHEMA_VERSION }];
  // A pod backs several Services: its dashed name and reverse name are made once.
  const names = new Map<string, AddressNames>();
  const namesOf = (ip: string): AddressNames => {
    let n = names.get(ip);
    if (n === undefined) {
      n = { dashed: lower(dashedIP(ip)), reverse: reverseName(ip) };
      names.set(ip, n);
    }
    return n;
  };
  for (const svc of sorted) for (const r of serviceRecords(svc, domain, namesOf)) records.push(r);
  const known = new Set([...BUILTIN_NAMESPACES, ...namespaces, ...services.map((s) => s.namespace), ...pods.map((p) => p.namespace)]);
  return {
    domain,
    podsMode: 'insecure',
    ttl: KUBEADM_DNS_TTL,
    records: uniqueRecords(records),
    namespaces: [...known].sort(compare),
  };
}

/** The names DNS derives from an address: the endpoint label and the PTR name. */
interface AddressNames {
  readonly dashed: string;
  readonly reverse: string | undefined;
}

function serviceRecords(svc: ServiceState, domain: string, namesOf: (ip: string) => AddressNames): DnsRecord[] {
  const svcName = lower(`${svc.name}.${svc.namespace}.svc.${domain}`);
  if (svc.type === 'ExternalName') {
    // Spec §2.5: only a CNAME; an ExternalName Service has no endpoints and no SRV records.
    return svc.externalName ? [{ type: 'CNAME', name: svcName, target: fqdn(svc.externalName) }] : [];
  }
  const addresses: DnsRecord[] = [];
  const pointers: DnsRecord[] = [];
  const srv: SrvEntry[] = [];
  const endpoints = publishedEndpoints(svc, svcName, namesOf);
  const pointer = (ip: string, target: string) => {
    const name = namesOf(ip).reverse;
    if (name !== undefined) pointers.push({ type: 'PTR', name, target });
  };
  if (!svc.headless && svc.clusterIP !== undefined) {
    addresses.push({ type: 'A', name: svcName, address: svc.clusterIP });
    pointer(svc.clusterIP, svcName);
    for (const p of svc.ports) {
      // An SRV query for the bare Service name lists every port, named or not (CoreDNS findServices).
      srv.push({ name: svcName, target: svcName, port: p.port });
      if (p.name) srv.push({ name: portName(p.name, p.protocol, svcName), target: svcName, port: p.port });
    }
  } else if (svc.headless) {
    // Spec §2.4: one A per ready endpoint, SRV per (ready endpoint × named port) → the endpoint's name.
    for (const ep of endpoints) {
      addresses.push({ type: 'A', name: svcName, address: ep.ip });
      if (ep.ports.length === 0) srv.push({ name: svcName, target: ep.fqdn, port: -1 });
      for (const p of ep.ports) {
        srv.push({ name: svcName, target: ep.fqdn, port: p.port });
        if (p.name) srv.push({ name: portName(p.name, p.protocol, svcName), target: ep.fqdn, port: p.port });
      }
    }
  }
  // CoreDNS answers `<hostname>.<svc>.<ns>.svc` from the endpoints of any Service (not only headless
  // ones) and indexes every endpoint address for reverse lookups (reverse.go).
  for (const ep of endpoints) {
    addresses.push({ type: 'A', name: ep.fqdn, address: ep.ip });
    if (ep.ports.length === 0) srv.push({ name: ep.fqdn, target: ep.fqdn, port: -1 });
    for (const p of ep.ports) srv.push({ name: ep.fqdn, target: ep.fqdn, port: p.port });
    pointer(ep.ip, ep.fqdn);
  }
  return [...addresses, ...srvRecords(srv), ...pointers];
}

/**
 * Endpoints DNS publishes: ready ones, or all of them when the Service sets
 * publishNotReadyAddresses (DATAPATH §5.9; the EndpointSlice controller then marks them ready; for a
 * Service without a selector the slices are hand-made and only their own `ready` counts).
 * The name is the slice's hostname — which the EndpointSlice controller copies from a pod whose
 * spec.hostname is set and whose subdomain names this Service (endpointutil.ShouldSetHostname), so
 * pod hostname/subdomain records come from here — else the dashed IP (CoreDNS endpointHostname).
 */
function publishedEndpoints(svc: ServiceState, svcName: string, namesOf: (ip: string) => AddressNames): PublishedEndpoint[] {
  const out: PublishedEndpoint[] = [];
  const publishAll = svc.publishNotReadyAddresses && svc.selector !== undefined;
  for (const slice of svc.endpointSlices) {
    for (const ep of slice.endpoints) {
      if (!ep.ready && !publishAll) continue;
      // svcName is lower-case already, and so is the dashed IP namesOf gives.
      const fqdn = ep.hostname !== undefined ? lower(`${ep.hostname}.${svcName}`) : `${namesOf(ep.ip).dashed}.${svcName}`;
      out.push({ ip: ep.ip, fqdn, ports: slice.ports });
    }
  }
  return out;
}

/**
 * CoreDNS SRV answers: priority 0, weight ⌊100 / entries for that name⌋ (at least 1), and one record per
 * (target, port) pair (plugin/backend_lookup.go SRV).
 */
function srvRecords(entries: readonly SrvEntry[]): DnsRecord[] {
  const byName = new Map<string, SrvEntry[]>();
  for (const e of entries) {
    const list = byName.get(e.name);
    if (list) list.push(e);
    else byName.set(e.name, [e]);
  }
  const out: DnsRecord[] = [];
  for (const [name, list] of byName) {
    const weight = Math.max(1, Math.floor(100 / list.length));
    if (list.length === 1) {
      // Most names (an endpoint's, with one port) have one entry: nothing to deduplicate.
      const e = list[0]!;
      if (e.port >= 0) out.push({ type: 'SRV', name, port: e.port, target: e.target, priority: 0, weight });
      continue;
    }
    const seen = new Set<string>();
    for (const e of list) {
      const key = `${e.target} ${e.port}`;
      if (e.port < 0 || seen.has(key)) continue;
      seen.add(key);
      out.push({ type: 'SRV', name, port: e.port, target: e.target, priority: 0, weight });
    }
  }
  return out;
}

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa`; undefined for anything but dotted-quad IPv4. */
export function reverseName(ip: string): string | undefined {
  return parseIPv4(ip) === undefined ? undefined : `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** `10.0.96.10.in-addr.arpa` → `10.96.0.10`; undefined when the name is not a full IPv4 reverse name. */
export function addressFromReverseName(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(lower(name));
  if (!m) return undefined;
  const n = parseIPv4(`${m[4]}.${m[3]}.${m[2]}.${m[1]}`);
  return n === undefined ? undefined : formatIPv4(n);
}

/** `10.244.2.7` → `10-244-2-7`: CoreDNS's name for an endpoint without a hostname, and the pod-record label. */
export function dashedIP(ip: string): string {
  return ip.replace(/[.:]/g, '-');
}

/** `_<port>._<proto>.<svc>.<ns>.svc.<domain>` (spec §2.3.2). */
function portName(name: string, protocol: string, svcName: string): string {
  return lower(`_${name}._${protocol}.${svcName}`);
}

/** DNS names compare case-insensitively (spec §2.1); the zone stores them lower-case without the root dot. */
export function fqdn(name: string): string {
  return lower(name).replace(/\.+$/, '');
}

function lower(s: string): string {
  return s.toLowerCase();
}

function uniqueRecords(records: readonly DnsRecord[]): DnsRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = recordKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Equal for equal records: every field, as JSON would compare them, without writing JSON. */
function recordKey(r: DnsRecord): string {
  switch (r.type) {
    case 'A': return `A ${r.name} ${r.address}`;
    case 'SRV': return `SRV ${r.name} ${r.port} ${r.target} ${r.priority} ${r.weight}`;
    case 'CNAME': return `CNAME ${r.name} ${r.target}`;
    case 'PTR': return `PTR ${r.name} ${r.target}`;
    case 'TXT': return `TXT ${r.name} ${r.text}`;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Name resolution as a pod sees it: the stub resolver's query sequence (DATAPATH.md §6.3), CoreDNS
// answering for the cluster domain and in-addr.arpa (§6.1, §6.4), and the upstream resolver of the
// simulated outside world. The engine walks the candidates, asks queryCluster, and forwards names
// CoreDNS is not authoritative for to queryUpstream (CoreDNS `forward . /etc/resolv.conf`).
import type { DnsRecord, DnsZone, OutsideWorld, ResolvConf } from '../model/cluster.ts';
import { addressFromReverseName, fqdn } from './dns.ts';
import { parseIPv4 } from '../model/ip.ts';

export type DnsQueryType = 'A' | 'SRV' | 'PTR' | 'TXT' | 'CNAME';

export interface DnsAnswer {
  readonly rcode: 'NOERROR' | 'NXDOMAIN';
  readonly answers: readonly DnsRecord[];
  /** false: CoreDNS does not own the name (or falls through for it); the engine forwards it upstream. */
  readonly authoritative: boolean;
}

/** resolv.conf(5): ndots defaults to 1; glibc (RES_MAXNDOTS) and musl both cap it at 15. */
export function ndotsOf(rc: ResolvConf): number {
  let ndots = 1;
  for (const o of rc.options) {
    if (o.name === 'ndots' && o.value !== undefined && /^\d+$/.test(o.value)) ndots = Math.min(Number(o.value), 15);
  }
  return ndots;
}

/**
 * The names a stub resolver queries, in order, for `name` (DATAPATH §6.3): a trailing dot means one
 * absolute query; with at least ndots dots the absolute name goes first, then each search domain;
 * with fewer, each search domain first, then the absolute name. musl never searches a name with at
 * least ndots dots. The resolver stops at the first answer; how it treats NOERROR-without-answers
 * differs (glibc moves on, musl stops) and is the engine's concern.
 */
export function searchCandidates(rc: ResolvConf, name: string, flavour: 'glibc' | 'musl' = 'glibc'): string[] {
  if (name.endsWith('.')) {
    const absolute = name.replace(/\.+$/, '');
    return absolute === '' ? [] : [absolute];
  }
  if (name === '') return [];
  const dots = name.split('.').length - 1;
  const searched = rc.search.map((domain) => `${name}.${domain}`);
  if (dots >= ndotsOf(rc)) return flavour === 'musl' ? [name] : [name, ...searched];
  return [...searched, name];
}

const NXDOMAIN_ELSEWHERE: DnsAnswer = { rcode: 'NXDOMAIN', answers: [], authoritative: false };
const NXDOMAIN: DnsAnswer = { rcode: 'NXDOMAIN', answers: [], authoritative: true };
const NODATA: DnsAnswer = { rcode: 'NOERROR', answers: [], authoritative: true };
/** CoreDNS follows at most 8 CNAMEs inside its own zone (backend_lookup.go A). */
const MAX_CNAME_CHAIN = 8;

const indexes = new WeakMap<DnsZone, ReadonlyMap<string, readonly DnsRecord[]>>();

function recordsAt(zone: DnsZone, name: string): readonly DnsRecord[] {
  let index = indexes.get(zone);
  if (!index) {
    const built = new Map<string, DnsRecord[]>();
    for (const r of zone.records) {
      const list = built.get(r.name);
      if (list) list.push(r);
      else built.set(r.name, [r]);
    }
    index = built;
    indexes.set(zone, index);
  }
  return index.get(name) ?? [];
}

/**
 * CoreDNS's answer for `name` (kubeadm Corefile: `kubernetes <domain> in-addr.arpa ip6.arpa { pods
 * insecure; fallthrough in-addr.arpa ip6.arpa }`). NXDOMAIN means the name does not exist; NOERROR
 * with no answers means it exists with other types (NODATA). Not modelled: AAAA (IPv4 only), the
 * `ns.dns.<domain>` name, SRV answers for pod names (CoreDNS returns port 0), port/protocol labels
 * written without underscores.
 */
export function queryCluster(zone: DnsZone, name: string, type: DnsQueryType): DnsAnswer {
  return query(zone, fqdn(name), type, 0);
}

function query(zone: DnsZone, q: string, type: DnsQueryType, depth: number): DnsAnswer {
  const domain = zone.domain;
  if (q === 'in-addr.arpa' || q.endsWith('.in-addr.arpa') || q === 'ip6.arpa' || q.endsWith('.ip6.arpa')) {
    // Reverse names CoreDNS cannot answer fall through to `forward` (the upstream resolver).
    const found = type === 'PTR' ? recordsAt(zone, q).filter((r) => r.type === 'PTR') : [];
    return found.length > 0 ? { rcode: 'NOERROR', answers: found, authoritative: true } : NXDOMAIN_ELSEWHERE;
  }
  if (q !== domain && !q.endsWith(`.${domain}`)) return NXDOMAIN_ELSEWHERE;
  // The plugin's TXT path only knows dns-version; any other TXT question is NODATA (kubernetes.go Services).
  if (type === 'TXT') return { rcode: 'NOERROR', answers: recordsAt(zone, q).filter((r) => r.type === 'TXT'), authoritative: true };

  // parseRequest: <labels>.<ns>.svc|pod.<domain>; the apex, `svc` and `pod` alone are NODATA.
  const labels = q === domain ? [] : q.slice(0, -(domain.length + 1)).split('.');
  const kind = labels[labels.length - 1];
  if (kind === undefined) return NODATA;
  if (kind !== 'svc' && kind !== 'pod') return NXDOMAIN;
  if (labels.length === 1) return NODATA;
  // More than endpoint, or port and protocol, in front of the Service name is an invalid request.
  if (labels.length > 5) return NXDOMAIN;
  const namespace = labels[labels.length - 2]!;
  if (zone.namespaces !== undefined && !zone.namespaces.includes(namespace)) return NXDOMAIN;
  if (kind === 'pod') return podQuery(zone, q, labels, namespace, type);
  if (labels.length === 2) return NODATA;

  const records = recordsAt(zone, q).filter((r) => r.type !== 'TXT');
  if (records.length === 0) return NXDOMAIN;
  switch (type) {
    case 'A': return { rcode: 'NOERROR', answers: addressAnswers(zone, q, records, depth), authoritative: true };
    case 'CNAME': return { rcode: 'NOERROR', answers: records.filter((r) => r.type === 'CNAME'), authoritative: true };
    case 'SRV': return { rcode: 'NOERROR', answers: records.filter((r) => r.type === 'SRV'), authoritative: true };
    case 'PTR': return NODATA;
  }
}

function addressAnswers(zone: DnsZone, q: string, records: readonly DnsRecord[], depth: number): DnsRecord[] {
  const a = records.filter((r) => r.type === 'A');
  if (a.length > 0) return a;
  const cname = records.find((r) => r.type === 'CNAME');
  if (cname) {
    // ExternalName: the CNAME; inside the cluster domain CoreDNS also resolves the target, and drops
    // the CNAME when that yields nothing. Outside it, the engine asks upstream for the target.
    if (cname.target === q || depth >= MAX_CNAME_CHAIN) return [];
    if (cname.target !== zone.domain && !cname.target.endsWith(`.${zone.domain}`)) return [cname];
    const next = query(zone, cname.target, 'A', depth + 1);
    return next.answers.length > 0 ? [cname, ...next.answers] : [];
  }
  // An A question on an SRV name (`_http._tcp.web…`) gets the addresses behind it (findServices
  // returns the ClusterIP or endpoint IPs for it).
  const out: DnsRecord[] = [];
  const seen = new Set<string>();
  for (const srv of records) {
    if (srv.type !== 'SRV') continue;
    for (const r of recordsAt(zone, srv.target)) {
      if (r.type !== 'A' || seen.has(r.address)) continue;
      seen.add(r.address);
      out.push({ type: 'A', name: q, address: r.address });
    }
  }
  return out;
}

/**
 * `a-b-c-d.<ns>.pod.<domain>` (CoreDNS findPods). `insecure` answers any well-formed address in an
 * existing namespace; `verified` only when the zone shows a pod of that namespace with the address —
 * the zone holds the addresses of endpoints, so a pod behind no Service is not found (limit);
 * `disabled` is NXDOMAIN.
 */
function podQuery(zone: DnsZone, q: string, labels: readonly string[], namespace: string, type: DnsQueryType): DnsAnswer {
  if (zone.podsMode === 'disabled') return NXDOMAIN;
  if (labels.length === 2) return NODATA;
  const label = labels[labels.length - 3]!;
  const ip = label.split('-').length === 4 && !label.includes('--') ? label.replace(/-/g, '.') : undefined;
  if (ip === undefined || parseIPv4(ip) === undefined) return NXDOMAIN;
  if (zone.podsMode === 'verified' && !endpointInNamespace(zone, namespace, ip)) return NXDOMAIN;
  return type === 'A' ? { rcode: 'NOERROR', answers: [{ type: 'A', name: q, address: ip }], authoritative: true } : NODATA;
}

function endpointInNamespace(zone: DnsZone, namespace: string, ip: string): boolean {
  const suffix = `.${namespace}.svc.${zone.domain}`;
  return zone.records.some((r) => r.type === 'A' && r.address === ip && r.name.endsWith(suffix));
}

/**
 * The upstream resolver of the simulated internet: public names from `outside.hosts`, NXDOMAIN for
 * the rest. Its answers are recursive, hence not authoritative. A wildcard host (`*.foo.com`, from
 * an Ingress or Gateway) answers the names below it that nothing closer defines (RFC 4592 §2.2).
 */
export function queryUpstream(outside: OutsideWorld, name: string, type: DnsQueryType): DnsAnswer {
  const q = fqdn(name);
  const hosts = new Map(Object.entries(outside.hosts).map(([host, address]) => [fqdn(host), address] as const));
  const reverse = addressFromReverseName(q);
  if (reverse !== undefined) {
    const names = [...hosts].filter(([host, address]) => address === reverse && !host.startsWith('*.')).map(([host]) => host);
    if (names.length === 0) return NXDOMAIN_ELSEWHERE;
    const answers: DnsRecord[] = type === 'PTR' ? names.map((target) => ({ type: 'PTR', name: q, target })) : [];
    return { rcode: 'NOERROR', answers, authoritative: false };
  }
  const address = hosts.get(q) ?? wildcardMatch(hosts, q);
  if (address === undefined) return NXDOMAIN_ELSEWHERE;
  const answers: DnsRecord[] = type === 'A' ? [{ type: 'A', name: q, address }] : [];
  return { rcode: 'NOERROR', answers, authoritative: false };
}

/**
 * RFC 4592 §3.3.1: the closest encloser is the longest ancestor of `q` that exists (as a name or
 * as the parent of one); only `*.` directly below it may synthesise the answer. So `*.foo.com`
 * answers `a.foo.com` and `a.b.foo.com`, but not `a.bar.foo.com` when `x.bar.foo.com` is a host.
 */
function wildcardMatch(hosts: ReadonlyMap<string, string>, q: string): string | undefined {
  const exists = (domain: string) => [...hosts.keys()].some((h) => h === domain || h.endsWith(`.${domain}`));
  for (let dot = q.indexOf('.'); dot >= 0 && dot < q.length - 1; dot = q.indexOf('.', dot + 1)) {
    const encloser = q.slice(dot + 1);
    if (exists(encloser)) return hosts.get(`*.${encloser}`);
  }
  return undefined;
}

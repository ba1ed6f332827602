// Where a flow goes: the host or address in FlowSpec.to, the port and the scheme. A name needs DNS
// (the tracer's DNS phase follows the pod's resolv.conf); a literal address does not.
import type { ClusterState, PodState } from '../model/cluster.ts';
import { findRef } from './refs.ts';
import type { FlowSpec, Result } from './types.ts';
import { checkHost, checkPort, defaultPort, isUrl, parseUrl } from './url.ts';
import type { Scheme } from './url.ts';

export type FlowTarget =
  /** Needs DNS: a Service name, FQDN, pod DNS name, public hostname (lower case; a final dot kept: absolute). */
  | { readonly kind: 'name'; readonly name: string }
  /** A literal IP: pod IP, ClusterIP, node IP, LB IP, outside address. */
  | { readonly kind: 'ip'; readonly ip: string };

export interface ParsedTarget {
  readonly target: FlowTarget;
  readonly port?: number;
  readonly scheme?: Scheme;
}

const fail = <T>(error: string): Result<T> => ({ ok: false, error });

/** `svc/web`, `shop/deploy/web`, `external:198.51.100.7`: an object reference rather than a host. */
export function isTargetRef(to: string): boolean {
  return !isUrl(to) && (/^external(:|$)/.test(to) || to.includes('/'));
}

/**
 * Parses FlowSpec.to: a URL, HOST:PORT, IP:PORT or a bare host/IP (then the port is spec.port).
 * Object references need the cluster: use resolveTarget.
 */
export function parseTarget(spec: FlowSpec): Result<ParsedTarget> {
  const { to } = spec;
  if (isTargetRef(to)) return fail(`"${to}" is an object reference; resolve it against the cluster (resolveTarget), or write a host such as backend:8080`);
  let hostText = to;
  let port: number | undefined;
  let scheme: Scheme | undefined = spec.http ? (spec.http.tls ? 'https' : 'http') : undefined;
  if (isUrl(to)) {
    const url = parseUrl(to);
    if (!url.ok) return url;
    hostText = url.value.host;
    scheme = url.value.scheme;
    port = url.value.port ?? defaultPort[url.value.scheme];
  } else {
    const m = /^(.*):([^:]*)$/.exec(to);
    if (m && !to.startsWith('[')) {
      const p = checkPort(m[2]!, `port in "${to}"`);
      if (!p.ok) return p;
      hostText = m[1]!;
      port = p.value;
    }
  }
  const host = checkHost(hostText);
  if (!host.ok) return host;
  if (spec.port !== undefined && port !== undefined && spec.port !== port) {
    return fail(`"${to}" says port ${port} but the flow says port ${spec.port}; give the port once`);
  }
  const finalPort = port ?? spec.port;
  if (spec.protocol === 'ICMP' && port !== undefined) return fail(`ICMP (ping) has no ports; write just the host, e.g. ping ${hostText}`);
  const name = host.value.toLowerCase();
  const target = targetOf(spec, name, finalPort);
  return { ok: true, value: { target, ...(finalPort !== undefined ? { port: finalPort } : {}), ...(scheme ? { scheme } : {}) } };
}

function targetOf(spec: FlowSpec, name: string, port: number | undefined): FlowTarget {
  if (/^[\d.]+$/.test(name)) return { kind: 'ip', ip: name };
  // curl --resolve pins HOST:PORT to an address; DNS is never asked (curl(1) --resolve).
  const r = spec.resolve;
  if (r && r.host.toLowerCase() === name && r.port === port) return { kind: 'ip', ip: r.address };
  // kubelet writes `127.0.0.1 localhost` into every pod's /etc/hosts, read before DNS
  // (nsswitch `hosts: files dns`); dig and nslookup ask the DNS server instead.
  if (!spec.lookupOnly && (name === 'localhost' || name === 'localhost.')) return { kind: 'ip', ip: '127.0.0.1' };
  return { kind: 'name', name };
}

/**
 * The names in the /etc/hosts kubelet writes into a pod (Kubernetes docs, "Adding entries to Pod
 * /etc/hosts with HostAliases"): `localhost`, and the pod's IP under its hostname, plus its FQDN
 * `<hostname>.<subdomain>.<ns>.svc.<domain>` when it has a subdomain, then spec.hostAliases. A hostNetwork pod reads its
 * node's file instead, which the simulation does not model beyond localhost.
 */
export function podHostsFile(state: ClusterState, pod: PodState): ReadonlyMap<string, string> {
  const hosts = new Map<string, string>([['localhost', '127.0.0.1']]);
  if (pod.hostNetwork || pod.ip === undefined) return hosts;
  const hostname = pod.hostname.toLowerCase();
  if (pod.subdomain) hosts.set(`${hostname}.${pod.subdomain}.${pod.namespace}.svc.${state.settings.clusterDomain}`.toLowerCase(), pod.ip);
  hosts.set(hostname, pod.ip);
  // kubelet appends hostAliases after its own lines; glibc takes the first line naming the host.
  for (const alias of pod.hostAliases ?? []) {
    for (const h of alias.hostnames) if (!hosts.has(h.toLowerCase())) hosts.set(h.toLowerCase(), alias.ip);
  }
  return hosts;
}

/**
 * parseTarget, plus object references: a Service is its DNS name `svc.ns.svc.<domain>` (and, when
 * the flow gives no port and the Service has exactly one port of the flow's protocol, that port);
 * a pod or workload is its (first) pod's IP, a node its InternalIP, `external:IP` that address.
 * Given the sending pod, a name in its /etc/hosts (its own hostname) needs no DNS.
 */
export function resolveTarget(state: ClusterState, spec: FlowSpec, namespace = 'default', source?: PodState): Result<ParsedTarget> {
  if (!isTargetRef(spec.to)) {
    const parsed = parseTarget(spec);
    // With the sending pod known, its /etc/hosts answers before DNS does (nsswitch `hosts: files dns`).
    if (!parsed.ok || !source || spec.lookupOnly || parsed.value.target.kind !== 'name') return parsed;
    const ip = podHostsFile(state, source).get(parsed.value.target.name);
    return ip === undefined ? parsed : { ok: true, value: { ...parsed.value, target: { kind: 'ip', ip } } };
  }
  const found = findRef(state, spec.to, namespace);
  if (!found.ok) return found;
  const r = found.value;
  const port = spec.port !== undefined ? { port: spec.port } : {};
  switch (r.type) {
    case 'service': {
      const s = r.service;
      const name = `${s.name}.${s.namespace}.svc.${state.settings.clusterDomain}`;
      if (spec.port !== undefined || spec.protocol === 'ICMP') return { ok: true, value: { target: { kind: 'name', name }, ...port } };
      const ports = s.ports.filter((p) => p.protocol === spec.protocol);
      if (ports.length !== 1) {
        const list = s.ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'none';
        if (ports.length === 0) return fail(`Service ${s.id} has no ${spec.protocol} port (its ports: ${list})`);
        return fail(`say which port of Service ${s.id} to use (its ports: ${list}), e.g. port: ${ports[0]!.port}`);
      }
      return { ok: true, value: { target: { kind: 'name', name }, port: ports[0]!.port } };
    }
    case 'pod':
      if (r.pod.ip === undefined) return fail(`pod ${r.pod.id} is Pending (no node fits it), so it has no IP to connect to`);
      return { ok: true, value: { target: { kind: 'ip', ip: r.pod.ip }, ...port } };
    case 'node':
      return { ok: true, value: { target: { kind: 'ip', ip: r.node.address }, ...port } };
    case 'external':
      return { ok: true, value: { target: { kind: 'ip', ip: r.ip }, ...port } };
  }
}

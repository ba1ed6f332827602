// Service address allocation: ClusterIPs from the Service CIDR, NodePorts from the node-port
// range, LoadBalancer addresses from the pool (MetalLB-style), healthCheckNodePorts.
// Real allocators pick ClusterIPs and NodePorts at random; here a hash of the Service picks the
// start and the allocator probes in order, so nothing allocated earlier moves when a Service is
// added later. Both allocators split their range as Kubernetes does (KEP-3070, KEP-3668): a low
// "static" band kept for requested values, dynamic picks from the rest. Built-in Services stay
// apart: `kubernetes` (.1) and `kube-dns` (.10) are fixed, other built-in ClusterIPs come from the
// static band, built-in NodePorts from the top 16 ports, built-in LoadBalancer IPs from the top of
// the pool; user LoadBalancer IPs go out lowest first, as MetalLB does.
import type { ClusterSettings } from '../model/cluster.ts';
import { cidrContains, cidrSize, formatIPv4, nthAddress, parseCidr, parseIPv4 } from '../model/ip.ts';
import type { Service, ServicePort } from '../model/objects.ts';
import { objectName } from '../model/objects.ts';
import { probe, type Reporter } from './names.ts';
import type { Entry } from './workloads.ts';

export interface ServiceAllocation {
  readonly clusterIP?: string;
  readonly ports: readonly ServicePort[];
  readonly loadBalancerIPs: readonly string[];
  readonly healthCheckNodePort?: number;
}

/** Ports at the top of the node-port range kept for built-in Services. */
const systemNodePorts = 16;

/** kube-apiserver's ServiceCIDR static band: min(max(16, size/16), 256) addresses. */
export function clusterIPStaticBand(size: number): number {
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}

/** The node-port allocator's static band: min(max(16, size/32), 128) ports. */
export function nodePortStaticBand(size: number): number {
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

const serviceId = (s: Service) => `${s.metadata.namespace}/${s.metadata.name}`;

/** Allocates in three rounds: fixed built-in addresses, the user's Services in order, the other built-ins. */
export function allocateServices(settings: ClusterSettings, entries: readonly Entry<Service>[], reporter: Reporter): Map<string, ServiceAllocation> {
  const cidr = parseCidr(settings.serviceCIDR)!;
  const size = cidrSize(cidr);
  const ipOwner = new Map<number, string>();
  const portOwner = new Map<number, { id: string; protocols: Set<string> }>();
  const lbInUse = new Set<string>();
  const out = new Map<string, ServiceAllocation>();
  const { min, max } = settings.nodePortRange;
  const pool = { first: parseIPv4(settings.loadBalancerPool.first)!, last: parseIPv4(settings.loadBalancerPool.last)! };

  const pickIP = (seed: string, from: number, to: number): number | undefined => {
    const offset = probe(seed, to - from, (o) => ipOwner.has(from + o));
    return offset === undefined ? undefined : from + offset;
  };
  const clusterIP = (svc: Service, system: boolean): string | undefined => {
    const { type, clusterIP: wanted } = svc.spec;
    if (type === 'ExternalName' || wanted === 'None') return undefined;
    const id = serviceId(svc);
    const at = { source: svc.source, path: 'spec.clusterIP', object: objectName(svc) };
    if (wanted !== undefined && wanted !== '') {
      const n = parseIPv4(wanted);
      const offset = n === undefined ? -1 : n - cidr.base;
      if (n === undefined || !cidrContains(cidr, n) || offset === 0 || offset === size - 1) {
        reporter.report('error', 'clusterip-out-of-range', `spec.clusterIP ${wanted} is not a usable address of the Service CIDR ${settings.serviceCIDR}; the API server rejects this Service. Remove clusterIP to get one allocated, or pick an address inside ${settings.serviceCIDR}. The simulator allocates one instead.`, at);
      } else if (ipOwner.has(offset)) {
        reporter.report('error', 'clusterip-taken', `spec.clusterIP ${wanted} is already allocated to Service ${ipOwner.get(offset)}; the API server rejects this Service. Remove clusterIP or choose a free address. The simulator allocates another one instead.`, at);
      } else {
        ipOwner.set(offset, id);
        return wanted;
      }
    }
    const band = clusterIPStaticBand(size);
    // Dynamic picks come from above the static band, falling back to it when the rest is full.
    const offset = system ? pickIP(`clusterIP/${id}`, 1, band) : pickIP(`clusterIP/${id}`, band, size - 1) ?? pickIP(`clusterIP/${id}`, 1, band);
    if (offset === undefined) {
      reporter.report('error', 'address-pool-exhausted', `The Service CIDR ${settings.serviceCIDR} has no free address left for ${objectName(svc)}; use a larger serviceCIDR.`, at);
      return undefined;
    }
    ipOwner.set(offset, id);
    return formatIPv4(nthAddress(cidr, offset));
  };

  const nodePort = (svc: Service, protocol: string, wanted: number | undefined, path: string, seed: string, system: boolean): number | undefined => {
    const id = serviceId(svc);
    const at = { source: svc.source, path, object: objectName(svc) };
    if (wanted !== undefined) {
      const owner = portOwner.get(wanted);
      if (wanted < min || wanted > max) {
        reporter.report('error', 'nodeport-out-of-range', `${path} ${wanted} is outside the node port range ${min}-${max}; the API server rejects this Service. Pick a port in ${min}-${max} or leave nodePort out to get one allocated. The simulator allocates one instead.`, at);
      } else if (owner && !(owner.id === id && !owner.protocols.has(protocol))) {
        reporter.report('error', 'nodeport-taken', `${path} ${wanted} is already allocated to Service ${owner.id}; every NodePort is opened on every node, so two Services cannot share one. Pick another port or leave nodePort out. The simulator allocates another one instead.`, at);
      } else {
        portOwner.set(wanted, { id, protocols: new Set([...(owner?.protocols ?? []), protocol]) });
        return wanted;
      }
    }
    const size = max - min + 1;
    let port: number | undefined;
    if (system) {
      for (let p = max; p >= min && port === undefined; p--) if (!portOwner.has(p)) port = p;
    } else {
      const low = min + nodePortStaticBand(size);
      const high = max - systemNodePorts;
      const o = probe(seed, high - low + 1, (x) => portOwner.has(low + x));
      port = o !== undefined ? low + o : [...Array(size).keys()].map((x) => min + x).find((p) => !portOwner.has(p));
    }
    if (port === undefined) {
      reporter.report('error', 'address-pool-exhausted', `No free node port left in ${min}-${max} for ${objectName(svc)}.`, at);
      return undefined;
    }
    portOwner.set(port, { id, protocols: new Set([protocol]) });
    return port;
  };

  const allocate = (svc: Service, system: boolean): ServiceAllocation => {
    const id = serviceId(svc);
    const { type } = svc.spec;
    const ip = clusterIP(svc, system);
    const exposed = type === 'NodePort' || type === 'LoadBalancer';
    const ports = svc.spec.ports.map((p, i) => {
      if (!exposed) return p;
      const np = nodePort(svc, p.protocol, p.nodePort, `spec.ports[${i}].nodePort`, `nodePort/${id}/${p.name ?? i}`, system);
      return np === undefined ? p : { ...p, nodePort: np };
    });
    let healthCheckNodePort: number | undefined;
    if (type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local') {
      healthCheckNodePort = nodePort(svc, 'TCP', svc.spec.healthCheckNodePort, 'spec.healthCheckNodePort', `healthCheckNodePort/${id}`, system);
    }
    return {
      ...(ip !== undefined ? { clusterIP: ip } : {}),
      ports,
      loadBalancerIPs: type === 'LoadBalancer' ? loadBalancerIPs(svc, system) : [],
      ...(healthCheckNodePort !== undefined ? { healthCheckNodePort } : {}),
    };
  };

  const loadBalancerIPs = (svc: Service, system: boolean): string[] => {
    // A requested address (spec.loadBalancerIP) or one a dump already shows in status is kept.
    const given = [svc.spec.loadBalancerIP, ...svc.status.loadBalancer.ingress.map((i) => i.ip)].filter((ip): ip is string => !!ip && parseIPv4(ip) !== undefined);
    if (given.length) {
      for (const ip of given) lbInUse.add(ip);
      return [...new Set(given)];
    }
    for (let i = 0; i <= pool.last - pool.first; i++) {
      const ip = formatIPv4(system ? pool.last - i : pool.first + i);
      if (!lbInUse.has(ip)) {
        lbInUse.add(ip);
        return [ip];
      }
    }
    reporter.report('warning', 'address-pool-exhausted', `The LoadBalancer pool ${settings.loadBalancerPool.first}-${settings.loadBalancerPool.last} has no free address for ${objectName(svc)}; its EXTERNAL-IP stays <pending>. Widen spec.loadBalancerPool in the Cluster object or use fewer LoadBalancer Services.`,
      { source: svc.source, path: 'spec.type', object: objectName(svc) });
    return [];
  };

  // Fixed built-ins (`kubernetes`, `kube-dns`) first: they exist in every cluster.
  const fixed = (e: Entry<Service>) => e.system && e.object.spec.clusterIP !== undefined;
  for (const e of entries.filter(fixed)) out.set(serviceId(e.object), allocate(e.object, true));
  for (const e of entries.filter((x) => !x.system)) out.set(serviceId(e.object), allocate(e.object, false));
  for (const e of entries.filter((x) => x.system && !fixed(x))) out.set(serviceId(e.object), allocate(e.object, true));
  return out;
}

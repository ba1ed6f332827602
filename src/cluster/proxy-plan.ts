// What kube-proxy decides per Service port before it writes any rule: which endpoints serve
// Cluster and Local traffic policy on this node, and whether internal/external traffic has
// somewhere to go. Mirrors pkg/proxy/topology.go CategorizeEndpoints and the policy booleans of
// pkg/proxy/iptables/proxier.go syncProxyRules (DATAPATH §4.2, §4.8, §5.3, §5.6, §5.9).
import type { EndpointState, ObjectRef, PodState, ServiceState } from '../model/cluster.ts';
import type { Protocol, ServicePort } from '../model/objects.ts';
import { base32, sha256 } from './hash.ts';

export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
  /** `10.244.1.9:8080`, the string kube-proxy hashes into KUBE-SEP- names and DNATs to. */
  readonly address: string;
  readonly local: boolean;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly pod?: ObjectRef;
}

export interface PortPlan {
  readonly service: ServiceState;
  readonly port: ServicePort;
  readonly ref: ObjectRef;
  readonly clusterIP: string;
  /** ServicePortName.String(): `ns/svc:port`, or `ns/svc` when the port has no name. */
  readonly name: string;
  /** Lower-case protocol as kube-proxy writes it (`-p tcp`, hashed into chain names). */
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly clusterEndpoints: readonly ProxyEndpoint[];
  readonly localEndpoints: readonly ProxyEndpoint[];
  /** Endpoints some chain of this node can reach: each gets a KUBE-SEP- chain. */
  readonly reachableEndpoints: readonly ProxyEndpoint[];
  readonly hasEndpoints: boolean;
  readonly internalLocal: boolean;
  readonly externalLocal: boolean;
  readonly externallyAccessible: boolean;
  readonly hasInternalEndpoints: boolean;
  readonly hasExternalEndpoints: boolean;
  readonly usesClusterChain: boolean;
  readonly usesLocalChain: boolean;
  readonly usesExternalChain: boolean;
  readonly usesFirewallChain: boolean;
}

/** base32(SHA-256(servicePortName + protocol [+ endpoint])) — proxier.go portProtoHash. */
export function portProtoHash(name: string, protocol: string, endpoint = ''): string {
  const text = name + protocol + endpoint;
  let hash = hashMemo.get(text);
  if (hash === undefined) {
    // Every node names the same chains: hash each string once. Bounded, since a long session
    // keeps rebuilding with new names.
    if (hashMemo.size >= HASH_MEMO_LIMIT) hashMemo.clear();
    hash = base32(sha256(text));
    hashMemo.set(text, hash);
  }
  return hash;
}

const HASH_MEMO_LIMIT = 1 << 18;
const hashMemo = new Map<string, string>();

export function servicePortName(service: ServiceState, port: ServicePort): string {
  return `${service.namespace}/${service.name}${port.name ? `:${port.name}` : ''}`;
}

function lower(p: Protocol): 'tcp' | 'udp' | 'sctp' {
  return p.toLowerCase() as 'tcp' | 'udp' | 'sctp';
}

function podRef(id: string | undefined, podById: ReadonlyMap<string, PodState>): ObjectRef | undefined {
  if (!id) return undefined;
  const pod = podById.get(id);
  if (pod) return { kind: 'Pod', namespace: pod.namespace, name: pod.name };
  const [namespace = '', name = ''] = id.split('/');
  return { kind: 'Pod', namespace, name };
}

/** An endpoint of a Service port as nodes other than its own see it (not local), with the node it runs on. */
export interface PortEndpoint {
  readonly endpoint: ProxyEndpoint;
  readonly node: string | undefined;
}

/**
 * Endpoints of one Service port from its EndpointSlices, sorted by `ip:port` as the cache does;
 * the same on every node, so computed once per Service port (nodeEndpoints adds `local`).
 */
export function portEndpoints(service: ServiceState, port: ServicePort, podById: ReadonlyMap<string, PodState>): readonly PortEndpoint[] {
  const out = new Map<string, PortEndpoint>();
  for (const slice of service.endpointSlices) {
    const slicePort = slice.ports.find((p) => p.name === (port.name ?? '') && p.protocol === port.protocol);
    if (!slicePort) continue;
    for (const ep of slice.endpoints) {
      const address = `${ep.ip}:${slicePort.port}`;
      out.set(address, toEndpoint(ep, slicePort.port, address, podById));
    }
  }
  return [...out.values()].sort((a, b) => (a.endpoint.address < b.endpoint.address ? -1 : a.endpoint.address > b.endpoint.address ? 1 : 0));
}

/** The endpoints as `nodeName` sees them: `local` when they run there (the shared objects where not). */
export function nodeEndpoints(endpoints: readonly PortEndpoint[], nodeName: string): readonly ProxyEndpoint[] {
  return endpoints.map((e) => (e.node === nodeName ? { ...e.endpoint, local: true } : e.endpoint));
}

function toEndpoint(ep: EndpointState, port: number, address: string, podById: ReadonlyMap<string, PodState>): PortEndpoint {
  const epNode = ep.nodeName ?? (ep.pod ? podById.get(ep.pod)?.nodeName : undefined);
  const pod = podRef(ep.pod, podById);
  return {
    endpoint: {
      ip: ep.ip, port, address,
      ready: ep.ready, serving: ep.serving, terminating: ep.terminating, ...(pod ? { pod } : {}), local: false,
    },
    node: epNode,
  };
}

/**
 * Ready endpoints; when there are none, the serving-but-terminating ones, so connections drain
 * instead of failing (topology.go; documented for Local in DATAPATH §5.9, [U] for Cluster §11.7).
 */
function usable(endpoints: readonly ProxyEndpoint[]): readonly ProxyEndpoint[] {
  const ready = endpoints.filter((e) => e.ready);
  return ready.length > 0 ? ready : endpoints.filter((e) => e.serving && e.terminating);
}

/** Service ports kube-proxy programs: not headless, not ExternalName, with a ClusterIP (§5.2, §5.5). */
export function proxiedPorts(services: readonly ServiceState[]): readonly { service: ServiceState; port: ServicePort; clusterIP: string }[] {
  return services.flatMap((service) =>
    service.headless || service.type === 'ExternalName' || !service.clusterIP
      ? []
      : service.ports.map((port) => ({ service, port, clusterIP: service.clusterIP! })));
}

export function planPort(
  service: ServiceState, port: ServicePort, clusterIP: string, nodeName: string, podById: ReadonlyMap<string, PodState>,
): PortPlan {
  return planPortFrom(service, port, clusterIP, nodeEndpoints(portEndpoints(service, port, podById), nodeName));
}

/** Whether the plan depends on the node (which endpoints are local to it), or is the same on all. */
export function nodeDependent(service: ServiceState, port: ServicePort): boolean {
  const externallyAccessible = (port.nodePort ?? 0) !== 0 || service.loadBalancerIPs.length > 0 || service.externalIPs.length > 0;
  return service.internalTrafficPolicy === 'Local' || (externallyAccessible && service.externalTrafficPolicy === 'Local');
}

/** planPort over endpoints already read from the slices (`all`, sorted, `local` set for the node). */
export function planPortFrom(service: ServiceState, port: ServicePort, clusterIP: string, all: readonly ProxyEndpoint[]): PortPlan {
  const externallyAccessible = (port.nodePort ?? 0) !== 0 || service.loadBalancerIPs.length > 0 || service.externalIPs.length > 0;
  const internalLocal = service.internalTrafficPolicy === 'Local';
  const externalLocal = externallyAccessible && service.externalTrafficPolicy === 'Local';
  // Even with externalTrafficPolicy Local the Cluster endpoints are needed: pod and node
  // traffic to external destinations is short-circuited to the cluster-wide chain (§5.3).
  const usesClusterEndpoints = !internalLocal || externallyAccessible;
  const usesLocalEndpoints = internalLocal || externalLocal;
  const clusterEndpoints = usesClusterEndpoints ? usable(all) : [];
  const localEndpoints = usesLocalEndpoints ? usable(all.filter((e) => e.local)) : [];
  const hasEndpoints = usesLocalEndpoints ? usable(all).length > 0 : clusterEndpoints.length > 0;
  const reachable = [...clusterEndpoints, ...localEndpoints.filter((l) => !clusterEndpoints.includes(l))];
  const hasInternalEndpoints = hasEndpoints && (!internalLocal || localEndpoints.length > 0);
  const hasExternalEndpoints = hasEndpoints && (!externalLocal || localEndpoints.length > 0);
  return {
    service, port, clusterIP, ref: { kind: 'Service', namespace: service.namespace, name: service.name },
    name: servicePortName(service, port), protocol: lower(port.protocol),
    clusterEndpoints, localEndpoints, reachableEndpoints: reachable, hasEndpoints,
    internalLocal, externalLocal, externallyAccessible, hasInternalEndpoints, hasExternalEndpoints,
    usesClusterChain: clusterEndpoints.length > 0 && usesClusterEndpoints,
    usesLocalChain: localEndpoints.length > 0 && usesLocalEndpoints,
    usesExternalChain: hasEndpoints && externallyAccessible,
    usesFirewallChain: hasEndpoints && service.loadBalancerIPs.length > 0 && service.loadBalancerSourceRanges.length > 0,
  };
}

/** Probability of rule i of n, as kube-proxy prints it: 1/(n−i) with 10 decimals (§4.2). */
export function probabilityText(n: number, i: number): string {
  return (1 / (n - i)).toFixed(10);
}

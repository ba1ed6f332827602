// Cilium's kube-proxy replacement (DATAPATH §4.11): no netfilter rules. For connections made on
// the node (pods, host processes) the eBPF socket hooks swap the Service address for a backend at
// connect()/sendmsg(), so no packet ever carries the ClusterIP; traffic arriving from outside
// (NodePort, LoadBalancer, externalIPs) is translated per packet by the eBPF program on the
// device it enters, SNATed to the node when the backend is on another node (SNAT mode, §4.11).
// The backend sets are kube-proxy's own (proxy-plan.ts planPort): the same policy semantics.
import type { ClusterState, NodeState, ServiceState } from '../model/cluster.ts';
import type { ServicePort } from '../model/objects.ts';
import { planPort, proxiedPorts } from '../cluster/proxy-plan.ts';
import { ipInCidr } from '../model/ip.ts';
import type { ProxyEndpoint } from '../cluster/proxy-plan.ts';
import type { ConntrackTable } from './conntrack.ts';
import { affinityOf, remember } from './conntrack.ts';
import type { DnatResult, NatHook, Tuple } from './netfilter.ts';
import { endpointFor, fmtTuple, podFor } from './netfilter-explain.ts';
import { isLocalAddress } from './netfilter-walk.ts';
import type { Rng } from './random.ts';
import type { RuleRef } from './types.ts';

type Frontend = 'ClusterIP' | 'ExternalIP' | 'LoadBalancer' | 'NodePort';

function frontendOf(node: NodeState, service: ServiceState, port: ServicePort, t: Tuple): Frontend | undefined {
  if (port.protocol !== t.protocol) return undefined;
  if (t.dport === port.port) {
    if (service.clusterIP === t.dst) return 'ClusterIP';
    if (service.externalIPs.includes(t.dst)) return 'ExternalIP';
    if (service.loadBalancerIPs.includes(t.dst)) return 'LoadBalancer';
  }
  if (port.nodePort !== undefined && port.nodePort === t.dport && isLocalAddress(node, t.dst)) return 'NodePort';
  return undefined;
}

/** A `cilium-dbg service list` row for the frontend and the chosen backend. */
function rowText(t: Tuple, frontend: Frontend, backend: ProxyEndpoint | undefined, index: number): string {
  const be = backend ? `${index + 1} => ${backend.address}/${t.protocol} (active)` : '(no backends)';
  return `${t.dst}:${t.dport}/${t.protocol} ${frontend} ${be}`;
}

export interface ReplacementOptions {
  /**
   * Per-packet translation of a pod's ClusterIP traffic in the from-container program on this lxc
   * device: what Cilium does without its kube-proxy replacement (kubeProxyReplacement=false, §4.11
   * last line). Other frontends are left to kube-proxy in the host stack.
   */
  readonly lxc?: string;
}

export function replacementDnat(
  state: ClusterState, node: NodeState, tuple: Tuple, hook: NatHook, rng: Rng, ct: ConntrackTable, opts: ReplacementOptions = {},
): DnatResult {
  const none = { tuple, masqueradeMark: false, mark: 0, because: [] as RuleRef[], ct };
  const match = proxiedPorts(state.services)
    .map(({ service, port, clusterIP }) => ({ service, port, clusterIP, frontend: frontendOf(node, service, port, tuple) }))
    .find((m) => m.frontend !== undefined && (opts.lxc === undefined || m.frontend === 'ClusterIP'));
  if (opts.lxc !== undefined && !match) return { verdict: 'none', ...none, sentence: `Cilium's from-container program on ${opts.lxc} finds no ClusterIP frontend for ${fmtTuple(tuple)}.` };
  if (!match || !match.frontend) {
    return hostPort(state, node, tuple, ct) ?? {
      verdict: 'none', ...none, sentence: `Cilium's eBPF load balancer on ${node.name} has no Service frontend for ${fmtTuple(tuple)}; the destination stays as it is.`,
    };
  }
  const { service, port, frontend } = match;
  const plan = planPort(service, port, match.clusterIP, node.name, state.index.podById);
  const client = state.index.podByIp.get(tuple.src);
  // Connections opened on this node (its pods, the host) are balanced at the socket (§4.11).
  const socketLevel = opts.lxc === undefined && (hook === 'OUTPUT' || isLocalAddress(node, tuple.src) || client?.nodeName === node.name);
  const external = frontend !== 'ClusterIP';
  // From inside the cluster an external address gets Cluster semantics (§5.4); from outside, ETP applies.
  const local = external ? !socketLevel && plan.externalLocal : plan.internalLocal;
  const backends = local ? plan.localEndpoints : plan.clusterEndpoints;
  const range = service.source?.paths[`spec.ports[${service.ports.indexOf(port)}]`];
  // loadBalancerSourceRanges: Cilium drops other sources at the LoadBalancer frontend (§5.4).
  const ranges = service.loadBalancerSourceRanges;
  if (frontend === 'LoadBalancer' && !socketLevel && ranges.length > 0 && !ranges.some((cidr) => ipInCidr(tuple.src, cidr))) {
    const rangesRef = service.source?.paths['spec.loadBalancerSourceRanges'];
    return {
      ...none, verdict: 'drop', service, servicePort: port,
      because: [{ kind: 'ebpf', object: plan.ref, text: `${tuple.dst}:${tuple.dport}/${tuple.protocol} LoadBalancer source ranges ${ranges.join(',')}`, ...(rangesRef ? { range: rangesRef } : {}) }],
      sentence: `Service ${service.id} accepts its LoadBalancer address only from ${ranges.join(', ')} (loadBalancerSourceRanges): Cilium's eBPF program on ${node.name} drops ${tuple.src}.`,
    };
  }
  const ref = (backend: ProxyEndpoint | undefined, i: number): RuleRef => ({
    kind: 'ebpf', object: plan.ref, ...(backend ? { rule: i + 1 } : {}), text: rowText(tuple, frontend, backend, i), ...(range ? { range } : {}),
  });
  if (backends.length === 0) {
    const noEndpoints = !plan.hasEndpoints;
    return {
      ...none, verdict: noEndpoints ? 'reject' : 'drop', service, servicePort: port, because: [ref(undefined, 0)],
      sentence: noEndpoints
        ? `Service ${service.id} has no usable endpoints: Cilium's eBPF load balancer on ${node.name} answers ICMP port unreachable (serviceNoBackendResponse: reject), a connection refused.`
        : `Service ${service.id} has ${external ? 'externalTrafficPolicy' : 'internalTrafficPolicy'} Local and no endpoint on ${node.name}: Cilium's eBPF load balancer drops the packet.`,
    };
  }
  const listName = `cilium:${service.id}:${port.name ?? port.port}/${port.protocol}`;
  const sticky = service.sessionAffinity === 'ClientIP' ? affinityOf(ct, node.name, listName, tuple.src) : undefined;
  const stuck = sticky ? backends.findIndex((b) => b.address === sticky.endpoint) : -1;
  // Cilium's default backend selection is random (loadBalancer.algorithm=random).
  const index = stuck >= 0 ? stuck : rng.int(0, backends.length - 1);
  const backend = backends[index]!;
  const table = service.sessionAffinity === 'ClientIP'
    ? remember(ct, { node: node.name, name: listName, client: tuple.src, endpoint: backend.address }) : ct;
  const endpoint = endpointFor(service, backend.ip);
  const pod = podFor(state, endpoint, backend.ip);
  const translated = { ...tuple, dst: backend.ip, dport: backend.port };
  const how = stuck >= 0 ? `client ${tuple.src} keeps its backend (sessionAffinity ClientIP)` : `chosen at random among ${backends.length}`;
  const target = `endpoint ${backend.address}${pod ? ` (pod ${pod.id})` : ''} of Service ${service.id}`;
  // SNAT mode: a remote backend must answer through this node (§4.7.2, §4.11).
  const snat = external && !socketLevel && !local && !backend.local;
  const sentence = opts.lxc !== undefined
    ? `Cilium's from-container eBPF program on ${opts.lxc} translated ${tuple.dst}:${tuple.dport} to ${target} (${how}). Cilium balances its pods' ClusterIP traffic itself even beside kube-proxy (kubeProxyReplacement=false), so kube-proxy's rules never see this packet.`
    : socketLevel
    ? `Cilium's socket-level load balancer on ${node.name} swapped ${tuple.dst}:${tuple.dport} for ${target} at ${tuple.protocol === 'UDP' ? 'sendmsg()' : 'connect()'} (${how}); no packet ever carries the Service address — the application still believes it talks to ${tuple.dst}:${tuple.dport}.`
    : `Cilium's eBPF ${frontend} program on ${node.name} translated ${tuple.dst}:${tuple.dport} to ${target} (${how})${snat ? ' and will SNAT the source to this node, because externalTrafficPolicy is Cluster and the backend is on another node' : local ? ', keeping the client address (externalTrafficPolicy Local)' : ''}.`;
  return {
    verdict: 'dnat', tuple: translated, masqueradeMark: snat, mark: 0, because: [ref(backend, index)], ct: table, sentence,
    service, servicePort: port, ...(endpoint ? { endpoint } : {}), ...(pod ? { pod } : {}), socketLevel,
  };
}

/**
 * hostPort without the portmap plugin: Cilium's kube-proxy replacement installs a HostPort
 * frontend for the pod's node address (DATAPATH §9.2), translated like a NodePort but only on
 * the node that runs the pod.
 */
function hostPort(state: ClusterState, node: NodeState, t: Tuple, ct: ConntrackTable): DnatResult | undefined {
  if (t.protocol === 'ICMP' || !isLocalAddress(node, t.dst)) return undefined;
  for (const pod of state.index.podsByNode.get(node.name) ?? []) {
    if (pod.hostNetwork || !pod.ip) continue;
    for (const [ci, c] of pod.containers.entries()) {
      for (const [pi, p] of c.ports.entries()) {
        const boundHere = !p.hostIP || p.hostIP === '0.0.0.0' || p.hostIP === t.dst;
        if (p.hostPort !== t.dport || p.protocol !== t.protocol || !boundHere) continue;
        const range = pod.source?.paths[`spec.containers[${ci}].ports[${pi}]`] ?? pod.source?.paths[`spec.template.spec.containers[${ci}].ports[${pi}]`];
        const to = `${pod.ip}:${p.containerPort}`;
        return {
          verdict: 'dnat', tuple: { ...t, dst: pod.ip, dport: p.containerPort }, masqueradeMark: false, mark: 0, ct, pod,
          because: [{ kind: 'ebpf', object: { kind: 'Pod', namespace: pod.namespace, name: pod.name }, rule: 1, text: `${t.dst}:${t.dport}/${t.protocol} HostPort 1 => ${to}/${t.protocol} (active)`, ...(range ? { range } : {}) }],
          sentence: `Cilium's eBPF load balancer on ${node.name} forwarded hostPort ${t.dport} to pod ${pod.id} at ${to} (DNAT; Cilium implements hostPort itself, no portmap plugin).`,
        };
      }
    }
  }
  return undefined;
}

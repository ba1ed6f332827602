// Who answers once a packet arrives: a pod's container port, a process on a node, or a host of the
// simulated internet. The datapath ends at the receiving socket's network namespace; whether a
// socket is bound there decides between an answer and a refusal (TCP RST / ICMP port unreachable).
import type { ClusterState, NodeState, PodState } from '../model/cluster.ts';
import type { FlowProtocol } from '../model/objects.ts';
import type { RuleRef } from './types.ts';

export type Listener =
  | { readonly kind: 'pod'; readonly pod: PodState; readonly container?: string; readonly assumed: boolean; readonly because: readonly RuleRef[]; readonly what: string }
  | { readonly kind: 'node'; readonly node: NodeState; readonly what: string; readonly because: readonly RuleRef[]; readonly pod?: PodState }
  | { readonly kind: 'outside'; readonly ip: string; readonly what: string };

/** The kubelet's API on every node (TCP 10250, kubelet --port default). */
export const KUBELET_PORT = 10250;

function podRef(pod: PodState, text: string, path?: string): RuleRef {
  const range = pod.source && pod.source.doc > 0
    ? (path !== undefined ? pod.source.paths[path] ?? pod.source.paths[`spec.template.${path}`] : undefined) ?? pod.source.range
    : undefined;
  return { kind: 'Pod', object: { kind: 'Pod', namespace: pod.namespace, name: pod.name }, text, ...(range ? { range } : {}) };
}

/**
 * A pod listens on a port when one of its containers declares it (number and protocol). A pod that
 * declares no ports at all is assumed to listen (containerPort is informational in Kubernetes: a
 * process may bind any port), and the trace says so. Every pod answers ICMP echo (the kernel does).
 * Returns undefined when the pod declares ports and none matches: the connection is refused.
 */
export function podListener(pod: PodState, port: number | undefined, protocol: FlowProtocol): Listener | undefined {
  if (protocol === 'ICMP' || port === undefined) {
    return { kind: 'pod', pod, assumed: false, because: [], what: `the kernel of pod ${pod.id} answers the echo request` };
  }
  const declared = pod.containers.flatMap((c, ci) => c.ports.map((p, pi) => ({ c, ci, p, pi })));
  if (declared.length === 0) {
    return {
      kind: 'pod', pod, assumed: true, because: [podRef(pod, 'no containerPort declared')],
      what: `pod ${pod.id} declares no container ports, so the simulator assumes a process listens on ${protocol} ${port}`,
    };
  }
  const hit = declared.find(({ p }) => p.containerPort === port && (p.protocol ?? 'TCP') === protocol);
  if (!hit) return undefined;
  const name = hit.p.name ? ` (${hit.p.name})` : '';
  return {
    kind: 'pod', pod, container: hit.c.name, assumed: false,
    because: [podRef(pod, `containerPort: ${port}${name}, protocol ${protocol}`, `spec.containers[${hit.ci}].ports[${hit.pi}]`)],
    what: `container ${hit.c.name} of pod ${pod.id} listens on ${protocol} ${port}${name}`,
  };
}

/** The ports a pod declares, for the "connection refused" sentence. */
export function declaredPorts(pod: PodState): string {
  return pod.containers.flatMap((c) => c.ports.map((p) => `${p.protocol ?? 'TCP'} ${p.containerPort}`)).join(', ');
}

/**
 * A node listens where a hostNetwork pod on it declares the port, where it is the endpoint of a
 * Service (the API server's 6443 behind `kubernetes`), and on the kubelet port. Nodes answer ping.
 */
export function nodeListener(state: ClusterState, node: NodeState, port: number | undefined, protocol: FlowProtocol): Listener | undefined {
  if (protocol === 'ICMP' || port === undefined) return { kind: 'node', node, what: `node ${node.name} answers the echo request`, because: [] };
  const hostPods = (state.index.podsByNode.get(node.name) ?? []).filter((p) => p.hostNetwork);
  for (const pod of hostPods) {
    const l = pod.containers.some((c) => c.ports.length > 0) ? podListener(pod, port, protocol) : undefined;
    if (l && l.kind === 'pod') return { kind: 'node', node, pod, what: `${l.what} (hostNetwork: it binds the node's address)`, because: l.because };
  }
  for (const svc of state.services) {
    for (const slice of svc.endpointSlices) {
      const ep = slice.endpoints.find((e) => e.ip === node.address);
      const p = slice.ports.find((sp) => sp.port === port && sp.protocol === protocol);
      if (!ep || !p) continue;
      const pod = ep.pod ? state.index.podById.get(ep.pod) : hostPods.find((hp) => hp.labels.component === 'kube-apiserver');
      return {
        kind: 'node', node, ...(pod ? { pod } : {}),
        what: `${pod ? `pod ${pod.id}` : 'a process'} on node ${node.name} listens on ${protocol} ${port} (endpoint of Service ${svc.id})`,
        because: [{ kind: 'EndpointSlice', object: { kind: 'Service', namespace: svc.namespace, name: svc.name }, text: `${node.address}:${port} ${protocol}` }],
      };
    }
  }
  if (protocol === 'TCP' && port === KUBELET_PORT) {
    return { kind: 'node', node, what: `the kubelet of node ${node.name} listens on TCP ${KUBELET_PORT}`, because: [] };
  }
  return undefined;
}

/** Hosts of the simulated internet: the public names serve HTTP(S) and answer ping; the upstream resolver serves DNS. */
export function outsideListener(state: ClusterState, ip: string, port: number | undefined, protocol: FlowProtocol): Listener | undefined {
  const names = Object.entries(state.outside.hosts).filter(([, address]) => address === ip).map(([host]) => host);
  const isResolver = ip === state.outside.upstreamDNS;
  if (names.length === 0 && !isResolver) return undefined;
  const label = names.length > 0 ? `${ip} (${names.join(', ')})` : `the upstream resolver ${ip}`;
  if (protocol === 'ICMP' || port === undefined) return { kind: 'outside', ip, what: `${label} answers the echo request` };
  if (names.length > 0 && protocol === 'TCP' && (port === 80 || port === 443)) return { kind: 'outside', ip, what: `the web server at ${label} accepts the connection on TCP ${port}` };
  if (isResolver && port === 53 && (protocol === 'UDP' || protocol === 'TCP')) return { kind: 'outside', ip, what: `${label} serves DNS on ${protocol} 53` };
  return undefined;
}

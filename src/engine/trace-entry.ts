// Where traffic from outside the cluster enters it (DATAPATH §5.3, §5.4). A NodePort is addressed
// to a node, so it enters that node's eth0. A LoadBalancer address in MetalLB layer-2 mode is
// answered (ARP) by one elected node, and all traffic for it enters there.
import type { ClusterState, NodeState, ServiceState } from '../model/cluster.ts';
import { sha256 } from '../cluster/hash.ts';
import type { RuleRef } from './types.ts';

/** kubeadm labels control-plane nodes so load balancers (MetalLB included) leave them out. */
export const EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export interface Leader {
  readonly node: NodeState;
  readonly because: RuleRef;
  readonly sentence: string;
}

/** Worker nodes that may receive traffic for `ip`, in MetalLB's order: sha256(`<node>#<ip>`). */
function rankedNodes(state: ClusterState, svc: ServiceState, ip: string): NodeState[] {
  const withEndpoint = new Set(svc.endpointSlices.flatMap((s) => s.endpoints.filter((e) => e.ready && e.nodeName).map((e) => e.nodeName!)));
  const usable = state.nodes.filter((n) => n.role !== 'control-plane' && n.labels[EXCLUDE_FROM_LB] === undefined
    && (svc.externalTrafficPolicy !== 'Local' || withEndpoint.has(n.name)));
  return usable.map((n) => ({ n, h: sha256(`${n.name}#${ip}`) })).sort((a, b) => compareBytes(a.h, b.h)).map((r) => r.n);
}

/**
 * The MetalLB layer-2 leader for `ip`: every speaker orders the usable nodes by
 * sha256(`<node>#<ip>`) and the first one announces the address (metallb speaker
 * layer2_controller.go ShouldAnnounce). Usable: worker nodes (kubeadm's control-plane label
 * `node.kubernetes.io/exclude-from-external-load-balancers` keeps them out) and, with
 * externalTrafficPolicy Local, only nodes with a ready endpoint of the Service (MetalLB announces
 * from nodes that can serve it). Every simulated node is Ready.
 */
export function loadBalancerLeader(state: ClusterState, svc: ServiceState, ip: string): Leader | undefined {
  const ranked = rankedNodes(state, svc, ip);
  const first = ranked[0];
  if (!first) return undefined;
  const local = svc.externalTrafficPolicy === 'Local' ? ' with a ready endpoint (externalTrafficPolicy: Local)' : '';
  return {
    node: first,
    because: { kind: 'Service', object: { kind: 'Service', namespace: svc.namespace, name: svc.name }, text: `MetalLB L2: ${ip} announced by ${first.name} (first of ${ranked.length} usable node(s) ordered by sha256(node#ip))` },
    sentence: `MetalLB's elected speaker on ${first.name} answers ARP for ${ip} (layer-2 mode: one node of the ${ranked.length} worker node(s)${local} holds the address), so the client's packets enter ${first.name}`,
  };
}

/**
 * Where traffic for a Service's externalIP enters. Kubernetes does not announce externalIPs and
 * MetalLB only announces the addresses it assigned itself (Service docs: externalIPs are "the
 * responsibility of the cluster administrator"), so the network must route them to a node; the
 * simulation picks one the way it picks a MetalLB leader, and says that it is the network's doing.
 */
export function externalIpEntry(state: ClusterState, svc: ServiceState, ip: string): Leader | undefined {
  const first = rankedNodes(state, svc, ip)[0];
  if (!first) return undefined;
  return {
    node: first,
    because: { kind: 'Service', object: { kind: 'Service', namespace: svc.namespace, name: svc.name }, text: `externalIPs: ${ip} (routed to ${first.name} by the network, not by Kubernetes)` },
    sentence: `${ip} is an externalIP of Service ${svc.id}: Kubernetes does not announce externalIPs (nor does MetalLB), so the network must route it to a node — here the administrator's route sends it to ${first.name} (${first.address}); kube-proxy on every node has rules for it`,
  };
}

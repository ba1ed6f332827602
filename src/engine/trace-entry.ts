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

/**
 * The MetalLB layer-2 leader for `ip`: every speaker orders the usable nodes by
 * sha256(`<node>#<ip>`) and the first one announces the address (metallb speaker
 * layer2_controller.go ShouldAnnounce). Usable: worker nodes (kubeadm's control-plane label
 * `node.kubernetes.io/exclude-from-external-load-balancers` keeps them out) and, with
 * externalTrafficPolicy Local, only nodes with a ready endpoint of the Service (MetalLB announces
 * from nodes that can serve it). Every simulated node is Ready.
 */
export function loadBalancerLeader(state: ClusterState, svc: ServiceState, ip: string): Leader | undefined {
  const withEndpoint = new Set(svc.endpointSlices.flatMap((s) => s.endpoints.filter((e) => e.ready && e.nodeName).map((e) => e.nodeName!)));
  const usable = state.nodes.filter((n) => n.role !== 'control-plane' && n.labels[EXCLUDE_FROM_LB] === undefined
    && (svc.externalTrafficPolicy !== 'Local' || withEndpoint.has(n.name)));
  const ranked = usable.map((n) => ({ n, h: sha256(`${n.name}#${ip}`) })).sort((a, b) => compareBytes(a.h, b.h));
  const first = ranked[0];
  if (!first) return undefined;
  const local = svc.externalTrafficPolicy === 'Local' ? ' with a ready endpoint (externalTrafficPolicy: Local)' : '';
  return {
    node: first.n,
    because: { kind: 'Service', object: { kind: 'Service', namespace: svc.namespace, name: svc.name }, text: `MetalLB L2: ${ip} announced by ${first.n.name} (first of ${ranked.length} usable node(s) ordered by sha256(node#ip))` },
    sentence: `MetalLB's elected speaker on ${first.n.name} answers ARP for ${ip} (layer-2 mode: one node of the ${ranked.length} worker node(s)${local} holds the address), so the client's packets enter ${first.n.name}`,
  };
}


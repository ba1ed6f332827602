// Intermediate shapes passed between the build steps (index.ts orchestrates; network.ts,
// kubeproxy.ts and dns.ts consume them). Not part of ClusterState.
import type { Labels } from '../model/labels.ts';
import type { ObjectSource, Taint } from '../model/objects.ts';

/** A node before its interfaces, routes and proxy rules are computed. */
export interface NodeDraft {
  readonly name: string;
  readonly role: 'control-plane' | 'worker';
  readonly zone?: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  /** InternalIP on eth0. */
  readonly address: string;
  /** node.spec.podCIDR (flannel, Cilium cluster-pool). For Calico: the node's first /26 block. */
  readonly podCIDR: string;
  /** IPAM blocks owned by the node (Calico /26 blocks; otherwise [podCIDR]). */
  readonly ipamBlocks: readonly string[];
  readonly source?: ObjectSource;
}

/** What the network step needs to wire one pod to its node. */
export interface PodAttachment {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly hostNetwork: boolean;
}

// Matching compiled policies against peers: which policies select a pod, which peers a rule names,
// and which ports a rule opens towards a given destination pod (named ports resolved there).
import type { ClusterState, NodeState, PodState } from '../model/cluster.ts';
import type { Cidr } from '../model/ip.ts';
import { cidrContains, parseIPv4 } from '../model/ip.ts';
import { selectorMatches } from '../model/labels.ts';
import type { NetworkPolicyPort } from '../model/objects.ts';
import type { CompiledPeer, CompiledPolicy, CompiledRule, Direction } from './policy-compile.ts';
import { allConns, connUnion, noConns, portRange, protocolConns, allPorts } from './portset.ts';
import type { ConnSet } from './portset.ts';

export type PolicyPeer =
  | { readonly kind: 'pod'; readonly pod: PodState }
  /**
   * The node itself or a hostNetwork pod on it. `ip`: the source address the packet carries when it
   * is not the node's InternalIP — NodePort SNAT with flannel VXLAN uses flannel.1's 10.244.N.0
   * (NETPOL.md 17, DATAPATH.md §4.6); ipBlocks match that address.
   */
  | { readonly kind: 'node'; readonly node: NodeState; readonly ip?: string }
  | { readonly kind: 'external'; readonly ip: string };

export interface PolicyOptions {
  /**
   * Whether an ipBlock matches in-cluster pod IPs (NETPOL.md 13). Default true, as real clusters
   * and the upstream conformance tests do; false is np-guard's view (ipBlocks are external-only).
   */
  readonly ipBlockMatchesPods?: boolean;
  /**
   * hostNetwork pods (NETPOL.md 20, DATAPATH.md §8.1 item 11, §9.1): 'node' (default) treats them
   * as node traffic — no policy selects them, selectors never match them, ipBlocks match the node
   * IP; 'pod' treats them like other pods (selected and matched by labels).
   */
  readonly hostNetwork?: 'node' | 'pod';
}

/** A hostNetwork pod is its node, unless the options say to treat it as a pod. */
export function normalizePeer(state: ClusterState, peer: PolicyPeer, options: PolicyOptions): PolicyPeer {
  if (peer.kind !== 'pod' || !peer.pod.hostNetwork || options.hostNetwork === 'pod') return peer;
  const node = peer.pod.nodeName === undefined ? undefined : state.index.nodeByName.get(peer.pod.nodeName);
  return node ? { kind: 'node', node } : peer;
}

/** NETPOL.md 1 and 3: a policy selects pods of its own namespace only. */
export const policySelects = (policy: CompiledPolicy, pod: PodState): boolean =>
  policy.namespace === pod.namespace && selectorMatches(policy.podSelector, pod.labels);

/** The policies of the pod's namespace that select it and isolate it for `direction` (NETPOL.md 1). */
export function isolatingPolicies(policies: readonly CompiledPolicy[] | undefined, pod: PodState, direction: Direction): CompiledPolicy[] {
  return (policies ?? []).filter((p) => (direction === 'ingress' ? p.ingress : p.egress) && policySelects(p, pod));
}

const inBlock = (peer: Extract<CompiledPeer, { kind: 'ipBlock' }>, ip: number): boolean =>
  cidrContains(peer.cidr, ip) && !peer.except.some((e: Cidr) => cidrContains(e, ip));

// Addresses parsed once: reach matches every ipBlock against every class representative.
const parsedIps = new Map<string, number | null>();

function ipOf(text: string): number | undefined {
  let hit = parsedIps.get(text);
  if (hit === undefined) parsedIps.set(text, (hit = parseIPv4(text) ?? null));
  return hit ?? undefined;
}

/** Whether one peer of a rule names `other` (NETPOL.md 8–13). */
export function peerMatches(state: ClusterState, peer: CompiledPeer, other: PolicyPeer, options: PolicyOptions): boolean {
  if (peer.kind === 'ipBlock') {
    // NETPOL.md 13: in-cluster pod IPs match unless the compatibility switch says ipBlocks are external-only.
    if (other.kind === 'pod' && options.ipBlockMatchesPods === false) return false;
    const ip = ipOf(other.kind === 'pod' ? other.pod.ip ?? '' : other.kind === 'node' ? other.ip ?? other.node.address : other.ip);
    return ip !== undefined && inBlock(peer, ip);
  }
  // Selectors name pods only: never external addresses (NETPOL.md 9) nor node traffic (NETPOL.md 20).
  if (other.kind !== 'pod') return false;
  const { pod } = other;
  if (!peerNamespaceMatches(state, peer, pod.namespace)) return false;
  return peer.podSelector === undefined || selectorMatches(peer.podSelector, pod.labels); // NETPOL.md 10: AND
}

/** Whether a pods peer may name pods of `namespace` at all (its podSelector aside). */
export function peerNamespaceMatches(state: ClusterState, peer: Extract<CompiledPeer, { kind: 'pods' }>, namespace: string): boolean {
  if (peer.namespace !== undefined) return namespace === peer.namespace; // NETPOL.md 8
  // NETPOL.md 11: namespace labels, including kubernetes.io/metadata.name.
  const ns = state.index.namespaceByName.get(namespace);
  const labels = ns?.labels ?? { 'kubernetes.io/metadata.name': namespace };
  return selectorMatches(peer.namespaceSelector!, labels);
}

/** Whether a rule's peer list names `other`: absent = everyone (NETPOL.md 7), one match suffices (OR). */
export const rulePeerMatches = (state: ClusterState, rule: CompiledRule, other: PolicyPeer, options: PolicyOptions): boolean =>
  rule.peers === undefined || rule.peers.some((p) => peerMatches(state, p, other, options));

/**
 * The connections one port entry opens towards `target` (NETPOL.md 14, 15): omitted port = every
 * port of the protocol; endPort inclusive; a named port resolves on the destination pod by name
 * and protocol, and matches nothing when it does not resolve (or the destination is not a pod).
 */
export function portEntryConns(entry: NetworkPolicyPort, target: PodState | undefined): ConnSet {
  if (entry.port === undefined) return protocolConns(entry.protocol, allPorts);
  if (typeof entry.port === 'number') return protocolConns(entry.protocol, portRange(entry.port, entry.endPort ?? entry.port));
  let out = noConns;
  for (const c of target?.containers ?? []) {
    for (const p of c.ports) {
      if (p.name === entry.port && p.protocol === entry.protocol) out = connUnion(out, protocolConns(entry.protocol, portRange(p.containerPort)));
    }
  }
  return out;
}

/** What a rule's ports open towards `target`; no `ports` = all ports of all protocols, ICMP included. */
export function rulePortConns(rule: CompiledRule, target: PodState | undefined): ConnSet {
  if (rule.ports === undefined) return allConns;
  return rule.ports.reduce((acc, entry) => connUnion(acc, portEntryConns(entry, target)), noConns);
}

/** The pod a named port resolves on: the destination of the connection, when it is a pod. */
export const targetPod = (dst: PolicyPeer): PodState | undefined => (dst.kind === 'pod' ? dst.pod : undefined);

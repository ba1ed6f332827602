// What kube-proxy's rules (and the CNI's rules beside them) do to a packet on one node, read
// from the programmed data in NodeState.proxy (DATAPATH §4, §5, §9.2). The packet tracer calls
// serviceDnat at the nat PREROUTING/OUTPUT hooks and postrouting at nat POSTROUTING.
import type { ClusterState, EndpointState, NetInterface, NodeState, PodState, ServiceState } from '../model/cluster.ts';
import type { Protocol, ServicePort } from '../model/objects.ts';
import type { ConntrackTable } from './conntrack.ts';
import { emptyConntrack } from './conntrack.ts';
import { chainDnat, chainFilter } from './netfilter-iptables.ts';
import { ipvsDnat } from './netfilter-ipvs.ts';
import { replacementDnat } from './netfilter-replacement.ts';
import { postroutingSnat } from './netfilter-snat.ts';
import type { Rng } from './random.ts';
import type { RuleRef } from './types.ts';

export interface Tuple {
  readonly protocol: Protocol | 'ICMP';
  readonly src: string;
  /** ICMP echo: the identifier, in both sport and dport. */
  readonly sport: number;
  readonly dst: string;
  readonly dport: number;
}

export type NatHook = 'PREROUTING' | 'OUTPUT';

export interface DnatResult {
  /** dnat: translated to an endpoint; none: no Service rule matched (plain traffic); reject/drop: a Service without usable endpoints (filter KUBE-SERVICES / KUBE-EXTERNAL-SERVICES), ETP/ITP Local with no local endpoint. */
  readonly verdict: 'dnat' | 'none' | 'reject' | 'drop';
  /** After DNAT (unchanged when none). */
  readonly tuple: Tuple;
  /** KUBE-MARK-MASQ was hit (0x4000). */
  readonly masqueradeMark: boolean;
  /** The packet's whole mark after the walk (0x4000 kube-proxy, 0x2000 the portmap plugin's hairpin): pass it to postrouting. */
  readonly mark: number;
  readonly service?: ServiceState;
  readonly servicePort?: ServicePort;
  readonly endpoint?: EndpointState;
  /** The pod behind the endpoint (or behind a hostPort). */
  readonly pod?: PodState;
  /** Every rule the packet matched, in walk order. */
  readonly because: readonly RuleRef[];
  /** One sentence saying what happened and which rule decided. */
  readonly sentence: string;
  /** The conntrack-side state after the walk: affinity lists set, IPVS rr position advanced. */
  readonly ct: ConntrackTable;
  /** Cilium kube-proxy replacement: translated at connect()/sendmsg(), so no packet ever carries the Service address (§4.11). */
  readonly socketLevel?: boolean;
}

export interface DnatOptions {
  /** Affinity lists and IPVS positions from earlier connections of the same trace. */
  readonly ct?: ConntrackTable;
}

/**
 * kube-proxy at the nat PREROUTING (packets entering the node) or OUTPUT (packets the node
 * itself sends, hostNetwork pods included) hook. When no nat rule translates the packet, the
 * filter chains it meets next (INPUT or FORWARD, OUTPUT) decide whether kube-proxy rejects or
 * drops it (§4.8).
 */
export function serviceDnat(
  state: ClusterState, node: NodeState, tuple: Tuple, hook: NatHook, rng: Rng, opts: DnatOptions = {},
): DnatResult {
  const ct = opts.ct ?? emptyConntrack;
  switch (node.proxy.mode) {
    case 'replacement': return replacementDnat(state, node, tuple, hook, rng, ct);
    case 'ipvs': return ipvsDnat(state, node, node.proxy, tuple, hook, rng, ct);
    default: return chainDnat(state, node, tuple, hook, rng, ct);
  }
}

export interface FilterResult {
  readonly verdict: 'accept' | 'drop' | 'reject' | 'none';
  readonly because: readonly RuleRef[];
  readonly sentence: string;
}

/**
 * kube-proxy's filter chains at one hook (no NetworkPolicy: that is the policy engine's part):
 * REJECT/DROP for Services without usable endpoints, loadBalancerSourceRanges, ctstate INVALID.
 */
export function filterVerdict(
  state: ClusterState, node: NodeState, tuple: Tuple, hook: 'INPUT' | 'FORWARD' | 'OUTPUT', opts: { readonly mark?: number } = {},
): FilterResult {
  return chainFilter(state, node, tuple, hook, opts.mark ?? 0);
}

export interface SnatResult {
  readonly tuple: Tuple;
  readonly masqueraded: boolean;
  readonly because: readonly RuleRef[];
  readonly sentence: string;
}

export interface PostroutingOptions {
  readonly masqueradeMark: boolean;
  /** The whole packet mark (DnatResult.mark); overrides masqueradeMark when given (portmap's 0x2000 hairpin mark). */
  readonly mark?: number;
  readonly outInterface: NetInterface;
  readonly rng: Rng;
}

/**
 * nat POSTROUTING: KUBE-POSTROUTING (mark → MASQUERADE --random-fully to the out interface's
 * primary address) and the CNI's own chains (FLANNEL-POSTRTG, Calico nat-outgoing) — pod →
 * outside the cluster CIDR is masqueraded by the CNI, pod → pod is not (DATAPATH §4.6).
 */
export function postrouting(state: ClusterState, node: NodeState, tuple: Tuple, opts: PostroutingOptions): SnatResult {
  return postroutingSnat(state, node, tuple, opts);
}

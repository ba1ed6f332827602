// One direction of one connection, decided symbolically: which policies isolate the pod, which of
// their rules name the other peer, and the connections those rules open (NETPOL.md 1–5, 7, 19).
// checkPolicy asks whether one port is in the set; reach uses the set itself.
import type { ClusterState, PodState } from '../model/cluster.ts';
import type { CompiledPolicy, CompiledRule, Direction } from './policy-compile.ts';
import { compilePolicies } from './policy-compile.ts';
import type { PolicyOptions, PolicyPeer } from './policy-match.ts';
import { isolatingPolicies, normalizePeer, policySelects, rulePeerMatches, rulePortConns, targetPod } from './policy-match.ts';
import { allConns, connUnion, noConns } from './portset.ts';
import type { ConnSet } from './portset.ts';

/** A rule that names the other peer, and what it opens towards the destination. */
export interface RuleMatch {
  readonly policy: CompiledPolicy;
  readonly rule: CompiledRule;
  readonly conns: ConnSet;
}

export type Evaluation =
  /** The end this direction belongs to is not a pod (a node, a hostNetwork pod, an outside address). */
  | { readonly kind: 'not-a-pod'; readonly subject: PolicyPeer; readonly conns: ConnSet }
  /** settings.cni.networkPolicy is off: policies exist as objects only (NETPOL.md 22). */
  | { readonly kind: 'not-enforced'; readonly pod: PodState; readonly selecting: readonly CompiledPolicy[]; readonly conns: ConnSet }
  /** NETPOL.md 19: a pod can always reach itself. */
  | { readonly kind: 'self'; readonly pod: PodState; readonly selecting: readonly CompiledPolicy[]; readonly conns: ConnSet }
  /** NETPOL.md 19: ingress from the pod's own node (kubelet probes) is always allowed. */
  | { readonly kind: 'own-node'; readonly pod: PodState; readonly selecting: readonly CompiledPolicy[]; readonly conns: ConnSet }
  /** NETPOL.md 1: no policy with this direction in policyTypes selects the pod. `selecting`: those selecting it for the other direction. */
  | { readonly kind: 'not-isolated'; readonly pod: PodState; readonly selecting: readonly CompiledPolicy[]; readonly conns: ConnSet }
  /** NETPOL.md 4: the union of the rules of every isolating policy. */
  | { readonly kind: 'isolated'; readonly pod: PodState; readonly selecting: readonly CompiledPolicy[]; readonly matches: readonly RuleMatch[]; readonly conns: ConnSet };

export interface EvaluateOptions extends PolicyOptions {
  /**
   * reach evaluates two distinct pods of one equivalence class through one representative;
   * the self exemption must then not apply.
   */
  readonly distinct?: boolean;
}

/**
 * Evaluates `direction` for the connection `src → dst`: egress for `src` against `dst`, ingress
 * for `dst` against `src`. Ports are the post-DNAT destination ports (NETPOL.md 16); named ports
 * resolve on `dst` (NETPOL.md 15).
 */
export function evaluate(state: ClusterState, srcPeer: PolicyPeer, dstPeer: PolicyPeer, direction: Direction, options: EvaluateOptions = {}): Evaluation {
  const src = normalizePeer(state, srcPeer, options);
  const dst = normalizePeer(state, dstPeer, options);
  const subject = direction === 'egress' ? src : dst;
  const other = direction === 'egress' ? dst : src;
  if (subject.kind !== 'pod') return { kind: 'not-a-pod', subject, conns: allConns };
  const { pod } = subject;
  const namespacePolicies = compilePolicies(state).byNamespace.get(pod.namespace);
  const selecting = isolatingPolicies(namespacePolicies, pod, direction);
  if (!state.settings.cni.networkPolicy) return { kind: 'not-enforced', pod, selecting, conns: allConns };
  if (!options.distinct && other.kind === 'pod' && other.pod.id === pod.id) return { kind: 'self', pod, selecting, conns: allConns };
  if (direction === 'ingress' && fromNodeOf(other, pod)) {
    return { kind: 'own-node', pod, selecting, conns: allConns };
  }
  if (selecting.length === 0) {
    const others = (namespacePolicies ?? []).filter((p) => policySelects(p, pod));
    return { kind: 'not-isolated', pod, selecting: others, conns: allConns };
  }
  const target = targetPod(dst);
  const matches: RuleMatch[] = [];
  let conns = noConns;
  for (const policy of selecting) {
    for (const rule of direction === 'ingress' ? policy.ingressRules : policy.egressRules) {
      if (!rulePeerMatches(state, rule, other, options)) continue;
      const opened = rulePortConns(rule, target);
      matches.push({ policy, rule, conns: opened });
      conns = connUnion(conns, opened);
    }
  }
  return { kind: 'isolated', pod, selecting, matches, conns };
}

/** Traffic from the pod's own node: the node itself, or a hostNetwork pod there (it sends from the node's IP). */
export function fromNodeOf(src: PolicyPeer, pod: PodState): boolean {
  if (pod.nodeName === undefined) return false;
  if (src.kind === 'node') return src.node.name === pod.nodeName;
  return src.kind === 'pod' && src.pod.hostNetwork && src.pod.nodeName === pod.nodeName;
}

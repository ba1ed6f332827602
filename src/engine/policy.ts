// checkPolicy: the NetworkPolicy verdict for one direction of one new connection, as the packet
// tracer asks it at the enforcing hops (DATAPATH.md §8.2: egress on the source node, ingress on
// the destination node, after DNAT). Replies of an allowed connection are never checked here:
// conntrack admits them (NETPOL.md 6), so the tracer does not call checkPolicy for them.
import type { ClusterState, ObjectRef } from '../model/cluster.ts';
import type { FlowProtocol } from '../model/objects.ts';
import type { CompiledPolicy, Direction } from './policy-compile.ts';
import type { PolicyOptions, PolicyPeer } from './policy-match.ts';
import { evaluate } from './policy-decide.ts';
import type { Evaluation, RuleMatch } from './policy-decide.ts';
import { connHas, connUnion, formatConns, noConns, connEmpty } from './portset.ts';
import type { RuleRef } from './types.ts';

export type { PolicyOptions, PolicyPeer } from './policy-match.ts';

export interface PolicyDecision {
  readonly allowed: boolean;
  /** Whether a policy isolates this pod in this direction (false for non-pods, and when enforcement is off). */
  readonly isolated: boolean;
  /** Whether the cluster's CNI enforces NetworkPolicy at all (settings.cni.networkPolicy). */
  readonly enforced: boolean;
  /** Policies selecting the pod for this direction (ObjectRef kind 'NetworkPolicy'). */
  readonly policies: readonly ObjectRef[];
  /** Allowed: the rule(s) that admit it. Denied: the policies that isolate the pod. */
  readonly because: readonly RuleRef[];
  /** One sentence, in the words of NETPOL.md "Explanations". */
  readonly sentence: string;
}

/**
 * Egress is evaluated for `src` (if it is a pod) against `dst`; ingress for `dst` (if a pod)
 * against `src`. `port`/`protocol` are the post-DNAT destination (NETPOL.md 16). ICMP (no port)
 * is admitted only by rules without `ports` (DATAPATH.md §8.1 item 9: NetworkPolicy defines only
 * TCP, UDP and SCTP; Calico and kube-network-policies let a port-less rule admit every protocol).
 */
export function checkPolicy(
  state: ClusterState, src: PolicyPeer, dst: PolicyPeer, port: number, protocol: FlowProtocol,
  direction: Direction, options: PolicyOptions = {},
): PolicyDecision {
  const ev = evaluate(state, src, dst, direction, options);
  const enforced = state.settings.cni.networkPolicy;
  const policies = 'selecting' in ev && ev.kind !== 'not-isolated' ? ev.selecting.map((p) => p.ref) : [];
  const base = { enforced, policies };
  const what = connectionText(protocol, port);
  switch (ev.kind) {
    case 'not-a-pod':
      return { ...base, allowed: true, isolated: false, because: [], sentence: notAPodSentence(direction, ev.subject) };
    case 'not-enforced':
      return { ...base, allowed: true, isolated: false, because: [notEnforcedRef(state)], sentence: notEnforcedSentence(state, direction, ev) };
    case 'self':
      return { ...base, allowed: true, isolated: ev.selecting.length > 0, because: [], sentence: `${direction} allowed: a pod can always reach itself, so pod ${ev.pod.id} talking to its own address is never blocked by NetworkPolicy.` };
    case 'own-node':
      return { ...base, allowed: true, isolated: ev.selecting.length > 0, because: [], sentence: `ingress allowed: traffic from the pod's own node ${ev.pod.nodeName} is always allowed (kubelet health probes come from there), whatever the policies selecting pod ${ev.pod.id} say.` };
    case 'not-isolated':
      return { ...base, allowed: true, isolated: false, because: [], sentence: notIsolatedSentence(direction, ev) };
    case 'isolated': {
      const admitting = ev.matches.filter((m) => connHas(m.conns, protocol, port));
      if (admitting.length > 0) {
        return {
          ...base, allowed: true, isolated: true, because: admitting.map(ruleRef),
          sentence: `${direction} allowed by ${list(admitting.map((m) => `NetworkPolicy ${m.policy.id} ${direction} rule #${m.rule.number}`))}: it admits ${peerText(direction === 'egress' ? dst : src)} on ${what}.`,
        };
      }
      return { ...base, allowed: false, isolated: true, because: ev.selecting.map(isolationRef(direction)), sentence: deniedSentence(direction, ev, direction === 'egress' ? dst : src, what) };
    }
  }
}

export function connectionText(protocol: FlowProtocol, port: number): string {
  return protocol === 'ICMP' ? 'ICMP' : `${protocol} ${port}`;
}

export function peerText(peer: PolicyPeer): string {
  switch (peer.kind) {
    case 'pod': return peer.pod.hostNetwork ? `hostNetwork pod ${peer.pod.id}` : peer.pod.id;
    case 'node': return `node ${peer.node.name} (${peer.ip ?? peer.node.address})`;
    case 'external': return `${peer.ip} (outside the cluster)`;
  }
}

export const list = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const policyCount = (n: number): string => (n === 1 ? 'the policy' : `the ${n} policies`);

export function ruleRef(m: RuleMatch): RuleRef {
  return { kind: 'NetworkPolicy', object: m.policy.ref, rule: m.rule.number, text: `NetworkPolicy ${m.policy.id} ${m.rule.text}`, ...(m.rule.range && { range: m.rule.range }) };
}

export const isolationRef = (direction: Direction) => (p: CompiledPolicy): RuleRef => ({
  kind: 'NetworkPolicy', object: p.ref,
  text: `NetworkPolicy ${p.id} selects the pod and lists ${direction === 'ingress' ? 'Ingress' : 'Egress'} in policyTypes`,
  ...(p.range && { range: p.range }),
});

const notEnforcedRef = (state: ClusterState): RuleRef => ({
  kind: 'Cluster', text: `${state.settings.cni.plugin}: NetworkPolicy enforcement off`,
  ...(state.settings.source && state.settings.source.doc > 0 && { range: state.settings.source.range }),
});

function notAPodSentence(direction: Direction, subject: PolicyPeer): string {
  const end = direction === 'egress' ? 'the source' : 'the destination';
  if (subject.kind === 'external') return `${direction} not checked: ${end} ${subject.ip} is outside the cluster, and NetworkPolicy applies only to pods.`;
  if (subject.kind === 'node') return `${direction} not checked: ${end} is ${peerText(subject)}, node traffic that NetworkPolicy does not select (hostNetwork pods count as their node).`;
  return `${direction} not checked: ${end} is not a pod NetworkPolicy can select.`;
}

function notEnforcedSentence(state: ClusterState, direction: Direction, ev: Extract<Evaluation, { kind: 'not-enforced' }>): string {
  const head = `${direction} allowed: the cluster's CNI (${state.settings.cni.plugin}) does not enforce NetworkPolicy`;
  if (ev.selecting.length === 0) return `${head}; no policy selects pod ${ev.pod.id} for ${direction} anyway.`;
  const n = ev.selecting.length;
  return `${head}, so ${policyCount(n)} selecting pod ${ev.pod.id} for ${direction} (${list(ev.selecting.map((p) => p.id))}) ${n === 1 ? 'exists but has' : 'exist but have'} no effect.`;
}

function notIsolatedSentence(direction: Direction, ev: Extract<Evaluation, { kind: 'not-isolated' }>): string {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const head = `${direction} allowed: pod ${ev.pod.id} is not isolated for ${direction}`;
  if (ev.selecting.length === 0) return `${head}: no NetworkPolicy selects it, so it ${direction === 'ingress' ? 'accepts' : 'may send'} everything.`;
  return `${head}: ${policyCount(ev.selecting.length)} selecting it (${list(ev.selecting.map((p) => p.id))}) ${ev.selecting.length === 1 ? 'does' : 'do'} not list ${type} in policyTypes.`;
}

function deniedSentence(direction: Direction, ev: Extract<Evaluation, { kind: 'isolated' }>, other: PolicyPeer, what: string): string {
  const n = ev.selecting.length;
  const head = `${direction} denied: pod ${ev.pod.id} is isolated for ${direction} by ${list(ev.selecting.map((p) => p.id))}, and no ${direction} rule of ${policyCount(n)} selecting it admits ${peerText(other)} on ${what}`;
  // A near miss is the usual bug: the peer is named, but on other ports (or a named port that did not resolve).
  const opened = ev.matches.reduce((acc, m) => connUnion(acc, m.conns), noConns);
  if (ev.matches.length > 0 && !connEmpty(opened)) {
    return `${head} (${list(ev.matches.map((m) => `rule #${m.rule.number} of ${m.policy.id}`))} ${ev.matches.length === 1 ? 'names' : 'name'} this peer but ${ev.matches.length === 1 ? 'opens' : 'open'} only ${formatConns(opened)}).`;
  }
  if (ev.matches.length > 0) return `${head} (${list(ev.matches.map((m) => `rule #${m.rule.number} of ${m.policy.id}`))} ${ev.matches.length === 1 ? 'names' : 'name'} this peer, but its ports resolve to nothing here: a named port the destination pod does not define).`;
  return `${head}.`;
}

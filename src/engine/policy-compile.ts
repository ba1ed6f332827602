// Compile, then evaluate (STYLE.md habit 2): NetworkPolicies become plain-data matchers once per
// ClusterState, grouped by namespace, each rule with its 1-based number and its YAML range.
import type { ClusterState, ObjectRef } from '../model/cluster.ts';
import type { SourceRange } from '../model/diagnostic.ts';
import type { Cidr } from '../model/ip.ts';
import { parseCidr } from '../model/ip.ts';
import { formatSelector, isEmptySelector } from '../model/labels.ts';
import type { LabelSelector } from '../model/labels.ts';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, ObjectSource } from '../model/objects.ts';

export type Direction = 'ingress' | 'egress';

/** A peer as data (STYLE.md habit 3). */
export type CompiledPeer =
  /** Pods: `namespace` set when the peer has no namespaceSelector (NETPOL.md 8: the policy's own namespace). */
  | { readonly kind: 'pods'; readonly namespace?: string; readonly namespaceSelector?: LabelSelector; readonly podSelector?: LabelSelector; readonly text: string }
  /** `cidr` minus every `except` (NETPOL.md 13); ranges are [first, last] as unsigned 32-bit numbers. */
  | { readonly kind: 'ipBlock'; readonly cidr: Cidr; readonly except: readonly Cidr[]; readonly text: string };

export interface CompiledRule {
  /** 1-based, as explanations number rules (NETPOL.md "Explanations"). */
  readonly number: number;
  readonly direction: Direction;
  /** undefined: every peer, including outside the cluster (NETPOL.md 7). */
  readonly peers?: readonly CompiledPeer[];
  /** undefined: every port of every protocol. */
  readonly ports?: readonly NetworkPolicyPort[];
  readonly range?: SourceRange;
  /** `ingress rule #1 (from: podSelector app=web; ports: TCP 8080)`. */
  readonly text: string;
}

export interface CompiledPolicy {
  readonly ref: ObjectRef;
  /** `ns/name`. */
  readonly id: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly ingressRules: readonly CompiledRule[];
  readonly egressRules: readonly CompiledRule[];
  /** Range of the whole policy (its podSelector when known) for a "this policy isolates" reference. */
  readonly range?: SourceRange;
  readonly policy: NetworkPolicy;
}

export interface CompiledPolicies {
  readonly byNamespace: ReadonlyMap<string, readonly CompiledPolicy[]>;
  readonly all: readonly CompiledPolicy[];
}

// Pure: the same ClusterState always compiles to the same result, and the state is immutable.
const cache = new WeakMap<ClusterState, CompiledPolicies>();

export function compilePolicies(state: ClusterState): CompiledPolicies {
  const hit = cache.get(state);
  if (hit) return hit;
  const all = [...state.policies]
    .sort((a, b) => cmp(a.metadata.namespace, b.metadata.namespace) || cmp(a.metadata.name, b.metadata.name))
    .map(compilePolicy);
  const byNamespace = new Map<string, CompiledPolicy[]>();
  for (const p of all) {
    const list = byNamespace.get(p.namespace) ?? [];
    list.push(p);
    byNamespace.set(p.namespace, list);
  }
  const compiled: CompiledPolicies = { byNamespace, all };
  cache.set(state, compiled);
  return compiled;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compilePolicy(policy: NetworkPolicy): CompiledPolicy {
  const { namespace, name } = policy.metadata;
  const { spec, source } = policy;
  const rules = (direction: Direction) => {
    const list = direction === 'ingress' ? spec.ingress : spec.egress;
    return list.map((rule, i): CompiledRule => {
      const peers = 'from' in rule ? rule.from : 'to' in rule ? rule.to : undefined;
      const compiledPeers = peers?.map((p) => compilePeer(p, namespace)).filter((p): p is CompiledPeer => p !== undefined);
      return {
        number: i + 1,
        direction,
        ...(compiledPeers !== undefined && { peers: compiledPeers }),
        ...(rule.ports !== undefined && { ports: rule.ports }),
        ...withRange(rangeOf(source, `spec.${direction}[${i}]`)),
        text: ruleText(direction, i + 1, compiledPeers, rule.ports),
      };
    });
  };
  return {
    ref: { kind: 'NetworkPolicy', namespace, name },
    id: `${namespace}/${name}`,
    namespace,
    podSelector: spec.podSelector,
    ingress: spec.policyTypes.includes('Ingress'),
    egress: spec.policyTypes.includes('Egress'),
    ingressRules: rules('ingress'),
    egressRules: rules('egress'),
    ...withRange(rangeOf(source, 'spec.podSelector') ?? rangeOf(source, 'spec') ?? source.range),
    policy,
  };
}

const withRange = (range: SourceRange | undefined) => (range ? { range } : {});

/** A field's range, carrying the file name so a click can open the right file. */
export function rangeOf(source: ObjectSource, path: string): SourceRange | undefined {
  const range = path === '' ? source.range : source.paths[path];
  if (!range || source.doc === 0) return undefined; // built-in objects have no text
  return range.file === undefined && source.file !== undefined ? { ...range, file: source.file } : range;
}

function compilePeer(peer: NetworkPolicyPeer, namespace: string): CompiledPeer | undefined {
  if (peer.ipBlock) {
    const cidr = parseCidr(peer.ipBlock.cidr);
    if (!cidr) return undefined; // the parser rejected it already; an unreadable block matches nothing
    const except = peer.ipBlock.except.map(parseCidr).filter((c): c is Cidr => c !== undefined);
    const text = `ipBlock ${peer.ipBlock.cidr}${except.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
    return { kind: 'ipBlock', cidr, except, text };
  }
  const parts: string[] = [];
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${selectorText(peer.namespaceSelector)}`);
  if (peer.podSelector) parts.push(`podSelector ${selectorText(peer.podSelector)}`);
  return {
    kind: 'pods',
    ...(peer.namespaceSelector ? { namespaceSelector: peer.namespaceSelector } : { namespace }),
    ...(peer.podSelector && { podSelector: peer.podSelector }),
    text: parts.join(' AND ') + (peer.namespaceSelector ? '' : ` (namespace ${namespace})`),
  };
}

const selectorText = (s: LabelSelector): string => (isEmptySelector(s) ? '{}' : formatSelector(s));

export function portText(p: NetworkPolicyPort): string {
  if (p.port === undefined) return `${p.protocol} (all ports)`;
  if (p.endPort !== undefined) return `${p.protocol} ${p.port}-${p.endPort}`;
  return `${p.protocol} ${p.port}`;
}

function ruleText(direction: Direction, n: number, peers: readonly CompiledPeer[] | undefined, ports: readonly NetworkPolicyPort[] | undefined): string {
  const key = direction === 'ingress' ? 'from' : 'to';
  const who = peers === undefined ? `${key} anywhere` : peers.length === 0 ? `${key} nothing` : `${key} ${peers.map((p) => p.text).join(' OR ')}`;
  // An empty list is what is left when every port entry was invalid: it opens nothing.
  const what = ports === undefined ? 'all ports and protocols' : ports.length === 0 ? 'no ports' : ports.map(portText).join(', ');
  return `${direction} rule #${n} (${who}; ${what})`;
}

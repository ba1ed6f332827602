// What the inspector shows for one hop of a trace: where it happened, what it did, the packet
// against the one before, the rules behind it, and — on the hop that dropped the flow — why, in a
// sentence, with the egress and ingress NetworkPolicy verdicts from the engine's explain().
import { explain } from '../../engine/index.ts';
import type { Hop, HopVerdict, IPv4Layer, Layer, PolicyPeer, RuleRef, Trace } from '../../engine/index.ts';
import type { ClusterState } from '../../model/cluster.ts';
import type { SourceRange } from '../../model/diagnostic.ts';
import type { FlowProtocol } from '../../model/objects.ts';
import type { Step } from '../../state/hops.ts';
import { packetDiff } from './packetDiff.ts';
import type { PacketDiff } from './packetDiff.ts';

export interface RuleView {
  readonly kind: RuleRef['kind'];
  /** The rule as the tool prints it (iptables-save line, policy rule, route). */
  readonly text: string;
  /** In words, for NetworkPolicy and numbered rules: `ingress rule 1 of NetworkPolicy shop/allow-web`. */
  readonly words?: string;
  /** The object behind it: `Service shop/backend`. */
  readonly object?: string;
  readonly range?: SourceRange;
}

export interface DropView {
  /** The trace's reason: why the flow ended here. */
  readonly sentence: string;
  /** The engine's NetworkPolicy verdicts for this connection, egress then ingress, when policy decided. */
  readonly policy: readonly string[];
}

export interface HopView {
  readonly phase: string;
  /** `hop 3 of 12` within the phase. */
  readonly position: string;
  /** node · interface or hook · component. */
  readonly where: readonly string[];
  /** What the hop did; empty when it only repeats the drop sentence. */
  readonly action: string;
  readonly verdict: HopVerdict;
  /** A packet as sent (a phase's first hop, a server's answer): `diff` marks nothing. */
  readonly fresh: boolean;
  readonly diff: PacketDiff;
  readonly rules: readonly RuleView[];
  readonly drop?: DropView;
}

const objectText = (r: RuleRef): string | undefined => (r.object ? `${r.object.kind} ${r.object.namespace ? `${r.object.namespace}/` : ''}${r.object.name}` : undefined);

/** NetworkPolicy refs name the policy and rule number in words; numbered iptables rules say where they sit. */
export function ruleView(r: RuleRef): RuleView {
  const object = objectText(r);
  let words: string | undefined;
  if (r.kind === 'NetworkPolicy' && r.object) {
    const id = `${r.object.namespace}/${r.object.name}`;
    const direction = /\begress rule\b/.test(r.text) ? 'egress' : /\bingress rule\b/.test(r.text) ? 'ingress' : '';
    words = r.rule !== undefined
      ? `${direction ? `${direction} ` : ''}rule ${r.rule} of NetworkPolicy ${id}`
      : `NetworkPolicy ${id} isolates the pod, and none of its rules admits this connection`;
  } else if (r.kind === 'iptables' && r.rule !== undefined) {
    const chain = /^-A (\S+)/.exec(r.text)?.[1];
    if (chain) words = `rule ${r.rule} of chain ${chain}`;
  }
  return { kind: r.kind, text: r.text, ...(words && { words }), ...(object && { object }), ...(r.range && { range: r.range }) };
}

const isDrop = (v: HopVerdict): boolean => v === 'drop' || v === 'reject';

/** The step that ended a failed flow (the first drop or reject), if any. */
export function decidingStep(steps: readonly Step[]): number | undefined {
  return steps.find((s) => isDrop(s.hop.verdict))?.index;
}

export function hopView(trace: Trace, step: Step, cluster: ClusterState | undefined): HopView {
  const { hop, phase, hopIndex } = step;
  // Within a phase the previous hop's packet is "before"; a phase's first hop, and an answer (a new
  // packet the server writes), is a packet as sent: nothing to compare it with.
  const fresh = hopIndex === 0 || hop.verdict === 'answer';
  const before = fresh ? undefined : phase.hops[hopIndex - 1]!.packet;
  const where = [hop.node, hop.where !== hop.component ? hop.where : undefined, hop.component].filter((x): x is string => !!x);
  // The engine's sentences overlap (the hop's action often is the trace's reason): say each once.
  const policy = isDrop(hop.verdict) && cluster ? policySentences(cluster, hop).filter((p) => !trace.reason.includes(p) && !hop.action.includes(p)) : [];
  const drop = isDrop(hop.verdict) ? { sentence: trace.reason, policy } : undefined;
  return {
    phase: phase.name,
    position: `hop ${hopIndex + 1} of ${phase.hops.length}`,
    where: [...new Set(where)],
    action: drop && hop.action === trace.reason ? '' : hop.action,
    verdict: hop.verdict,
    fresh,
    diff: packetDiff(before, hop.packet),
    rules: hop.because.map(ruleView),
    ...(drop && { drop }),
  };
}

/** The egress and ingress verdicts of the dropped packet's connection, when a NetworkPolicy decided. */
export function policySentences(cluster: ClusterState, hop: Hop): string[] {
  if (!hop.because.some((r) => r.kind === 'NetworkPolicy')) return [];
  const ip = innermost(hop.packet.layers);
  if (!ip) return [];
  const l4 = hop.packet.layers[hop.packet.layers.indexOf(ip) + 1];
  const port = l4 && 'dport' in l4 ? l4.dport : 0;
  const protocol: FlowProtocol | undefined = ip.protocol === 'IPIP' ? undefined : ip.protocol;
  if (!protocol) return [];
  const result = explain(cluster, peerOf(cluster, ip.src), peerOf(cluster, ip.dst), port, protocol);
  const c = result.ok ? result.value.connections[0] : undefined;
  return c ? [c.egress.sentence, c.ingress.sentence] : [];
}

function innermost(layers: readonly Layer[]): IPv4Layer | undefined {
  const ips = layers.filter((l): l is IPv4Layer => l.type === 'ipv4');
  return ips[ips.length - 1];
}

function peerOf(cluster: ClusterState, address: string): PolicyPeer {
  const pod = cluster.index.podByIp.get(address);
  if (pod) return { kind: 'pod', pod };
  const node = cluster.index.nodeByAddress.get(address);
  return node ? { kind: 'node', node } : { kind: 'external', ip: address };
}

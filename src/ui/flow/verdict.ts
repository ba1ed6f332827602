// How a flow's outcome and each hop's verdict read: an icon, a word and a tone (never colour
// alone), and for a flow that did not get through, which rules decided it. Pure.
import type { Hop, HopVerdict, Trace } from '../../engine/index.ts';
import type { FlowVerdict } from '../../model/objects.ts';

export type Tone = 'ok' | 'bad' | 'warn' | 'info';

export interface Badge {
  readonly icon: string;
  readonly text: string;
  readonly tone: Tone;
}

const FLOW: Readonly<Record<FlowVerdict, Badge>> = {
  delivered: { icon: '✓', text: 'delivered', tone: 'ok' },
  dropped: { icon: '⊘', text: 'dropped', tone: 'bad' },
  rejected: { icon: '✗', text: 'refused', tone: 'bad' },
  nxdomain: { icon: '?', text: 'NXDOMAIN', tone: 'warn' },
  'not-found': { icon: '?', text: 'not found', tone: 'warn' },
  unavailable: { icon: '!', text: 'unavailable', tone: 'warn' },
  unreachable: { icon: '✗', text: 'unreachable', tone: 'bad' },
};

const HOP: Readonly<Record<HopVerdict, Badge>> = {
  pass: { icon: '→', text: 'pass', tone: 'info' },
  nat: { icon: '⇄', text: 'NAT', tone: 'info' },
  encap: { icon: '⊕', text: 'encapsulate', tone: 'info' },
  decap: { icon: '⊖', text: 'decapsulate', tone: 'info' },
  deliver: { icon: '✓', text: 'deliver', tone: 'ok' },
  answer: { icon: '↩', text: 'answer', tone: 'ok' },
  drop: { icon: '⊘', text: 'drop', tone: 'bad' },
  reject: { icon: '✗', text: 'reject', tone: 'bad' },
};

export const flowBadge = (verdict: FlowVerdict): Badge => FLOW[verdict];
export const hopBadge = (verdict: HopVerdict): Badge => HOP[verdict];

/** A saved Flow's expectation against what happened: undefined when there is none. */
export function expectation(verdict: FlowVerdict, expect: FlowVerdict | undefined): { readonly met: boolean; readonly text: string } | undefined {
  if (!expect) return undefined;
  return verdict === expect
    ? { met: true, text: 'as expected' }
    : { met: false, text: `✗ expected ${expect}` };
}

/** The hop that ended the flow: the last drop or reject, if any. */
export function decidingHop(trace: Trace): Hop | undefined {
  const hops = trace.phases.flatMap((p) => p.hops);
  return [...hops].reverse().find((h) => h.verdict === 'drop' || h.verdict === 'reject');
}

/**
 * "Decided by NetworkPolicy shop/allow-backend-to-db and NetworkPolicy shop/default-deny-ingress."
 * Names the objects behind the deciding hop's rules (or the rules' text when no object owns them).
 */
export function decidingRules(trace: Trace): string | undefined {
  if (trace.verdict === 'delivered') return undefined;
  const hop = decidingHop(trace);
  if (!hop || hop.because.length === 0) return undefined;
  const names = [...new Set(hop.because.map((r) => (r.object
    ? `${r.object.kind} ${r.object.namespace ? `${r.object.namespace}/` : ''}${r.object.name}${r.rule ? ` rule ${r.rule}` : ''}`
    : r.text)))];
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  return `Decided by ${list}.`;
}

// The hop list's headline: the verdict and the trace's reason, and for a flow that did not get
// through, the rules that decided it. Pure.
import type { Phase, Trace } from '../../engine/index.ts';
import { decidingRules, flowBadge } from '../flow/verdict.ts';

export interface Summary {
  readonly verdict: string;
  readonly reason: string;
  readonly rules?: string;
}

export function summaryOf(trace: Trace): Summary {
  const rules = decidingRules(trace);
  return { verdict: flowBadge(trace.verdict).text, reason: trace.reason, ...(rules ? { rules } : {}) };
}

/** DNS and reply phases look different from the connection itself. */
export function phaseTone(phase: Phase): 'dns' | 'reply' | 'request' {
  if (phase.kind === 'dns') return 'dns';
  if (phase.kind === 'reply' || phase.kind === 'proxy-reply') return 'reply';
  return 'request';
}

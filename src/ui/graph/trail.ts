// Where the packet is and the path it took so far, in drawn elements: the current hop's element,
// the one before it (where the packet dot starts moving from) and the trail of the current phase.
// Pure, so playback in the graph is tested without a canvas.
import type { PhaseKind } from '../../engine/index.ts';
import type { Step } from '../../state/hops.ts';
import type { GraphModel } from './model.ts';
import { resolveAt } from './model.ts';

export interface Trail {
  readonly current: string;
  readonly kind: PhaseKind;
  /** The hop dropped or rejected the packet: marked red with ✖. */
  readonly dropped: boolean;
  /** Drawn elements the current phase visited up to this hop, consecutive repeats collapsed. */
  readonly path: readonly string[];
}

const STOPPED = new Set(['drop', 'reject']);

export function trailOf(model: GraphModel, steps: readonly Step[], step: number): Trail | undefined {
  const here = steps[step];
  if (!here) return undefined;
  const path: string[] = [];
  for (const s of steps) {
    if (s.phaseIndex !== here.phaseIndex || s.index > step) continue;
    const id = resolveAt(model, s.hop.at);
    if (id && path[path.length - 1] !== id) path.push(id);
  }
  const current = path[path.length - 1];
  if (!current) return undefined;
  return { current, kind: here.phase.kind, dropped: STOPPED.has(here.hop.verdict), path };
}

// A trace's phases flattened into one list of steps: playback, the hop list and the graph all
// count hops with one index, across DNS, connect and reply phases.
import type { Hop, Phase, Trace } from '../engine/index.ts';

export interface Step {
  /** Position in the flattened list, 0-based. */
  readonly index: number;
  readonly hop: Hop;
  readonly phase: Phase;
  /** Index of the phase in `trace.phases`. */
  readonly phaseIndex: number;
  /** Position of the hop inside its phase, 0-based. */
  readonly hopIndex: number;
}

const cache = new WeakMap<Trace, readonly Step[]>();

/** Every hop of `trace` in order; the same array for the same trace. */
export function stepsOf(trace: Trace): readonly Step[] {
  const known = cache.get(trace);
  if (known) return known;
  const steps: Step[] = [];
  trace.phases.forEach((phase, phaseIndex) => {
    phase.hops.forEach((hop, hopIndex) => steps.push({ index: steps.length, hop, phase, phaseIndex, hopIndex }));
  });
  cache.set(trace, steps);
  return steps;
}

// What playback does, without timers or the DOM: one tick of the timer, and a person's step.
import { useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import { useView } from '../../state/view.ts';
import type { KeyAction } from './keys.ts';

/** One playback tick: the next hop, or stop at the end. */
export function tick(): void {
  const { trace, step } = useFlow.getState();
  const last = trace ? stepsOf(trace).length - 1 : 0;
  if (step >= last) useFlow.setState({ playing: false });
  else useFlow.setState({ step: step + 1 });
}

/** A person's step: move, and show that hop in the inspector. */
export function runAction(action: KeyAction): void {
  const flow = useFlow.getState();
  if (!flow.trace) return;
  ({ back: flow.back, next: flow.next, toggle: flow.togglePlay, start: flow.toStart, end: flow.toEnd })[action]();
  if (action !== 'toggle') useView.getState().select({ kind: 'hop' });
}


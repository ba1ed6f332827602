// Playback: while the flow store says `playing`, advance one hop every STEP_MS / speed, and stop
// at the last hop. The timer is injected (STYLE.md habit 6) so tests can drive it.
import { useEffect } from 'react';
import { selectPlaying, selectSpeed, selectTrace, useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import { useView } from '../../state/view.ts';
import type { KeyAction } from './keys.ts';
import { focusInfo, keyAction } from './keys.ts';

export const STEP_MS = 700;

export interface Timer {
  readonly every: (ms: number, tick: () => void) => () => void;
}

export const windowTimer: Timer = {
  every: (ms, tick) => {
    const id = window.setInterval(tick, ms);
    return () => window.clearInterval(id);
  },
};

/** One playback tick: the next hop, or stop at the end. */
export function tick(): void {
  const { trace, step } = useFlow.getState();
  const last = trace ? stepsOf(trace).length - 1 : 0;
  if (step >= last) useFlow.setState({ playing: false });
  else useFlow.setState({ step: step + 1 });
}

export function usePlayback(timer: Timer = windowTimer): void {
  const playing = useFlow(selectPlaying);
  const speed = useFlow(selectSpeed);
  const trace = useFlow(selectTrace);
  useEffect(() => (playing && trace ? timer.every(STEP_MS / speed, tick) : undefined), [playing, speed, trace, timer]);
}

/** A person's step: move, and show that hop in the inspector. */
export function runAction(action: KeyAction): void {
  const flow = useFlow.getState();
  if (!flow.trace) return;
  ({ back: flow.back, next: flow.next, toggle: flow.togglePlay, start: flow.toStart, end: flow.toEnd })[action]();
  if (action !== 'toggle') useView.getState().select({ kind: 'hop' });
}

export function usePlaybackKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const action = keyAction(e.key, e.ctrlKey || e.metaKey || e.altKey, focusInfo(document.activeElement));
      if (!action || !useFlow.getState().trace) return;
      e.preventDefault();
      runAction(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

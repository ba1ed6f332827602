// Playback: while the flow store says `playing`, advance one hop every STEP_MS / speed, and stop
// at the last hop. The timer is injected (STYLE.md habit 6) so tests can drive it.
import { useEffect } from 'react';
import { selectPlaying, selectSpeed, selectTrace, useFlow } from '../../state/flow.ts';
import type { FocusInfo } from './keys.ts';
import { keyAction } from './keys.ts';
import { runAction, tick } from './playback.ts';

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

export function usePlayback(timer: Timer = windowTimer): void {
  const playing = useFlow(selectPlaying);
  const speed = useFlow(selectSpeed);
  const trace = useFlow(selectTrace);
  useEffect(() => (playing && trace ? timer.every(STEP_MS / speed, tick) : undefined), [playing, speed, trace, timer]);
}

/** Reads FocusInfo from the DOM element that has focus. */
function focusInfo(el: Element | null): FocusInfo | undefined {
  if (!el || el === el.ownerDocument.body) return undefined;
  return {
    tag: el.tagName,
    editable: el instanceof HTMLElement && el.isContentEditable,
    inEditor: el.closest('.monaco-editor') !== null,
  };
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

// The splitter's arithmetic, apart from the DOM: where the bar is → the bottom panel's share,
// and what each key does to it (the view store clamps the result).
import { BOTTOM_SHARE } from '../state/view.ts';

const STEP = 0.05;

/** The share the bottom panel gets when the bar is at `clientY` in an app spanning `top`…`bottom`. */
export function shareAt(clientY: number, top: number, bottom: number): number {
  return (bottom - clientY) / Math.max(1, bottom - top);
}

/** ↑ grows the panel, ↓ shrinks it, Home/End take it to its largest/smallest; other keys: undefined. */
export function shareForKey(key: string, share: number): number | undefined {
  switch (key) {
    case 'ArrowUp': return share + STEP;
    case 'ArrowDown': return share - STEP;
    case 'Home': return BOTTOM_SHARE.max;
    case 'End': return BOTTOM_SHARE.min;
    default: return undefined;
  }
}

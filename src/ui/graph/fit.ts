// When a resize of the graph's pane refits the picture (else it is only re-centred). Fitting sets
// a new zoom, and at a new zoom Cytoscape redraws every element afresh over the next frames (long
// tasks at 200 pods); a message line coming or going under the graph changes its height by a line
// and is not worth that, nor the jump. Pure, so the rule is tested without a canvas.

/** A box on screen, in the pane's pixels. */
export interface Rect { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }

/** Fitting must enlarge the picture by more than this before a resize refits it. */
export const REFIT_GAIN = 1.1;

/** The zoom at which a box of `w`×`h` model units fits a `width`×`height` pane with `pad` pixels around it. */
export const fitZoom = (w: number, h: number, width: number, height: number, pad: number): number =>
  Math.min((width - 2 * pad) / w, (height - 2 * pad) / h);

/**
 * After the pane became `width`×`height`: refit when the drawn cluster (`drawn`) no longer lies
 * inside the pane, or when fitting (at zoom `fitted`) would enlarge it noticeably over `zoom`
 * (the editor was hidden, the window grew).
 */
export function shouldRefit(drawn: Rect, width: number, height: number, zoom: number, fitted: number): boolean {
  const outside = drawn.x1 < 0 || drawn.y1 < 0 || drawn.x2 > width || drawn.y2 > height;
  return outside || fitted > zoom * REFIT_GAIN;
}

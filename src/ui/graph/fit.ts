// Where the view goes when the graph's pane changes size: the cluster is refitted only when it no
// longer fits or fitting would enlarge it noticeably; otherwise it is re-centred at the same zoom.
// At a new zoom Cytoscape redraws every element afresh over the next frames (long tasks at 200
// pods); a message line coming or going under the graph changes its height by a line and is not
// worth that, nor the jump. Pure, so the rule is tested without a canvas.

/** The cluster's bounding box in model coordinates. */
export interface ModelBox { readonly x1: number; readonly y1: number; readonly w: number; readonly h: number }
export interface Viewport { readonly zoom: number; readonly pan: { readonly x: number; readonly y: number } }

/** Fitting must enlarge the picture by more than this before a resize refits it. */
export const REFIT_GAIN = 1.1;

/** `box` centred in a `width`×`height` pane at `zoom` (Cytoscape's center()). */
export const centred = (box: ModelBox, width: number, height: number, zoom: number): Viewport =>
  ({ zoom, pan: { x: (width - zoom * (2 * box.x1 + box.w)) / 2, y: (height - zoom * (2 * box.y1 + box.h)) / 2 } });

/** `box` fitted to the pane with `pad` pixels around it, zoom at most `maxZoom` (Cytoscape's fit()). */
export const fitted = (box: ModelBox, width: number, height: number, pad: number, maxZoom: number): Viewport =>
  centred(box, width, height, Math.min(maxZoom, (width - 2 * pad) / box.w, (height - 2 * pad) / box.h));

/** The view after the pane became `width`×`height`, from the view `now` (same pan and zoom). */
export function afterResize(box: ModelBox, width: number, height: number, now: Viewport, pad: number, maxZoom: number): Viewport {
  const fit = fitted(box, width, height, pad, maxZoom);
  const x1 = box.x1 * now.zoom + now.pan.x;
  const y1 = box.y1 * now.zoom + now.pan.y;
  const outside = x1 < 0 || y1 < 0 || x1 + box.w * now.zoom > width || y1 + box.h * now.zoom > height;
  return outside || fit.zoom > now.zoom * REFIT_GAIN ? fit : centred(box, width, height, now.zoom);
}

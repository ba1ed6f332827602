// Where the flow overlay draws its trail: model coordinates in, SVG path data out. The overlay
// lies over the canvas (usePacket.ts), so it clips lines at the element boxes itself, as Cytoscape
// would for an edge. Pure, so the shapes are tested without a canvas.

/** An element's box in model coordinates: centre and size. */
export interface Box { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

/** How far the control point of a bowed segment sits beside the midpoint (Cytoscape's control-point-distances). */
export const BOW = 60;
/** Room left between a segment's ends and the boxes, so the arrowhead's tip stays outside. */
const GAP = 3;

interface Point { readonly x: number; readonly y: number }

/** Where the ray from the box's centre in direction (dx, dy) leaves the box, GAP further out. */
function exit(b: Box, dx: number, dy: number): Point {
  const len = Math.hypot(dx, dy);
  const ux = dx / len;
  const uy = dy / len;
  const t = Math.min(ux === 0 ? Infinity : b.w / 2 / Math.abs(ux), uy === 0 ? Infinity : b.h / 2 / Math.abs(uy)) + GAP;
  return { x: b.x + ux * t, y: b.y + uy * t };
}

const num = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * The trail segment from `a` to `b`, border to border: a quadratic curve whose control point
 * sits BOW beside the midpoint, on the right of the direction of travel (so a path down a column
 * of pods passes beside them, and there and back differ), or a straight line. Undefined when the
 * two boxes share a centre and there is no direction to draw.
 */
export function segmentPath(a: Box, b: Box, straight: boolean): string | undefined {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return undefined;
  if (straight) {
    const from = exit(a, dx, dy);
    const to = exit(b, -dx, -dy);
    return `M${num(from.x)},${num(from.y)} L${num(to.x)},${num(to.y)}`;
  }
  // As Cytoscape's unbundled-bezier placed it: the normal (-dy, dx), BOW long, from the midpoint
  // (y grows downwards, so this is the traveller's right).
  const c = { x: (a.x + b.x) / 2 - (dy / len) * BOW, y: (a.y + b.y) / 2 + (dx / len) * BOW };
  const from = exit(a, c.x - a.x, c.y - a.y);
  const to = exit(b, c.x - b.x, c.y - b.y);
  return `M${num(from.x)},${num(from.y)} Q${num(c.x)},${num(c.y)} ${num(to.x)},${num(to.y)}`;
}

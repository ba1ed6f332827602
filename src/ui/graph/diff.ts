// What an update of the graph has to touch: Cytoscape recomputes the style of every element whose
// data or classes are set, even to the same values, so an edit that adds one pod to a 1,000-pod
// cluster must not set them on the other thousand. Pure, so it is tested without a canvas.
import type { Pos } from './layout.ts';
import type { GraphElement } from './model.ts';

/** True when `b` draws exactly as `a`: same group, classes and data (all strings). */
export function sameElement(a: GraphElement | undefined, b: GraphElement): boolean {
  if (!a || a.group !== b.group || a.classes !== b.classes) return false;
  const da = a.data as unknown as Record<string, unknown>;
  const db = b.data as unknown as Record<string, unknown>;
  const keys = Object.keys(db);
  if (keys.length !== Object.keys(da).length) return false;
  return keys.every((k) => da[k] === db[k]);
}

export const samePos = (a: Pos | undefined, b: Pos | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.x === b.x && a.y === b.y);

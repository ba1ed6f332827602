// When the store's text changes from elsewhere (a file load, a CNI switch, the test API) while
// the person has typed something not yet stored, both changes are kept if they touch different
// parts of the text; when they overlap, the outside change wins (it was an explicit action).
// Pure: the editor applies the returned edit with pushEditOperations so undo keeps working.

/** Replace [start, end) of a text with `text` (character offsets). */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The one edit that turns `from` into `to`: everything between the common prefix and suffix. */
export function diff(from: string, to: string): Edit {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from[start] === to[start]) start++;
  let tail = 0;
  while (tail < max - start && from[from.length - 1 - tail] === to[to.length - 1 - tail]) tail++;
  return { start, end: from.length - tail, text: to.slice(start, to.length - tail) };
}

export const apply = (text: string, e: Edit): string => text.slice(0, e.start) + e.text + text.slice(e.end);

/**
 * `base` is the text the editor and store last agreed on, `mine` the editor's text now, `theirs`
 * the store's new text. Returns the edit to apply to `mine` (undefined when there is nothing to do).
 */
export function merge(base: string, mine: string, theirs: string): Edit | undefined {
  if (mine === theirs) return undefined;
  const m = diff(base, mine);
  const t = diff(base, theirs);
  const mineUntouched = m.start === m.end && m.text === '';
  // Disjoint: my edit lies wholly before or after theirs (touching ends count as overlap, since
  // two insertions at one point have no obvious order).
  if (!mineUntouched && m.end < t.start) {
    const shift = m.text.length - (m.end - m.start);
    return { start: t.start + shift, end: t.end + shift, text: t.text };
  }
  if (!mineUntouched && t.end < m.start) return t;
  return diff(mine, theirs);
}

// Which rows of the grid to render: only those in view plus a margin, so a grid of 80 pods by
// pod draws a dozen rows rather than 80 (each row is a button per column). Rows have one fixed
// height; a namespace header row counts as a row. Pure: the grid passes its scroll position.

export interface RowWindow {
  /** Blank space standing for the rows above and below the rendered ones, in pixels. */
  readonly before: number;
  readonly after: number;
  /** Per namespace group in view: whether its header row shows, and its rows [from, to). */
  readonly chunks: readonly { readonly group: number; readonly header: boolean; readonly from: number; readonly to: number }[];
}

export interface WindowInput {
  /** Rows per namespace group, in order (the header row not counted). */
  readonly sizes: readonly number[];
  readonly scrollTop: number;
  readonly viewHeight: number;
  /** Height of the sticky column headers above the first row. */
  readonly headHeight: number;
  readonly rowHeight: number;
  readonly overscan: number;
}

export function rowWindow({ sizes, scrollTop, viewHeight, headHeight, rowHeight, overscan }: WindowInput): RowWindow {
  const total = sizes.reduce((n, s) => n + s + 1, 0);
  const first = Math.max(0, Math.floor((scrollTop - headHeight) / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewHeight - headHeight) / rowHeight) + overscan);
  const chunks: { group: number; header: boolean; from: number; to: number }[] = [];
  let start = 0; // flat index of the group's header row
  sizes.forEach((size, group) => {
    const end = start + size + 1;
    if (end > first && start < last) {
      // Flat index start is the header, start + 1 + i is row i.
      const from = Math.max(0, first - start - 1);
      const to = Math.min(size, last - start - 1);
      chunks.push({ group, header: first <= start, from, to: Math.max(from, to) });
    }
    start = end;
  });
  return { before: Math.min(first, total) * rowHeight, after: Math.max(0, total - Math.max(last, first)) * rowHeight, chunks };
}

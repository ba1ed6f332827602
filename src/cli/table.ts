// Column layout as kubectl prints it: Go's tabwriter with minwidth 6, padding 3, spaces
// (k8s.io/cli-runtime printers.GetNewTabWriter). The last column is never padded.

const MIN_WIDTH = 6;
const PADDING = 3;

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, col) =>
    Math.max(MIN_WIDTH, ...all.map((row) => (row[col] ?? '').length + PADDING)));
  return all
    .map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join(''))
    .join('\n') + '\n';
}

/** kubectl's "first three, then `+ N more...`" rendering of address lists. */
export function listWithMore(items: readonly string[], max = 3, empty = '<none>'): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

/** `1 error`, `2 warnings`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

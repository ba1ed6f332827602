// `kube-netsim check`: every parse and build diagnostic as `path:line:col: severity code: message`,
// in file order, then a one-line summary. Only errors make it exit 1: a warning (a selector that
// matches nothing) is something the API server accepts (DESIGN.md "The CLI contract").
import type { Diagnostic } from '../model/diagnostic.ts';
import type { SourceText } from '../model/objects.ts';
import { plural } from './table.ts';

/** Shown for diagnostics that belong to no file (built-in defaults). */
export const NO_FILE = '<cluster>';

const fileOf = (d: Diagnostic): string => d.range.file ?? NO_FILE;

/** By file (in input order), line, column; stable for equal positions. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], sources: readonly SourceText[]): Diagnostic[] {
  const order = new Map<string, number>();
  sources.forEach((s, i) => { if (s.name !== undefined && !order.has(s.name)) order.set(s.name, i); });
  const rank = (d: Diagnostic): number => order.get(fileOf(d)) ?? sources.length;
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) =>
      rank(a.d) - rank(b.d) || fileOf(a.d).localeCompare(fileOf(b.d))
      || a.d.range.startLine - b.d.range.startLine || a.d.range.startCol - b.d.range.startCol || a.i - b.i)
    .map(({ d }) => d);
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${fileOf(d)}:${d.range.startLine}:${d.range.startCol}: ${d.severity} ${d.code}: ${d.message}`;
}

/** `2 errors, 1 warning in 3 files`; infos (skipped kinds) only as a quiet tail. */
export function summaryLine(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const count = (s: Diagnostic['severity']): number => diagnostics.filter((d) => d.severity === s).length;
  const infos = count('info');
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')} in ${plural(fileCount, 'file')}`
    + (infos > 0 ? ` (${plural(infos, 'info message')})` : '');
}

export interface CheckOutput {
  readonly stdout: string;
  readonly exitCode: 0 | 1;
}

export function check(diagnostics: readonly Diagnostic[], sources: readonly SourceText[], format: 'text' | 'json'): CheckOutput {
  const sorted = sortDiagnostics(diagnostics, sources);
  const exitCode = sorted.some((d) => d.severity === 'error') ? 1 : 0;
  if (format === 'json') return { stdout: JSON.stringify(sorted, null, 2) + '\n', exitCode };
  const lines = sorted.map(formatDiagnostic);
  lines.push(summaryLine(sorted, sources.length));
  return { stdout: lines.join('\n') + '\n', exitCode };
}

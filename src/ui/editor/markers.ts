// Our diagnostics as editor markers: the exact range, the message with its code and field path,
// severity mapped. Pure (no Monaco import) so it is tested without a DOM; the caller passes
// Monaco's MarkerSeverity values.
import type { Diagnostic, Severity } from '../../model/diagnostic.ts';

/** The owner name our markers carry, apart from monaco-yaml's schema markers. */
export const MARKER_OWNER = 'kube-netsim';

export interface MarkerData {
  readonly severity: number;
  readonly message: string;
  readonly code: string;
  readonly source: string;
  readonly startLineNumber: number;
  readonly startColumn: number;
  readonly endLineNumber: number;
  readonly endColumn: number;
}

/**
 * `lineLength(n)` is the length of line n of the text the diagnostics are about. A range that
 * covers nothing (a missing field reported at its parent's key) widens to the rest of its line,
 * so the squiggle is visible and hovering anywhere on it shows the message.
 */
export function toMarkers(diagnostics: readonly Diagnostic[], severities: Readonly<Record<Severity, number>>, lineLength: (line: number) => number): MarkerData[] {
  return diagnostics.map((d) => {
    const r = d.range;
    const empty = r.endLine < r.startLine || (r.endLine === r.startLine && r.endCol <= r.startCol);
    const endColumn = empty ? Math.max(lineLength(r.startLine) + 1, r.startCol + 1) : r.endCol;
    return {
      severity: severities[d.severity],
      // Monaco's hover shows `source(code)` after the message, so the code is not repeated here.
      message: d.path ? `${d.message}\n(at ${d.path})` : d.message,
      code: d.code,
      source: MARKER_OWNER,
      startLineNumber: r.startLine,
      startColumn: r.startCol,
      endLineNumber: empty ? r.startLine : r.endLine,
      endColumn,
    };
  });
}

const rank: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** The Problems list's order: errors first, then warnings, then notes; within each, by position. */
export function bySeverityThenLine(a: Diagnostic, b: Diagnostic): number {
  return rank[a.severity] - rank[b.severity] || a.range.startLine - b.range.startLine || a.range.startCol - b.range.startCol;
}

// Sources → parse → build, with every diagnostic attributed to its file.
import { build } from '../cluster/index.ts';
import type { ClusterState } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { SourceText } from '../model/objects.ts';
import { parse } from '../parse/index.ts';

export interface Loaded {
  readonly sources: readonly SourceText[];
  readonly cluster: ClusterState;
  /** Parse then build diagnostics, each with `range.file` set. */
  readonly diagnostics: readonly Diagnostic[];
}

export function load(sources: readonly SourceText[]): Loaded {
  const parsed = parse(sources);
  const cluster = build(parsed);
  const fallback = sources.length === 1 ? sources[0]!.name : undefined;
  const withFile = (d: Diagnostic): Diagnostic =>
    d.range.file !== undefined || fallback === undefined ? d : { ...d, range: { ...d.range, file: fallback } };
  return { sources, cluster, diagnostics: [...parsed.diagnostics, ...cluster.diagnostics].map(withFile) };
}

export function errorCount(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === 'error').length;
}

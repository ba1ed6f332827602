// Shared by the pipeline tests: run parse() on lines of YAML and look at diagnostics as rows.
import type { Diagnostic, DiagnosticCode, Severity } from '../../src/model/diagnostic.ts';
import type { KubeObject, ParseResult, SourceText } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';

/** [severity, code, path, line, column] — everything a test asserts about a diagnostic's place. */
export type Row = [Severity, DiagnosticCode, string, number, number];

export const row = (d: Diagnostic): Row => [d.severity, d.code, d.path, d.range.startLine, d.range.startCol];

/** Lines joined with \n: line numbers in a test are the argument positions, plus one. */
export const lines = (...ls: string[]): string => ls.join('\n');

export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    Object.values(v).forEach(deepFreeze);
  }
  return v;
}

export interface Run extends ParseResult {
  readonly rows: Row[];
  /** Rows without info-level and yaml-11-surprise noise, when a test looks at one rule. */
  readonly errors: Row[];
}

export function run(input: string | SourceText | readonly SourceText[]): Run {
  const result = parse(deepFreeze(input));
  const rows = result.diagnostics.map(row);
  return { ...result, rows, errors: rows.filter((r) => r[0] === 'error') };
}

/** The only object of `kind` in a result; fails the test when there is not exactly one. */
export function one<K extends KubeObject['kind']>(r: ParseResult, kind: K): Extract<KubeObject, { kind: K }> {
  const found = r.objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${found.length}: ${JSON.stringify(r.diagnostics.map(row))}`);
  return found[0] as Extract<KubeObject, { kind: K }>;
}

/** A minimal valid Pod with `spec` lines appended under spec (indented by the caller). */
export const pod = (...specLines: string[]): string =>
  lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', ...specLines);

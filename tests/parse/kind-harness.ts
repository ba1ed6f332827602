// Running one kind parser outside the pipeline (frozen input, diagnostics as rows), and fuzzing
// it: random specs keyed by the kind's own field names (so they reach deep paths random JSON
// never would), run twice. A parser must never throw, never mutate its input, give the same
// answer twice, and report only catalogued codes.
import fc from 'fast-check';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../../src/model/diagnostic.ts';
import type { DiagnosticCode, Severity } from '../../src/model/diagnostic.ts';
import type { Labels } from '../../src/model/labels.ts';
import type { KubeObject } from '../../src/model/objects.ts';
import type { KindParser, ObjectBase } from '../../src/parse/base.ts';
import { Fields } from '../../src/parse/reader.ts';
import type { DocContext } from '../../src/parse/reader.ts';
import { deepFreeze } from './harness.ts';

type AnyKind = KubeObject['kind'];

const scalar = fc.constantFrom<unknown>(null, true, 0, -1, 80, 65536, 30080, '', 'x', 'http', 'TCP', 'UDP', 'Ingress', 'Egress', '*', '*.example.com', 'example.com', '/api', 'api', '10.0.0.0/8', '10.1.0.0/16', '192.168.1.10/24', '127.0.0.1', '10.96.0.10', 'None', '2001:db8::/32');


/** [severity, code, path] of one reported diagnostic. */
export type Reported = [Severity, DiagnosticCode, string];

export interface Identity<K extends AnyKind> {
  readonly kind: K;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
}

/** One parser run on one document (YAML text or an already-loaded mapping), frozen so a mutation throws. */
export function runKindParser<K extends AnyKind>(parser: KindParser<K>, id: Identity<K>, doc: string | Record<string, unknown>) {
  const diagnostics: Reported[] = [];
  const messages: string[] = [];
  const range = { doc: 1, startLine: 1, startCol: 1, endLine: 1, endCol: 1 };
  const ctx: DocContext = { rangeOf: () => range, report: (severity, code, message, path) => { diagnostics.push([severity, code, path]); messages.push(message); } };
  const value = deepFreeze(typeof doc === 'string' ? load(doc, { schema: YAML11_SCHEMA }) as Record<string, unknown> : structuredClone(doc));
  const base = {
    kind: id.kind, apiVersion: id.apiVersion,
    metadata: { name: id.name, namespace: id.namespace, labels: id.labels ?? {}, annotations: id.annotations ?? {}, ownerReferences: [] },
    source: { doc: 1, range, paths: {} },
  } as unknown as ObjectBase<K>;
  return { object: parser(new Fields(ctx, value, ''), base), diagnostics, messages };
}

function fuzzRun(parser: KindParser<AnyKind>, top: Record<string, unknown>) {
  const { object, diagnostics } = runKindParser(parser, { kind: 'Service', apiVersion: 'v1', name: 'x', namespace: 'default' }, top);
  return { object, diagnostics };
}

export function fuzzParsers(title: string, vocab: readonly string[], parsers: readonly (readonly [string, unknown])[]): void {
  describe(`${title}: never throws, never mutates, same answer twice (fuzzed specs)`, () => {
    const { value, map } = fc.letrec<{ value: unknown; map: Record<string, unknown>; list: unknown[] }>((tie) => ({
      value: fc.oneof({ depthSize: 'medium', withCrossShrink: true }, { arbitrary: scalar, weight: 1 }, { arbitrary: tie('map'), weight: 2 }, { arbitrary: tie('list'), weight: 2 }),
      map: fc.dictionary(fc.constantFrom(...vocab), tie('value'), { maxKeys: 4 }),
      list: fc.array(tie('value'), { maxLength: 3 }),
    }));
    it.each(parsers.map(([name, parser]) => [name, parser as KindParser<AnyKind>] as const))('%s', (_name, parser) => {
      fc.assert(fc.property(map, fc.dictionary(fc.constantFrom(...vocab), value, { maxKeys: 3 }), (spec, rest) => {
        const top = { ...rest, spec };
        const first = fuzzRun(parser, top);
        expect(fuzzRun(parser, top)).toEqual(first);
        for (const d of first.diagnostics) expect(Object.keys(diagnosticCodes)).toContain(d[1]);
      }), { numRuns: 300 });
    });
  });
}

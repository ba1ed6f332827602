// Fuzzing a kind parser: random specs keyed by the kind's own field names (so they reach deep
// paths random JSON never would), run twice on frozen input. A parser must never throw, never
// mutate its input, give the same answer twice, and report only catalogued codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../../src/model/diagnostic.ts';
import type { KubeObject } from '../../src/model/objects.ts';
import type { KindParser, ObjectBase } from '../../src/parse/base.ts';
import { Fields } from '../../src/parse/reader.ts';
import type { DocContext } from '../../src/parse/reader.ts';

type AnyKind = KubeObject['kind'];

const scalar = fc.constantFrom<unknown>(null, true, 0, -1, 80, 65536, 30080, '', 'x', 'http', 'TCP', 'UDP', 'Ingress', 'Egress', '*', '*.example.com', 'example.com', '/api', 'api', '10.0.0.0/8', '10.1.0.0/16', '192.168.1.10/24', '127.0.0.1', '10.96.0.10', 'None', '2001:db8::/32');

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

/** One parser run on an already-loaded document (frozen: a mutation throws). */
function fuzzRun(parser: KindParser<AnyKind>, top: Record<string, unknown>): { object: unknown; diagnostics: [string, string, string][] } {
  const diagnostics: [string, string, string][] = [];
  const range = { doc: 1, startLine: 1, startCol: 1, endLine: 1, endCol: 1 };
  const ctx: DocContext = { rangeOf: () => range, report: (severity, code, _message, path) => { diagnostics.push([severity, code, path]); } };
  const base = {
    kind: 'X', apiVersion: 'v1',
    metadata: { name: 'x', namespace: 'default', labels: {}, annotations: {}, ownerReferences: [] },
    source: { doc: 1, range, paths: {} },
  } as unknown as ObjectBase<AnyKind>;
  return { object: parser(new Fields(ctx, deepFreeze(structuredClone(top)), ''), base), diagnostics };
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

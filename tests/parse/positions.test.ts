import { parseEvents } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { LineIndex, mapPositions, parentPath, rangeOf } from '../../src/parse/positions.ts';
import { loadDocument } from '../../src/parse/yaml.ts';
import { lines } from './harness.ts';

function positions(text: string, startLine = 1) {
  const loaded = loadDocument(text);
  if (!loaded.ok) throw new Error(loaded.message);
  return mapPositions(loaded.events, new LineIndex(text, { doc: 1, startLine, file: 'a.yaml' }));
}

/** [startLine, startCol, endLine, endCol] of a path. */
const span = (text: string, path: string, startLine = 1): number[] | undefined => {
  const r = positions(text, startLine).paths[path];
  return r && [r.startLine, r.startCol, r.endLine, r.endCol];
};

const SERVICE = lines(
  'apiVersion: v1', //                1
  'kind: Service', //                 2
  'metadata:', //                     3
  '  name: web', //                   4
  '  labels:', //                     5
  '    app.kubernetes.io/name: web', // 6
  'spec:', //                         7
  '  ports:', //                      8
  '  - name: http', //                9
  '    port: 80', //                  10
  '    targetPort: "http"', //        11
  '  - {port: 443, targetPort: 8443}', // 12
  '  selector: {app: web}', //        13
  '  description: |', //              14
  '    line one', //                  15
  '    line two', //                  16
  '', //                              17
);

describe('mapPositions: path → range', () => {
  const cases: { path: string; want: number[] }[] = [
    { path: 'apiVersion', want: [1, 1, 1, 15] },
    { path: 'metadata', want: [3, 1, 6, 32] },
    { path: 'metadata.name', want: [4, 3, 4, 12] },
    // Label keys with dots and slashes join like reader.ts does.
    { path: 'metadata.labels.app.kubernetes.io/name', want: [6, 5, 6, 32] },
    // Sequence items start at their content; mapping entries start at the key.
    { path: 'spec.ports[0]', want: [9, 5, 11, 23] },
    { path: 'spec.ports[0].port', want: [10, 5, 10, 13] },
    // Quoted scalars include their quotes.
    { path: 'spec.ports[0].targetPort', want: [11, 5, 11, 23] },
    // Flow collections include their closing bracket.
    { path: 'spec.ports[1]', want: [12, 5, 12, 34] },
    { path: 'spec.ports[1].targetPort', want: [12, 17, 12, 33] },
    { path: 'spec.selector', want: [13, 3, 13, 23] },
    // Block scalars end at their last character, not at the trailing newline.
    { path: 'spec.description', want: [14, 3, 16, 13] },
    { path: '', want: [1, 1, 16, 13] },
  ];
  it.each(cases)('$path', ({ path, want }) => {
    expect(span(SERVICE, path)).toEqual(want);
  });

  it('offsets lines by where the document starts in its file, and names the file and document', () => {
    const r = positions('a: 1', 7).paths['a'];
    expect(r).toEqual({ file: 'a.yaml', doc: 1, startLine: 7, startCol: 1, endLine: 7, endCol: 5 });
  });

  it.each([
    ['on: 1', 'true'], ['No: 1', 'false'], ['True: 1', 'true'], ['~: 1', 'null'], ['"on": 1', 'on'], ['80: 1', '80'],
  ])('names the key of %s as the loaded object does: %s', (text, key) => {
    const loaded = loadDocument(text);
    expect(loaded.ok && Object.keys(loaded.value as object)).toEqual([key]);
    expect(Object.keys(positions(text).paths)).toEqual([key, '']);
  });

  it('records only paths that exist', () => {
    expect(Object.keys(positions('a:\n  b: [1]\n').paths).sort()).toEqual(['', 'a', 'a.b', 'a.b[0]']);
  });

  it('gives aliased and merged values no paths of their own (lookups fall back to the parent)', () => {
    const text = lines('base: &b {x: 1}', 'm:', '  <<: *b', '  z: 2', 'p: *b');
    const p = positions(text).paths;
    expect(Object.keys(p).filter((k) => k.startsWith('m'))).toEqual(['m.z', 'm']);
    expect(p['p']).toMatchObject({ startLine: 5, startCol: 1 });
    expect(p['m.<<']).toBeUndefined();
  });

  it('skips complex keys without losing track of the entries after them', () => {
    // js-yaml's object map rejects complex keys when constructing, so walk the raw events.
    const text = lines('? [a, b]', ': 1', 'c: 2');
    const p = mapPositions(parseEvents(text, {}), new LineIndex(text, { doc: 1, startLine: 1 })).paths;
    expect(p['c']).toMatchObject({ startLine: 3, startCol: 1 });
  });
});

describe('mapPositions: YAML 1.1 booleans written as words', () => {
  const cases: { name: string; text: string; want: { path: string; text: string; value: boolean; isKey: boolean; line: number; col: number }[] }[] = [
    { name: 'plain no', text: 'country: no', want: [{ path: 'country', text: 'no', value: false, isKey: false, line: 1, col: 10 }] },
    { name: 'plain On in a list', text: 'a: [On, "on", true]', want: [{ path: 'a[0]', text: 'On', value: true, isKey: false, line: 1, col: 5 }] },
    // The loaded object names the field "true", so the path does too.
    { name: 'a key', text: 'x:\n  y: 1', want: [{ path: 'x.true', text: 'y', value: true, isKey: true, line: 2, col: 3 }] },
    { name: 'quoted and tagged words are strings', text: 'a: "yes"\nb: !!str no\nc: \'off\'', want: [] },
    { name: 'true/false are meant', text: 'a: true\nb: false', want: [] },
  ];
  it.each(cases)('$name', ({ text, want }) => {
    const got = positions(text).booleans.map((b) => ({ path: b.path, text: b.text, value: b.value, isKey: b.isKey, line: b.range.startLine, col: b.range.startCol }));
    expect(got).toEqual(want);
  });
});

describe('rangeOf / parentPath', () => {
  const fallback = { doc: 1, startLine: 99, startCol: 1, endLine: 99, endCol: 2 };
  const paths = positions(SERVICE).paths;
  const cases: { path: string; line: number }[] = [
    { path: 'spec.ports[0].port', line: 10 },
    { path: 'spec.ports[0].protocol', line: 9 }, // absent: its parent, the item
    { path: 'spec.ports[7].name', line: 8 }, // no such item: the list
    { path: 'status.loadBalancer', line: 1 }, // no such branch: the document ('')
  ];
  it.each(cases)('$path → line $line', ({ path, line }) => {
    expect(rangeOf(paths, path, fallback).startLine).toBe(line);
  });

  it('uses the fallback when not even the document has a range', () => {
    expect(rangeOf({}, 'a.b', fallback)).toBe(fallback);
  });

  it.each([
    ['spec.ports[0].port', 'spec.ports[0]'],
    ['spec.ports[0]', 'spec.ports'],
    ['spec', ''],
    ['items[3]', 'items'],
    ['', ''],
  ])('parentPath(%s) = %s', (path, parent) => {
    expect(parentPath(path)).toBe(parent);
  });
});

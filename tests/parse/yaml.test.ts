import { describe, expect, it } from 'vitest';
import { LIMITS, loadDocument, splitDocuments } from '../../src/parse/yaml.ts';
import { lines } from './harness.ts';

describe('splitDocuments', () => {
  // YAML 1.2 §9.1: `---` and `...` at column 0 are document markers, even where a block scalar
  // could otherwise continue, so cutting on them is what a YAML parser does.
  const cases: { name: string; text: string; want: { index: number; startLine: number; text: string }[] }[] = [
    { name: 'one document, no marker', text: 'a: 1\nb: 2', want: [{ index: 1, startLine: 1, text: 'a: 1\nb: 2' }] },
    { name: 'leading marker', text: '---\na: 1', want: [{ index: 1, startLine: 1, text: '---\na: 1' }] },
    { name: 'comment preamble is no document', text: '# header\n\n---\na: 1', want: [{ index: 1, startLine: 3, text: '---\na: 1' }] },
    {
      name: 'two documents keep their file lines', text: 'a: 1\n---\nb: 2\n',
      want: [{ index: 1, startLine: 1, text: 'a: 1' }, { index: 2, startLine: 2, text: '---\nb: 2\n' }],
    },
    {
      name: 'empty document between markers still counts', text: 'a: 1\n---\n---\nb: 2',
      want: [{ index: 1, startLine: 1, text: 'a: 1' }, { index: 2, startLine: 2, text: '---' }, { index: 3, startLine: 3, text: '---\nb: 2' }],
    },
    {
      name: 'document end marker', text: 'a: 1\n...\nb: 2',
      want: [{ index: 1, startLine: 1, text: 'a: 1\n...' }, { index: 2, startLine: 3, text: 'b: 2' }],
    },
    {
      name: 'directive goes with the next document', text: 'a: 1\n%YAML 1.1\n---\nb: 2',
      want: [{ index: 1, startLine: 1, text: 'a: 1' }, { index: 2, startLine: 2, text: '%YAML 1.1\n---\nb: 2' }],
    },
    {
      name: 'indented --- inside a block scalar is content', text: 'a: |\n  ---\n  x\nb: 2',
      want: [{ index: 1, startLine: 1, text: 'a: |\n  ---\n  x\nb: 2' }],
    },
    { name: '---x is not a marker', text: '---x: 1', want: [{ index: 1, startLine: 1, text: '---x: 1' }] },
    { name: 'empty text', text: '', want: [] },
  ];
  it.each(cases)('$name', ({ text, want }) => {
    expect(splitDocuments(text)).toEqual(want);
  });
});

describe('loadDocument: YAML 1.1 as kubectl reads it', () => {
  const cases: { name: string; text: string; value: unknown }[] = [
    // go-yaml v2 (kubectl) resolves yes/no/on/off/y/n as booleans (YAML 1.1 §10.3 bool type).
    { name: 'yes/no/on/off are booleans', text: 'a: yes\nb: no\nc: on\nd: Off\ne: y\nf: "no"', value: { a: true, b: false, c: true, d: false, e: true, f: 'no' } },
    { name: 'merge keys', text: 'base: &b {x: 1, z: 2}\nm:\n  <<: *b\n  z: 3', value: { base: { x: 1, z: 2 }, m: { x: 1, z: 3 } } },
    // Even a key: `y:` is the boolean true in YAML 1.1, so the field is named "true".
    { name: 'y as a key', text: 'y: 1', value: { true: 1 } },
    // sigs.k8s.io/yaml hands timestamps through as strings; a Date would break string fields.
    { name: 'timestamps stay strings', text: 't: 2024-05-01T10:00:00Z', value: { t: '2024-05-01T10:00:00Z' } },
    { name: 'octal-looking YAML 1.1 ints', text: 'mode: 0644', value: { mode: 420 } },
    // go-yaml resolve.go: "Base 60 floats are a bad idea, were dropped in YAML 1.2, and are purposefully unsupported here."
    { name: 'no base-60 numbers, as in go-yaml', text: 'window: 01:30\nmac: 00:11:22:33:44:55\nt: 12:30:00.5', value: { window: '01:30', mac: '00:11:22:33:44:55', t: '12:30:00.5' } },
    { name: 'other ints and floats still resolve', text: 'a: 0x1F\nb: 1_000\nc: -12\nd: 1.5\ne: .5', value: { a: 31, b: 1000, c: -12, d: 1.5, e: 0.5 } },
    { name: '__proto__ is an ordinary key', text: '__proto__: {polluted: true}', value: JSON.parse('{"__proto__": {"polluted": true}}') },
    { name: 'empty document is null', text: '---\n# nothing', value: null },
    { name: '!!set becomes a mapping of nulls', text: 's: !!set {a, b}', value: { s: { a: null, b: null } } },
  ];
  it.each(cases)('$name', ({ text, value }) => {
    const loaded = loadDocument(text);
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.value).toEqual(value);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('copies aliased values, so a change to one cannot show up in the other', () => {
    const loaded = loadDocument('a: &x {k: v}\nb: *x');
    expect(loaded.ok).toBe(true);
    const v = (loaded.ok ? loaded.value : {}) as Record<string, object>;
    expect(v['a']).toEqual(v['b']);
    expect(v['a']).not.toBe(v['b']);
  });
});

describe('loadDocument: failures', () => {
  const billionLaughs = lines(
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  );
  const cases: { name: string; text: string; code: string; offset?: number }[] = [
    { name: 'bad indentation', text: 'a: b\n c: d', code: 'yaml-syntax', offset: 7 },
    { name: 'duplicate key (the API would see only one)', text: 'a: 1\na: 2', code: 'yaml-syntax', offset: 5 },
    { name: 'unclosed flow sequence', text: 'a: [1, 2', code: 'yaml-syntax' },
    { name: 'unknown tag', text: 'a: !Ref b', code: 'yaml-syntax' },
    { name: 'deep flow nesting', text: '['.repeat(LIMITS.maxDepth + 50) + ']'.repeat(LIMITS.maxDepth + 50), code: 'yaml-too-deep' },
    { name: 'very deep flow nesting (would overflow the stack)', text: '['.repeat(200_000), code: 'yaml-too-deep' },
    { name: 'deep block nesting', text: Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), code: 'yaml-too-deep' },
    { name: 'billion laughs', text: billionLaughs, code: 'yaml-alias-bomb' },
    // Each merge copies the keys of the one before: quadratic work, capped by js-yaml's maxTotalMergeKeys.
    { name: 'merge-key chain', text: Array.from({ length: 3000 }, (_, i) => `m${i}: &m${i}\n  <<: ${i ? `*m${i - 1}` : '{}'}\n  k${i}: 1`).join('\n'), code: 'yaml-alias-bomb' },
  ];
  it.each(cases)('$name → $code', ({ text, code, offset }) => {
    const loaded = loadDocument(text);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.code).toBe(code);
    expect(loaded.message.length).toBeGreaterThan(20);
    if (offset !== undefined) expect(loaded.offset).toBe(offset);
  });

  it.each([
    ['a: 1\nports: 2\nports: 3', /The key "ports" appears twice/],
    ['a:\n\tb: 1', /Indent with spaces/],
    ['a: 1\n  b: 2', /start in the same column/],
    ['a: [1, 2', /never closed/],
    ['a: "x', /A quote is never closed/],
    ['a: *nope', /must refer to an anchor/],
  ])('explains %j', (text, hint) => {
    const loaded = loadDocument(text);
    expect(!loaded.ok && loaded.message).toMatch(hint);
  });

  it('accepts aliases that stay under the budget', () => {
    const loaded = loadDocument(billionLaughs.split('\n').slice(0, 3).join('\n'));
    expect(loaded.ok).toBe(true);
  });
});

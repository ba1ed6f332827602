import { describe, expect, it } from 'vitest';
import { fnv32a, generateName, macFromSeed, podTemplateHash, probe, randomString, rangeAt, safeAlphabet, safeEncodeString, stableJson } from '../../src/cluster/names.ts';

describe('names', () => {
  it('fnv32a matches the FNV-1a reference vectors', () => {
    // Reference values from the FNV specification (draft-eastlake-fnv): "" and "a".
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it.each([
    ['0123456789', '456789bcdf'],
    ['x', safeAlphabet[120 % 27]],
  ])('SafeEncodeString(%s) maps every character modulo 27 (apimachinery util/rand)', (input, expected) => {
    expect(safeEncodeString(input)).toBe(expected);
  });

  it('pod-template-hash uses only the characters decimal digits map to, like 7d4b9c6f5d', () => {
    for (const template of [{ a: 1 }, { labels: { app: 'web' } }, { labels: { app: 'db' }, containers: [] }]) {
      expect(podTemplateHash(template)).toMatch(/^[456789bcdf]{1,10}$/);
      expect(podTemplateHash(template)).toBe(podTemplateHash(JSON.parse(JSON.stringify(template))));
    }
    expect(podTemplateHash({ labels: { app: 'web' } })).not.toBe(podTemplateHash({ labels: { app: 'api' } }));
  });

  it('stableJson ignores key order and undefined fields', () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe(stableJson({ a: [1, { d: 2 }], b: 1 }));
  });

  it('randomString gives n safe characters, deterministically', () => {
    for (const n of [1, 5, 10, 12]) {
      expect(randomString('seed', n)).toMatch(new RegExp(`^[${safeAlphabet}]{${n}}$`));
      expect(randomString('seed', n)).toBe(randomString('seed', n));
    }
  });

  it('generateName probes past taken names and records the new one', () => {
    const taken = new Set<string>();
    const first = generateName('web-', 's', taken);
    expect(first).toMatch(new RegExp(`^web-[${safeAlphabet}]{5}$`));
    const second = generateName('web-', 's', taken);
    expect(second).not.toBe(first);
    expect(taken).toEqual(new Set([first, second]));
  });

  it('macFromSeed is a locally administered unicast MAC', () => {
    const mac = macFromSeed('veth');
    expect(mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    const first = parseInt(mac.slice(0, 2), 16);
    expect(first & 0b11).toBe(0b10);
  });

  it('probe starts at the hash and moves on in order past taken offsets', () => {
    const start = probe('x', 10, () => false)!;
    expect(probe('x', 10, (o) => o === start)).toBe((start + 1) % 10);
    expect(probe('x', 3, () => true)).toBeUndefined();
  });

  it('rangeAt falls back to the nearest ancestor, then the document', () => {
    const r = (line: number) => ({ doc: 1, startLine: line, startCol: 1, endLine: line, endCol: 5 });
    const source = { doc: 1, range: r(1), paths: { spec: r(3), 'spec.ports[0]': r(4) } };
    expect(rangeAt(source, 'spec.ports[0].targetPort')).toEqual(r(4));
    expect(rangeAt(source, 'spec.selector')).toEqual(r(3));
    expect(rangeAt(source, 'metadata.name')).toEqual(r(1));
  });
});

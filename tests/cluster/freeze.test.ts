import { describe, expect, it } from 'vitest';
import { deepFreeze, plainCopy } from '../../src/cluster/freeze.ts';

describe('deepFreeze', () => {
  it.each([
    ['nested objects', { a: { b: { c: 1 } } }, (v: { a: { b: { c: number } } }) => v.a.b],
    ['arrays of objects', { list: [{ x: 1 }] }, (v: { list: { x: number }[] }) => v.list[0]],
    ['values inside a Map', { m: new Map([['k', { y: 2 }]]) }, (v: { m: Map<string, { y: number }> }) => v.m.get('k')],
  ] as const)('freezes %s', (_name, value, inner) => {
    deepFreeze(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen((inner as (v: unknown) => unknown)(value))).toBe(true);
  });

  it('a mutation of frozen state throws in strict mode', () => {
    const v = deepFreeze({ pods: [{ ip: '10.244.1.2' }] });
    expect(() => { (v.pods[0] as { ip: string }).ip = 'x'; }).toThrow(TypeError);
  });

  it('handles shared and cyclic references', () => {
    const shared = { s: 1 };
    const v: Record<string, unknown> = { a: shared, b: shared };
    v.self = v;
    expect(() => deepFreeze(v)).not.toThrow();
    expect(Object.isFrozen(shared)).toBe(true);
  });
});

describe('plainCopy', () => {
  it('copies deeply, keeps shared references shared, leaves the input unfrozen', () => {
    const shared = { paths: { a: 1 } };
    const input = { x: shared, y: shared, list: [1, { z: 2 }] };
    const copy = deepFreeze(plainCopy(input));
    expect(copy).toEqual(input);
    expect(copy.x).not.toBe(shared);
    expect(copy.x).toBe(copy.y);
    expect(Object.isFrozen(input.x)).toBe(false);
  });
});

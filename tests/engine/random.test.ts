import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/engine/random.ts';

const draws = (seed: number, n: number) => { const r = seededRng(seed); return Array.from({ length: n }, () => r.next()); };

describe('seededRng (DESIGN.md: the same seed always gives the same output)', () => {
  it.each([0, 1, 42, 0xffffffff, -7])('seed %d: same sequence twice, every value in [0, 1)', (seed) => {
    const a = draws(seed, 500);
    expect(draws(seed, 500)).toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('different seeds give different sequences', () => {
    expect(draws(1, 5)).not.toEqual(draws(2, 5));
  });

  it.each([
    { name: 'a die', min: 1, max: 6 },
    { name: 'ephemeral ports', min: 1024, max: 65535 },
    { name: 'a single value', min: 5, max: 5 },
    { name: 'negative range', min: -3, max: 3 },
  ])('int($min, $max) — $name: inclusive bounds, both ends reached', ({ min, max }) => {
    const r = seededRng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const v = r.int(min, max);
      expect(Number.isInteger(v) && v >= min && v <= max).toBe(true);
      seen.add(v);
    }
    if (max - min < 10) expect(seen.size).toBe(max - min + 1);
    else expect(Math.min(...seen) - min + (max - Math.max(...seen))).toBeLessThan(((max - min) / 20_000) * 20);
  });

  it.each([
    { name: 'max < min', min: 3, max: 2 },
    { name: 'fractional', min: 0.5, max: 2 },
  ])('int rejects $name', ({ min, max }) => {
    expect(() => seededRng(1).int(min, max)).toThrow(RangeError);
  });

  it('is roughly uniform: 10 buckets of 100,000 draws each within 5% of 10,000', () => {
    const r = seededRng(123);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(r.next() * 10)]!++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('fork(label) depends only on the seed and the label, not on draws made before', () => {
    const fresh = seededRng(7);
    const used = seededRng(7);
    used.next(); used.next(); used.next();
    const a = fresh.fork('connect');
    const b = used.fork('connect');
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
  });

  it.each([['dns', 'connect'], ['a', 'b'], ['phase-1', 'phase-2']])('fork(%s) and fork(%s) are different streams', (x, y) => {
    const r = seededRng(7);
    const fx = r.fork(x);
    const fy = r.fork(y);
    expect([fx.next(), fx.next()]).not.toEqual([fy.next(), fy.next()]);
  });

  it('a fork is not the parent stream', () => {
    expect(seededRng(7).fork('x').next()).not.toBe(seededRng(7).next());
  });
});

// Deterministic randomness for the engine (DESIGN.md: "randomness comes from a seed in the
// options, so the same input always gives the same output"). mulberry32: a tiny 32-bit generator
// with good statistical quality for picking endpoints and source ports; never Math.random.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /**
   * An independent stream for one purpose (`'dns'`, `'connect'`). It depends only on this
   * stream's seed and the label, not on how many numbers were drawn before, so adding a draw in
   * one phase never changes the choices of another.
   */
  fork(label: string): Rng;
}

/** FNV-1a over the label's UTF-16 code units, mixed with the parent seed. */
function mix(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final avalanche (murmur3 fmix32) so labels differing in one character diverge fully.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export function seededRng(seed: number): Rng {
  const origin = seed >>> 0;
  let state = origin;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(min: number, max: number): number {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`Rng.int: need integers min <= max, got ${min}, ${max}`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    fork: (label: string) => seededRng(mix(origin, label)),
  };
}

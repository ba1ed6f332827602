import { describe, expect, it } from 'vitest';
import { shareAt, shareForKey } from '../../src/ui/splitter.ts';
import { BOTTOM_SHARE, clampShare } from '../../src/state/view.ts';

describe('the bottom panel splitter', () => {
  it.each([
    { name: 'a quarter up from the bottom', y: 540, want: 0.25 },
    { name: 'at the very top', y: 0, want: 1 },
    { name: 'half way', y: 360, want: 0.5 },
  ])('bar $name of a 720 px app → share $want', ({ y, want }) => {
    expect(shareAt(y, 0, 720)).toBeCloseTo(want);
  });

  it.each([
    { key: 'ArrowUp', share: 0.25, want: 0.3 },
    { key: 'ArrowDown', share: 0.25, want: 0.2 },
    { key: 'Home', share: 0.25, want: BOTTOM_SHARE.max },
    { key: 'End', share: 0.25, want: BOTTOM_SHARE.min },
    { key: 'a', share: 0.25, want: undefined },
  ])('$key from $share → $want', ({ key, share, want }) => {
    const got = shareForKey(key, share);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(want);
  });

  it.each([
    { share: 0.4, want: 0.4 },
    { share: 0, want: BOTTOM_SHARE.min },
    { share: 1, want: BOTTOM_SHARE.max },
    { share: Number.NaN, want: BOTTOM_SHARE.initial },
  ])('the store keeps $share as $want', ({ share, want }) => {
    expect(clampShare(share)).toBe(want);
  });
});

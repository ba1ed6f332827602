import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../src/ui/matrix/rowWindow.ts';

const base = { headHeight: 0, rowHeight: 10, overscan: 0 };

describe('rowWindow', () => {
  it.each([
    // [name, sizes, scrollTop, viewHeight, before, after, chunks]
    ['everything fits', [2, 1], 0, 100, 0, 0, [{ group: 0, header: true, from: 0, to: 2 }, { group: 1, header: true, from: 0, to: 1 }]],
    ['the top of one big group', [10], 0, 30, 0, 80, [{ group: 0, header: true, from: 0, to: 2 }]],
    ['the middle: header scrolled away', [10], 50, 30, 50, 30, [{ group: 0, header: false, from: 4, to: 7 }]],
    ['across two groups', [3, 3], 20, 40, 20, 20, [{ group: 0, header: false, from: 1, to: 3 }, { group: 1, header: true, from: 0, to: 1 }]],
    ['scrolled past the end', [2], 500, 30, 30, 0, []],
  ])('%s', (_name, sizes, scrollTop, viewHeight, before, after, chunks) => {
    expect(rowWindow({ ...base, sizes, scrollTop, viewHeight })).toEqual({ before, after, chunks });
  });

  it('renders a margin of rows beyond the view and counts the sticky header', () => {
    const w = rowWindow({ sizes: [100], scrollTop: 240, viewHeight: 100, headHeight: 40, rowHeight: 10, overscan: 2 });
    // Rows 20–29 of the flat list (header is 0) are in view; 18–31 rendered.
    expect(w.chunks).toEqual([{ group: 0, header: false, from: 17, to: 31 }]);
    expect(w.before).toBe(180);
    expect(w.after).toBe((101 - 32) * 10);
  });
});

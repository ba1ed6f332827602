import { describe, expect, it } from 'vitest';
import type { ModelBox } from '../../../src/ui/graph/fit.ts';
import { afterResize, centred, fitted, REFIT_GAIN } from '../../../src/ui/graph/fit.ts';

// A cluster 1,200×700 model units, left/top at (-100, -300), fitted to a 627×389 pane with 24 px
// of padding: the picture the app shows before each resize below.
const box: ModelBox = { x1: -100, y1: -300, w: 1200, h: 700 };
const pane = { width: 627, height: 389 };
const now = fitted(box, pane.width, pane.height, 24, 3);

/** Where the box's centre lands on screen in a view. */
const centreOnScreen = (v: { zoom: number; pan: { x: number; y: number } }) =>
  ({ x: (box.x1 + box.w / 2) * v.zoom + v.pan.x, y: (box.y1 + box.h / 2) * v.zoom + v.pan.y });

describe('fitted and centred', () => {
  it('fit by the tighter side, padding included, and centre the box', () => {
    expect(now.zoom).toBeCloseTo(579 / 1200, 9);
    expect(fitted({ ...box, w: 600 }, 627, 389, 24, 3).zoom).toBeCloseTo(341 / 700, 9);
    const c = centreOnScreen(now);
    expect(c.x).toBeCloseTo(627 / 2, 9);
    expect(c.y).toBeCloseTo(389 / 2, 9);
  });

  it('never zoom in beyond the graph’s maximum', () => {
    expect(fitted({ x1: 0, y1: 0, w: 10, h: 10 }, 627, 389, 24, 3).zoom).toBe(3);
  });

  it('centre at any zoom', () => {
    const c = centreOnScreen(centred(box, 900, 500, 0.25));
    expect([c.x, c.y]).toEqual([450, 250]);
  });
});

describe('afterResize', () => {
  it.each([
    { name: 'a message line appears under the graph (23 px shorter)', width: 627, height: 366, refit: false },
    { name: 'the message line goes again (23 px taller)', width: 627, height: 412, refit: false },
    { name: 'the editor hides (300 px wider; the height now limits, about as before)', width: 927, height: 389, refit: false },
    { name: 'the window grows in both directions', width: 927, height: 600, refit: true },
    { name: 'the editor shows again and cuts the cluster off', width: 327, height: 389, refit: true },
    { name: 'the window gets much shorter', width: 627, height: 250, refit: true },
  ])('$name: refit $refit, and centred either way', ({ width, height, refit }) => {
    const next = afterResize(box, width, height, now, 24, 3);
    expect(next.zoom).toBe(refit ? fitted(box, width, height, 24, 3).zoom : now.zoom);
    const c = centreOnScreen(next);
    expect(c.x).toBeCloseTo(width / 2, 9);
    expect(c.y).toBeCloseTo(height / 2, 9);
  });

  it(`refits when fitting would enlarge the picture more than ${REFIT_GAIN}×, not at ${REFIT_GAIN}×`, () => {
    // Wider and taller by the same factor: the fitted zoom grows by about that factor.
    const grown = (f: number) => afterResize(box, 24 * 2 + (pane.width - 48) * f, 24 * 2 + (pane.height - 48) * f, now, 24, 3);
    expect(grown(REFIT_GAIN * 0.999).zoom).toBe(now.zoom);
    expect(grown(REFIT_GAIN * 1.001).zoom).toBeGreaterThan(now.zoom * REFIT_GAIN);
  });
});

import { describe, expect, it } from 'vitest';
import { fitZoom, REFIT_GAIN, shouldRefit } from '../../../src/ui/graph/fit.ts';

// The example cluster fitted to a 627×389 pane: a 1,200×700 model box at the fitted zoom, 24 px
// of padding, centred. Each case resizes the pane the way the app does.
const model = { w: 1200, h: 700 };
const pane = { width: 627, height: 389 };
const zoom = fitZoom(model.w, model.h, pane.width, pane.height, 24);
const drawnW = model.w * zoom;
const drawnH = model.h * zoom;
const left = (pane.width - drawnW) / 2;
const top = (pane.height - drawnH) / 2;
const drawn = { x1: left, y1: top, x2: left + drawnW, y2: top + drawnH };

describe('fitZoom', () => {
  it('is limited by the tighter side, padding included', () => {
    expect(fitZoom(600, 700, 627, 389, 24)).toBeCloseTo(341 / 700, 6);
    expect(fitZoom(1200, 100, 627, 389, 24)).toBeCloseTo(579 / 1200, 6);
  });
});

describe('shouldRefit after a resize', () => {
  it.each([
    { name: 'a message line appears under the graph (23 px shorter)', width: 627, height: 366, refit: false },
    { name: 'the message line goes again (23 px taller)', width: 627, height: 412, refit: false },
    { name: 'the editor hides (300 px wider, but the height limits)', width: 927, height: 389, refit: false },
    { name: 'the window grows in both directions', width: 927, height: 600, refit: true },
    { name: 'the editor shows again and cuts the cluster off', width: 327, height: 389, refit: true },
    { name: 'the window gets much shorter', width: 627, height: 250, refit: true },
  ])('$name: refit $refit', ({ width, height, refit }) => {
    // Resizing keeps pan and zoom: the drawing stays where it was in the pane's pixels.
    const fitted = fitZoom(model.w, model.h, width, height, 24);
    expect(shouldRefit(drawn, width, height, zoom, fitted)).toBe(refit);
  });

  it(`refits for a gain just over ${REFIT_GAIN}× and not at it`, () => {
    expect(shouldRefit(drawn, pane.width, pane.height, zoom, zoom * REFIT_GAIN)).toBe(false);
    expect(shouldRefit(drawn, pane.width, pane.height, zoom, zoom * REFIT_GAIN * 1.01)).toBe(true);
  });
});

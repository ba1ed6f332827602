import { describe, expect, it } from 'vitest';
import type { Box } from '../../../src/ui/graph/geometry.ts';
import { BOW, segmentPath } from '../../../src/ui/graph/geometry.ts';

/** The numbers of a path's data: M x,y [Q cx,cy] x,y or M x,y L x,y. */
const points = (d: string): number[] => d.match(/-?\d+(\.\d+)?/g)!.map(Number);

/** How far (x, y) lies beyond the box's border, measured along the ray from the box's centre. */
function beyondBorder(box: Box, x: number, y: number): number {
  const dx = x - box.x;
  const dy = y - box.y;
  const len = Math.hypot(dx, dy);
  const toBorder = Math.min(dx === 0 ? Infinity : (box.w / 2) * (len / Math.abs(dx)), dy === 0 ? Infinity : (box.h / 2) * (len / Math.abs(dy)));
  return len - toBorder;
}

const pod = (x: number, y: number): Box => ({ x, y, w: 176, h: 40 });
const iface = (x: number, y: number): Box => ({ x, y, w: 58, h: 26 });
const underlay: Box = { x: 348, y: 500, w: 432, h: 24 };

describe('segmentPath, straight', () => {
  it.each([
    // Border to border with 3 px to spare: half-widths 88 and 88, so 88 + 3 in from each centre.
    { name: 'pod → pod across columns', a: pod(232, 0), b: pod(464, 0), d: 'M323,0 L373,0' },
    { name: 'pod → pod down a column', a: pod(232, 0), b: pod(232, 100), d: 'M232,23 L232,77' },
    { name: 'back up the column', a: pod(232, 100), b: pod(232, 0), d: 'M232,77 L232,23' },
    // eth0 above the underlay bar: leaves eth0's bottom, meets the bar's top.
    { name: 'eth0 → underlay, straight down', a: iface(348, 400), b: underlay, d: 'M348,416 L348,485' },
  ])('$name', ({ a, b, d }) => {
    expect(segmentPath(a, b, true)).toBe(d);
  });

  it('meets a wide box at its top edge when coming in at a slant, 3 px short along the line', () => {
    const [, , x2, y2] = points(segmentPath(iface(232, 400), underlay, true)!);
    expect(y2).toBeLessThan(underlay.y - underlay.h / 2);
    expect(y2).toBeGreaterThan(underlay.y - underlay.h / 2 - 3);
    expect(beyondBorder(underlay, x2!, y2!)).toBeCloseTo(3, 0);
  });
});

describe('segmentPath, bowed', () => {
  const cases = [
    { name: 'down a column', a: pod(232, 0), b: pod(232, 200) },
    { name: 'up a column', a: pod(232, 200), b: pod(232, 0) },
    { name: 'across to the next column', a: pod(232, 0), b: pod(464, 50) },
    { name: 'pod to a small interface below it', a: pod(464, 250), b: iface(402, 304) },
  ];

  it.each(cases)('$name: the control point is BOW beside the midpoint, on the right of travel', ({ a, b }) => {
    const [, , cx, cy] = points(segmentPath(a, b, false)!);
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    expect(Math.hypot(cx! - mid.x, cy! - mid.y)).toBeCloseTo(BOW, 0);
    // Perpendicular to the line between the centres (to the path's 0.1 px rounding).
    const cos = ((cx! - mid.x) * (b.x - a.x) + (cy! - mid.y) * (b.y - a.y)) / (BOW * Math.hypot(b.x - a.x, b.y - a.y));
    expect(Math.abs(cos)).toBeLessThan(0.005);
    // y grows downwards: a positive cross product of travel × offset is a turn to the right.
    expect((b.x - a.x) * (cy! - mid.y) - (b.y - a.y) * (cx! - mid.x)).toBeGreaterThan(0);
  });

  it.each(cases)('$name: each end sits just outside its box, towards the control point', ({ a, b }) => {
    const [x1, y1, cx, cy, x2, y2] = points(segmentPath(a, b, false)!);
    for (const [box, x, y] of [[a, x1!, y1!], [b, x2!, y2!]] as const) {
      // 3 px beyond the box's border (to the path's 0.1 px rounding)...
      expect(beyondBorder(box, x, y)).toBeCloseTo(3, 0);
      // ...on the ray from the box's centre to the control point.
      const cross = (x - box.x) * (cy! - box.y) - (y - box.y) * (cx! - box.x);
      expect(Math.abs(cross) / Math.hypot(cx! - box.x, cy! - box.y)).toBeLessThan(0.2);
    }
  });

  it('there and back bow to opposite sides, so the two trails do not overlap', () => {
    const there = points(segmentPath(pod(232, 0), pod(232, 200), false)!);
    const back = points(segmentPath(pod(232, 200), pod(232, 0), false)!);
    expect(Math.sign(there[2]! - 232)).toBe(-Math.sign(back[2]! - 232));
  });
});

it('draws nothing between two boxes that share a centre', () => {
  expect(segmentPath(pod(0, 0), iface(0, 0), false)).toBeUndefined();
  expect(segmentPath(pod(0, 0), iface(0, 0), true)).toBeUndefined();
});

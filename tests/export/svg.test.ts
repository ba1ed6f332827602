// The topology SVG: well-formed, boxes behind edges behind leaves, labels escaped, lines per label line.
import { describe, expect, it } from 'vitest';
import { topologySvg } from '../../src/export/svg.ts';

const colours = { background: '#fff', box: '#eee', line: '#888', text: '#000' };

describe('topologySvg', () => {
  const svg = topologySvg([
    { id: 'node:n1', label: 'node-1 <10.0.0.1>', x: 100, y: 100, width: 200, height: 150, compound: true },
    { id: 'pod:a', label: 'web-1\n10.244.1.5', x: 100, y: 80, width: 80, height: 40, compound: false },
    { id: 'iface:n1/eth0', label: 'eth0', x: 100, y: 150, width: 40, height: 20, compound: false },
  ], [{ source: 'pod:a', target: 'iface:n1/eth0' }, { source: 'pod:a', target: 'missing' }], colours);

  it('is one svg element with a viewBox around every box and the compound label above it', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="-16 -9 232 200"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('draws compound boxes, then edges (skipping ones with a missing end), then leaves', () => {
    const order = ['data-id="node:n1"', '<line', 'data-id="pod:a"'].map((s) => svg.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(svg.match(/<line /g)).toHaveLength(1);
  });

  it('escapes labels and writes one tspan per label line', () => {
    expect(svg).toContain('node-1 &lt;10.0.0.1&gt;');
    expect(svg).toMatch(/<tspan[^>]*>web-1<\/tspan><tspan[^>]*>10.244.1.5<\/tspan>/);
  });
});

it('an empty graph is still a valid picture', () => {
  expect(topologySvg([], [], colours)).toMatch(/^<svg [^>]*viewBox="-16 -16 32 32"/);
});

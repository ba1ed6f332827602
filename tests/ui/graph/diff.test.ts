import { describe, expect, it } from 'vitest';
import { sameElement, samePos } from '../../../src/ui/graph/diff.ts';
import type { GraphElement } from '../../../src/ui/graph/model.ts';

const pod = (over: Record<string, string> = {}, classes = 'pod'): GraphElement =>
  ({ group: 'nodes', data: { id: 'pod:a/b', kind: 'pod', label: 'b\n10.0.0.1', tip: 'Pod a/b', parent: 'node:n1', ...over }, classes });

describe('sameElement', () => {
  it.each([
    ['identical values', pod(), pod(), true],
    ['nothing before', undefined, pod(), false],
    ['another label', pod(), pod({ label: 'b\n10.0.0.2' }), false],
    ['another parent', pod(), pod({ parent: 'node:n2' }), false],
    ['a field added', pod(), pod({ color: '#2f7ed8' }), false],
    ['other classes', pod(), pod({}, 'pod unready'), false],
    ['an edge against a node', { group: 'edges', data: { id: 'pod:a/b', source: 'x', target: 'y' }, classes: 'pod' } as GraphElement, pod(), false],
  ] as const)('%s', (_, a, b, same) => {
    expect(sameElement(a, b)).toBe(same);
  });
});

describe('samePos', () => {
  it.each([
    [{ x: 1, y: 2 }, { x: 1, y: 2 }, true],
    [{ x: 1, y: 2 }, { x: 1, y: 3 }, false],
    [undefined, { x: 1, y: 2 }, false],
    [undefined, undefined, true],
  ] as const)('%o vs %o', (a, b, same) => {
    expect(samePos(a, b)).toBe(same);
  });
});

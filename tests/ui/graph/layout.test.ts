import { describe, expect, it } from 'vitest';
import { layout } from '../../../src/ui/graph/layout.ts';
import type { Pos } from '../../../src/ui/graph/layout.ts';
import { graphModel } from '../../../src/ui/graph/model.ts';
import { exampleWith, extraPod } from './fixtures.ts';

const pods = (positions: ReadonlyMap<string, Pos>): [string, Pos][] => [...positions].filter(([id]) => id.startsWith('pod:'));

describe('layout', () => {
  const model = graphModel(exampleWith());
  const first = layout(model);

  it('places every drawn element, the same way every time', () => {
    for (const e of model.elements) if (e.group === 'nodes' && e.data.kind !== 'node') expect(first.positions.has(e.data.id)).toBe(true);
    expect([...layout(model).positions]).toEqual([...first.positions]);
  });

  it('puts one column per node in name order, pods stacked above the host stack and interfaces', () => {
    const x = (id: string): number => first.positions.get(id)!.x;
    expect(x('host:control-plane')).toBeLessThan(x('host:node-1'));
    expect(x('host:node-1')).toBeLessThan(x('host:node-2'));
    for (const [id, pos] of pods(first.positions)) {
      const parent = (model.elements.find((e) => e.data.id === id)!.data as { parent: string }).parent;
      const host = first.positions.get(`host:${parent.slice('node:'.length)}`)!;
      expect(pos.x).toBe(host.x);
      expect(pos.y).toBeLessThan(host.y);
    }
    expect(first.positions.get('iface:node-1/eth0')!.y).toBeGreaterThan(first.positions.get('host:node-1')!.y);
  });

  it('puts Services above the nodes and the outside world to their left', () => {
    const topPod = Math.min(...pods(first.positions).map(([, p]) => p.y));
    expect(first.positions.get('svc:shop/backend')!.y).toBeLessThan(topPod);
    expect(first.positions.get('internet')!.x).toBeLessThan(first.positions.get('host:control-plane')!.x);
  });

  it.each([
    // A name that sorts first and one that sorts last: neither moves the pods already drawn.
    ['aaa-debug', 'node-1'],
    ['zzz-debug', 'node-2'],
  ])('adding pod %s on %s moves no other pod', (name, node) => {
    const next = layout(graphModel(exampleWith(undefined, extraPod(name, node))), first);
    for (const [id, pos] of pods(first.positions)) expect(next.positions.get(id)).toEqual(pos);
    expect(next.positions.get(`pod:shop/${name}`)).toBeDefined();
  });

  it('removing a pod leaves the others where they were', () => {
    const withExtra = layout(graphModel(exampleWith(undefined, extraPod('aaa-debug', 'node-1'))), first);
    const back = layout(model, withExtra);
    for (const [id, pos] of pods(first.positions)) expect(back.positions.get(id)).toEqual(pos);
  });
});

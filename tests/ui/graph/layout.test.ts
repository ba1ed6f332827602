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

describe('interface chips', () => {
  // Chip widths from style.ts: 62 narrow, 92 wide. A row must not overlap, nor outgrow the node
  // column (232 apart, less the node box's 12 px padding on each side).
  const width = (name: string): number => (name.length > 9 ? 92 : 62);
  it.each([
    { cni: 'plugin: flannel\n    mode: vxlan', rows: [['eth0', 'cni0', 'flannel.1']] },
    { cni: 'plugin: cilium\n    mode: vxlan', rows: [['eth0', 'cilium_host'], ['cilium_net', 'cilium_vxlan']] },
    { cni: 'plugin: calico\n    mode: wireguard', rows: undefined },
  ])('$cni: names fit their chips, chips do not overlap', ({ cni, rows }) => {
    const l = layout(graphModel(exampleWith(cni)));
    const mine = [...l.positions].filter(([id]) => id.startsWith('iface:node-1/')).map(([id, p]) => ({ name: id.slice('iface:node-1/'.length), ...p }));
    const byRow = [...new Set(mine.map((c) => c.y))].sort((a, b) => a - b).map((y) => mine.filter((c) => c.y === y).sort((a, b) => a.x - b.x));
    if (rows) expect(byRow.map((r) => r.map((c) => c.name))).toEqual(rows);
    for (const row of byRow) {
      for (let k = 1; k < row.length; k++) {
        const [a, b] = [row[k - 1]!, row[k]!];
        expect(b.x - width(b.name) / 2, `${a.name} | ${b.name}`).toBeGreaterThanOrEqual(a.x + width(a.name) / 2);
      }
      const span = row[row.length - 1]!.x + width(row[row.length - 1]!.name) / 2 - (row[0]!.x - width(row[0]!.name) / 2);
      expect(span).toBeLessThanOrEqual(232 - 24);
      // 10.5 px monospace is about 6.3 px a character: every name fits inside its chip.
      for (const c of row) expect(c.name.length * 6.3, c.name).toBeLessThanOrEqual(width(c.name) - 2);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { graphModel, resolveAt } from '../../../src/ui/graph/model.ts';
import { exampleWith } from './fixtures.ts';

const ids = (cni?: string): string[] => graphModel(exampleWith(cni)).elements.map((e) => e.data.id);

describe('graphModel', () => {
  const cluster = exampleWith();
  const model = graphModel(cluster);
  const byId = new Map(model.elements.map((e) => [e.data.id, e]));

  it('draws every node as a box with its pods inside, under the engine’s ids', () => {
    for (const n of cluster.nodes) expect(byId.get(`node:${n.name}`)?.classes).toContain('node');
    for (const p of cluster.pods) expect(byId.get(`pod:${p.id}`)?.data).toMatchObject({ parent: `node:${p.nodeName}` });
    expect(model.nodes).toEqual(['node:control-plane', 'node:node-1', 'node:node-2']);
  });

  it('orders node columns as people read names: node-2 before node-10', () => {
    expect(graphModel(exampleWith(undefined, '', ['node-10', 'node-3'])).nodes)
      .toEqual(['node:control-plane', 'node:node-1', 'node:node-2', 'node:node-3', 'node:node-10']);
  });

  it('labels a pod with its name and IP, and keeps labels and node for the hover tip', () => {
    const db = byId.get('pod:shop/db-0')!.data as { label: string; tip: string };
    expect(db.label).toBe('db-0\n10.244.2.4');
    expect(db.tip).toContain('node node-2');
    expect(db.tip).toContain('app=db');
  });

  it('draws Services with their ClusterIP and ports, and an edge to each endpoint pod', () => {
    const backend = byId.get('svc:shop/backend')!.data as { label: string };
    expect(backend.label).toMatch(/^svc backend\n10\.\d+\.\d+\.\d+\n8080\/TCP$/);
    const endpoints = model.elements.filter((e) => e.group === 'edges' && e.data.source === 'svc:shop/backend');
    expect(endpoints).toHaveLength(3);
    expect((byId.get('svc:shop/db')!.data as { label: string }).label).toContain('None (headless)');
  });

  it('draws LoadBalancer addresses, the upstream resolver, the outside world and the underlay', () => {
    for (const id of ['lb:172.16.0.250', 'lb:172.16.0.200', 'external:198.51.100.53', 'internet', 'underlay']) expect(byId.has(id)).toBe(true);
  });

  it('gives each namespace its own colour and mutes system pods', () => {
    const color = (id: string): string | undefined => (byId.get(id)!.data as { color?: string }).color;
    expect(color('pod:shop/db-0')).not.toBe(color('svc:default/kubernetes'));
    expect(byId.get('pod:kube-system/coredns-9c474d8bc-bwrbx')?.classes).toContain('system');
  });

  it.each([
    // [CNI, interfaces the node draws]
    ['plugin: flannel\n    mode: vxlan', ['eth0', 'cni0', 'flannel.1']],
    ['plugin: calico\n    mode: ipip', ['eth0', 'tunl0']],
    ['plugin: cilium\n    mode: vxlan', ['eth0', 'cilium_vxlan']],
  ])('draws the node interfaces %s really has, not per-pod veths', (cni, devices) => {
    const drawn = ids(cni).filter((id) => id.startsWith('iface:node-1/')).map((id) => id.slice('iface:node-1/'.length));
    for (const d of devices) expect(drawn).toContain(d);
    expect(drawn.filter((d) => /^(veth|cali|lxc)/.test(d))).toEqual([]);
  });
});

describe('resolveAt', () => {
  const cluster = exampleWith();
  const model = graphModel(cluster);
  const db = cluster.pods.find((p) => p.id === 'shop/db-0')!;
  it.each([
    ['pod:shop/db-0', 'pod:shop/db-0'],
    ['iface:node-1/cni0', 'iface:node-1/cni0'],
    [`iface:node-2/${db.hostVeth!.name}`, 'pod:shop/db-0'],
    ['iface:node-1/nosuchdev', 'node:node-1'],
    ['node:node-2', 'host:node-2'],
    ['external:203.0.113.7', 'internet'],
    ['external:198.51.100.53', 'external:198.51.100.53'],
    ['lb:172.16.0.250', 'lb:172.16.0.250'],
    ['underlay', 'underlay'],
    ['pod:shop/gone', undefined],
  ])('%s → %s', (at, drawn) => expect(resolveAt(model, at)).toBe(drawn));
});

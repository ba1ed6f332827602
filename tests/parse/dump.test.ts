import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../src/model/objects.ts';
import { run } from './harness.ts';

// tests/fixtures/dump.yaml is `kubectl get pods,svc -A -o yaml` as kubectl 1.33 prints it:
// a v1 List with managedFields, status, uids and ownerReferences (DATAPATH.md §0.1 addresses).
const text = readFileSync(new URL('../fixtures/dump.yaml', import.meta.url), 'utf8');

describe('a kubectl dump', () => {
  const r = run({ name: 'dump.yaml', text });
  const pods = r.objects.filter((o): o is Pod => o.kind === 'Pod');
  const services = r.objects.filter((o): o is Service => o.kind === 'Service');

  it('parses with no errors and no warnings', () => {
    expect(r.rows).toEqual([]);
    expect(r.objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Pod shop/web-6d4cf56db6-x7k2p', 'Pod shop/db-0', 'Service default/kubernetes', 'Service shop/web',
    ]);
  });

  it.each([
    ['web-6d4cf56db6-x7k2p', { nodeName: 'node-1', podIP: '10.244.1.9', hostIP: '172.16.0.11', ready: true, owner: 'ReplicaSet web-6d4cf56db6' }],
    ['db-0', { nodeName: 'node-2', podIP: '10.244.2.7', hostIP: '172.16.0.12', ready: false, owner: 'StatefulSet db' }],
  ])('honours status, nodeName and ownerReferences of %s', (name, want) => {
    const p = pods.find((x) => x.metadata.name === name);
    expect(p).toBeDefined();
    if (!p) return;
    expect(p.spec.nodeName).toBe(want.nodeName);
    expect(p.status.podIP).toBe(want.podIP);
    expect(p.status.podIPs).toEqual([want.podIP]);
    expect(p.status.hostIP).toBe(want.hostIP);
    expect(p.status.ready).toBe(want.ready);
    expect(p.metadata.ownerReferences.filter((o) => o.controller).map((o) => `${o.kind} ${o.name}`)).toEqual([want.owner]);
  });

  it('keeps the networking parts of the pods', () => {
    const web = pods[0];
    expect(web?.spec.containers[0]?.ports).toEqual([{ containerPort: 8080, protocol: 'TCP', name: 'http' }]);
    expect(web?.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': '6d4cf56db6' });
    expect(pods[1]?.spec).toMatchObject({ hostname: 'db-0', subdomain: 'db' });
  });

  it('keeps the Services as allocated', () => {
    expect(services.map((s) => [s.metadata.name, s.spec.clusterIP, s.spec.ports[0]?.targetPort])).toEqual([['kubernetes', '10.96.0.1', 6443], ['web', '10.96.120.15', 'http']]);
  });

  it('points into the dump: item paths relative to the item, diagnostics by document line', () => {
    const db = pods[1];
    expect(db?.source.pathPrefix).toBe('items[1]');
    expect(db?.source.file).toBe('dump.yaml');
    expect(db?.source.paths['spec.containers[0].ports[0].containerPort']).toMatchObject({ startLine: text.split('\n').findIndex((l) => l.includes('containerPort: 5432')) + 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { lines, one, run } from './harness.ts';

// Kubernetes docs, Namespaces → "Automatic labelling": the API server sets kubernetes.io/metadata.name.
describe('Namespace', () => {
  it.each([
    ['no labels', ['metadata:', '  name: shop'], { 'kubernetes.io/metadata.name': 'shop' }],
    ['own labels kept', ['metadata:', '  name: shop', '  labels: {team: a}'], { team: 'a', 'kubernetes.io/metadata.name': 'shop' }],
    ['a user value is overwritten', ['metadata:', '  name: shop', '  labels: {kubernetes.io/metadata.name: other}'], { 'kubernetes.io/metadata.name': 'shop' }],
  ])('%s', (_name, meta, labels) => {
    const r = run(lines('apiVersion: v1', 'kind: Namespace', ...meta));
    expect(r.rows).toEqual([]);
    const ns = one(r, 'Namespace');
    expect(ns.metadata.labels).toEqual(labels);
    expect(ns.metadata.namespace).toBe('');
  });
});

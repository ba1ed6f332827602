import { describe, expect, it } from 'vitest';
import { lines, one, run } from './harness.ts';
import type { Row } from './harness.ts';

describe('document envelope', () => {
  const cases: { name: string; text: string; rows: Row[] }[] = [
    { name: 'a list is not an object', text: '- a\n- b', rows: [['error', 'not-an-object', '', 1, 1]] },
    { name: 'a scalar is not an object', text: '---\nhello', rows: [['error', 'not-an-object', '', 2, 1]] },
    { name: 'missing apiVersion', text: lines('kind: Namespace', 'metadata: {name: a}'), rows: [['error', 'missing-field', '', 1, 1]] },
    { name: 'missing kind', text: lines('apiVersion: v1', 'metadata: {name: a}'), rows: [['error', 'missing-field', '', 1, 1]] },
    { name: 'kind is not a string', text: lines('apiVersion: v1', 'kind: 7', 'metadata: {name: a}'), rows: [['error', 'wrong-type', 'kind', 2, 1]] },
    { name: 'missing metadata', text: lines('apiVersion: v1', 'kind: Namespace'), rows: [['error', 'missing-field', '', 1, 1]] },
    { name: 'missing metadata.name', text: lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  labels: {a: b}'), rows: [['error', 'missing-field', 'metadata', 3, 1]] },
    { name: 'typo at the top', text: lines('apiVersion: v1', 'kind: Namespace', 'metdata: {name: a}'), rows: [['error', 'unknown-field', 'metdata', 3, 1], ['error', 'missing-field', '', 1, 1]] },
    { name: 'empty metadata.name', text: lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: ""'), rows: [['error', 'missing-field', 'metadata', 3, 1]] },
  ];
  it.each(cases)('$name', ({ text, rows }) => {
    const r = run(text);
    expect(r.rows).toEqual(rows);
    expect(r.objects).toEqual([]);
  });

  it('suggests the field meant', () => {
    expect(run(lines('apiVersion: v1', 'kind: Namespace', 'metdata: {name: a}')).diagnostics[0]?.message).toMatch(/did you mean metadata\?/);
  });

  it('says what it found and how to fix it', () => {
    const r = run('- a');
    expect(r.diagnostics[0]?.message).toMatch(/is a list, but a Kubernetes object is a mapping with apiVersion, kind and metadata/);
  });
});

describe('kind dispatch', () => {
  const doc = (apiVersion: string, kind: string): string => lines(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', '  name: x');
  const cases: { name: string; apiVersion: string; kind: string; row: Row; message: RegExp }[] = [
    { name: 'removed beta Deployment', apiVersion: 'apps/v1beta1', kind: 'Deployment', row: ['error', 'unsupported-api-version', 'apiVersion', 1, 1], message: /use apiVersion: apps\/v1/ },
    { name: 'extensions Ingress', apiVersion: 'extensions/v1beta1', kind: 'Ingress', row: ['error', 'unsupported-api-version', 'apiVersion', 1, 1], message: /use apiVersion: networking\.k8s\.io\/v1/ },
    { name: 'Deployment in core v1', apiVersion: 'v1', kind: 'Deployment', row: ['error', 'unsupported-api-version', 'apiVersion', 1, 1], message: /apps\/v1/ },
    { name: 'Gateway alpha', apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'Gateway', row: ['error', 'unsupported-api-version', 'apiVersion', 1, 1], message: /gateway\.networking\.k8s\.io\/v1 or gateway\.networking\.k8s\.io\/v1beta1/ },
    { name: 'ConfigMap', apiVersion: 'v1', kind: 'ConfigMap', row: ['info', 'skipped-kind', 'kind', 2, 1], message: /skips it/ },
    { name: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', row: ['info', 'skipped-kind', 'kind', 2, 1], message: /skips it/ },
    { name: 'HPA', apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', row: ['info', 'skipped-kind', 'kind', 2, 1], message: /skips it/ },
    { name: 'a CRD instance', apiVersion: 'cert-manager.io/v1', kind: 'Certificate', row: ['info', 'skipped-kind', 'kind', 2, 1], message: /skips it/ },
    { name: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', row: ['warning', 'unsimulated-kind', 'kind', 2, 1], message: /verdicts may differ/ },
    { name: 'Calico NetworkPolicy', apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', row: ['warning', 'unsimulated-kind', 'kind', 2, 1], message: /verdicts may differ/ },
    { name: 'Calico GlobalNetworkPolicy (CRD group)', apiVersion: 'crd.projectcalico.org/v1', kind: 'GlobalNetworkPolicy', row: ['warning', 'unsimulated-kind', 'kind', 2, 1], message: /verdicts may differ/ },
    { name: 'AdminNetworkPolicy', apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', row: ['warning', 'unsimulated-kind', 'kind', 2, 1], message: /verdicts may differ/ },
    { name: 'lowercase kind', apiVersion: 'v1', kind: 'service', row: ['error', 'unknown-kind', 'kind', 2, 1], message: /Did you mean Service\? Kinds are case-sensitive/ },
    { name: 'typo', apiVersion: 'apps/v1', kind: 'Deploymnet', row: ['error', 'unknown-kind', 'kind', 2, 1], message: /Did you mean Deployment\?/ },
    { name: 'typo of a kind in another group', apiVersion: 'v1', kind: 'Ingres', row: ['error', 'unknown-kind', 'kind', 2, 1], message: /Did you mean Ingress \(with apiVersion: networking\.k8s\.io\/v1\)\?/ },
    { name: 'nothing close', apiVersion: 'v1', kind: 'Foo', row: ['error', 'unknown-kind', 'kind', 2, 1], message: /^Foo is not a kind of apiVersion v1\.$/ },
    { name: 'unknown group without a dot', apiVersion: 'foo/v1', kind: 'Bar', row: ['error', 'unknown-kind', 'kind', 2, 1], message: /not a kind/ },
  ];
  it.each(cases)('$name', ({ apiVersion, kind, row, message }) => {
    const r = run(doc(apiVersion, kind));
    expect(r.rows).toEqual([row]);
    expect(r.diagnostics[0]?.message).toMatch(message);
    expect(r.objects).toEqual([]);
  });

  it('accepts Gateway API v1beta1 and keeps the apiVersion as written', () => {
    const r = run(lines('apiVersion: gateway.networking.k8s.io/v1beta1', 'kind: GatewayClass', 'metadata: {name: x}', 'spec: {controllerName: example.com/gw}'));
    expect(r.errors).toEqual([]);
    expect(one(r, 'GatewayClass').apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
  });
});

describe('Lists', () => {
  const LIST = lines(
    'apiVersion: v1', //                       1
    'kind: List', //                           2
    'metadata: {resourceVersion: ""}', //      3
    'items:', //                               4
    '- apiVersion: v1', //                     5
    '  kind: Namespace', //                    6
    '  metadata: {name: shop}', //             7
    '- apiVersion: v1', //                     8
    '  kind: Pod', //                          9
    '  metadata: {name: web, namespace: shop}', // 10
    '  spec:', //                              11
    '    containers:', //                      12
    '    - name: c', //                        13
    '      image: nginx', //                   14
    '      ports: [{containerPort: 99999}]', // 15
    '- not an object', //                      16
    '- null', //                               17
  );

  it('unrolls items in order, with document paths items[n]… in diagnostics', () => {
    const r = run(LIST);
    expect(r.objects.map((o) => o.kind)).toEqual(['Namespace', 'Pod']);
    expect(r.rows).toEqual([
      ['error', 'invalid-value', 'items[1].spec.containers[0].ports[0].containerPort', 15, 16],
      ['error', 'not-an-object', 'items[2]', 16, 3],
    ]);
    expect(r.diagnostics[0]?.object).toBe('Pod shop/web');
  });

  it('gives each item source paths relative to the item, and its prefix', () => {
    const p = one(run(LIST), 'Pod');
    expect(p.source.pathPrefix).toBe('items[1]');
    expect(p.source.paths['spec.containers[0].image']).toMatchObject({ startLine: 14, startCol: 7 });
    expect(p.source.paths['items[1].spec']).toBeUndefined();
    expect(p.source.range).toMatchObject({ startLine: 8, startCol: 3, endLine: 15 });
  });

  it('typed lists (PodList) lend apiVersion and kind to items that leave them out', () => {
    const r = run(lines('apiVersion: v1', 'kind: NamespaceList', 'items:', '- metadata: {name: a}', '- {kind: Namespace, apiVersion: v1, metadata: {name: b}}'));
    expect(r.rows).toEqual([]);
    expect(r.objects.map((o) => [o.kind, o.apiVersion, o.metadata.name])).toEqual([['Namespace', 'v1', 'a'], ['Namespace', 'v1', 'b']]);
  });

  it('a plain List does not lend a kind', () => {
    const r = run(lines('apiVersion: v1', 'kind: List', 'items:', '- metadata: {name: a}'));
    expect(r.rows).toEqual([['error', 'missing-field', 'items[0]', 4, 3], ['error', 'missing-field', 'items[0]', 4, 3]]);
  });

  it('Lists nest', () => {
    const r = run(lines('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: List', '  items:', '  - {apiVersion: v1, kind: Namespace, metadata: {name: Deep}}'));
    expect(r.rows).toEqual([['error', 'invalid-value', 'items[0].items[0].metadata.name', 7, 50]]);
  });
});

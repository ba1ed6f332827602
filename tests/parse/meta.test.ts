import { describe, expect, it } from 'vitest';
import {
  closest, editDistance, isDns1035Label, isDns1123Label, isDns1123Subdomain, isIanaSvcName, labelValueProblem, qualifiedNameProblem,
} from '../../src/parse/meta.ts';
import { lines, one, run } from './harness.ts';
import type { Row } from './harness.ts';

// k8s.io/apimachinery/pkg/util/validation: IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsValidPortName.
describe('name validators', () => {
  const cases: { s: string; label: boolean; label1035: boolean; subdomain: boolean; port: boolean }[] = [
    { s: 'web', label: true, label1035: true, subdomain: true, port: true },
    { s: 'web-1', label: true, label1035: true, subdomain: true, port: true },
    { s: '1web', label: true, label1035: false, subdomain: true, port: true },
    { s: '8080', label: true, label1035: false, subdomain: true, port: false },
    { s: 'Web', label: false, label1035: false, subdomain: false, port: false },
    { s: 'web_1', label: false, label1035: false, subdomain: false, port: false },
    { s: '-web', label: false, label1035: false, subdomain: false, port: false },
    { s: 'web-', label: false, label1035: false, subdomain: false, port: false },
    { s: 'a--b', label: true, label1035: true, subdomain: true, port: false },
    { s: 'metrics-endpoint', label: true, label1035: true, subdomain: true, port: false },
    { s: 'web.shop', label: false, label1035: false, subdomain: true, port: false },
    { s: 'a'.repeat(63), label: true, label1035: true, subdomain: true, port: false },
    // IsDNS1123Subdomain checks the whole name (≤253), not each dot-separated part.
    { s: 'a'.repeat(64), label: false, label1035: false, subdomain: true, port: false },
    { s: '', label: false, label1035: false, subdomain: false, port: false },
  ];
  it.each(cases)('"$s"', ({ s, label, label1035, subdomain, port }) => {
    expect([isDns1123Label(s), isDns1035Label(s), isDns1123Subdomain(s), isIanaSvcName(s)]).toEqual([label, label1035, subdomain, port]);
  });

  it('a subdomain may be 253 characters, not 254', () => {
    const name = (n: number): string => Array.from({ length: Math.ceil(n / 10) }, () => 'abcdefghi').join('.').slice(0, n);
    expect(isDns1123Subdomain(name(253))).toBe(true);
    expect(isDns1123Subdomain(name(254))).toBe(false);
  });
});

// Labels: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
describe('label keys and values', () => {
  it.each([
    ['app', undefined], ['app.kubernetes.io/name', undefined], ['k8s-app', undefined], ['A_b.c', undefined],
    ['a/b/c', /at most one "\/"/], ['Example.com/x', /prefix/], ['x/', /1–63/], ['-x', /start and end/], ['a'.repeat(64), /1–63/],
  ])('key %s', (key, problem) => {
    const got = qualifiedNameProblem(key);
    if (problem === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(problem);
  });

  it.each([
    ['', undefined], ['web', undefined], ['v1.2_3-x', undefined], ['a b', /may hold only/], ['-x', /may hold only/], ['a'.repeat(64), /63/],
  ])('value "%s"', (value, problem) => {
    const got = labelValueProblem(value);
    if (problem === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(problem);
  });
});

describe('closest / editDistance', () => {
  it.each([['kitten', 'sitting', 3], ['', 'abc', 3], ['Service', 'Service', 0], ['lables', 'labels', 2]])('editDistance(%s, %s) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
  it.each([
    ['service', ['Service', 'Secret'], 'Service'],
    ['Deploymnet', ['Deployment', 'DaemonSet'], 'Deployment'],
    ['lables', ['labels', 'annotations'], 'labels'],
    ['Zebra', ['Service', 'Pod'], undefined],
  ])('closest(%s) = %s', (word, candidates, want) => {
    expect(closest(word, candidates)).toBe(want);
  });
});

const namespaced = (...meta: string[]): string => lines('apiVersion: v1', 'kind: Secret', 'metadata:', ...meta);

describe('metadata in the pipeline', () => {
  const cases: { name: string; text: string; rows: Row[] }[] = [
    { name: 'uppercase name', text: namespaced('  name: Web'), rows: [['error', 'invalid-value', 'metadata.name', 4, 3]] },
    { name: 'name with underscore', text: namespaced('  name: my_app'), rows: [['error', 'invalid-value', 'metadata.name', 4, 3]] },
    { name: 'name too long', text: namespaced(`  name: ${'a'.repeat(254)}`), rows: [['error', 'invalid-value', 'metadata.name', 4, 3]] },
    { name: 'bad namespace', text: namespaced('  name: a', '  namespace: Shop'), rows: [['error', 'invalid-value', 'metadata.namespace', 5, 3]] },
    { name: 'number label value', text: namespaced('  name: a', '  labels:', '    version: 2'), rows: [['error', 'wrong-type', 'metadata.labels.version', 6, 5]] },
    { name: 'null label value', text: namespaced('  name: a', '  labels:', '    tier:'), rows: [['error', 'wrong-type', 'metadata.labels.tier', 6, 5]] },
    { name: 'bad label key', text: namespaced('  name: a', '  labels:', '    "a b": x'), rows: [['error', 'invalid-value', 'metadata.labels.a b', 6, 5]] },
    { name: 'bad label value', text: namespaced('  name: a', '  labels:', '    app: "my app"'), rows: [['error', 'invalid-value', 'metadata.labels.app', 6, 5]] },
    { name: 'bad annotation key', text: namespaced('  name: a', '  annotations:', '    "x/y/z": v'), rows: [['error', 'invalid-value', 'metadata.annotations.x/y/z', 6, 5]] },
    { name: 'labels not a mapping', text: namespaced('  name: a', '  labels: [app]'), rows: [['error', 'wrong-type', 'metadata.labels', 5, 3]] },
    { name: 'typo in a metadata field', text: namespaced('  name: a', '  lables: {app: web}'), rows: [['error', 'unknown-field', 'metadata.lables', 5, 3]] },
    { name: 'generateName only', text: namespaced('  generateName: web-'), rows: [['error', 'missing-field', 'metadata.generateName', 4, 3]] },
    { name: 'ownerReference without a kind', text: namespaced('  name: a', '  ownerReferences:', '  - {apiVersion: v1, name: b}'), rows: [['error', 'missing-field', 'metadata.ownerReferences[0]', 6, 5]] },
  ];
  it.each(cases)('$name', ({ text, rows }) => {
    expect(run(text).rows).toEqual(rows);
  });

  it('messages explain the fix', () => {
    expect(run(namespaced('  name: My_App')).diagnostics[0]?.message).toMatch(/Try "my-app"/);
    // `1.10` is read as the number 1.1: the message must not suggest "1.1".
    const float = run(namespaced('  name: a', '  labels:', '    version: 1.10')).diagnostics[0]?.message;
    expect(float).toMatch(/read by YAML as the number 1\.1: put quotes around the value/);
    expect(float).not.toMatch(/"1\.1"/);
    expect(run(namespaced('  name: a', '  lables: {}')).diagnostics[0]?.message).toMatch(/did you mean labels\?/);
  });

  it('Service names must start with a letter (RFC 1035), other names need not', () => {
    const svc = run(lines('apiVersion: v1', 'kind: Service', 'metadata:', '  name: 1web', 'spec: {ports: [{port: 80}]}'));
    expect(svc.rows).toEqual([['error', 'invalid-value', 'metadata.name', 4, 3]]);
    expect(run(namespaced('  name: 1web')).rows).toEqual([]);
  });

  it('Namespace names are DNS labels: no dots', () => {
    expect(run(lines('apiVersion: v1', 'kind: Namespace', 'metadata: {name: a.b}')).rows).toEqual([['error', 'invalid-value', 'metadata.name', 3, 12]]);
  });

  it('keeps a clean record and tolerates everything a dump writes', () => {
    const r = run(namespaced(
      '  name: creds', '  namespace: shop', '  labels: {app: web, "app.kubernetes.io/part-of": shop, empty: ""}', '  annotations: {note: "any text at all: yes"}',
      '  uid: 0b9d1f7e-1111-2222-3333-444455556666', '  resourceVersion: "12345"', '  generation: 3', '  creationTimestamp: 2024-05-01T10:00:00Z',
      '  finalizers: [kubernetes.io/x]', '  managedFields: [{manager: kubectl, operation: Apply, fieldsV1: {f:data: {}}}]',
      '  ownerReferences:', '  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f, uid: abc, controller: true, blockOwnerDeletion: true}',
    ));
    expect(r.rows).toEqual([]);
    expect(one(r, 'Secret').metadata).toEqual({
      name: 'creds', namespace: 'shop',
      labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop', empty: '' },
      annotations: { note: 'any text at all: yes' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f', controller: true }],
    });
  });

  it.each([
    ['a namespaced kind without a namespace', lines('apiVersion: v1', 'kind: Secret', 'metadata: {name: a}'), 'default'],
    ['a cluster-scoped kind', lines('apiVersion: v1', 'kind: Node', 'metadata: {name: a}'), ''],
    // The API server ignores metadata.namespace on cluster-scoped objects.
    ['a cluster-scoped kind that names a namespace', lines('apiVersion: networking.k8s.io/v1', 'kind: IngressClass', 'metadata: {name: a, namespace: x}', 'spec: {controller: k8s.io/ingress-nginx}'), ''],
  ])('namespace for %s is "%s"', (_name, text, namespace) => {
    const r = run(text);
    expect(r.errors).toEqual([]);
    expect(r.objects[0]?.metadata.namespace).toBe(namespace);
  });
});

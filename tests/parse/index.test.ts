import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../../src/model/diagnostic.ts';
import { parse, SIMULATED_KINDS, LIMITS } from '../../src/parse/index.ts';
import { lines, pod, run } from './harness.ts';
import type { Row } from './harness.ts';

const ns = (name: string): string => lines('apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${name}`);

describe('parse: inputs and order', () => {
  it('accepts a string, one SourceText, or several, and keeps files, documents and List items in order', () => {
    const list = lines('apiVersion: v1', 'kind: List', 'items:', `- ${'{apiVersion: v1, kind: Namespace, metadata: {name: c}}'}`, `- ${'{apiVersion: v1, kind: Namespace, metadata: {name: d}}'}`);
    const files = [{ name: 'one.yaml', text: `${ns('a')}\n---\n${ns('b')}` }, { name: 'two.yaml', text: `${list}\n---\n${ns('e')}` }];
    const r = run(files);
    expect(r.rows).toEqual([]);
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.objects.map((o) => [o.source.file, o.source.doc])).toEqual([['one.yaml', 1], ['one.yaml', 2], ['two.yaml', 1], ['two.yaml', 1], ['two.yaml', 2]]);
    expect(run({ name: 'x.yaml', text: ns('a') }).objects[0]?.source.file).toBe('x.yaml');
    expect(run(ns('a')).objects[0]?.source.file).toBeUndefined();
  });

  it('numbers lines from the top of the file, across documents', () => {
    const r = run({ name: 'f.yaml', text: `${ns('a')}\n---\n${lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: Bad')}` });
    expect(r.rows).toEqual([['error', 'invalid-value', 'metadata.name', 9, 3]]);
    expect(r.diagnostics[0]?.range.file).toBe('f.yaml');
    expect(r.diagnostics[0]?.range.doc).toBe(2);
  });

  it('a broken document gives one yaml-syntax error on its line and the others still parse', () => {
    const text = lines(ns('a'), '---', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: b', ' bad: indent', '---', ns('c'));
    const r = run(text);
    // js-yaml marks the first character it could not place.
    expect(r.rows).toEqual([['error', 'yaml-syntax', '', 10, 2]]);
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a', 'c']);
  });

  it('ignores a byte-order mark, so line 1 columns stay right', () => {
    expect(run('\uFEFFapiVersion: v1\nkind: Namespace\nmetadata: {name: A}').rows).toEqual([['error', 'invalid-value', 'metadata.name', 3, 12]]);
  });

  it('a boolean key (on:) is reported where it is written, under the name the API sees', () => {
    const r = run(lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: a', '  labels:', '    on: "1"'));
    expect(r.rows).toEqual([['warning', 'yaml-11-surprise', 'metadata.labels.true', 6, 5]]);
    expect(r.objects[0]?.metadata.labels).toEqual({ true: '1', 'kubernetes.io/metadata.name': 'a' });
  });

  it('skips empty documents and null silently', () => {
    const r = run(lines('---', '# only a comment', '---', 'null', '---', '~', '---', ns('a'), '---'));
    expect(r.rows).toEqual([]);
    expect(r.objects).toHaveLength(1);
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      const r = parse(text);
      return Array.isArray(r.objects) && r.diagnostics.every((d) => d.code in diagnosticCodes && d.range.startLine >= 1 && d.range.startCol >= 1);
    }), { numRuns: 300 });
  });

  it('never throws on any JSON under a valid envelope, for every kind (JSON is YAML)', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    const body = fc.record({ spec: value, status: value, labels: value, extra: fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 3 }) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.constantFrom(...SIMULATED_KINDS), body, (k, b) => {
      const doc = { apiVersion: k.apiVersions[0], kind: k.kind, metadata: { name: 'x', labels: b.labels }, spec: b.spec, status: b.status, ...b.extra };
      const r = parse(JSON.stringify(doc));
      return r.diagnostics.every((d) => d.code in diagnosticCodes && d.range.startLine === 1 && d.range.startCol >= 1 && typeof d.message === 'string' && d.message.length > 0);
    }), { numRuns: 600 });
  }, 30_000);

  it('never throws on trees built from the field names the parsers read', () => {
    const key = fc.constantFrom(
      'containers', 'initContainers', 'ports', 'containerPort', 'hostPort', 'protocol', 'name', 'image', 'selector', 'matchLabels', 'matchExpressions',
      'key', 'operator', 'values', 'template', 'spec', 'metadata', 'labels', 'replicas', 'jobTemplate', 'restartPolicy', 'dnsPolicy', 'dnsConfig',
      'nameservers', 'tolerations', 'taints', 'effect', 'podCIDR', 'addresses', 'address', 'type', 'nodes', 'cni', 'plugin', 'mode', 'kubeProxy',
      'from', 'to', 'command', 'port', 'expect', 'podSelector', 'namespaceSelector', 'ipBlock', 'cidr', 'except', 'ingress', 'egress', 'policyTypes',
      'rules', 'http', 'paths', 'path', 'pathType', 'backend', 'service', 'number', 'tls', 'hosts', 'listeners', 'parentRefs', 'backendRefs', 'matches',
      'hostnames', 'targetPort', 'nodePort', 'clusterIP', 'subsets', 'endpoints', 'conditions', 'status', 'podIP', 'podIPs', 'ip', 'hostIP', 'items',
    );
    const { node } = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(null, 0, 80, -1, 70000, 'web', 'TCP', 'In', 'Exists', 'None', '10.0.0.1', '10.0.0.0/8', 'fd00::1', '', true),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    }));
    fc.assert(fc.property(fc.constantFrom(...SIMULATED_KINDS), node, node, (k, spec, status) => {
      const r = parse(JSON.stringify({ apiVersion: k.apiVersions[0], kind: k.kind, metadata: { name: 'x' }, spec, status }));
      return r.diagnostics.every((d) => d.code in diagnosticCodes && d.range.startLine === 1);
    }), { numRuns: 800 });
  }, 30_000);

  it('never throws on YAML-shaped noise either', () => {
    const token = fc.constantFrom('apiVersion: v1\n', 'kind: Pod\n', 'kind: List\n', 'items:\n', '- ', 'metadata:\n', '  name: x\n', 'spec:\n', '  ', '---\n', '&a ', '*a', '<<: ', '[', ']', '{', '}', ': ', 'yes', '"', '|\n', '\t', '!!set ', '? ');
    fc.assert(fc.property(fc.array(token, { maxLength: 60 }), (parts) => {
      const r = parse(parts.join(''));
      return r.diagnostics.every((d) => d.code in diagnosticCodes);
    }), { numRuns: 300 });
  });
});

describe('parse: hostile input is refused promptly with a diagnostic', () => {
  const laughs = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++) laughs.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
  const cases: { name: string; text: () => string; row: Row }[] = [
    { name: 'more text than the size limit', text: () => `# ${'x'.repeat(LIMITS.maxChars)}`, row: ['error', 'yaml-too-large', '', 1, 1] },
    { name: 'deep flow nesting', text: () => `${ns('a')}\n---\nx: ${'['.repeat(100_000)}`, row: ['error', 'yaml-too-deep', '', 6, 103] },
    { name: 'deep block nesting', text: () => Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), row: ['error', 'yaml-too-deep', '', 100, 100] },
    { name: 'billion laughs', text: () => laughs.join('\n'), row: ['error', 'yaml-alias-bomb', '', 2, 8] },
    { name: 'too many documents', text: () => Array(LIMITS.maxDocuments + 5).fill('~').join('\n---\n'), row: ['error', 'yaml-too-large', '', LIMITS.maxDocuments * 2, 1] },
  ];
  it.each(cases)('$name', ({ text, row }) => {
    const r = run(text());
    expect(r.rows.filter((x) => x[0] === 'error')).toEqual([row]);
  });

  it('over the size limit across files: earlier files are kept, the rest skipped', () => {
    const r = run([{ name: 'a.yaml', text: ns('a') }, { name: 'big.yaml', text: `# ${'x'.repeat(LIMITS.maxChars)}` }, { name: 'c.yaml', text: ns('c') }]);
    expect(r.rows).toEqual([['error', 'yaml-too-large', '', 1, 1]]);
    expect(r.diagnostics[0]?.range.file).toBe('big.yaml');
    expect(r.diagnostics[0]?.message).toMatch(/this file and the ones after it are skipped/);
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('lists at most maxDiagnostics problems, then says how many more there were', () => {
    const labels = Array.from({ length: LIMITS.maxDiagnostics + 500 }, (_, i) => `    k${i}: ${i}`);
    const r = run(lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: a', '  labels:', ...labels));
    expect(r.diagnostics).toHaveLength(LIMITS.maxDiagnostics + 1);
    expect(r.rows.at(-1)).toEqual(['warning', 'simulator-limit', `metadata.labels.k${LIMITS.maxDiagnostics}`, LIMITS.maxDiagnostics + 6, 5]);
    expect(r.diagnostics.at(-1)?.message).toMatch(/^500 more problems/);
    expect(r.objects).toHaveLength(1);
  });

  it('too many objects: the first ones are kept, then one error', () => {
    const items = Array.from({ length: LIMITS.maxObjects + 3 }, (_, i) => `- {apiVersion: v1, kind: Namespace, metadata: {name: n${i}}}`);
    const r = run(lines('apiVersion: v1', 'kind: List', 'items:', ...items));
    expect(r.objects).toHaveLength(LIMITS.maxObjects);
    expect(r.rows).toEqual([['error', 'yaml-too-large', `items[${LIMITS.maxObjects}]`, LIMITS.maxObjects + 4, 3]]);
  });

  it('a billion-laughs document does not hide its neighbours', () => {
    const r = run(`${ns('a')}\n---\n${laughs.join('\n')}\n---\n${ns('b')}`);
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });
});

describe('parse: yaml-11-surprise', () => {
  it('warns where a word became a boolean, and the field check explains the consequence', () => {
    const r = run(lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: a', '  labels:', '    country: no', '    quoted: "no"'));
    expect(r.rows).toEqual([
      ['warning', 'yaml-11-surprise', 'metadata.labels.country', 6, 14],
      ['error', 'wrong-type', 'metadata.labels.country', 6, 5],
    ]);
    expect(r.diagnostics[0]?.message).toContain('quote it ("no")');
  });
});

describe('parse: duplicates', () => {
  it('drops the second object with the same kind, namespace and name, naming the first one\'s line', () => {
    const r = run({ name: 'app.yaml', text: `${ns('a')}\n---\n${ns('a')}` });
    expect(r.rows).toEqual([['error', 'duplicate-name', 'metadata.name', 9, 3]]);
    expect(r.diagnostics[0]?.message).toContain('app.yaml:line 1');
    expect(r.diagnostics[0]?.object).toBe('Namespace a');
    expect(r.objects).toHaveLength(1);
  });

  it.each([
    ['other namespace', lines('apiVersion: v1', 'kind: Pod', 'metadata: {name: web, namespace: shop}', 'spec: {containers: [{name: c, image: i}]}')],
    ['other kind', lines('apiVersion: v1', 'kind: Secret', 'metadata: {name: web}')],
  ])('keeps objects with the same name in an %s', (_name, other) => {
    const r = run(`${pod('  containers: [{name: c, image: i}]')}\n---\n${other}`);
    expect(r.rows).toEqual([]);
    expect(r.objects).toHaveLength(2);
  });

  it('the same name in the default namespace, spelled out or not, is a duplicate', () => {
    const r = run(`${pod('  containers: [{name: c, image: i}]')}\n---\n${lines('apiVersion: v1', 'kind: Pod', 'metadata: {name: web, namespace: default}', 'spec: {containers: [{name: c, image: i}]}')}`);
    expect(r.rows).toEqual([['error', 'duplicate-name', 'metadata.name', 10, 12]]);
  });

  it('uses only the first Cluster object', () => {
    const cluster = (name: string): string => lines('apiVersion: sim.kube-netsim.dev/v1alpha1', 'kind: Cluster', `metadata: {name: ${name}}`, 'spec: {kubeProxy: {mode: ipvs}}');
    const r = run(`${cluster('one')}\n---\n${cluster('two')}`);
    expect(r.rows).toEqual([['warning', 'duplicate-cluster', '', 6, 1]]);
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['one']);
  });
});

describe('SIMULATED_KINDS', () => {
  it('lists every kind the pipeline reads, with apiVersions and scope', () => {
    expect(SIMULATED_KINDS.map((k) => k.kind)).toEqual([
      'Namespace', 'Node', 'Pod', 'Service', 'Endpoints', 'Secret', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet',
      'Job', 'CronJob', 'EndpointSlice', 'NetworkPolicy', 'Ingress', 'IngressClass', 'GatewayClass', 'Gateway', 'HTTPRoute', 'ReferenceGrant', 'Cluster', 'Flow',
    ]);
    expect(SIMULATED_KINDS.find((k) => k.kind === 'Gateway')?.apiVersions).toEqual(['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1']);
    expect(SIMULATED_KINDS.filter((k) => k.clusterScoped).map((k) => k.kind)).toEqual(['Namespace', 'Node', 'IngressClass', 'GatewayClass', 'Cluster']);
  });
});

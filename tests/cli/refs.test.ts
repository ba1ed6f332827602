import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { editDistance, findRef, parseRef } from '../../src/cli/refs.ts';
import { parse } from '../../src/parse/index.ts';
import { scenarioUrl } from '../../src/scenarios/files.ts';

// DESIGN.md "The CLI contract": NAME or NS/NAME for a pod; KIND/NAME or NS/KIND/NAME for anything
// else with kubectl's kind and short names; two segments are KIND/NAME when the first is a known kind.
describe('parseRef', () => {
  it.each([
    ['a bare name is a pod in the default namespace', 'web', 'default', { kind: 'Pod', namespace: 'default', name: 'web' }],
    ['a bare name takes -n', 'web', 'shop', { kind: 'Pod', namespace: 'shop', name: 'web' }],
    ['NS/NAME is a pod when NS is not a kind', 'shop/web', 'default', { kind: 'Pod', namespace: 'shop', name: 'web' }],
    ['a namespace named like a node is still a namespace', 'node-1/web', 'default', { kind: 'Pod', namespace: 'node-1', name: 'web' }],
    ['deploy/NAME', 'deploy/web', 'shop', { kind: 'Deployment', namespace: 'shop', name: 'web' }],
    ['deployment.apps/NAME (kubectl resource.group)', 'deployment.apps/web', 'default', { kind: 'Deployment', namespace: 'default', name: 'web' }],
    ['kind names are case-insensitive as in kubectl', 'Deployment/web', 'default', { kind: 'Deployment', namespace: 'default', name: 'web' }],
    ['sts', 'sts/db', 'default', { kind: 'StatefulSet', namespace: 'default', name: 'db' }],
    ['ds', 'ds/agent', 'default', { kind: 'DaemonSet', namespace: 'default', name: 'agent' }],
    ['rs', 'rs/web-5d8f7c9b4d', 'default', { kind: 'ReplicaSet', namespace: 'default', name: 'web-5d8f7c9b4d' }],
    ['job', 'job/migrate', 'default', { kind: 'Job', namespace: 'default', name: 'migrate' }],
    ['cronjob', 'cronjob/backup', 'default', { kind: 'CronJob', namespace: 'default', name: 'backup' }],
    ['cj', 'cj/backup', 'default', { kind: 'CronJob', namespace: 'default', name: 'backup' }],
    ['po', 'po/web-0', 'default', { kind: 'Pod', namespace: 'default', name: 'web-0' }],
    ['pod', 'pod/web-0', 'shop', { kind: 'Pod', namespace: 'shop', name: 'web-0' }],
    ['svc', 'svc/web', 'default', { kind: 'Service', namespace: 'default', name: 'web' }],
    ['service', 'service/web', 'default', { kind: 'Service', namespace: 'default', name: 'web' }],
    ['NS/KIND/NAME', 'shop/svc/web', 'default', { kind: 'Service', namespace: 'shop', name: 'web' }],
    ['nodes are cluster-scoped and ignore -n', 'node/node-1', 'shop', { kind: 'Node', namespace: '', name: 'node-1' }],
    ['no is the short name of node', 'no/node-2', 'default', { kind: 'Node', namespace: '', name: 'node-2' }],
  ])('%s', (_name, text, ns, expected) => {
    const r = parseRef(text, ns);
    expect(r).toEqual({ ok: true, value: { type: 'object', text, ...expected } });
  });

  it.each([
    ['external', { type: 'external', text: 'external' }],
    ['external:198.51.100.20', { type: 'external', ip: '198.51.100.20', text: 'external:198.51.100.20' }],
  ])('%s is a client outside the cluster', (text, value) => {
    expect(parseRef(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['a bad external address', 'external:10.0.0.300', '"10.0.0.300" in "external:10.0.0.300" is not an IPv4 address; write external:203.0.113.7'],
    ['an empty segment', '/web', '"/web" is not a reference; write NAME, NS/NAME, KIND/NAME or NS/KIND/NAME'],
    ['four segments', 'a/b/c/d', '"a/b/c/d" has too many "/"; write NAME, NS/NAME, KIND/NAME or NS/KIND/NAME'],
    ['an unknown kind in NS/KIND/NAME', 'shop/gizmo/web', '"gizmo" in "shop/gizmo/web" is not a kind the simulator knows; use pod, svc, node, deploy, sts, ds, rs, job, cronjob'],
    ['a namespaced node', 'shop/node/node-1', 'nodes are not namespaced; write node/node-1'],
  ])('rejects %s', (_name, text, error) => {
    expect(parseRef(text)).toEqual({ ok: false, error });
  });
});

describe('editDistance', () => {
  it.each([['web', 'web', 0], ['backnd', 'backend', 1], ['node-3', 'node-1', 1], ['', 'abc', 3], ['kitten', 'sitting', 3]])('%s → %s', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('resolveRef against the example scenario', () => {
  const cluster = build(parse({ name: 'example.yaml', text: readFileSync(scenarioUrl('example'), 'utf8') }));
  const shopPods = (prefix: string) => cluster.pods.filter((p) => p.namespace === 'shop' && p.name.startsWith(prefix)).map((p) => p.name).sort();

  it('a Deployment stands for its first pod by name', () => {
    const r = findRef(cluster, 'deploy/backend', 'shop');
    expect(r.ok && r.value.type === 'pod' && r.value.pod.name).toBe(shopPods('backend-')[0]);
    expect(r.ok && r.value.type === 'pod' && r.value.via?.kind).toBe('Deployment');
  });

  it('a StatefulSet stands for its ordinal 0 pod', () => {
    const r = findRef(cluster, 'shop/sts/db');
    expect(r.ok && r.value.type === 'pod' && r.value.pod.id).toBe('shop/db-0');
  });

  it("a ReplicaSet is found through its pods' owner", () => {
    const pod = cluster.pods.find((p) => p.namespace === 'shop' && p.name.startsWith('frontend-'))!;
    expect(pod.owner?.kind).toBe('ReplicaSet');
    const r = findRef(cluster, `rs/${pod.owner!.name}`, 'shop');
    expect(r.ok && r.value.type === 'pod' && r.value.pod.name).toBe(shopPods('frontend-')[0]);
  });

  it.each([
    ['a pod by NS/NAME', 'shop/db-0', 'default', 'pod', 'shop/db-0'],
    ['a Service', 'svc/backend', 'shop', 'service', 'shop/backend'],
    ['a system Service', 'kube-system/svc/kube-dns', 'default', 'service', 'kube-system/kube-dns'],
    ['a node', 'node/node-2', 'shop', 'node', 'node-2'],
  ])('%s', (_name, text, ns, type, id) => {
    const r = findRef(cluster, text, ns);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.type).toBe(type);
    const got = r.value.type === 'pod' ? r.value.pod.id : r.value.type === 'service' ? r.value.service.id : r.value.type === 'node' ? r.value.node.name : '';
    expect(got).toBe(id);
  });

  it('external is the default external client (DESIGN.md Defaults: 203.0.113.7)', () => {
    expect(findRef(cluster, 'external')).toEqual({ ok: true, value: { type: 'external', ip: '203.0.113.7' } });
    expect(findRef(cluster, 'external:198.51.100.20')).toEqual({ ok: true, value: { type: 'external', ip: '198.51.100.20' } });
  });

  it.each([
    ['a workload name used as a pod', 'backend', 'shop', 'no pod named backend in namespace shop; did you mean deploy/backend or svc/backend?'],
    ['a StatefulSet name used as a pod', 'db', 'shop', 'no pod named db in namespace shop; did you mean sts/db or svc/db?'],
    ['the wrong namespace', 'svc/backend', 'default', 'no Service named backend in namespace default; did you mean shop/svc/backend?'],
    ['the wrong namespace for a workload', 'deploy/frontend', 'default', 'no Deployment named frontend in namespace default; did you mean shop/deploy/frontend?'],
    ['a typo', 'deploy/backnd', 'shop', 'no Deployment named backnd in namespace shop; did you mean deploy/backend?'],
    ['a typo in a node name', 'node/node-3', 'default', 'no node named node-3; did you mean node/node-1?'],
    ['a Deployment that is a StatefulSet', 'deploy/db', 'shop', 'no Deployment named db in namespace shop; did you mean sts/db or svc/db?'],
    ['nothing close', 'deploy/zzzzzz', 'shop', 'no Deployment named zzzzzz in namespace shop'],
  ])('explains %s', (_name, text, ns, error) => {
    expect(findRef(cluster, text, ns)).toEqual({ ok: false, error });
  });

  it('a pod name without its generated suffix (the ReplicaSet name) suggests a real pod', () => {
    const rs = cluster.pods.find((p) => p.namespace === 'shop' && p.name.startsWith('frontend-'))!.owner!.name;
    expect(findRef(cluster, `shop/${rs}`)).toEqual({ ok: false, error: `no pod named ${rs} in namespace shop; did you mean ${shopPods(`${rs}-`)[0]}?` });
  });
});

describe('resolveRef for other workload kinds', () => {
  const yaml = (kind: string, apiVersion: string, name: string, spec: string) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
  // Jobs must not restart their pods with the Pod default (Always): the API server rejects it.
  const template = (app: string, indent = '  ', job = false) => [
    'template:', '  metadata:', '    labels:', `      app: ${app}`, '  spec:', ...(job ? ['    restartPolicy: Never'] : []),
    '    containers:', '      - name: c', '        image: busybox',
  ].map((l) => indent + l).join('\n') + '\n';
  const selector = (app: string) => `  selector:\n    matchLabels:\n      app: ${app}\n`;
  const text = [
    yaml('DaemonSet', 'apps/v1', 'agent', selector('agent') + template('agent')),
    yaml('Job', 'batch/v1', 'migrate', template('migrate', '  ', true)),
    yaml('CronJob', 'batch/v1', 'backup', `  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n${template('backup', '      ', true)}`),
    yaml('Deployment', 'apps/v1', 'idle', `  replicas: 0\n${selector('idle')}${template('idle')}`),
  ].join('---\n');
  const parsed = parse({ name: 'workloads.yaml', text });
  const cluster = build(parsed);

  it('the fixture is valid', () => {
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each([
    ['ds/agent', 'DaemonSet', /^agent-[a-z0-9]{5}$/],
    ['job/migrate', 'Job', /^migrate-/],
    ['cj/backup', 'CronJob', /^backup-/],
  ])('%s stands for its first pod by name', (text, kind, name) => {
    const r = findRef(cluster, text);
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.type !== 'pod') return;
    expect(r.value.via?.kind).toBe(kind);
    expect(r.value.pod.name).toMatch(name);
    const all = cluster.pods.filter((p) => p.workload?.kind === kind).map((p) => p.name).sort();
    expect(r.value.pod.name).toBe(all[0]);
  });

  it('a workload without pods says why there is nothing to stand for it', () => {
    expect(findRef(cluster, 'deploy/idle')).toEqual({ ok: false, error: 'deploy/idle in namespace default has no pods (replicas: 0, or no node fits a DaemonSet)' });
  });
});

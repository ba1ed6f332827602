import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/model/cluster.ts';
import { exampleScenario } from '../../src/scenarios/index.ts';
import { cellFlow, cellKey, defaultOptions, diffMatrix, diffSummary, lastChange, matrixOf, MAX_PEERS, useMatrix } from '../../src/state/matrix.ts';
import type { Matrix, MatrixOptions } from '../../src/state/matrix.ts';
import { compute, useSim } from '../../src/state/store.ts';

// A namespace "app" with web (2 replicas), api (1) and a bare pod "tool"; policies added per case.
const deploy = (name: string, replicas: number, port: number, extra = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: app }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}${extra} } }
    spec: { containers: [{ name: c, image: x, ports: [{ containerPort: ${port} }] }] }
`;
const base = `apiVersion: v1
kind: Namespace
metadata: { name: app }
${deploy('web', 2, 80)}${deploy('api', 1, 8080)}---
apiVersion: v1
kind: Pod
metadata: { name: tool, namespace: app, labels: { app: tool } }
spec: { containers: [{ name: c, image: x }] }
`;
const denyAll = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: app }
spec: { podSelector: {}, policyTypes: [Ingress] }
`;
const allowWebToApi = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-to-api, namespace: app }
spec:
  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ protocol: TCP, port: 8080 }] }]
`;

function cluster(text: string): ClusterState {
  const built = compute(text, undefined);
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return built.cluster!;
}

const state = (m: Matrix, from: string, to: string) => m.cells.get(cellKey(from, to))?.state;
const W = 'app/web[Deployment]';
const A = 'app/api[Deployment]';
const T = 'app/tool[Pod]';

describe('matrixOf', () => {
  const any: MatrixOptions = defaultOptions;
  const tcp8080: MatrixOptions = { ...defaultOptions, filter: { kind: 'port', protocol: 'TCP', port: 8080 } };
  const udp53: MatrixOptions = { ...defaultOptions, filter: { kind: 'port', protocol: 'UDP', port: 53 } };
  it.each([
    // [name, scenario, options, from, to, state]
    ['no policy: everything allowed', base, any, W, A, 'allowed'],
    ['self cells', base, any, W, W, 'self'],
    ['default deny: denied', base + denyAll, any, W, A, 'denied'],
    ['default deny: the other way too', base + denyAll, any, A, W, 'denied'],
    ['allow one port: allowed at any port', base + denyAll + allowWebToApi, any, W, A, 'allowed'],
    ['allow one port: allowed at that port', base + denyAll + allowWebToApi, tcp8080, W, A, 'allowed'],
    ['allow one port: denied at another', base + denyAll + allowWebToApi, udp53, W, A, 'denied'],
    ['allow one port: others still denied', base + denyAll + allowWebToApi, any, T, A, 'denied'],
  ])('%s', (_name, text, options, from, to, expected) => {
    expect(state(matrixOf(cluster(text), options), from, to)).toBe(expected);
  });

  it('groups peers by namespace and names the allowed connections', () => {
    const m = matrixOf(cluster(base + denyAll + allowWebToApi));
    expect(m.groups.map((g) => [g.namespace, g.peers.map((p) => p.label)])).toEqual([['app', ['api', 'tool', 'web']]]);
    expect(m.peers.find((p) => p.id === W)?.ref).toBe('app/deploy/web');
    expect(m.peers.find((p) => p.id === T)?.ref).toBe('app/tool');
    expect(m.cells.get(cellKey(W, A))?.text).toBe('web → api: allowed TCP 8080 (by app/web-to-api ingress rule #1)');
  });

  it.each([
    // [name, scenario, options, from, to, tooltip]
    ['no policy', base, any, W, A, 'web → api: allowed All Connections (no NetworkPolicy isolates either end)'],
    ['denied, with what is allowed', base + denyAll + allowWebToApi, udp53, W, A, 'web → api: denied UDP 53; allowed: TCP 8080; click to see where it drops'],
    ['denied outright', base + denyAll, any, A, W, 'api → web: denied any port; click to see where it drops'],
    ['at a chosen port', base + denyAll + allowWebToApi, tcp8080, W, A, 'web → api: allowed TCP 8080 (by app/web-to-api ingress rule #1)'],
    ['self', base, any, T, T, 'tool → tool: the same pod'],
  ])('tooltip: %s', (_name, text, options, from, to, expected) => {
    expect(matrixOf(cluster(text), options).cells.get(cellKey(from, to))?.text).toBe(expected);
  });

  it('marks a workload whose pods differ as partial', () => {
    // Two pods of one ReplicaSet with different labels: only one is allowed in.
    const pod = (name: string, role: string) => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: app
  labels: { app: mixed, role: ${role} }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: mixed, uid: u1, controller: true }]
spec: { containers: [{ name: c, image: x }] }
`;
    const text = `${base}${denyAll}${pod('mixed-a', 'a')}${pod('mixed-b', 'b')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: role-a, namespace: app }
spec:
  podSelector: { matchLabels: { app: api } }
  ingress: [{ from: [{ podSelector: { matchLabels: { role: a } } }], ports: [{ protocol: TCP, port: 8080 }] }]
`;
    const M = 'app/mixed[ReplicaSet]';
    const m = matrixOf(cluster(text));
    expect(state(m, M, A)).toBe('partial');
    expect(m.cells.get(cellKey(M, A))?.text).toBe('mixed → api: only some pods: TCP 8080; every pod: nothing (by app/role-a ingress rule #1)');
    expect(state(matrixOf(cluster(text), { ...defaultOptions, filter: { kind: 'port', protocol: 'TCP', port: 8080 } }), M, A)).toBe('partial');
    const byPod = matrixOf(cluster(text), { ...defaultOptions, by: 'pod' });
    const apiPod = byPod.peers.find((p) => p.label.startsWith('api-'))!.id;
    expect([state(byPod, 'app/mixed-a[Pod]', apiPod), state(byPod, 'app/mixed-b[Pod]', apiPod)]).toEqual(['allowed', 'denied']);
  });

  it('says when the CNI does not enforce policies', () => {
    const text = `apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: { name: c }
spec: { cni: { plugin: flannel, mode: vxlan, networkPolicy: false } }
---
${base}${denyAll}`;
    const m = matrixOf(cluster(text));
    expect(m.notEnforced).toMatch(/does not enforce NetworkPolicy/);
    expect(state(m, W, A)).toBe('allowed');
    expect(matrixOf(cluster(base + denyAll)).notEnforced).toBeUndefined();
  });

  it('is memoised per cluster and options', () => {
    const c = cluster(base);
    expect(matrixOf(c, defaultOptions)).toBe(matrixOf(c, { ...defaultOptions }));
    expect(matrixOf(c, { ...defaultOptions, by: 'pod' })).not.toBe(matrixOf(c, defaultOptions));
  });

  it('caps a big matrix by pod and says how many peers there are', () => {
    const m = matrixOf(cluster(base + deploy('many', MAX_PEERS + 20, 80)), { ...defaultOptions, by: 'pod' });
    expect(m.peers).toHaveLength(MAX_PEERS);
    expect(m.total).toBe(MAX_PEERS + 24);
    expect(m.cells.size).toBe(MAX_PEERS * MAX_PEERS);
  });
});

describe('diffMatrix', () => {
  it.each([
    // [name, before, after, changed cells, added peers, removed peers]
    ['nothing changed', base, base, [], [], []],
    ['a default deny denies every pair', base, base + denyAll, [[A, T], [A, W], [T, A], [T, W], [W, A], [W, T]], [], []],
    ['allowing one port opens one cell', base + denyAll, base + denyAll + allowWebToApi, [[W, A]], [], []],
    ['a new workload is an added peer', base, base + deploy('db', 1, 5432), [], ['app/db[Deployment]'], []],
    ['a removed workload is a removed peer', base + deploy('db', 1, 5432), base, [], [], ['app/db[Deployment]']],
  ])('%s', (_name, before, after, changed, added, removed) => {
    const d = diffMatrix(matrixOf(cluster(before)), matrixOf(cluster(after)));
    expect([...d.changed.keys()].sort()).toEqual(changed.map(([a, b]) => cellKey(a!, b!)).sort());
    expect(d.addedPeers).toEqual(added);
    expect(d.removedPeers).toEqual(removed);
  });

  it('lastChange skips edits that left the grid alone', () => {
    const history = [cluster(base), cluster(base + denyAll), cluster(`# a comment\n${base}${denyAll}`)];
    const d = lastChange(history, matrixOf(cluster(base + denyAll)), defaultOptions);
    expect(d?.changed.size).toBe(6);
    expect(lastChange(history.slice(1), matrixOf(cluster(base + denyAll)), defaultOptions)).toBeUndefined();
  });
});

describe('diffSummary', () => {
  it.each([
    ['no earlier edit', undefined, 'no change yet'],
    ['a policy', base + denyAll, '6 changed'],
    ['a workload', base + deploy('db', 1, 5432), '0 changed, 1 new'],
  ])('%s', (_name, after, expected) => {
    expect(diffSummary(after === undefined ? undefined : diffMatrix(matrixOf(cluster(base)), matrixOf(cluster(after))))).toBe(expected);
  });
});

describe('the matrix store', () => {
  it('keeps the clusters of earlier edits, so the diff shows the last change', () => {
    useSim.getState().setText(base);
    const before = useSim.getState().cluster;
    useSim.getState().setText(base + denyAll);
    const denied = useSim.getState().cluster;
    useSim.getState().setText(`${base + denyAll}  bad: [`); // does not build: no new cluster
    expect(useSim.getState().cluster).toBe(denied);
    const { history } = useMatrix.getState();
    expect(history.at(-1)).toBe(before);
    const d = lastChange(history, matrixOf(useSim.getState().cluster!), defaultOptions);
    expect(d && diffSummary(d)).toBe('6 changed');
  });
});

describe('cellFlow', () => {
  const example = cluster(exampleScenario.yaml);
  const F = 'shop/frontend[Deployment]';
  const B = 'shop/backend[Deployment]';
  const D = 'shop/db[StatefulSet]';
  it.each([
    // [name, options, from, to, flow label]
    ['any: the allowed container port', defaultOptions, F, B, 'nc -zv shop/deploy/backend 8080 from shop/deploy/frontend'],
    ['any, denied: the first container port', defaultOptions, F, D, 'nc -zv shop/sts/db 5432 from shop/deploy/frontend'],
    ['a chosen port', { ...defaultOptions, filter: { kind: 'port', protocol: 'UDP', port: 53 } } as MatrixOptions, B, F, 'nc -zvu shop/deploy/frontend 53 from shop/deploy/backend'],
  ])('%s', (_name, options, from, to, label) => {
    const m = matrixOf(example, options);
    expect(cellFlow(m, m.cells.get(cellKey(from, to))!)?.label).toBe(label);
  });

  it('has no flow for a self cell', () => {
    const m = matrixOf(example);
    expect(cellFlow(m, m.cells.get(cellKey(F, F))!)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { schedule, tolerates } from '../../src/cluster/scheduling.ts';
import type { Taint, Toleration } from '../../src/model/objects.ts';
import { deployment, docs } from '../fixtures/objects.ts';
import { setup } from './helpers.ts';

const place = (yaml: string) => {
  const { expansion, nodes, reporter } = setup(yaml);
  const placed = schedule(expansion.pods, nodes, reporter);
  return { nodes: expansion.pods.map((p) => placed.get(p.id)), diagnostics: reporter.diagnostics };
};

const pod = (name: string, spec = '', extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${spec ? `  ${spec}\n` : ''}  containers: [{name: c, image: x${extra}}]
`;

describe('tolerates (Kubernetes docs: Taints and Tolerations)', () => {
  const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it.each<[string, Toleration, boolean]>([
    ['Equal with key, value and effect', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }, false],
    ['Exists on the key, any value', { key: 'dedicated', operator: 'Exists' }, true],
    ['Exists with an empty key tolerates everything', { operator: 'Exists' }, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
  ])('%s', (_n, toleration, expected) => {
    expect(tolerates(toleration, taint)).toBe(expected);
  });
});

describe('schedule', () => {
  it('spreads to the eligible node with the fewest pods, ties by node order, never onto the tainted control plane', () => {
    expect(place(deployment('web', { replicas: 4 })).nodes).toEqual(['node-1', 'node-2', 'node-1', 'node-2']);
  });

  it('spec.nodeName binds directly, even onto the control plane', () => {
    expect(place(pod('p', 'nodeName: control-plane')).nodes).toEqual(['control-plane']);
  });

  it('an unknown nodeName leaves the pod Pending with node-not-found on spec.nodeName', () => {
    const { nodes, diagnostics } = place(pod('p', 'nodeName: node-9'));
    expect(nodes).toEqual([undefined]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'node-not-found', path: 'spec.nodeName' })]);
    expect(diagnostics[0]!.message).toContain('node-9');
  });

  it('nodeSelector picks matching nodes', () => {
    expect(place(pod('p', 'nodeSelector: {kubernetes.io/hostname: node-2}')).nodes).toEqual(['node-2']);
  });

  it('a toleration for the control-plane taint makes the control plane eligible', () => {
    expect(place(pod('p', 'tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]')).nodes).toEqual(['control-plane']);
  });

  it('no eligible node: Pending and pod-unschedulable in kube-scheduler wording', () => {
    const { nodes, diagnostics } = place(pod('p', 'nodeSelector: {disk: ssd}'));
    expect(nodes).toEqual([undefined]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: 'pod-unschedulable', path: 'spec.nodeSelector' });
    // FitError: reasons sorted, "N node(s) …".
    expect(diagnostics[0]!.message).toContain("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector");
  });

  it('reports a workload once, not once per replica', () => {
    const { diagnostics } = place(deployment('web', { replicas: 3, extraSpec: 'nodeSelector: {disk: ssd}' }));
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['pod-unschedulable', 'spec.template.spec.nodeSelector']]);
  });

  it('two hostNetwork pods with the same port cannot share a node (NodePorts filter, DATAPATH §9.1)', () => {
    const hostPod = (n: string) => pod(n, 'hostNetwork: true', ', ports: [{containerPort: 9100}]');
    const { nodes, diagnostics } = place(docs(hostPod('a'), hostPod('b'), hostPod('c')));
    expect(nodes).toEqual(['node-1', 'node-2', undefined]);
    expect(diagnostics[0]!.message).toContain("didn't have free ports for the requested pod ports");
  });

  it('status.hostIP of a dump places the pod on that node', () => {
    expect(place(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, image: x}]}
status: {hostIP: 172.16.0.12, podIP: 10.244.2.9}
`).nodes).toEqual(['node-2']);
  });
});

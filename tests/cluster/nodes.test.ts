import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/cluster/names.ts';
import { buildNodes } from '../../src/cluster/nodes.ts';
import { resolveSettings } from '../../src/cluster/settings.ts';
import type { ClusterConfig, Node } from '../../src/model/objects.ts';
import { objects } from '../fixtures/objects.ts';

function nodesOf(yaml = '') {
  const objs = yaml ? objects(yaml) : [];
  const reporter = createReporter();
  const { settings, nodes } = resolveSettings(objs.find((o) => o.kind === 'Cluster') as ClusterConfig | undefined, reporter);
  return { nodes: buildNodes(settings, nodes, objs.filter((o): o is Node => o.kind === 'Node'), reporter), diagnostics: reporter.diagnostics };
}

const clusterYaml = (spec: string) => `apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;

describe('buildNodes', () => {
  it('default nodes: /24 per node in node order, the control plane tainted (DATAPATH §0.1, kubeadm)', () => {
    const { nodes } = nodesOf();
    expect(nodes.map((n) => [n.name, n.address, n.podCIDR, n.taints])).toEqual([
      ['control-plane', '172.16.0.10', '10.244.0.0/24', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]],
      ['node-1', '172.16.0.11', '10.244.1.0/24', []],
      ['node-2', '172.16.0.12', '10.244.2.0/24', []],
    ]);
  });

  it('labels every node as the kubelet and kubeadm do', () => {
    const [cp, worker] = nodesOf().nodes;
    expect(cp!.labels).toEqual({ 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': 'control-plane', 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' });
    expect(worker!.labels['node-role.kubernetes.io/control-plane']).toBeUndefined();
  });

  it('a zone becomes topology.kubernetes.io/zone', () => {
    const { nodes } = nodesOf(clusterYaml('nodes: [{name: a, zone: zone-a}]'));
    expect(nodes[0]!.labels['topology.kubernetes.io/zone']).toBe('zone-a');
    expect(nodes[0]!.zone).toBe('zone-a');
  });

  it('Cilium cluster-pool hands out /24s of 10.0.0.0/8 in order (DATAPATH §1.1.5)', () => {
    expect(nodesOf(clusterYaml('cni: {plugin: cilium}')).nodes.map((n) => n.podCIDR)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  });

  it('Calico claims one distinct /26 block of 192.168.0.0/16 per node, deterministically', () => {
    const a = nodesOf(clusterYaml('cni: {plugin: calico}')).nodes;
    const b = nodesOf(clusterYaml('cni: {plugin: calico}')).nodes;
    expect(a.map((n) => n.podCIDR)).toEqual(b.map((n) => n.podCIDR));
    for (const n of a) {
      expect(n.podCIDR).toMatch(/^192\.168\.\d+\.\d+\/26$/);
      expect(n.ipamBlocks).toEqual([n.podCIDR]);
    }
    expect(new Set(a.map((n) => n.podCIDR)).size).toBe(3);
  });

  it('a Node object merges by name: InternalIP, podCIDR, taints, labels; cordoned nodes get the unschedulable taint', () => {
    const { nodes } = nodesOf(`apiVersion: v1
kind: Node
metadata: {name: node-1, labels: {disk: ssd}}
spec:
  podCIDR: 10.244.7.0/24
  unschedulable: true
status:
  addresses: [{type: InternalIP, address: 172.16.0.21}]
---
apiVersion: v1
kind: Node
metadata: {name: node-3}
status:
  addresses: [{type: InternalIP, address: 172.16.0.23}]
---
apiVersion: v1
kind: Node
metadata: {name: node-4}
`);
    expect(nodes.map((n) => [n.name, n.address, n.podCIDR])).toEqual([
      ['control-plane', '172.16.0.10', '10.244.0.0/24'],
      ['node-1', '172.16.0.21', '10.244.7.0/24'],
      ['node-2', '172.16.0.12', '10.244.1.0/24'],
      ['node-3', '172.16.0.23', '10.244.2.0/24'],
      // No InternalIP: the lowest free node address from .10 upward (.11 is free: node-1 moved to .21).
      ['node-4', '172.16.0.11', '10.244.3.0/24'],
    ]);
    expect(nodes[1]!.labels.disk).toBe('ssd');
    // kubectl cordon: the scheduler sees node.kubernetes.io/unschedulable:NoSchedule (TaintNodesByCondition).
    expect(nodes[1]!.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    expect(nodes[3]!.role).toBe('worker');
  });
});

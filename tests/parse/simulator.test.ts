import { describe, expect, it } from 'vitest';
import { cniModes } from '../../src/model/objects.ts';
import { lines, one, run } from './harness.ts';
import type { Row } from './harness.ts';

const cluster = (...spec: string[]): string => lines('apiVersion: sim.kube-netsim.dev/v1alpha1', 'kind: Cluster', 'metadata:', '  name: lab', 'spec:', ...spec);
const flow = (...spec: string[]): string => lines('apiVersion: sim.kube-netsim.dev/v1alpha1', 'kind: Flow', 'metadata:', '  name: probe', 'spec:', ...spec);

describe('Cluster', () => {
  it('reads every setting, cluster-scoped', () => {
    const r = run(cluster(
      '  cni: {plugin: calico, mode: ipip, networkPolicy: false}', '  kubeProxy: {mode: ipvs}', '  podCIDR: 192.168.0.0/16', '  serviceCIDR: 10.96.0.0/12',
      '  nodeCIDRMaskSize: 26', '  clusterDomain: corp.local', '  loadBalancerPool: 172.16.0.200-172.16.0.250',
      '  nodes:', '  - {name: cp, role: control-plane, address: 172.16.0.10, taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}',
      '  - {name: w1, zone: a, labels: {disk: ssd}}'));
    expect(r.rows).toEqual([]);
    const c = one(r, 'Cluster');
    expect(c.metadata.namespace).toBe('');
    expect(c.spec).toEqual({
      cni: { plugin: 'calico', mode: 'ipip', networkPolicy: false }, kubeProxy: { mode: 'ipvs' }, podCIDR: '192.168.0.0/16', serviceCIDR: '10.96.0.0/12',
      nodeCIDRMaskSize: 26, clusterDomain: 'corp.local', loadBalancerPool: '172.16.0.200-172.16.0.250',
      nodes: [
        { name: 'cp', role: 'control-plane', address: '172.16.0.10', labels: {}, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
        // role defaults to worker
        { name: 'w1', role: 'worker', zone: 'a', labels: { disk: 'ssd' } },
      ],
    });
  });

  it('an empty Cluster is all defaults', () => {
    const r = run(lines('apiVersion: sim.kube-netsim.dev/v1alpha1', 'kind: Cluster', 'metadata: {name: lab}'));
    expect(r.rows).toEqual([]);
    expect(one(r, 'Cluster').spec).toEqual({});
  });

  const valid = Object.entries(cniModes).flatMap(([plugin, modes]) => modes.map((mode) => [plugin, mode]));
  it.each(valid)('%s with mode %s is accepted', (plugin, mode) => {
    expect(run(cluster(`  cni: {plugin: ${plugin}, mode: ${mode}}`)).rows).toEqual([]);
  });

  it('models at most 100 nodes, keeping the first ones', () => {
    const nodes = Array.from({ length: 150 }, (_, i) => `  - {name: n${i}}`);
    const r = run(cluster('  nodes:', ...nodes));
    expect(r.rows).toEqual([['warning', 'simulator-limit', 'spec.nodes', 6, 3]]);
    expect(one(r, 'Cluster').spec.nodes?.map((n) => n.name).slice(-1)).toEqual(['n99']);
  });

  it('Cilium may replace kube-proxy (DATAPATH.md 4.11)', () => {
    expect(one(run(cluster('  cni: {plugin: cilium}', '  kubeProxy: {mode: replacement}')), 'Cluster').spec.kubeProxy).toEqual({ mode: 'replacement' });
  });

  const cases: { name: string; spec: string[]; rows: Row[]; message?: RegExp }[] = [
    { name: 'flannel has no ipip', spec: ['  cni: {plugin: flannel, mode: ipip}'], rows: [['error', 'invalid-value', 'spec.cni.mode', 6, 26]], message: /flannel supports vxlan, host-gw, wireguard/ },
    { name: 'without a plugin, modes are flannel\'s', spec: ['  cni: {mode: bgp}'], rows: [['error', 'invalid-value', 'spec.cni.mode', 6, 9]], message: /no plugin given, so flannel/ },
    { name: 'cilium has no host-gw', spec: ['  cni: {plugin: cilium, mode: host-gw}'], rows: [['error', 'invalid-value', 'spec.cni.mode', 6, 25]], message: /cilium supports vxlan, geneve, native, wireguard/ },
    { name: 'unknown plugin', spec: ['  cni: {plugin: weave}'], rows: [['error', 'invalid-value', 'spec.cni.plugin', 6, 9]] },
    { name: 'replacement without cilium', spec: ['  kubeProxy: {mode: replacement}'], rows: [['error', 'invalid-value', 'spec.kubeProxy.mode', 6, 15]], message: /only Cilium replaces kube-proxy/ },
    { name: 'unknown proxy mode', spec: ['  kubeProxy: {mode: userspace}'], rows: [['error', 'invalid-value', 'spec.kubeProxy.mode', 6, 15]] },
    { name: 'podCIDR not a CIDR', spec: ['  podCIDR: 10.244.0.0/33'], rows: [['error', 'invalid-value', 'spec.podCIDR', 6, 3]] },
    { name: 'IPv6 serviceCIDR', spec: ['  serviceCIDR: "fd00:10:96::/112"'], rows: [['warning', 'unsimulated-feature', 'spec.serviceCIDR', 6, 3]] },
    { name: 'node mask wider than the pod CIDR', spec: ['  podCIDR: 10.244.0.0/16', '  nodeCIDRMaskSize: 12'], rows: [['error', 'invalid-value', 'spec.nodeCIDRMaskSize', 7, 3]] },
    { name: 'bad cluster domain', spec: ['  clusterDomain: Cluster_Local'], rows: [['error', 'invalid-value', 'spec.clusterDomain', 6, 3]] },
    { name: 'duplicate node names', spec: ['  nodes: [{name: a}, {name: a}]'], rows: [['error', 'invalid-value', 'spec.nodes[1].name', 6, 23]] },
    { name: 'node without a name', spec: ['  nodes: [{role: worker}]'], rows: [['error', 'missing-field', 'spec.nodes[0]', 6, 11]] },
    { name: 'unknown role', spec: ['  nodes: [{name: a, role: master}]'], rows: [['error', 'invalid-value', 'spec.nodes[0].role', 6, 21]] },
    { name: 'bad node address', spec: ['  nodes: [{name: a, address: 172.16.0.300}]'], rows: [['error', 'invalid-value', 'spec.nodes[0].address', 6, 21]] },
    { name: 'two nodes, one address', spec: ['  nodes: [{name: a, address: 172.16.0.11}, {name: b, address: 172.16.0.11}]'], rows: [['error', 'invalid-value', 'spec.nodes[1].address', 6, 54]] },
    { name: 'typo in the spec', spec: ['  podCidr: 10.0.0.0/16'], rows: [['error', 'unknown-field', 'spec.podCidr', 6, 3]] },
    { name: 'typo in a node', spec: ['  nodes: [{name: a, adress: 172.16.0.11}]'], rows: [['error', 'unknown-field', 'spec.nodes[0].adress', 6, 21]] },
    { name: 'pool is not first-last', spec: ['  loadBalancerPool: 172.16.0.0/24'], rows: [['error', 'invalid-value', 'spec.loadBalancerPool', 6, 3]] },
    { name: 'pool runs backwards', spec: ['  loadBalancerPool: 172.16.0.250-172.16.0.200'], rows: [['error', 'invalid-value', 'spec.loadBalancerPool', 6, 3]], message: /starts after it ends/ },
  ];
  it.each(cases)('$name', ({ spec, rows, message }) => {
    const r = run(cluster(...spec));
    expect(r.rows).toEqual(rows);
    if (message) expect(r.diagnostics[0]?.message).toMatch(message);
    expect(r.objects).toHaveLength(1);
  });
});

describe('Flow', () => {
  it.each([
    ['a command', ['  from: frontend', '  command: curl http://web.shop:8080/api', '  expect: delivered'], { from: 'frontend', command: 'curl http://web.shop:8080/api', expect: 'delivered' }],
    ['a structured target', ['  from: external', '  to: 10.96.0.10', '  port: 53', '  protocol: UDP'], { from: 'external', to: '10.96.0.10', port: 53, protocol: 'UDP' }],
    ['ICMP', ['  from: shop/deploy/web', '  to: 10.244.2.7', '  protocol: ICMP', '  expect: dropped'], { from: 'shop/deploy/web', to: '10.244.2.7', protocol: 'ICMP', expect: 'dropped' }],
  ] as const)('reads %s', (_name, spec, want) => {
    const r = run(flow(...spec));
    expect(r.rows).toEqual([]);
    const f = one(r, 'Flow');
    expect(f.spec).toEqual(want);
    expect(f.metadata.namespace).toBe('default');
  });

  const cases: { name: string; spec: string[]; rows: Row[]; kept: boolean }[] = [
    { name: 'no from', spec: ['  to: web:80'], rows: [['error', 'missing-field', 'spec', 5, 1]], kept: false },
    { name: 'neither command nor to', spec: ['  from: a'], rows: [['error', 'missing-field', 'spec', 5, 1]], kept: false },
    { name: 'both command and to', spec: ['  from: a', '  command: curl web', '  to: web:80'], rows: [['error', 'invalid-value', 'spec.to', 8, 3]], kept: false },
    { name: 'bad protocol', spec: ['  from: a', '  to: web', '  protocol: HTTP'], rows: [['error', 'invalid-value', 'spec.protocol', 8, 3]], kept: true },
    { name: 'port out of range', spec: ['  from: a', '  to: web', '  port: 0'], rows: [['error', 'invalid-value', 'spec.port', 8, 3]], kept: true },
    { name: 'unknown verdict', spec: ['  from: a', '  to: web', '  expect: allowed'], rows: [['error', 'invalid-value', 'spec.expect', 8, 3]], kept: true },
    { name: 'typo in the spec', spec: ['  from: a', '  to: web', '  expected: delivered'], rows: [['error', 'unknown-field', 'spec.expected', 8, 3]], kept: true },
    { name: 'no spec', spec: [], rows: [['error', 'missing-field', '', 1, 1]], kept: false },
  ];
  it.each(cases)('$name', ({ spec, rows, kept }) => {
    const text = spec.length ? flow(...spec) : lines('apiVersion: sim.kube-netsim.dev/v1alpha1', 'kind: Flow', 'metadata: {name: probe}');
    const r = run(text);
    expect(r.rows).toEqual(rows);
    expect(r.objects).toHaveLength(kept ? 1 : 0);
  });
});

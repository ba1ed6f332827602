import { describe, expect, it } from 'vitest';
import { allocatePodIPs, systemBand } from '../../src/cluster/ipam.ts';
import { schedule } from '../../src/cluster/scheduling.ts';
import { expandWorkloads } from '../../src/cluster/workloads.ts';
import { ipInCidr } from '../../src/model/ip.ts';
import type { Pod, Workload } from '../../src/model/objects.ts';
import { deployment, docs } from '../fixtures/objects.ts';
import { setup } from './helpers.ts';

const cluster = (spec: string) => `apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec:\n  ${spec}\n`;

function ips(yaml: string, systemYaml = '') {
  const { objs, nodes, reporter, settings } = setup(yaml);
  const sys = systemYaml ? setup(systemYaml).objs : [];
  const entries = [
    ...objs.filter((o): o is Pod | Workload => o.kind === 'Pod' || o.kind === 'Deployment' || o.kind === 'DaemonSet').map((object) => ({ object, system: false })),
    ...sys.filter((o): o is Workload => o.kind === 'Deployment').map((object) => ({ object, system: true })),
  ];
  const { pods } = expandWorkloads(entries, nodes);
  const placement = schedule(pods, nodes, reporter);
  const result = allocatePodIPs(settings, nodes, pods, placement, reporter);
  return { pods: pods.map((p) => ({ name: p.name, node: placement.get(p.id), ip: result.ips.get(p.id), system: p.system })), result, nodes, diagnostics: reporter.diagnostics };
}

const pod = (name: string, extra: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {containers: [{name: c, image: x}]}\n${extra}\n`;

describe('allocatePodIPs', () => {
  it('flannel host-local: .1 is cni0, pods get .2, .3 … in order per node (DATAPATH §1.2)', () => {
    expect(ips(deployment('web', { replicas: 4 })).pods.map((p) => [p.node, p.ip])).toEqual([
      ['node-1', '10.244.1.2'], ['node-2', '10.244.2.2'], ['node-1', '10.244.1.3'], ['node-2', '10.244.2.3'],
    ]);
  });

  it('Cilium cluster-pool: the node /24 of 10.0.0.0/8, .1 kept for cilium_host', () => {
    expect(ips(docs(cluster('cni: {plugin: cilium}'), deployment('web', { replicas: 2 }))).pods.map((p) => p.ip)).toEqual(['10.0.1.2', '10.0.2.2']);
  });

  it('Calico: addresses from the node /26 block, the block base kept for the tunnel, no gateway', () => {
    const { pods, nodes } = ips(docs(cluster('cni: {plugin: calico}'), deployment('web', { replicas: 2 })));
    const block = nodes.find((n) => n.name === 'node-1')!.podCIDR;
    const base = block.split('/')[0]!.split('.').map(Number);
    expect(pods[0]!.ip).toBe([...base.slice(0, 3), base[3]! + 1].join('.'));
  });

  it('Calico: a node whose block fills claims a further /26 block', () => {
    const { pods, result } = ips(docs(cluster('cni: {plugin: calico}'), deployment('web', { replicas: 130, extraSpec: 'nodeSelector: {kubernetes.io/hostname: node-1}' })));
    const blocks = result.blocks.get('node-1')!;
    expect(blocks).toHaveLength(3);
    expect(new Set(pods.map((p) => p.ip)).size).toBe(130);
    for (const p of pods) expect(blocks.some((b) => ipInCidr(p.ip!, b))).toBe(true);
  });

  it('built-in pods count down from the top of the node range, so they never renumber user pods', () => {
    const { pods } = ips(deployment('web', { replicas: 2 }), deployment('coredns', { namespace: 'kube-system', replicas: 2 }));
    expect(pods.filter((p) => p.system).map((p) => p.ip)).toEqual(['10.244.1.254', '10.244.2.254']);
    expect(pods.filter((p) => !p.system).map((p) => p.ip)).toEqual(['10.244.1.2', '10.244.2.2']);
  });

  it.each([
    ['a /24 (253 usable)', 253, 8],
    ['a Calico /26 block (62 usable)', 62, 3],
    ['a /28 (13 usable)', 13, 2],
    ['a /30 (1 usable)', 1, 0],
  ])('the built-in band of %s holds %i addresses', (_n, usable, band) => {
    expect(systemBand(usable)).toBe(band);
  });

  it('user pods never take the built-in band, even when that leaves them without an address', () => {
    const { pods } = ips(docs(cluster('nodeCIDRMaskSize: 28'), deployment('web', { replicas: 12, extraSpec: 'nodeSelector: {kubernetes.io/hostname: node-1}' })));
    // node-1 has 10.244.0.16/28: .18–.28 for users, .29–.30 kept for built-in pods, .31 broadcast.
    expect(pods.map((p) => p.ip).at(-2)).toBe('10.244.0.28');
    expect(pods.map((p) => p.ip).at(-1)).toBeUndefined();
  });

  it('hostNetwork pods use the node address (DATAPATH §9.1)', () => {
    expect(ips('apiVersion: v1\nkind: Pod\nmetadata: {name: h}\nspec: {hostNetwork: true, nodeName: node-2, containers: [{name: c, image: x}]}\n').pods[0]!.ip).toBe('172.16.0.12');
  });

  it('a dump podIP is honoured and never handed out again', () => {
    const { pods } = ips(docs(deployment('web', { replicas: 1 }), pod('dumped', 'status: {hostIP: 172.16.0.11, podIP: 10.244.1.2}')));
    expect(pods.map((p) => [p.name.startsWith('web') ? 'web' : p.name, p.ip])).toEqual([['web', '10.244.1.3'], ['dumped', '10.244.1.2']]);
  });

  it.each([
    ['flannel', '', 1],
    ['cilium', 'cni: {plugin: cilium}', 1],
    // Calico hands out /26 blocks from one pool, not per-node ranges: nothing to warn about.
    ['calico', 'cni: {plugin: calico}', 0],
  ])('pod-ip-outside-node-cidr with %s', (_plugin, spec, count) => {
    const yaml = docs(...(spec ? [cluster(spec)] : []), pod('dumped', 'status: {hostIP: 172.16.0.11, podIP: 10.99.9.9}'));
    const { diagnostics, pods } = ips(yaml);
    expect(pods[0]!.ip).toBe('10.99.9.9');
    expect(diagnostics.filter((d) => d.code === 'pod-ip-outside-node-cidr').map((d) => [d.severity, d.path])).toEqual(Array(count).fill(['warning', 'status.podIP']));
  });

  it('two dumped pods claiming one IP: the first keeps it', () => {
    const { pods, diagnostics } = ips(docs(pod('a', 'status: {hostIP: 172.16.0.11, podIP: 10.244.1.9}'), pod('b', 'status: {hostIP: 172.16.0.11, podIP: 10.244.1.9}')));
    expect(pods.map((p) => p.ip)).toEqual(['10.244.1.9', '10.244.1.2']);
    expect(diagnostics[0]!.message).toContain('default/a');
  });

  it('a full node range: address-pool-exhausted, the pod gets no IP', () => {
    const { pods, diagnostics } = ips(docs(cluster('nodeCIDRMaskSize: 30'), deployment('web', { replicas: 3, extraSpec: 'nodeSelector: {kubernetes.io/hostname: node-1}' })));
    // node-1 gets 10.244.0.4/30: .4 network, .5 gateway, .6 the only pod address, .7 broadcast.
    expect(pods.map((p) => p.ip)).toEqual(['10.244.0.6', undefined, undefined]);
    expect(diagnostics.map((d) => d.code)).toEqual(['address-pool-exhausted', 'address-pool-exhausted']);
  });
});

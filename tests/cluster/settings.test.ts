import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/cluster/names.ts';
import { resolveSettings } from '../../src/cluster/settings.ts';
import { only } from '../fixtures/objects.ts';

const cluster = (spec: string) => only(`apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec:\n${spec.replace(/^/gm, '  ')}\n`, 'Cluster');

describe('resolveSettings', () => {
  it('defaults are the DESIGN.md "Defaults" and DATAPATH §0.1 address plan', () => {
    const { settings, nodes } = resolveSettings(undefined, createReporter());
    expect(settings).toEqual({
      cni: { plugin: 'flannel', mode: 'vxlan', networkPolicy: true },
      proxyMode: 'iptables',
      podCIDR: '10.244.0.0/16', // flannel net-conf, kubeadm --pod-network-cidr (DATAPATH §0.1)
      serviceCIDR: '10.96.0.0/12', // kubeadm default
      nodeCIDRMaskSize: 24, // controller-manager --node-cidr-mask-size
      clusterDomain: 'cluster.local',
      nodePortRange: { min: 30000, max: 32767 }, // --service-node-port-range default
      loadBalancerPool: { first: '172.16.0.200', last: '172.16.0.250' },
      dnsServiceIP: '10.96.0.10', // kubeadm: 10th address of the Service CIDR
      nodeResolvConf: { nameservers: ['198.51.100.53'], search: [], options: [] },
      mtu: 1500,
    });
    expect(nodes.map((n) => [n.name, n.role, n.address])).toEqual([
      ['control-plane', 'control-plane', '172.16.0.10'], ['node-1', 'worker', '172.16.0.11'], ['node-2', 'worker', '172.16.0.12'],
    ]);
  });

  it.each([
    // DATAPATH §1.1 item 5: Calico pool 192.168.0.0/16 in /26 blocks; Cilium cluster-pool 10.0.0.0/8 with /24 per node.
    ['calico', 'ipip', '192.168.0.0/16', 26],
    ['cilium', 'vxlan', '10.0.0.0/8', 24],
    ['flannel', 'vxlan', '10.244.0.0/16', 24],
  ])('plugin %s defaults to mode %s, pod CIDR %s, per-node mask /%i', (plugin, mode, podCIDR, mask) => {
    const { settings } = resolveSettings(cluster(`cni: {plugin: ${plugin}}`), createReporter());
    expect(settings.cni).toEqual({ plugin, mode, networkPolicy: true });
    expect([settings.podCIDR, settings.nodeCIDRMaskSize]).toEqual([podCIDR, mask]);
  });

  it.each([
    ['cni.networkPolicy false turns enforcement off', 'cni: {networkPolicy: false}', (s: ReturnType<typeof resolveSettings>['settings']) => s.cni.networkPolicy, false],
    ['serviceCIDR moves kube-dns to its 10th address', 'serviceCIDR: 10.100.0.0/16', (s: ReturnType<typeof resolveSettings>['settings']) => s.dnsServiceIP, '10.100.0.10'],
    ['loadBalancerPool is parsed', 'loadBalancerPool: 172.16.0.100-172.16.0.110', (s: ReturnType<typeof resolveSettings>['settings']) => s.loadBalancerPool, { first: '172.16.0.100', last: '172.16.0.110' }],
    ['clusterDomain', 'clusterDomain: k8s.test', (s: ReturnType<typeof resolveSettings>['settings']) => s.clusterDomain, 'k8s.test'],
    ['kubeProxy.mode', 'kubeProxy: {mode: ipvs}', (s: ReturnType<typeof resolveSettings>['settings']) => s.proxyMode, 'ipvs'],
  ])('%s', (_name, spec, get, expected) => {
    expect(get(resolveSettings(cluster(spec), createReporter()).settings)).toEqual(expected);
  });

  it.each([
    // The parser rejects these already; objects built without it still get defaults and an error.
    ['podCIDR', { podCIDR: '10.244.0.0' }, (st: ReturnType<typeof resolveSettings>['settings']) => st.podCIDR, '10.244.0.0/16'],
    ['loadBalancerPool', { loadBalancerPool: '172.16.0.250-172.16.0.200' }, (st: ReturnType<typeof resolveSettings>['settings']) => st.loadBalancerPool, { first: '172.16.0.200', last: '172.16.0.250' }],
  ])('an invalid %s falls back to the default with an invalid-value error', (field, patch, get, expected) => {
    const base = cluster('clusterDomain: cluster.local');
    const reporter = createReporter();
    const { settings } = resolveSettings({ ...base, spec: { ...base.spec, ...patch } }, reporter);
    expect(get(settings)).toEqual(expected);
    expect(reporter.diagnostics.map((d) => [d.severity, d.code, d.path])).toEqual([['error', 'invalid-value', `spec.${field}`]]);
  });

  it('keeps the Cluster object as settings.source', () => {
    const c = cluster('clusterDomain: cluster.local');
    expect(resolveSettings(c, createReporter()).settings.source).toBe(c.source);
  });

  it('nodes without an address get the next free one from 172.16.0.10 upward, skipping given ones', () => {
    const { nodes } = resolveSettings(cluster(`nodes:
- {name: cp, role: control-plane}
- {name: a, address: 172.16.0.11}
- {name: b}
- {name: c}`), createReporter());
    expect(nodes.map((n) => n.address)).toEqual(['172.16.0.10', '172.16.0.11', '172.16.0.12', '172.16.0.13']);
  });
});

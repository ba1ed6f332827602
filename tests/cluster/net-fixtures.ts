// Address plan of DATAPATH.md §0.1, as small factories for the cluster network and proxy tests.
import type { ClusterSettings, PodState } from '../../src/model/cluster.ts';
import type { CniMode, CniPlugin, ProxyMode } from '../../src/model/objects.ts';
import type { NodeDraft } from '../../src/cluster/draft.ts';

export function settingsFor(plugin: CniPlugin = 'flannel', mode: CniMode = 'vxlan', proxyMode: ProxyMode = 'iptables'): ClusterSettings {
  return {
    cni: { plugin, mode, networkPolicy: true },
    proxyMode,
    podCIDR: plugin === 'calico' ? '192.168.0.0/16' : '10.244.0.0/16',
    serviceCIDR: '10.96.0.0/12',
    nodeCIDRMaskSize: 24,
    clusterDomain: 'cluster.local',
    nodePortRange: { min: 30000, max: 32767 },
    loadBalancerPool: { first: '172.16.0.200', last: '172.16.0.250' },
    dnsServiceIP: '10.96.0.10',
    nodeResolvConf: { nameservers: ['198.51.100.53'], search: [], options: [] },
    mtu: 1500,
  };
}

export function nodeDraft(name: string, address: string, podCIDR: string, ipamBlocks: readonly string[] = [podCIDR]): NodeDraft {
  return { name, role: 'worker', labels: { 'kubernetes.io/hostname': name }, taints: [], address, podCIDR, ipamBlocks };
}

export const node1 = nodeDraft('node1', '172.16.0.11', '10.244.1.0/24');
export const node2 = nodeDraft('node2', '172.16.0.12', '10.244.2.0/24');
// Calico variant (§0.1): /26 blocks from 192.168.0.0/16.
export const calicoNode1 = nodeDraft('node1', '172.16.0.11', '192.168.36.0/26');
export const calicoNode2 = nodeDraft('node2', '172.16.0.12', '192.168.54.0/26');

export function podState(namespace: string, name: string, ip: string, nodeName: string, extra: Partial<PodState> = {}): PodState {
  return {
    namespace, name, id: `${namespace}/${name}`, labels: {}, annotations: {}, nodeName, phase: 'Running', ip,
    hostNetwork: false, ready: true, containers: [], hostname: name, routes: [],
    resolvConf: { nameservers: [], search: [], options: [] }, system: false, ...extra,
  };
}

/** Recursively freezes test inputs so an accidental mutation fails loudly (STYLE.md habit 7). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

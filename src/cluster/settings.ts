// Cluster settings: the built-in defaults (DESIGN.md "Defaults", DATAPATH.md §0.1) and what a
// scenario's Cluster object changes. Also the node list the Cluster object declares.
import type { ClusterSettings, ResolvConf } from '../model/cluster.ts';
import { cidrSize, formatIPv4, nthAddress, parseCidr, parseIPv4 } from '../model/ip.ts';
import type { ClusterConfig, ClusterNodeSpec, CniMode, CniPlugin, ProxyMode } from '../model/objects.ts';
import type { Reporter } from './names.ts';

/** The simulated internet's resolver, on a documentation range (RFC 5737). */
export const upstreamDNS = '198.51.100.53';

/** The node network nodes live on (DATAPATH.md §0.1: node1 172.16.0.11, node2 172.16.0.12). */
export const nodeNetwork = '172.16.0.0/24';
/** Nodes without an address get one from here upward. */
const firstNodeOffset = 10;

export const controlPlaneTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' } as const;

/** kubeadm-style three-node cluster: a tainted control plane and two workers. */
export const defaultNodes: readonly ClusterNodeSpec[] = [
  { name: 'control-plane', role: 'control-plane', address: '172.16.0.10', labels: {} },
  { name: 'node-1', role: 'worker', address: '172.16.0.11', labels: {} },
  { name: 'node-2', role: 'worker', address: '172.16.0.12', labels: {} },
];

interface PluginDefaults {
  readonly mode: CniMode;
  readonly podCIDR: string;
  /** flannel and Cilium: per-node range; Calico: IPAM block size. */
  readonly nodeMask: number;
}

/**
 * flannel: net-conf 10.244.0.0/16, controller-manager /24 per node, VXLAN (DATAPATH §0.1, §1.1.5).
 * Calico: default pool 192.168.0.0/16 with /26 blocks, IP-in-IP as in the calico.yaml manifest (§3.4).
 * Cilium: cluster-pool 10.0.0.0/8 with /24 per node, VXLAN tunnel (§1.1.5, §3.7).
 */
export const pluginDefaults: Readonly<Record<CniPlugin, PluginDefaults>> = {
  flannel: { mode: 'vxlan', podCIDR: '10.244.0.0/16', nodeMask: 24 },
  calico: { mode: 'ipip', podCIDR: '192.168.0.0/16', nodeMask: 26 },
  cilium: { mode: 'vxlan', podCIDR: '10.0.0.0/8', nodeMask: 24 },
};

export const defaultServiceCIDR = '10.96.0.0/12';
export const defaultNodePortRange = { min: 30000, max: 32767 } as const;
export const defaultLoadBalancerPool = { first: '172.16.0.200', last: '172.16.0.250' } as const;

export const defaultNodeResolvConf: ResolvConf = { nameservers: [upstreamDNS], search: [], options: [] };

export interface ResolvedSettings {
  readonly settings: ClusterSettings;
  /** The nodes the Cluster object declares (or the defaults), with addresses filled in. */
  readonly nodes: readonly ClusterNodeSpec[];
}

/** Defaults, overridden by the scenario's Cluster object where it says so. */
export function resolveSettings(config: ClusterConfig | undefined, reporter: Reporter): ResolvedSettings {
  const spec = config?.spec ?? {};
  const where = (path: string) => ({ source: config?.source, path, object: 'Cluster' });
  const plugin: CniPlugin = spec.cni?.plugin ?? 'flannel';
  const defaults = pluginDefaults[plugin];

  const cidr = (path: string, given: string | undefined, fallback: string): string => {
    if (given === undefined) return fallback;
    if (parseCidr(given) && given.includes('/')) return given;
    reporter.report('error', 'invalid-value', `${path} must be a CIDR like ${fallback}, not "${given}"; the simulator uses ${fallback}.`, where(path));
    return fallback;
  };
  const serviceCIDR = cidr('spec.serviceCIDR', spec.serviceCIDR, defaultServiceCIDR);
  const service = parseCidr(serviceCIDR)!;
  const settings: ClusterSettings = {
    cni: { plugin, mode: spec.cni?.mode ?? defaults.mode, networkPolicy: spec.cni?.networkPolicy ?? true },
    proxyMode: spec.kubeProxy?.mode ?? ('iptables' satisfies ProxyMode),
    podCIDR: cidr('spec.podCIDR', spec.podCIDR, defaults.podCIDR),
    serviceCIDR,
    nodeCIDRMaskSize: spec.nodeCIDRMaskSize ?? defaults.nodeMask,
    clusterDomain: spec.clusterDomain ?? 'cluster.local',
    nodePortRange: defaultNodePortRange,
    loadBalancerPool: loadBalancerPool(spec.loadBalancerPool, reporter, where('spec.loadBalancerPool')),
    // kubeadm: the 10th address of the Service CIDR (DATAPATH §0.1).
    dnsServiceIP: formatIPv4(nthAddress(service, Math.min(10, cidrSize(service) - 2))),
    nodeResolvConf: defaultNodeResolvConf,
    mtu: 1500,
    ...(config ? { source: config.source } : {}),
  };
  return { settings, nodes: withAddresses(spec.nodes?.length ? spec.nodes : defaultNodes, reporter, config) };
}

function loadBalancerPool(text: string | undefined, reporter: Reporter, at: Parameters<Reporter['report']>[3]): ClusterSettings['loadBalancerPool'] {
  if (text === undefined) return defaultLoadBalancerPool;
  const [first, last] = text.split('-').map((s) => s.trim());
  const a = first ? parseIPv4(first) : undefined;
  const b = last ? parseIPv4(last) : undefined;
  if (a !== undefined && b !== undefined && a <= b) return { first: first!, last: last! };
  reporter.report('error', 'invalid-value', `spec.loadBalancerPool must be "first-last", e.g. 172.16.0.200-172.16.0.250, not "${text}"; the simulator uses the default pool.`, at);
  return defaultLoadBalancerPool;
}

/** Nodes without an address get the next free one of 172.16.0.0/24 from .10 upward, in node order. */
function withAddresses(nodes: readonly ClusterNodeSpec[], reporter: Reporter, config: ClusterConfig | undefined): ClusterNodeSpec[] {
  const net = parseCidr(nodeNetwork)!;
  const taken = new Set(nodes.map((n) => n.address).filter((a): a is string => a !== undefined));
  let next = firstNodeOffset;
  return nodes.map((node, i) => {
    if (node.address !== undefined) return node;
    while (next < cidrSize(net) - 1 && taken.has(formatIPv4(nthAddress(net, next)))) next++;
    if (next >= cidrSize(net) - 1) {
      reporter.report('error', 'address-pool-exhausted', `No free address left in ${nodeNetwork} for node ${node.name}; give it an address.`, { source: config?.source, path: `spec.nodes[${i}]`, object: 'Cluster' });
      return node;
    }
    const address = formatIPv4(nthAddress(net, next++));
    taken.add(address);
    return { ...node, address };
  });
}

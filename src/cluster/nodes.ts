// Nodes: the Cluster object's (or default) nodes merged by name with Node objects, with the
// labels the kubelet sets and a pod range each (node.spec.podCIDR, or Calico's first block).
import type { ClusterSettings } from '../model/cluster.ts';
import { cidrContains, cidrSize, formatCidr, formatIPv4, nthAddress, parseCidr, subnet } from '../model/ip.ts';
import type { Labels } from '../model/labels.ts';
import type { ClusterNodeSpec, Node, ObjectSource, Taint } from '../model/objects.ts';
import type { NodeDraft } from './draft.ts';
import { probe, type Reporter } from './names.ts';
import { controlPlaneTaint, nodeNetwork } from './settings.ts';

interface NodeInput {
  readonly name: string;
  readonly role: 'control-plane' | 'worker';
  readonly zone?: string;
  readonly address: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly podCIDR?: string;
  readonly source?: ObjectSource;
}

const roleLabel = 'node-role.kubernetes.io/control-plane';
const zoneLabel = 'topology.kubernetes.io/zone';

/** Builds the node drafts; Node objects override the Cluster object's node of the same name. */
export function buildNodes(settings: ClusterSettings, specs: readonly ClusterNodeSpec[], nodeObjects: readonly Node[], reporter: Reporter): NodeDraft[] {
  const inputs: NodeInput[] = specs.map((s) => ({
    name: s.name, role: s.role, ...(s.zone ? { zone: s.zone } : {}), address: s.address ?? '', labels: s.labels,
    // kubeadm taints the control plane; a node spec with its own `taints` list replaces that.
    taints: s.taints ?? (s.role === 'control-plane' ? [controlPlaneTaint] : []),
    ...(settings.source ? { source: settings.source } : {}),
  }));
  for (const node of nodeObjects) {
    const merged = mergeNode(inputs.find((n) => n.name === node.metadata.name), node);
    const i = inputs.findIndex((n) => n.name === node.metadata.name);
    if (i >= 0) inputs[i] = merged;
    else inputs.push(merged);
  }
  fillAddresses(inputs);
  const ranges = podRanges(settings, inputs, reporter);
  return inputs.map((n, i) => ({
    name: n.name,
    role: n.role,
    ...(n.zone ? { zone: n.zone } : {}),
    labels: nodeLabels(n),
    taints: n.taints,
    address: n.address,
    podCIDR: ranges[i]!,
    ipamBlocks: [ranges[i]!],
    ...(n.source ? { source: n.source } : {}),
  }));
}

function mergeNode(base: NodeInput | undefined, node: Node): NodeInput {
  const internal = node.status.addresses.find((a) => a.type === 'InternalIP')?.address;
  const labels = { ...base?.labels, ...node.metadata.labels };
  const zone = node.metadata.labels[zoneLabel] ?? base?.zone;
  // The scheduler sees spec.unschedulable (kubectl cordon) as this taint (TaintNodesByCondition).
  const taints = [...(node.spec.taints.length ? node.spec.taints : base?.taints ?? [])];
  if (node.spec.unschedulable && !taints.some((t) => t.key === 'node.kubernetes.io/unschedulable')) {
    taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  }
  return {
    name: node.metadata.name,
    role: base?.role ?? (roleLabel in node.metadata.labels ? 'control-plane' : 'worker'),
    ...(zone ? { zone } : {}),
    address: internal ?? base?.address ?? '',
    labels,
    taints,
    ...(node.spec.podCIDR ? { podCIDR: node.spec.podCIDR } : {}),
    source: node.source,
  };
}

/** A Node object without an InternalIP gets the next free node address from .10 upward. */
function fillAddresses(inputs: NodeInput[]): void {
  const net = parseCidr(nodeNetwork)!;
  const taken = new Set(inputs.map((n) => n.address));
  let next = 10;
  inputs.forEach((n, i) => {
    if (n.address) return;
    while (next < cidrSize(net) - 1 && taken.has(formatIPv4(nthAddress(net, next)))) next++;
    const address = formatIPv4(nthAddress(net, next++));
    taken.add(address);
    inputs[i] = { ...n, address };
  });
}

/** The well-known labels the kubelet (and kubeadm, for the role) put on every node. */
function nodeLabels(n: NodeInput): Labels {
  return {
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(n.role === 'control-plane' ? { [roleLabel]: '' } : {}),
    ...(n.zone ? { [zoneLabel]: n.zone } : {}),
    ...n.labels,
  };
}

/**
 * flannel/Cilium: node.spec.podCIDR as given, else the lowest free /mask of the cluster CIDR in
 * node order (the controller-manager's and Cilium cluster-pool's in-order allocators).
 * Calico ignores podCIDR and claims a /26 block per node from its pool; which block is
 * effectively random in a real cluster, so here it is a hash of the node name with probing.
 */
function podRanges(settings: ClusterSettings, nodes: readonly NodeInput[], reporter: Reporter): string[] {
  const pool = parseCidr(settings.podCIDR)!;
  const mask = Math.max(settings.nodeCIDRMaskSize, pool.prefix);
  const count = cidrSize(pool) / 2 ** (32 - mask);
  const used = new Set<number>();
  const indexOf = (cidr: string): number | undefined => {
    const c = parseCidr(cidr);
    return c && c.prefix === mask && cidrContains(pool, c.base) ? (c.base - pool.base) / 2 ** (32 - mask) : undefined;
  };
  const calico = settings.cni.plugin === 'calico';
  if (!calico) for (const n of nodes) if (n.podCIDR) { const i = indexOf(n.podCIDR); if (i !== undefined) used.add(i); }
  let next = 0;
  return nodes.map((n) => {
    if (!calico && n.podCIDR) return n.podCIDR;
    let index: number | undefined;
    if (calico) index = probe(`calico-block/${n.name}`, count, (i) => used.has(i));
    else {
      while (next < count && used.has(next)) next++;
      index = next < count ? next : undefined;
    }
    if (index === undefined) {
      reporter.report('error', 'address-pool-exhausted', `The pod CIDR ${settings.podCIDR} has no /${mask} left for node ${n.name}; use a larger podCIDR or fewer nodes.`, { source: settings.source, path: 'spec.podCIDR', object: 'Cluster' });
      index = 0;
    }
    used.add(index);
    return formatCidr(subnet(pool, mask, index));
  });
}

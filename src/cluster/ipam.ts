// Pod IP address management per node, as the CNI's IPAM does it:
// - flannel (bridge + host-local) and Cilium (cluster-pool): the node's podCIDR; .0 is the network,
//   .1 the cni0 gateway / cilium_host router IP, the last address the broadcast; addresses go out
//   in order, so the first pod gets .2 (DATAPATH §1.2, §0.1).
// - Calico: /26 blocks from the pool, no gateway (pods route via 169.254.1.1); the first address
//   of the node's first block is the tunnel address (tunl0/vxlan.calico); a full node claims
//   another block (DATAPATH §1.1.5, §3.4).
// Simulator convention, so built-in and user pods never renumber each other: built-in pods
// (CoreDNS, ingress controller) are addressed first, down from the top of the node's first
// range, where a small band is kept for them; user pods then count up from the bottom.
// hostNetwork pods use the node's address (DATAPATH §9.1).
import type { ClusterSettings } from '../model/cluster.ts';
import { cidrSize, formatCidr, formatIPv4, ipInCidr, nthAddress, parseCidr, parseIPv4, subnet, type Cidr } from '../model/ip.ts';
import type { NodeDraft } from './draft.ts';
import { probe, type Reporter } from './names.ts';
import type { PodDraft } from './workloads.ts';

export interface IpamResult {
  /** Pod id → IP; pods without an entry have none (Pending, or their node's range is full). */
  readonly ips: ReadonlyMap<string, string>;
  /** Node name → the IPAM blocks it owns after allocation (Calico may claim more than one). */
  readonly blocks: ReadonlyMap<string, readonly string[]>;
}

/** Offsets inside each of a node's ranges that the pod allocator may hand out. */
function usableOffsets(settings: ClusterSettings, blockSize: number, first: boolean): { low: number; high: number } {
  if (settings.cni.plugin === 'calico') return { low: first ? 1 : 0, high: blockSize - 1 };
  return { low: 2, high: blockSize - 2 };
}

/**
 * Addresses at the top of a node's first range kept for built-in pods (a node runs at most a
 * CoreDNS replica and the ingress controller): 8 in a /24, 2 in small ranges, never more than
 * half the range. User pods never take them, so adding an Ingress (and with it a controller pod)
 * cannot move a user pod even on a full node.
 */
export function systemBand(usable: number): number {
  return Math.min(Math.floor(usable / 2), Math.max(2, Math.min(8, Math.floor(usable / 16))));
}

export function allocatePodIPs(
  settings: ClusterSettings,
  nodes: readonly NodeDraft[],
  pods: readonly PodDraft[],
  placement: ReadonlyMap<string, string | undefined>,
  reporter: Reporter,
): IpamResult {
  const ips = new Map<string, string>();
  const inUse = new Set<string>();
  const ownerOf = new Map<string, string>();
  const blocks = new Map(nodes.map((n) => [n.name, [...n.ipamBlocks]]));
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const perNodeRange = settings.cni.plugin !== 'calico';

  // 1. Addresses a dump gives (status.podIP) are honoured first; an address two pods claim is kept by the first.
  for (const pod of pods) {
    const node = nodeByName.get(placement.get(pod.id) ?? '');
    const wanted = pod.status.podIP;
    if (!node || pod.spec.hostNetwork || wanted === undefined || parseIPv4(wanted) === undefined) continue;
    const owner = ownerOf.get(wanted);
    if (owner) {
      reporter.report('warning', 'invalid-value', `${pod.origin}: status.podIP ${wanted} is already the IP of pod ${owner}; two running pods never share an IP, so this pod gets a new address.`,
        { source: pod.source, path: 'status.podIP', object: pod.origin });
      continue;
    }
    ips.set(pod.id, wanted);
    inUse.add(wanted);
    ownerOf.set(wanted, pod.id);
    if (perNodeRange && !ipInCidr(wanted, node.podCIDR)) {
      reporter.report('warning', 'pod-ip-outside-node-cidr',
        `${pod.origin}: status.podIP ${wanted} is outside ${node.name}'s pod CIDR ${node.podCIDR}; with ${settings.cni.plugin} every pod on a node gets its IP from that node's range, so replies would be routed to the wrong node. Check spec.nodeName/status.hostIP or the node's spec.podCIDR.`,
        { source: pod.source, path: 'status.podIP', object: pod.origin });
    }
  }

  const take = (node: NodeDraft, fromTop: boolean): string | undefined => {
    const owned = blocks.get(node.name)!;
    for (const [b, block] of owned.entries()) {
      const ip = freeIn(block, b === 0, fromTop);
      if (ip) return ip;
    }
    if (perNodeRange) return undefined;
    // Calico: the node's blocks are full, so it claims a further block from the pool.
    const extra = claimBlock(settings, node.name, owned.length, [...blocks.values()].flat());
    if (!extra) return undefined;
    owned.push(extra);
    return freeIn(extra, false, fromTop);
  };
  // Addresses are never released, so each range keeps a cursor per direction: what lies behind
  // it is taken, and the scan resumes there (linear in pods, not quadratic).
  // The range is parsed with its cursor, once per range rather than once per pod.
  const cursors = new Map<string, { c: Cidr; up: number; down: number }>();
  const freeIn = (cidr: string, first: boolean, fromTop: boolean): string | undefined => {
    let cursor = cursors.get(cidr);
    const c = cursor?.c ?? parseCidr(cidr)!;
    const { low, high } = usableOffsets(settings, cidrSize(c), first);
    // User pods stop below the built-in band of the node's first range; built-in pods may go lower.
    const userHigh = first ? high - systemBand(high - low + 1) : high;
    if (cursor === undefined) {
      cursor = { c, up: low, down: high };
      cursors.set(cidr, cursor);
    }
    while (fromTop ? cursor.down >= low : cursor.up <= userHigh) {
      const offset = fromTop ? cursor.down-- : cursor.up++;
      const ip = formatIPv4(nthAddress(c, offset));
      if (!inUse.has(ip)) return ip;
    }
    return undefined;
  };

  // 2. built-in pods down from the top, then 3. user pods up from the bottom, each in order.
  // Built-in pods go first: where they land depends only on the built-in objects, never on the user's.
  for (const system of [true, false]) {
    for (const pod of pods) {
      if (pod.system !== system || ips.has(pod.id)) continue;
      const node = nodeByName.get(placement.get(pod.id) ?? '');
      if (!node) continue;
      if (pod.spec.hostNetwork) {
        ips.set(pod.id, node.address);
        continue;
      }
      const ip = take(node, system);
      if (ip === undefined) {
        reporter.report('error', 'address-pool-exhausted',
          `${pod.origin}: node ${node.name} has no free pod address left in ${blocks.get(node.name)!.join(', ')}; the pod gets no IP (a real one would be stuck in ContainerCreating). Use a larger pod CIDR or nodeCIDRMaskSize, or spread pods over more nodes.`,
          { source: pod.source, path: '', object: pod.origin });
        continue;
      }
      ips.set(pod.id, ip);
      inUse.add(ip);
    }
  }
  return { ips, blocks };
}

/** A further Calico block for `node`: hash-picked from the pool, probing past blocks in use. */
export function claimBlock(settings: ClusterSettings, node: string, n: number, used: readonly string[]): string | undefined {
  const pool = parseCidr(settings.podCIDR)!;
  const mask = Math.max(settings.nodeCIDRMaskSize, pool.prefix);
  const taken = new Set(used.map((b) => parseCidr(b)?.base));
  const count = cidrSize(pool) / 2 ** (32 - mask);
  const index = probe(`calico-block/${node}/${n}`, count, (i) => taken.has(subnet(pool, mask, i).base));
  return index === undefined ? undefined : formatCidr(subnet(pool, mask, index));
}


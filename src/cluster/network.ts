// What each pod's and each node's network looks like for the configured CNI: interfaces,
// routes, neighbours and FDB entries as `ip link` / `ip route` / `ip neigh` / `bridge fdb` would
// show them. Reference: DATAPATH.md §1.2 (pod side), §3 (node side per mode), §4.9 (kube-ipvs0).
import type { ClusterSettings, FdbEntry, Neighbour, NetInterface, NodeState, PodState, Route } from '../model/cluster.ts';
import { ipInCidr } from '../model/ip.ts';
import type { NodeDraft, PodAttachment } from './draft.ts';
import type { Reporter } from './names.ts';
import { calicoNode, calicoPeer } from './net-calico.ts';
import { ciliumNode, ciliumPeer } from './net-cilium.ts';
import { flannelNode, flannelPeer } from './net-flannel.ts';
import {
  CALICO_GATEWAY_IP, CALICO_GATEWAY_MAC, hostVethName, macFor, nodeGateway, nodeNetworkCidr, podMtu,
  prefixOf, sortRoutes, underlayGateway, type RouteKey,
} from './net-params.ts';

/** The CNI-specific part of a node: what the plugin and its agent program. */
export interface CniNodePart {
  readonly interfaces: readonly NetInterface[];
  readonly routes: readonly Route[];
  readonly neighbours: readonly Neighbour[];
  readonly fdb: readonly FdbEntry[];
}

/**
 * What the plugin programs on every node for one remote node: the same objects on all of them,
 * so a cluster of n nodes holds n of them, not n² (the lists of each node still name all peers).
 */
export interface CniPeer {
  readonly routes: readonly Route[];
  readonly neighbours: readonly Neighbour[];
  readonly fdb: readonly FdbEntry[];
  /** The WireGuard device's `peer endpoint … allowed-ips …` line for the remote node. */
  readonly wireguardPeer?: string;
}

/** Lists every pod of a kind holds alike: shared, frozen from the start. */
const NO_ADDRESSES: readonly string[] = Object.freeze([]);
const NO_FLAGS: readonly string[] = Object.freeze([]);
const BRIDGE_PORT_FLAGS: readonly string[] = Object.freeze(['hairpin on']);
const CALICO_PORT_FLAGS: readonly string[] = Object.freeze(['proxy_arp=1', 'proxy_delay=0', 'forwarding=1']);
const CILIUM_PORT_FLAGS: readonly string[] = Object.freeze(['tc ingress bpf cil_from_container', 'eBPF ARP responder']);
// Calico pods route via the link-local gateway: the same two routes in every pod (§1.2).
const CALICO_POD_ROUTES: readonly Route[] = Object.freeze([
  Object.freeze({ dst: 'default', via: CALICO_GATEWAY_IP, dev: 'eth0' }),
  Object.freeze({ dst: CALICO_GATEWAY_IP, dev: 'eth0', scope: 'link' as const }),
]);

/**
 * The pod's eth0, its host-side peer and its routes (DATAPATH §1.2). hostNetwork pods live in
 * the node's namespace (§9.1): no eth0 or veth of their own, and the node's routes apply.
 */
export function podInterfaces(
  settings: ClusterSettings, node: NodeDraft, pod: PodAttachment,
): Pick<PodState, 'eth0' | 'hostVeth' | 'routes'> {
  return podNetworker(settings)(node, pod);
}

/** What the pods of one node have alike: eth0's mask and the routes that name the node's gateway. */
interface PodSide {
  readonly mask: number;
  readonly routes: readonly Route[];
}

/** podInterfaces for the pods of one cluster: what the pods of a node share is built once per node. */
export function podNetworker(settings: ClusterSettings): (node: NodeDraft, pod: PodAttachment) => Pick<PodState, 'eth0' | 'hostVeth' | 'routes'> {
  const mtu = podMtu(settings);
  const plugin = settings.cni.plugin;
  const sides = new Map<NodeDraft, PodSide>();
  const sideOf = (node: NodeDraft): PodSide => {
    let side = sides.get(node);
    if (side === undefined) {
      const gateway = nodeGateway(node.podCIDR);
      side = {
        // Pod IP with the mask each CNI gives it: flannel's bridge plugin the node range (/24),
        // Calico /32, Cilium /32 ([U] exact mask, DATAPATH §11.4).
        mask: plugin === 'flannel' ? prefixOf(node.podCIDR) : 32,
        routes: plugin === 'flannel'
          ? [{ dst: 'default', via: gateway, dev: 'eth0' }, { dst: settings.podCIDR, via: gateway, dev: 'eth0' }]
          : plugin === 'calico' ? CALICO_POD_ROUTES
          : [{ dst: 'default', via: gateway, dev: 'eth0' }, { dst: gateway, dev: 'eth0', scope: 'link' }],
      };
      sides.set(node, side);
    }
    return side;
  };
  return (node, pod) => {
    if (pod.hostNetwork) return { routes: [] };
    const side = sideOf(node);
    const vethName = hostVethName(settings, pod);
    const eth0: NetInterface = {
      name: 'eth0', kind: 'veth', mac: macFor(`eth0@${pod.id}`), addresses: [`${pod.ip}/${side.mask}`], mtu, flags: NO_FLAGS,
    };
    switch (plugin) {
      case 'flannel':
        return {
          eth0,
          // Bridge plugin: veth enslaved to cni0 with hairpin mode, which the Service hairpin needs (§4.5).
          hostVeth: {
            name: vethName, kind: 'veth', mac: macFor(vethName), addresses: NO_ADDRESSES, mtu, master: 'cni0', peerPod: pod.id,
            flags: BRIDGE_PORT_FLAGS,
          },
          routes: [...side.routes, { dst: node.podCIDR, dev: 'eth0', proto: 'kernel', scope: 'link', src: pod.ip }],
        };
      case 'calico':
        return {
          eth0,
          // Calico's host side: fixed MAC, proxy ARP answers for 169.254.1.1 (§1.2, §2.2).
          hostVeth: {
            name: vethName, kind: 'veth', mac: CALICO_GATEWAY_MAC, addresses: NO_ADDRESSES, mtu, peerPod: pod.id,
            flags: CALICO_PORT_FLAGS,
          },
          routes: side.routes,
        };
      case 'cilium':
        return {
          eth0,
          // ARP for the router IP is answered by the eBPF program on the lxc device (§2.3).
          hostVeth: {
            name: vethName, kind: 'veth', mac: macFor(vethName), addresses: NO_ADDRESSES, mtu, peerPod: pod.id,
            flags: CILIUM_PORT_FLAGS,
          },
          routes: side.routes,
        };
    }
  };
}

/** lo and eth0 as every node has them, and the kube-ipvs0 dummy in IPVS mode (§4.9). */
function baseInterfaces(settings: ClusterSettings, node: NodeDraft, serviceIPs: readonly string[]) {
  const nodePrefix = prefixOf(nodeNetworkCidr(node.address));
  const lo: NetInterface = { name: 'lo', kind: 'loopback', addresses: ['127.0.0.1/8'], mtu: 65536, flags: [] };
  const eth0: NetInterface = {
    name: 'eth0', kind: 'physical', mac: macFor(`eth0@${node.name}`), addresses: [`${node.address}/${nodePrefix}`],
    mtu: settings.mtu, flags: [],
  };
  // kube-proxy IPVS binds every Service IP to this dummy so the node accepts packets for it (§4.9).
  const ipvs: NetInterface[] = settings.proxyMode === 'ipvs'
    ? [{
      name: 'kube-ipvs0', kind: 'dummy', mac: macFor(`kube-ipvs0@${node.name}`),
      addresses: [...new Set(serviceIPs)].map((ip) => `${ip}/32`), mtu: 1500, flags: ['NOARP', 'state DOWN'],
    }]
    : [];
  return { lo, eth0, ipvs };
}

/**
 * The node's interfaces, main routing table, static neighbours and VXLAN FDB for the configured
 * CNI and mode (DATAPATH §3). `serviceIPs` feeds kube-ipvs0 when the proxy mode is ipvs.
 */
export function nodeNetwork(
  settings: ClusterSettings,
  node: NodeDraft,
  nodes: readonly NodeDraft[],
  podsOnNode: readonly PodState[],
  serviceIPs: readonly string[] = [],
): Pick<NodeState, 'interfaces' | 'routes' | 'neighbours' | 'fdb'> {
  return nodeNetworker(settings, nodes, serviceIPs)(node, podsOnNode);
}

/**
 * A route through another node's address on eth0 (flannel host-gw, Calico BGP, Cilium native
 * routing) exists only when that address is on eth0's link: the kernel refuses an off-link gateway
 * ("Nexthop has invalid gateway"), so the agent's route never appears and the remote pod subnet
 * falls to the default route (DATAPATH §3.2 "requires direct L2 connectivity"; `offLinkPeers`
 * reports it).
 */
function onLink(route: Route, link: string): boolean {
  return route.dev !== 'eth0' || route.via === undefined || ipInCidr(route.via, link);
}

/** Modes that route a remote node's pods `via` its address on eth0, so the nodes must share one link. */
const ROUTED_BY_NODE: Readonly<Record<string, string>> = { 'flannel host-gw': "flannel's host-gw", 'calico bgp': "Calico's BGP mode (without IPIP/VXLAN)", 'cilium native': "Cilium's native routing" };

/** Pairs of nodes that cannot reach each other's pods in a node-routed mode (see `onLink`). */
export function offLinkPeers(settings: ClusterSettings, nodes: readonly NodeDraft[], reporter: Reporter): void {
  const mode = ROUTED_BY_NODE[`${settings.cni.plugin} ${settings.cni.mode}`];
  const [first, ...rest] = nodes;
  const apart = first ? rest.filter((n) => !ipInCidr(n.address, nodeNetworkCidr(first.address))) : [];
  if (!mode || !first || apart.length === 0) return;
  const names = apart.map((n) => `${n.name} (${n.address})`).join(', ');
  reporter.report('warning', 'nodes-not-adjacent',
    `${mode} routes each node's pods through that node's address, which must be on the same link as every other node, but ${names} ${apart.length > 1 ? 'are' : 'is'} not on ${first.name}'s network ${nodeNetworkCidr(first.address)}. The kernel refuses those routes, so pod traffic between the subnets takes the default route and is lost at the underlay router. Put all nodes in one subnet, or use an encapsulating mode (vxlan${settings.cni.plugin === 'calico' ? ', ipip' : settings.cni.plugin === 'cilium' ? ', geneve' : ''}).`,
    { source: settings.source, path: 'spec.cni.mode', object: 'Cluster' });
}

/** nodeNetwork for each node of one cluster: what a node programs for each peer is built once. */
export function nodeNetworker(
  settings: ClusterSettings, nodes: readonly NodeDraft[], serviceIPs: readonly string[] = [],
): (node: NodeDraft, podsOnNode: readonly PodState[]) => Pick<NodeState, 'interfaces' | 'routes' | 'neighbours' | 'fdb'> {
  const plugin = settings.cni.plugin;
  const peerOf = plugin === 'flannel' ? flannelPeer : plugin === 'calico' ? calicoPeer : ciliumPeer;
  const peers = new Map(nodes.map((n) => [n, peerOf(settings, n)]));
  // Sort keys by route object: the peers' routes appear in every node's table.
  const keys = new Map<Route, RouteKey>();
  return (node, podsOnNode) => {
    const { lo, eth0, ipvs } = baseInterfaces(settings, node, serviceIPs);
    const remotes = nodes.filter((n) => n.name !== node.name);
    const remotePeers = remotes.map((n) => peers.get(n)!);
    const podNetworkPods = podsOnNode.filter((p) => !p.hostNetwork && p.ip !== undefined);
    const cni = plugin === 'flannel' ? flannelNode(settings, node, remotePeers, podNetworkPods)
      : plugin === 'calico' ? calicoNode(settings, node, remotePeers, podNetworkPods)
      : ciliumNode(settings, node, remotes, remotePeers);
    const hostEnds = podNetworkPods.flatMap((p) => (p.hostVeth ? [p.hostVeth] : []));
    const link = nodeNetworkCidr(node.address);
    const underlay: Route[] = [
      { dst: 'default', via: underlayGateway(node.address), dev: 'eth0', proto: 'static' },
      { dst: link, dev: 'eth0', proto: 'kernel', scope: 'link', src: node.address },
    ];
    return {
      interfaces: [lo, eth0, ...cni.interfaces, ...ipvs, ...hostEnds],
      routes: sortRoutes([...underlay, ...cni.routes.filter((r) => onLink(r, link))], keys),
      neighbours: cni.neighbours,
      fdb: cni.fdb,
    };
  };
}

// Out of a node's device and over the wire: the bridge or pod device to a local pod, the tunnel
// devices (VXLAN/Geneve FDB → remote VTEP, IPIP, WireGuard peers), eth0 to another node or out
// of the cluster, and the arrival (decapsulation) on the receiving node. DATAPATH §3.1 steps 6–12,
// §3.2, §3.4–3.6, §3.8, §3.3 for ports and VNIs.
import type { NetInterface, NodeState, PodState, Route } from '../model/cluster.ts';
import { ipInCidr } from '../model/ip.ts';
import type { Ctx, Ending } from './datapath-context.ts';
import { addHop, ifaceAt } from './datapath-context.ts';
import type { Encap, Packet } from './datapath-packet.ts';
import { withoutEth, withoutOuter } from './datapath-packet.ts';
import { deliverToPod } from './datapath-pod.ts';
import { nodeNetworkCidr, underlayGateway } from '../cluster/net-params.ts';
import { bridgePortRef, fdbLookup, fdbRef, findInterface, lookupRoute, nodeByAddress, resolveNeighbour, routeText, underlayRouterMac } from './datapath-route.ts';
import { throughNode, unreachable } from './datapath-node.ts';
import type { RuleRef } from './types.ts';

/** Linux picks the outer UDP source port of VXLAN/Geneve from a hash of the inner flow, in the local port range (§3.1 rules). */
function flowPort(ctx: Ctx): number {
  return ctx.rng.int(32768, 60999);
}

export function transmit(ctx: Ctx, node: NodeState, pkt: Packet, route: Route, out: NetInterface, receiver: PodState | undefined): Ending {
  switch (out.kind) {
    case 'bridge':
    case 'veth':
      if (!receiver) return unreachable(ctx, node, pkt, `no pod behind ${out.name} has the address ${pkt.tuple.dst}.`);
      if (out.kind === 'bridge') {
        addHop(ctx, {
          at: ifaceAt(node, out.name), node: node.name, component: 'bridge', where: out.name, verdict: 'pass', because: bridgePortRef(receiver, out.name),
          action: `${out.name} switches the frame by destination MAC to the port ${receiver.hostVeth?.name ?? '?'} of pod ${receiver.id}${sameAsIngressPort(ctx, receiver) ? ' — the port it came in on, which only works because the port is in hairpin mode (§4.5)' : ''}.`,
        }, pkt);
      }
      return deliverToPod(ctx, node, receiver, pkt);
    case 'vxlan':
    case 'geneve':
      return vxlanOut(ctx, node, pkt, route, out);
    case 'ipip':
      return ipipOut(ctx, node, pkt, route, out);
    case 'wireguard':
      return wireguardOut(ctx, node, pkt, out);
    default:
      return ethOut(ctx, node, pkt, route, out);
  }
}

function sameAsIngressPort(ctx: Ctx, receiver: PodState): boolean {
  return ctx.from.kind === 'pod' && ctx.from.pod.id === receiver.id && !ctx.reply;
}

/** The outer Ethernet header towards `dst` on the underlay (eth0 → node or underlay gateway). */
function underlayEth(ctx: Ctx, node: NodeState, dst: string): { eth: { src: string; dst: string }; because: readonly RuleRef[] } | undefined {
  const route = lookupRoute(node.routes, dst);
  const eth0 = route?.dev ? findInterface(node, route.dev) : undefined;
  if (!route || !eth0?.mac) return undefined;
  const n = resolveNeighbour(ctx.state, node, eth0.name, route.via ?? dst);
  return n.mac ? { eth: { src: eth0.mac, dst: n.mac }, because: [{ kind: 'route', text: routeText(route) }, ...n.because] } : undefined;
}

function encapsulated(ctx: Ctx, node: NodeState, pkt: Packet, encap: Encap, dev: NetInterface, action: string, because: readonly RuleRef[]): Ending {
  const remote = nodeByAddress(ctx.state, encap.dst);
  const wrapped: Packet = { ...pkt, outer: encap };
  addHop(ctx, { at: ifaceAt(node, dev.name), node: node.name, component: 'tunnel', where: dev.name, verdict: 'encap', because, action }, wrapped);
  if (!remote) return unreachable(ctx, node, wrapped, `the tunnel endpoint ${encap.dst} is not a node of the cluster.`);
  addHop(ctx, {
    at: ifaceAt(node, 'eth0'), node: node.name, component: 'routing', where: 'eth0', verdict: 'pass',
    action: `The encapsulated packet leaves ${node.name} by eth0 towards ${remote.name} (${encap.dst}).`,
  }, wrapped);
  return overUnderlay(ctx, node, wrapped, remote);
}

function vxlanOut(ctx: Ctx, node: NodeState, pkt: Packet, route: Route, dev: NetInterface): Ending {
  const vtepMac = pkt.eth?.dst;
  const fdb = vtepMac ? fdbLookup(node, dev.name, vtepMac) : undefined;
  if (!fdb) return unreachable(ctx, node, pkt, `${dev.name} has no FDB entry for ${vtepMac ?? route.via ?? '?'}: the kernel does not know which node to send the VXLAN packet to.`);
  const outer = underlayEth(ctx, node, fdb.dst);
  if (!outer) return unreachable(ctx, node, pkt, `${node.name} has no underlay route to the VTEP ${fdb.dst}.`);
  const encap: Encap = {
    kind: dev.kind === 'geneve' ? 'geneve' : 'vxlan', device: dev.name, eth: outer.eth, src: node.address, dst: fdb.dst,
    sport: flowPort(ctx), dport: dev.port ?? 8472, vni: dev.vni ?? 1,
  };
  return encapsulated(ctx, node, pkt, encap, dev,
    `${dev.name} (VXLAN, VNI ${encap.vni}): the FDB maps the inner destination MAC ${vtepMac} to the remote VTEP ${fdb.dst}; the kernel wraps the frame in UDP ${encap.sport}→${encap.dport} from ${node.address} to ${fdb.dst} (outer TTL 64, 50 bytes of overhead).`,
    [fdbRef(fdb), ...outer.because]);
}

function ipipOut(ctx: Ctx, node: NodeState, pkt: Packet, route: Route, dev: NetInterface): Ending {
  const remoteIp = route.via;
  const outer = remoteIp ? underlayEth(ctx, node, remoteIp) : undefined;
  if (!remoteIp || !outer) return unreachable(ctx, node, pkt, `${dev.name} has no remote endpoint for ${pkt.tuple.dst}.`);
  const encap: Encap = { kind: 'ipip', device: dev.name, eth: outer.eth, src: node.address, dst: remoteIp };
  return encapsulated(ctx, node, pkt, encap, dev,
    `${dev.name} (IP-in-IP): the inner IP packet, without an Ethernet header, gets an outer IPv4 header ${node.address} → ${remoteIp} with protocol 4 (20 bytes of overhead).`,
    outer.because);
}

/** `peer endpoint 172.16.0.12:51820 allowed-ips 10.244.2.0/24` flags of a WireGuard device. */
export function wireguardPeer(dev: NetInterface, dst: string): { endpoint: string; port: number; allowed: string; text: string } | undefined {
  for (const flag of dev.flags) {
    const m = /^peer endpoint (\S+):(\d+) allowed-ips (\S+)$/.exec(flag);
    if (!m) continue;
    const allowed = m[3]!.split(',').find((c) => ipInCidr(dst, c));
    if (allowed) return { endpoint: m[1]!, port: Number(m[2]), allowed, text: flag };
  }
  return undefined;
}

export function wireguardOut(ctx: Ctx, node: NodeState, pkt: Packet, dev: NetInterface): Ending {
  const peer = wireguardPeer(dev, pkt.tuple.dst);
  if (!peer) return unreachable(ctx, node, pkt, `no WireGuard peer of ${dev.name} has ${pkt.tuple.dst} in its allowed IPs, so the packet is dropped.`);
  const outer = underlayEth(ctx, node, peer.endpoint);
  if (!outer) return unreachable(ctx, node, pkt, `${node.name} has no underlay route to the WireGuard peer ${peer.endpoint}.`);
  const port = dev.port ?? peer.port;
  const inner = withoutEth(pkt);
  const encap: Encap = {
    kind: 'wireguard', device: dev.name, eth: outer.eth, src: node.address, dst: peer.endpoint, sport: port, dport: peer.port,
    receiverIndex: ctx.rng.int(1, 0xffffffff),
  };
  return encapsulated(ctx, node, inner, encap, dev,
    `${dev.name} (WireGuard): cryptokey routing picks the peer whose allowed IPs ${peer.allowed} contain ${pkt.tuple.dst}; the packet is encrypted and sent in UDP ${port}→${peer.port} to ${peer.endpoint}.`,
    [{ kind: 'route', text: `wg ${dev.name}: ${peer.text}` }, ...outer.because]);
}

/**
 * Whether an unencapsulated frame between nodes carries pod-network addresses (host-gw, BGP, native
 * routing) or only node addresses (a hostNetwork client, or pod traffic masqueraded to the node IP on
 * its way to another node's address, e.g. the API server).
 */
function podNetworkOnWire(ctx: Ctx, pkt: Packet): boolean {
  const cidr = ctx.state.settings.podCIDR;
  return ipInCidr(pkt.tuple.src, cidr) || ipInCidr(pkt.tuple.dst, cidr);
}

/** The source as the far end sees it: ICMP has no ports, so only the address (an echo's id is not a port). */
function sourceOf(pkt: Packet): string {
  return pkt.tuple.protocol === 'ICMP' ? pkt.tuple.src : `${pkt.tuple.src}:${pkt.tuple.sport}`;
}

/** eth0: to another node (host-gw, BGP, native routing: pod IPs on the wire) or out of the cluster. */
function ethOut(ctx: Ctx, node: NodeState, pkt: Packet, route: Route, dev: NetInterface): Ending {
  const nextHop = route.via ?? pkt.tuple.dst;
  const peerNode = nodeByAddress(ctx.state, nextHop);
  addHop(ctx, {
    at: ifaceAt(node, dev.name), node: node.name, component: 'routing', where: dev.name, verdict: 'pass',
    action: peerNode
      ? `Sent out ${dev.name} straight to ${peerNode.name} (${nextHop}): no encapsulation${podNetworkOnWire(ctx, pkt) ? ', the pod addresses are on the wire' : ''}.`
      : `Sent out ${dev.name} to the underlay gateway ${nextHop}${nodeByAddress(ctx.state, pkt.tuple.dst) || ipInCidr(pkt.tuple.dst, ctx.state.settings.podCIDR) ? '' : ', out of the cluster'}.`,
  }, pkt);
  if (peerNode) return overUnderlay(ctx, node, pkt, peerNode);
  const routed = throughRouter(ctx, node, pkt, nextHop);
  if (routed) return routed;
  addHop(ctx, {
    at: 'underlay', component: 'underlay', where: 'underlay', verdict: 'pass',
    action: `The underlay routes ${pkt.tuple.src} → ${pkt.tuple.dst} towards the outside world.`,
  }, withoutEth(pkt));
  const received = withoutEth(pkt);
  addHop(ctx, {
    at: `external:${pkt.tuple.dst}`, component: 'external', where: 'internet', verdict: 'deliver',
    action: `The packet left the cluster and reaches ${pkt.tuple.dst}, which sees the source ${sourceOf(pkt)}.`,
  }, received);
  // A reply reaches the outside client that opened the connection; a new packet has left the cluster.
  if (ctx.reply) return { outcome: 'delivered', receivedBy: { kind: 'external', ip: pkt.tuple.dst }, reason: `the reply reached ${pkt.tuple.dst} outside the cluster, from ${sourceOf(pkt)}.`, packet: received };
  return { outcome: 'left-cluster', receivedBy: { kind: 'external', ip: pkt.tuple.dst }, reason: `the packet left the cluster towards ${pkt.tuple.dst} with source ${pkt.tuple.src}.`, packet: received };
}

const ROUTING_BY_NODE = { flannel: "flannel's host-gw", calico: "Calico's BGP", cilium: "Cilium's native routing" } as const;

/**
 * A packet handed to the underlay gateway for an address inside the cluster: another node's
 * address (nodes on different subnets) is routed there; a pod address is lost, since only the
 * nodes' own tables know the pod network (§3.2: host-gw needs the nodes on one link).
 */
function throughRouter(ctx: Ctx, node: NodeState, pkt: Packet, router: string): Ending | undefined {
  const { podCIDR } = ctx.state.settings;
  const remote = nodeByAddress(ctx.state, pkt.tuple.dst);
  if (remote) {
    const eth0 = findInterface(remote, 'eth0');
    const forwarded: Packet = { ...pkt, ttl: pkt.ttl - 1, eth: { src: underlayRouterMac(underlayGateway(remote.address)), dst: eth0?.mac ?? '' } };
    addHop(ctx, {
      at: 'underlay', component: 'underlay', where: 'underlay', verdict: 'pass',
      action: `The underlay router ${router} routes ${pkt.tuple.dst} to ${remote.name}'s network (TTL ${pkt.ttl}→${forwarded.ttl}, new MACs).`,
    }, forwarded);
    addHop(ctx, {
      at: ifaceAt(remote, 'eth0'), node: remote.name, component: 'routing', where: 'eth0', verdict: 'pass',
      action: `Arrives on ${remote.name}'s eth0 from its underlay gateway.`,
    }, forwarded);
    return throughNode(ctx, remote, forwarded, { kind: 'wire', dev: 'eth0' });
  }
  // A Service address out here is left to the caller: its verdict explains why nothing translated it.
  if (!ipInCidr(pkt.tuple.dst, podCIDR)) return undefined;
  const link = nodeNetworkCidr(node.address);
  const owner = ctx.state.nodes.find((n) => [n.podCIDR, ...n.ipamBlocks].some((c) => c && ipInCidr(pkt.tuple.dst, c)));
  const why = owner && owner !== node && !ipInCidr(owner.address, link)
    ? ` It took the default route because ${owner.name} (${owner.address}) is not on ${node.name}'s link ${link}: the kernel refuses a route through an off-link gateway ("Nexthop has invalid gateway"), so ${ROUTING_BY_NODE[ctx.state.settings.cni.plugin]} has no route to ${owner.name}'s pods there. Routing pods by node address needs every node on one L2 segment; an encapsulating mode (VXLAN, IPIP, Geneve) works across subnets.`
    : '';
  const reason = `The underlay router ${router} has no route for ${pkt.tuple.dst} (the pod network ${podCIDR} exists only in the nodes' routing tables), so the packet is lost and the sender times out.${why}`;
  addHop(ctx, { at: 'underlay', component: 'underlay', where: 'underlay', verdict: 'drop', action: reason }, withoutEth(pkt));
  return { outcome: 'unreachable', reason, packet: withoutEth(pkt) };
}

/** The underlay carries the frame to `remote`'s eth0; encapsulated packets are unwrapped there. */
export function overUnderlay(ctx: Ctx, from: NodeState, pkt: Packet, remote: NodeState): Ending {
  const outerDst = pkt.outer?.dst ?? pkt.tuple.dst;
  addHop(ctx, {
    at: 'underlay', component: 'underlay', where: 'underlay', verdict: 'pass',
    action: pkt.outer
      ? `The underlay carries ${from.address} → ${outerDst}; routers see only the outer header, never the pod addresses.`
      : `The underlay carries the frame from ${from.name} to ${remote.name} (L2 adjacency)${podNetworkOnWire(ctx, pkt) ? '; the pod addresses are on the wire' : ''}.`,
  }, pkt);
  addHop(ctx, {
    at: ifaceAt(remote, 'eth0'), node: remote.name, component: 'routing', where: 'eth0', verdict: 'pass',
    action: `Arrives on ${remote.name}'s eth0.`,
  }, pkt);
  if (!pkt.outer) return throughNode(ctx, remote, pkt, { kind: 'wire', dev: 'eth0' });
  return decapsulate(ctx, remote, pkt);
}

function decapsulate(ctx: Ctx, node: NodeState, pkt: Packet): Ending {
  const o = pkt.outer!;
  const dev = node.interfaces.find((i) => (o.kind === 'ipip' ? i.kind === 'ipip'
    : o.kind === 'wireguard' ? i.kind === 'wireguard' && i.port === o.dport
    : i.kind === o.kind && i.port === o.dport));
  const inner = withoutOuter(pkt);
  if (!dev) {
    addHop(ctx, {
      at: ifaceAt(node, 'eth0'), node: node.name, component: 'tunnel', where: 'eth0', verdict: 'drop',
      action: `No ${o.kind} device on ${node.name} listens for this packet${'dport' in o ? ` (UDP ${o.dport})` : ''}; the kernel drops it.`,
    }, pkt);
    return { outcome: 'dropped', reason: `${node.name} has no ${o.kind} device for the tunnel packet.`, packet: pkt };
  }
  const what = o.kind === 'ipip' ? 'the IP-in-IP header (protocol 4) is removed by the ipip device'
    : o.kind === 'wireguard' ? `the WireGuard device listening on UDP ${o.dport} decrypts the packet`
    : `the ${o.kind === 'geneve' ? 'Geneve' : 'VXLAN'} socket on UDP ${o.dport} takes it; VNI ${o.vni} matches ${dev.name}; decapsulated`;
  addHop(ctx, { at: ifaceAt(node, dev.name), node: node.name, component: 'tunnel', where: dev.name, verdict: 'decap', action: `${node.name}: ${what}.` }, inner);
  return throughNode(ctx, node, inner, { kind: 'wire', dev: dev.name });
}

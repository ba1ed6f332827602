// Cilium's eBPF datapath (DATAPATH §2.3, §3.7, §3.8, §8.2): the lxc program does the Service
// translation, the policy and the forwarding decision. A local endpoint gets `ipv4_l3` (TTL−1, MAC
// rewrite), its ingress policy and a redirect to its lxc; a remote endpoint in tunnel mode goes
// into cilium_vxlan / cilium_geneve with VNI = the source's security identity, and no TTL
// decrement on this node (encap_and_redirect_lxc comes before ipv4_l3). Those redirects skip the
// host's netfilter hooks entirely. WireGuard, native routing and the outside world go through the
// kernel routing table (and its netfilter hooks).
import type { NodeState, PodState } from '../model/cluster.ts';
import { ipInCidr } from '../model/ip.ts';
import { sha256 } from '../cluster/hash.ts';
import { lookupReply } from './conntrack.ts';
import type { Ctx, Ending } from './datapath-context.ts';
import { addHop, ifaceAt, withTuple } from './datapath-context.ts';
import type { Arrival, NatState } from './datapath-node.ts';
import { natOut, routeOut, unreachable } from './datapath-node.ts';
import type { Encap, Packet } from './datapath-packet.ts';
import { showTuple } from './datapath-packet.ts';
import { enforce, lastAction } from './datapath-policy.ts';
import { deliverToPod } from './datapath-pod.ts';
import { findInterface, lookupRoute, resolveNeighbour, routeRef } from './datapath-route.ts';
import { overUnderlay, wireguardOut } from './datapath-wire.ts';
import { replacementDnat } from './netfilter-replacement.ts';

/**
 * A stable security identity per label set (Cilium allocates cluster-local identities from 256
 * up; the namespace is one of the identity labels). Derived from a hash so every build agrees.
 */
export function securityIdentity(pod: PodState): number {
  const labels = { 'io.kubernetes.pod.namespace': pod.namespace, ...pod.labels };
  const key = Object.keys(labels).sort().map((k) => `k8s:${k}=${labels[k as keyof typeof labels]}`).join(';');
  const h = sha256(`identity:${key}`);
  return 256 + (((h[0]! << 8) | h[1]!) % (65536 - 256));
}

/** Identity of whatever sends the packet: a pod's, or Cilium's reserved identities (host 1, world 2). */
function sourceIdentity(ctx: Ctx, src: string): number {
  const pod = ctx.state.index.podByIp.get(src);
  if (pod) return securityIdentity(pod);
  return ctx.state.index.nodeByAddress.get(src) ? 1 : 2;
}

/**
 * The node Cilium's ipcache names as the tunnel endpoint for `dst`: another node's pod range, or
 * in VXLAN/Geneve mode that node's own address too (pods reach remote nodes through the tunnel,
 * as the "remote-node" identity, §3.7). Native routing has no tunnel; WireGuard encrypts pod
 * ranges only (node-to-node encryption is off by default).
 */
function tunnelPeer(ctx: Ctx, node: NodeState, dst: string): NodeState | undefined {
  const mode = ctx.state.settings.cni.mode;
  if (mode === 'native') return undefined;
  const tunnelsNodes = mode === 'vxlan' || mode === 'geneve';
  return ctx.state.nodes.find((n) => n.name !== node.name && (ipInCidr(dst, n.podCIDR) || (tunnelsNodes && n.address === dst)));
}

/** A local endpoint with its lxc device, the one ipv4_l3 redirects to. */
function localEndpoint(ctx: Ctx, node: NodeState, dst: string): PodState | undefined {
  const pod = ctx.state.index.podByIp.get(dst);
  return pod && pod.nodeName === node.name && pod.hostVeth ? pod : undefined;
}

/**
 * The eBPF program redirects a packet for `dst` itself, past the host stack: to a local endpoint
 * or into the VXLAN/Geneve tunnel (encap_and_redirect_lxc, §2.3, §3.7). WireGuard traffic goes
 * through the stack, which routes it into cilium_wg0 by its encrypt mark (§3.8).
 */
export function ciliumRedirects(ctx: Ctx, node: NodeState, dst: string): boolean {
  const mode = ctx.state.settings.cni.mode;
  return localEndpoint(ctx, node, dst) !== undefined || ((mode === 'vxlan' || mode === 'geneve') && tunnelPeer(ctx, node, dst) !== undefined);
}

/**
 * Cilium's load balancer in the from-container program (§2.3 step 2): a pod's ClusterIP traffic
 * is translated per packet before the policy, unless the socket-level balancer of the kube-proxy
 * replacement already connected the socket to a backend (§4.11). Returns the packet (translated
 * or not), or the ending when the Service has no backend.
 */
export function ciliumServiceNat(ctx: Ctx, node: NodeState, pkt: Packet, arrival: Arrival): Packet | Ending {
  if (ctx.reply || arrival.kind !== 'pod' || ctx.socketLB || ctx.state.settings.proxyMode === 'replacement') return pkt;
  const dev = arrival.pod.hostVeth?.name ?? arrival.dev;
  const r = replacementDnat(ctx.state, node, pkt.tuple, 'PREROUTING', ctx.rng, ctx.ct, { lxc: dev });
  ctx.ct = r.ct;
  if (r.verdict === 'none') return pkt;
  if (r.verdict !== 'dnat') {
    addHop(ctx, { at: ifaceAt(node, dev), node: node.name, component: 'ebpf', where: `${dev} (from-container)`, verdict: r.verdict, because: r.because, action: r.sentence }, pkt);
    return { outcome: r.verdict === 'reject' ? 'rejected' : 'dropped', reason: r.sentence, packet: pkt };
  }
  ctx.dnat = r;
  const next = withTuple(pkt, r.tuple);
  addHop(ctx, { at: ifaceAt(node, dev), node: node.name, component: 'ebpf', where: `${dev} (from-container)`, verdict: 'nat', because: r.because, action: r.sentence }, next);
  return next;
}

/** The reply reaching the client's endpoint: its to-container program finds the connection in Cilium's conntrack map and undoes the translation (rev-NAT). */
function reverseServiceNat(ctx: Ctx, node: NodeState, pkt: Packet, client: PodState): Packet {
  const match = ctx.related ? undefined : lookupReply(ctx.ct, pkt.tuple, node.name);
  if (!match) return pkt;
  const restored = withTuple(pkt, match.tuple);
  const dev = client.hostVeth?.name ?? 'lxc';
  addHop(ctx, {
    at: ifaceAt(node, dev), node: node.name, component: 'conntrack', where: `${dev} (to-container)`, verdict: 'nat',
    because: [{ kind: 'conntrack', text: `${showTuple(match.entry.original)} ↔ reply ${showTuple(match.entry.reply)}` }],
    action: `Cilium's conntrack map on ${node.name} recognises the reply of a translated connection and reverses the Service translation (rev-NAT): ${showTuple(pkt.tuple)} becomes ${showTuple(match.tuple)}, the address the client dialed.`,
  }, restored);
  return restored;
}

export function ciliumForward(ctx: Ctx, node: NodeState, entered: Packet, arrival: Arrival, nat: NatState): Ending {
  let pkt = entered;
  if (arrival.kind === 'pod' && !enforce(ctx, node, pkt, arrival.pod, 'egress', 'eBPF')) {
    return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
  }
  const dst = pkt.tuple.dst;
  const target = localEndpoint(ctx, node, dst);
  if (target?.hostVeth) {
    // Local endpoint: ipv4_l3 rewrites MACs and decrements the TTL, then the ingress policy (§2.3 step 3).
    pkt = { ...pkt, ttl: pkt.ttl - 1, eth: { src: target.hostVeth.mac ?? '', dst: target.eth0?.mac ?? '' } };
    addHop(ctx, {
      at: ifaceAt(node, arrival.kind === 'pod' ? arrival.pod.hostVeth?.name ?? 'lxc' : arrival.kind === 'wire' ? arrival.dev : 'cilium_host'), node: node.name, component: 'ebpf', where: 'ipv4_l3', verdict: 'pass',
      because: [{ kind: 'ebpf', text: `endpoint map: ${dst} → ${target.hostVeth.name} (pod ${target.id})` }],
      action: `The endpoint map finds ${dst} on this node (${target.hostVeth.name}); ipv4_l3 decrements the TTL to ${pkt.ttl} and rewrites the MACs.`,
    }, pkt);
    // A reply to a local endpoint: the translation was the lxc program's, and so is its reversal,
    // also when the reply came up through the host stack (native routing) rather than a redirect.
    const revNat = ctx.reply && !ctx.related && (nat.bypass === true || nat.conn !== undefined);
    if (revNat) pkt = reverseServiceNat(ctx, node, pkt, target);
    if (!enforce(ctx, node, pkt, target, 'ingress', 'eBPF')) return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
    pkt = natOut(ctx, node, pkt, target.hostVeth, revNat ? { ...nat, conn: undefined } : nat);
    return deliverToPod(ctx, node, target, pkt);
  }
  const mode = ctx.state.settings.cni.mode;
  const remote = tunnelPeer(ctx, node, dst);
  if (remote) {
    const route = lookupRoute(node.routes, dst);
    if (mode === 'wireguard') {
      // Handed to the stack (ipv4_l3: TTL−1, the encrypt mark), which routes it into cilium_wg0.
      pkt = { ...pkt, ttl: pkt.ttl - 1 };
      const wg = findInterface(node, 'cilium_wg0');
      if (!wg) return unreachable(ctx, node, pkt, `${node.name} has no cilium_wg0 device.`);
      pkt = natOut(ctx, node, pkt, wg, nat);
      return wireguardOut(ctx, node, pkt, wg);
    }
    const dev = findInterface(node, mode === 'geneve' ? 'cilium_geneve' : 'cilium_vxlan');
    const eth0Route = lookupRoute(node.routes, remote.address);
    const eth0 = findInterface(node, 'eth0');
    const outerNeighbour = eth0Route ? resolveNeighbour(ctx.state, node, 'eth0', eth0Route.via ?? remote.address) : undefined;
    if (!dev || !eth0?.mac || !outerNeighbour?.mac) return unreachable(ctx, node, pkt, `${node.name} cannot reach the tunnel endpoint ${remote.address}.`);
    pkt = natOut(ctx, node, pkt, dev, nat);
    const vni = sourceIdentity(ctx, pkt.tuple.src);
    const encap: Encap = {
      kind: dev.kind === 'geneve' ? 'geneve' : 'vxlan', device: dev.name, eth: { src: eth0.mac, dst: outerNeighbour.mac },
      src: node.address, dst: remote.address, sport: ctx.rng.int(32768, 60999), dport: dev.port ?? 8472, vni,
    };
    // Inner Ethernet between the two tunnel devices (both external-mode devices of the same kind).
    const remoteDev = findInterface(remote, dev.name);
    pkt = { ...pkt, eth: { src: dev.mac ?? '', dst: remoteDev?.mac ?? '' }, outer: encap };
    addHop(ctx, {
      at: ifaceAt(node, dev.name), node: node.name, component: 'tunnel', where: dev.name, verdict: 'encap',
      because: [...(route ? [routeRef(route)] : []), { kind: 'ebpf', text: `ipcache: ${dst === remote.address ? `${dst}/32` : remote.podCIDR} → tunnel endpoint ${remote.address}` }],
      action: `The eBPF program finds ${dst} behind ${remote.name} in its ipcache and redirects the packet to ${dev.name}: UDP ${encap.sport}→${encap.dport} to ${remote.address}, VNI ${vni} = the source's security identity; the inner TTL stays ${pkt.ttl} (no ipv4_l3 on this node).`,
    }, pkt);
    addHop(ctx, { at: ifaceAt(node, 'eth0'), node: node.name, component: 'routing', where: 'eth0', verdict: 'pass', action: `The encapsulated packet leaves ${node.name} by eth0 towards ${remote.name} (${remote.address}).` }, pkt);
    return overUnderlay(ctx, node, pkt, remote);
  }
  // Native routing and traffic leaving the cluster: the kernel routing table decides (§3.7).
  return routeOut(ctx, node, pkt, arrival.kind === 'pod' ? { kind: 'wire', dev: arrival.dev } : arrival, nat);
}


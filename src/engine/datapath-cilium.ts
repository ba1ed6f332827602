// Cilium's eBPF datapath (DATAPATH §2.3, §3.7, §3.8, §8.2): the lxc program does the policy and
// the forwarding decision. A local endpoint gets `ipv4_l3` (TTL−1, MAC rewrite), its ingress
// policy and a redirect to its lxc; a remote endpoint in tunnel mode goes into cilium_vxlan /
// cilium_geneve with VNI = the source's security identity; WireGuard mode into cilium_wg0;
// native routing and the outside world go through the kernel routing table.
import type { NodeState, PodState } from '../model/cluster.ts';
import { ipInCidr } from '../model/ip.ts';
import { sha256 } from '../cluster/hash.ts';
import type { Ctx, Ending } from './datapath-context.ts';
import { addHop, ifaceAt } from './datapath-context.ts';
import type { Arrival, NatState } from './datapath-node.ts';
import { natOut, routeOut, unreachable } from './datapath-node.ts';
import type { Encap, Packet } from './datapath-packet.ts';
import { enforce, lastAction } from './datapath-policy.ts';
import { deliverToPod } from './datapath-pod.ts';
import { findInterface, lookupRoute, resolveNeighbour, routeRef } from './datapath-route.ts';
import { overUnderlay, wireguardOut } from './datapath-wire.ts';

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

export function ciliumForward(ctx: Ctx, node: NodeState, entered: Packet, arrival: Arrival, nat: NatState): Ending {
  let pkt = entered;
  if (arrival.kind === 'pod' && !enforce(ctx, node, pkt, arrival.pod, 'egress', 'eBPF')) {
    return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
  }
  const dst = pkt.tuple.dst;
  const target = ctx.state.index.podByIp.get(dst);
  if (target && target.nodeName === node.name && target.hostVeth) {
    // Local endpoint: ipv4_l3 rewrites MACs and decrements the TTL, then the ingress policy (§2.3 step 3).
    pkt = { ...pkt, ttl: pkt.ttl - 1, eth: { src: target.hostVeth.mac ?? '', dst: target.eth0?.mac ?? '' } };
    addHop(ctx, {
      at: ifaceAt(node, arrival.kind === 'pod' ? arrival.pod.hostVeth?.name ?? 'lxc' : arrival.kind === 'wire' ? arrival.dev : 'cilium_host'), node: node.name, component: 'ebpf', where: 'ipv4_l3', verdict: 'pass',
      because: [{ kind: 'ebpf', text: `endpoint map: ${dst} → ${target.hostVeth.name} (pod ${target.id})` }],
      action: `The endpoint map finds ${dst} on this node (${target.hostVeth.name}); ipv4_l3 decrements the TTL to ${pkt.ttl} and rewrites the MACs.`,
    }, pkt);
    if (!enforce(ctx, node, pkt, target, 'ingress', 'eBPF')) return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
    pkt = natOut(ctx, node, pkt, target.hostVeth, nat);
    return deliverToPod(ctx, node, target, pkt);
  }
  const mode = ctx.state.settings.cni.mode;
  const remote = ctx.state.nodes.find((n) => n.name !== node.name && ipInCidr(dst, n.podCIDR));
  if (remote && mode !== 'native') {
    const route = lookupRoute(node.routes, dst);
    pkt = { ...pkt, ttl: pkt.ttl - 1 };
    if (mode === 'wireguard') {
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
      because: [...(route ? [routeRef(route)] : []), { kind: 'ebpf', text: `tunnel map: ${remote.podCIDR} → ${remote.address}` }],
      action: `The eBPF program finds ${dst} behind ${remote.name} in the tunnel map and redirects the packet to ${dev.name}: UDP ${encap.sport}→${encap.dport} to ${remote.address}, VNI ${vni} = the source's security identity; TTL ${pkt.ttl}.`,
    }, pkt);
    addHop(ctx, { at: ifaceAt(node, 'eth0'), node: node.name, component: 'routing', where: 'eth0', verdict: 'pass', action: `The encapsulated packet leaves ${node.name} by eth0 towards ${remote.name} (${remote.address}).` }, pkt);
    return overUnderlay(ctx, node, pkt, remote);
  }
  // Native routing and traffic leaving the cluster: the kernel routing table decides (§3.7).
  return routeOut(ctx, node, pkt, arrival.kind === 'pod' ? { kind: 'wire', dev: arrival.dev } : arrival, nat);
}


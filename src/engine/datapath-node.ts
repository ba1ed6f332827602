// A packet inside one node's IP stack, in the kernel's order: nat PREROUTING (kube-proxy's DNAT,
// or conntrack undoing a reply's SNAT) or nat OUTPUT for the node's own packets, the routing
// decision (TTL−1 when forwarded, MACs of the next link), filter FORWARD (NetworkPolicy where
// the CNI enforces it there, REJECT/DROP of Services without endpoints), nat POSTROUTING
// (masquerade, or conntrack undoing a reply's DNAT; nat INPUT for a reply to the node itself),
// then out of the chosen device. DATAPATH §3.1 steps 2–7, §4.1, §4.3, §4.6; datapath-reply-nat.ts.
// Cilium's eBPF programs act before all of it on packets from its lxc and tunnel devices, and a
// packet they redirect to a pod or into the tunnel never meets those hooks (§2.3, §3.7).
import type { NodeState, PodState } from '../model/cluster.ts';
import { ipInCidr } from '../model/ip.ts';
import type { ConntrackEntry } from './conntrack.ts';
import { connection, lookupReply, track } from './conntrack.ts';
import type { Ctx, Ending } from './datapath-context.ts';
import { addHop, ifaceAt, nodeAt, withTuple } from './datapath-context.ts';
import { ciliumForward, ciliumRedirects, ciliumServiceNat } from './datapath-cilium.ts';
import type { Packet } from './datapath-packet.ts';
import { showTuple, withoutEth } from './datapath-packet.ts';
import { enforce, lastAction } from './datapath-policy.ts';
import { findInterface, localInterface, lookupRoute, podOnDevice, resolveNeighbour, routeRef, routeText } from './datapath-route.ts';
import { replyDstManip, replySrcManip } from './datapath-reply-nat.ts';
import { transmit } from './datapath-wire.ts';
import type { RuleRef } from './types.ts';
import type { DnatResult } from './netfilter.ts';
import { postrouting, serviceDnat } from './netfilter.ts';
import { kubeForwardAccept } from './netfilter-forward.ts';

/** How the packet reached the node's IP stack. */
export type Arrival =
  | { readonly kind: 'pod'; readonly pod: PodState; readonly dev: string }
  | { readonly kind: 'wire'; readonly dev: string }
  | { readonly kind: 'local' };

interface Translation {
  readonly pkt: Packet;
  /** The packet mark after the nat walk (0x4000 kube-proxy masquerade, 0x2000 portmap hairpin). */
  readonly mark: number;
  /** KUBE-MARK-MASQ was hit (or Cilium's load balancer will SNAT). */
  readonly masq: boolean;
  readonly dnat?: DnatResult;
  /** A reply's connection on this node, found at the destination manip, for the source manip after routing. */
  readonly conn?: ConntrackEntry;
}

/** nat PREROUTING / OUTPUT: conntrack for replies, kube-proxy's Service rules for new connections. */
export function natIn(ctx: Ctx, node: NodeState, pkt: Packet, hook: 'PREROUTING' | 'OUTPUT', where: string, device = 'eth0'): Translation {
  const at = nodeAt(node);
  if (ctx.reply) {
    // Cilium's replacement keeps its own conntrack and reverses its NAT in eBPF on the device (§4.11).
    if (ctx.state.settings.proxyMode === 'replacement' && !ctx.related) return ebpfReverse(ctx, node, pkt, device);
    // The reply's destination manip; its source manip follows routing (routeOut → natOut, toNodeItself).
    const r = replyDstManip(ctx, node, pkt, where);
    return { pkt: r.pkt, mark: 0, masq: false, ...(r.conn ? { conn: r.conn } : {}) };
  }
  if (ctx.socketLB) return { pkt, mark: 0, masq: false };
  const r = serviceDnat(ctx.state, node, pkt.tuple, hook, ctx.rng, { ct: ctx.ct });
  ctx.ct = r.ct;
  const next = r.verdict === 'dnat' ? withTuple(pkt, r.tuple) : pkt;
  if (r.verdict === 'dnat') ctx.dnat = r;
  const ipvs = r.because.some((b) => b.kind === 'ipvs');
  const component = ipvs ? 'ipvs' : r.because.some((b) => b.kind === 'ebpf') ? 'ebpf' : 'netfilter';
  // Cilium's replacement translates in eBPF on the device the packet entered by (§4.11); IPVS
  // rewrites the destination once the packet for the local Service address reaches INPUT (§4.9).
  const hookName = ctx.state.settings.proxyMode === 'replacement' ? `${hook === 'OUTPUT' ? 'socket' : device} (eBPF load balancer)`
    : ipvs && r.verdict === 'dnat' ? `IPVS ${hook === 'OUTPUT' ? 'OUTPUT' : 'INPUT'}` : where;
  // A refusal is drawn at the filter hook that does it (see `refused`), not here.
  if (r.verdict === 'dnat' || r.verdict === 'none') {
    addHop(ctx, { at, node: node.name, component, where: hookName, verdict: r.verdict === 'dnat' ? 'nat' : 'pass', because: r.because, action: r.sentence }, next);
  }
  return { pkt: next, mark: r.mark, masq: r.masqueradeMark, ...(r.verdict !== 'none' ? { dnat: r } : {}) };
}

/** Cilium's conntrack map restores the whole reply at once, in the program on the device it enters by (§4.11). */
function ebpfReverse(ctx: Ctx, node: NodeState, pkt: Packet, device: string): Translation {
  const match = lookupReply(ctx.ct, pkt.tuple, node.name);
  if (!match) return { pkt, mark: 0, masq: false };
  const restored = withTuple(pkt, match.tuple);
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'conntrack', where: `${device} (eBPF conntrack)`, verdict: 'nat',
    because: [{ kind: 'conntrack', text: `${showTuple(match.entry.original)} ↔ reply ${showTuple(match.entry.reply)}` }],
    action: `Cilium's conntrack map on ${node.name} recognises the reply of a tracked connection and reverses its NAT: ${showTuple(pkt.tuple)} becomes ${showTuple(match.tuple)}, the addresses the client dialed.`,
  }, restored);
  return { pkt: restored, mark: 0, masq: false };
}

/**
 * The routing decision for a packet the FORWARD hook will refuse: ip_forward looks up the route
 * and decrements the TTL before the hook runs; the frame is never built for the next hop.
 */
function forwardDecision(ctx: Ctx, node: NodeState, entered: Packet): Packet {
  const route = lookupRoute(node.routes, entered.tuple.dst);
  if (!route) return entered;
  const pkt = { ...entered, ttl: entered.ttl - 1 };
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'routing', where: 'routing', verdict: 'pass', because: [routeRef(route)],
    action: `Route \`${routeText(route)}\` (longest prefix match for ${pkt.tuple.dst}): the packet is to be forwarded, TTL ${entered.ttl}→${pkt.ttl}; the FORWARD hook decides next.`,
  }, pkt);
  return pkt;
}

/** A Service without usable endpoints: kube-proxy's filter rules REJECT or DROP the first packet (§4.8). */
function refused(ctx: Ctx, node: NodeState, pkt: Packet, r: DnatResult, hook: string): Ending {
  const reject = r.verdict === 'reject';
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'netfilter', where: hook, verdict: reject ? 'reject' : 'drop', because: r.because,
    action: /unreachable|times out|silently/.test(r.sentence) ? r.sentence
      : `${r.sentence} ${reject ? 'The client gets an ICMP port-unreachable back (connection refused).' : 'The packet is dropped silently (the client times out).'}`,
  }, pkt);
  return { outcome: reject ? 'rejected' : 'dropped', reason: r.sentence, packet: pkt };
}

/** The routed path through `node`. */
export function throughNode(ctx: Ctx, node: NodeState, arrived: Packet, arrival: Arrival): Ending {
  const local = arrival.kind === 'local';
  const hook = local ? 'OUTPUT' : 'PREROUTING';
  const before = arrived.tuple;
  const plugin = ctx.state.settings.cni.plugin;
  let entered = arrived;
  if (plugin === 'cilium' && (arrival.kind === 'pod' || (arrival.kind === 'wire' && arrival.dev !== 'eth0'))) {
    const ebpf = ciliumServiceNat(ctx, node, arrived, arrival);
    if ('outcome' in ebpf) return ebpf;
    if (ciliumRedirects(ctx, node, ebpf.tuple.dst)) return ciliumForward(ctx, node, ebpf, arrival, { mark: 0, masq: false, before, bypass: true });
    entered = ebpf;
  }
  const nat = natIn(ctx, node, entered, hook, `nat ${hook}`, arrival.kind === 'local' ? 'lo' : arrival.dev);
  const pkt = nat.pkt;
  const natState: NatState = { mark: nat.mark, masq: nat.masq, before, ...(nat.conn ? { conn: nat.conn } : {}) };
  const dstLocal = localInterface(node, pkt.tuple.dst);
  if (nat.dnat && nat.dnat.verdict !== 'dnat') {
    if (local || dstLocal) return refused(ctx, node, pkt, nat.dnat, local ? 'filter OUTPUT' : 'filter INPUT');
    return refused(ctx, node, forwardDecision(ctx, node, pkt), nat.dnat, 'filter FORWARD');
  }
  // Cilium: pod traffic and the node's own packets to pods go through its eBPF programs (bpf_lxc,
  // bpf_host on cilium_host), whose kernel routes only point at cilium_host (§3.7).
  if (plugin === 'cilium' && !dstLocal && (!local || ipInCidr(pkt.tuple.dst, ctx.state.settings.podCIDR))) {
    return ciliumForward(ctx, node, pkt, arrival, natState);
  }
  // The sender's egress: Cilium checks it in the lxc program; Calico, for a packet to the node
  // itself, in filter INPUT (cali-INPUT → cali-wl-to-host). A forwarded packet meets Calico's
  // cali-FORWARD only after the routing decision and the TTL decrement (ip_forward; see routeOut).
  const egressHere = plugin === 'cilium' || (plugin === 'calico' && dstLocal !== undefined);
  if (arrival.kind === 'pod' && egressHere && !enforce(ctx, node, pkt, arrival.pod, 'egress', plugin === 'calico' ? 'filter INPUT' : 'eBPF')) {
    return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
  }
  if (dstLocal) return toNodeItself(ctx, node, pkt, local, natState);
  return routeOut(ctx, node, pkt, arrival, natState);
}

/**
 * Up to a socket on the node. A reply whose connection was DNATed gets its source restored at
 * LOCAL_IN (nat INPUT, a source-manip hook) — or, sent by the node to itself, already at
 * POSTROUTING on the way to lo. A translated request is tracked here: its last hook confirms it.
 */
function toNodeItself(ctx: Ctx, node: NodeState, entered: Packet, local: boolean, nat: NatState): Ending {
  let pkt = entered;
  const route: RuleRef = { kind: 'route', text: `local ${pkt.tuple.dst} dev ${localInterface(node, pkt.tuple.dst)?.name ?? 'lo'} table local proto kernel scope host src ${pkt.tuple.dst}` };
  const where = local ? 'lo' : 'INPUT';
  const undo = ctx.reply && nat.conn?.natted.dnat ? nat.conn : undefined;
  if (undo) {
    addHop(ctx, {
      at: nodeAt(node), node: node.name, component: 'routing', where: 'routing', verdict: 'pass', because: [route],
      action: `${pkt.tuple.dst} is an address of ${node.name} itself (the local routing table): the packet is for a socket on the node.`,
    }, pkt);
    pkt = replySrcManip(ctx, node, pkt, undo, local ? 'nat POSTROUTING' : 'nat INPUT');
  }
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'routing', where, verdict: 'deliver', because: undo ? [] : [route],
    action: undo ? `The socket on ${node.name} receives ${showTuple(pkt.tuple)}.`
      : `${pkt.tuple.dst} is an address of ${node.name} itself (the local routing table), so the packet goes up to a socket on the node (filter INPUT).`,
  }, pkt);
  if (!ctx.reply) trackTranslated(ctx, node, nat.before, pkt.tuple);
  return { outcome: 'delivered', receivedBy: { kind: 'node', node }, reason: `delivered to ${node.name} itself (${pkt.tuple.dst}).`, packet: pkt };
}

/** Remembers a connection whose first packet this node translated (§4.7 rule 1). */
function trackTranslated(ctx: Ctx, node: NodeState, b: Packet['tuple'], t: Packet['tuple']): void {
  if (t.src !== b.src || t.sport !== b.sport || t.dst !== b.dst || t.dport !== b.dport) ctx.ct = track(ctx.ct, connection(node.name, b, t));
}

export interface NatState {
  /** The packet mark from nat PREROUTING/OUTPUT on this node. */
  readonly mark: number;
  readonly masq: boolean;
  /** The tuple as it entered this node, for the conntrack entry. */
  readonly before: Packet['tuple'];
  /** Cilium's eBPF program redirected the packet past the host stack: no netfilter hook runs (§2.3, §3.7). */
  readonly bypass?: boolean;
  /** A reply's connection on this node (from the destination manip): its DNAT is undone at nat POSTROUTING. */
  readonly conn?: ConntrackEntry;
}

/** Routing decision, FORWARD, POSTROUTING and the way out (the kernel's ip_forward / ip_output path). */
export function routeOut(ctx: Ctx, node: NodeState, entered: Packet, arrival: Arrival, nat: NatState): Ending {
  let pkt = entered;
  const dst = pkt.tuple.dst;
  const route = lookupRoute(node.routes, dst);
  if (!route) return unreachable(ctx, node, pkt, `${node.name} has no route to ${dst} (no default route either): the kernel answers "Network is unreachable".`);
  if (route.type === 'blackhole') {
    addHop(ctx, {
      at: nodeAt(node), node: node.name, component: 'routing', where: 'routing', verdict: 'drop', because: [routeRef(route)],
      action: `Route \`${routeText(route)}\`: ${dst} is inside a block of ${node.name} but no pod has that address, so the blackhole route drops it.`,
    }, pkt);
    return { outcome: 'unreachable', reason: `no pod has the address ${dst}; ${node.name}'s blackhole route \`${routeText(route)}\` drops the packet.`, packet: pkt };
  }
  const forwarded = arrival.kind !== 'local';
  const nextHop = route.via ?? dst;
  const out = route.dev ? findInterface(node, route.dev) : undefined;
  if (!out) return unreachable(ctx, node, pkt, `route \`${routeText(route)}\` names no device of ${node.name}.`);
  // MACs of the next link: the device's own MAC towards the next hop's (§3.9 rule 3); L3 tunnels have none.
  const l3 = out.kind === 'ipip' || out.kind === 'wireguard';
  const neighbour = l3 ? undefined : resolveNeighbour(ctx.state, node, out.name, nextHop);
  if (neighbour && !neighbour.mac) {
    return unreachable(ctx, node, pkt, `Node ${node.name} sends an ARP request for ${nextHop} on ${out.name} and nobody answers, so the packet cannot be delivered ("No route to host").`);
  }
  const ttl = forwarded ? pkt.ttl - 1 : pkt.ttl;
  pkt = { ...pkt, ttl, ...(neighbour?.mac && out.mac ? { eth: { src: out.mac, dst: neighbour.mac } } : {}) };
  if (l3) pkt = withoutEth(pkt);
  const ttlText = forwarded ? `TTL ${ttl + 1}→${ttl}` : 'TTL stays 64 (the node\'s own packet is not forwarded)';
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'routing', where: 'routing', verdict: 'pass',
    because: [routeRef(route), ...(neighbour?.because ?? [])],
    action: `Route \`${routeText(route)}\` (longest prefix match for ${dst}): out ${out.name}${route.via ? ` via ${route.via}` : ''}; ${ttlText}${neighbour?.owner ? `; next-hop MAC ${neighbour.mac} (${neighbour.owner})` : ''}.`,
  }, pkt);
  if (pkt.ttl <= 0) {
    addHop(ctx, { at: nodeAt(node), node: node.name, component: 'routing', where: 'routing', verdict: 'drop', action: 'TTL reached 0: the packet is dropped (ICMP time exceeded).' }, pkt);
    return { outcome: 'dropped', reason: 'TTL exceeded', packet: pkt };
  }
  const filterHook = forwarded ? 'filter FORWARD' : 'filter OUTPUT';
  const receiver = podOnDevice(ctx.state, node, out.name) ?? (out.kind === 'bridge' ? ctx.state.index.podByIp.get(nextHop) : undefined);
  // Flannel's policy controller and Calico's cali-FORWARD (cali-from-wl-dispatch → cali-fw-*, then
  // cali-to-wl-dispatch → cali-tw-*): the sender's egress, then the receiver's ingress (§2.2, §8.2).
  if (ctx.state.settings.cni.plugin !== 'cilium') {
    if (arrival.kind === 'pod' && !enforce(ctx, node, pkt, arrival.pod, 'egress', filterHook)) return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
    if (receiver && !enforce(ctx, node, pkt, receiver, 'ingress', filterHook)) return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
  }
  const accepted = forwarded && !ctx.reply ? kubeForwardAccept(ctx.state, node, pkt.tuple, nat.mark, ctx.rng) : undefined;
  if (accepted) addHop(ctx, { at: nodeAt(node), node: node.name, component: 'netfilter', where: 'filter FORWARD', verdict: 'pass', because: accepted.because, action: accepted.sentence }, pkt);
  pkt = natOut(ctx, node, pkt, out, nat);
  return transmit(ctx, node, pkt, route, out, receiver);
}

/**
 * nat POSTROUTING (KUBE-POSTROUTING, FLANNEL-POSTRTG, cali-nat-outgoing), then the conntrack entry;
 * for a reply, the source manip that undoes its connection's DNAT.
 */
export function natOut(ctx: Ctx, node: NodeState, entered: Packet, out: NonNullable<ReturnType<typeof findInterface>>, nat: NatState): Packet {
  let pkt = entered;
  if (ctx.reply && nat.conn) pkt = replySrcManip(ctx, node, pkt, nat.conn, 'nat POSTROUTING');
  if (!ctx.reply && !nat.bypass) {
    const s = postrouting(ctx.state, node, pkt.tuple, { masqueradeMark: nat.masq, mark: nat.mark, outInterface: out, rng: ctx.rng });
    if (s.masqueraded) pkt = withTuple(pkt, s.tuple);
    // Cilium's replacement has no netfilter rules: only its eBPF source NAT is worth a hop (§4.11).
    if (ctx.state.settings.proxyMode !== 'replacement') {
      addHop(ctx, { at: nodeAt(node), node: node.name, component: 'netfilter', where: 'nat POSTROUTING', verdict: s.masqueraded ? 'nat' : 'pass', because: s.because, action: s.sentence }, pkt);
    } else if (s.masqueraded) {
      addHop(ctx, { at: ifaceAt(node, out.name), node: node.name, component: 'ebpf', where: `${out.name} (eBPF SNAT)`, verdict: 'nat', because: s.because, action: s.sentence }, pkt);
    }
  }
  if (!ctx.reply) trackTranslated(ctx, node, nat.before, pkt.tuple);
  return pkt;
}

export function unreachable(ctx: Ctx, node: NodeState, pkt: Packet, reason: string): Ending {
  addHop(ctx, { at: nodeAt(node), node: node.name, component: 'routing', where: 'routing', verdict: 'drop', action: reason }, pkt);
  return { outcome: 'unreachable', reason, packet: pkt };
}


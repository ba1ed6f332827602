// The pod's side: the pod's own routing table and ARP (DATAPATH §1.2: flannel's bridge and cni0
// gateway, Calico's proxy-ARP 169.254.1.1 → ee:ee:ee:ee:ee:ee, Cilium's eBPF ARP responder), the
// veth pair, bridge switching between two pods of one node (§2.1, br_netfilter §4.4), and the
// delivery into the receiving pod's eth0.
import type { NodeState, PodState } from '../model/cluster.ts';
import type { Ctx, Ending } from './datapath-context.ts';
import { addHop, ifaceAt, podAt, withTuple } from './datapath-context.ts';
import type { Packet } from './datapath-packet.ts';
import { showTuple } from './datapath-packet.ts';
import { enforce, lastAction } from './datapath-policy.ts';
import { bridgePortRef, lookupRoute, resolveNeighbour, routeRef, routeText } from './datapath-route.ts';
import { natIn, throughNode } from './datapath-node.ts';
import { replySrcManip } from './datapath-reply-nat.ts';
import { lookupReply, track, connection } from './conntrack.ts';
import { serviceDnat } from './netfilter.ts';
import type { RuleRef } from './types.ts';

/** Where socket-level translations are remembered (the socket, not the node's conntrack table). */
export const socketTable = (node: NodeState): string => `socket@${node.name}`;

function stop(ctx: Ctx, pod: PodState, pkt: Packet, outcome: Ending['outcome'], reason: string, because: readonly RuleRef[] = []): Ending {
  addHop(ctx, { at: podAt(pod), node: pod.nodeName, component: 'pod-netns', where: 'eth0', verdict: outcome === 'rejected' ? 'reject' : 'drop', action: reason, because }, pkt);
  return { outcome, reason, packet: pkt };
}

/**
 * Cilium kube-proxy replacement: at connect()/sendmsg() the socket-level program swaps the Service
 * address for a backend, so no packet ever carries the ClusterIP and there is no DNAT hop (§4.11).
 */
function socketLoadBalance(ctx: Ctx, node: NodeState, pod: PodState, pkt: Packet): Packet | Ending {
  const r = serviceDnat(ctx.state, node, pkt.tuple, 'OUTPUT', ctx.rng, { ct: ctx.ct });
  ctx.ct = r.ct;
  if (r.verdict === 'none') return pkt;
  if (r.verdict !== 'dnat') return stop(ctx, pod, pkt, r.verdict === 'reject' ? 'rejected' : 'dropped', r.sentence, r.because);
  ctx.dnat = r;
  ctx.socketLB = true;
  // Remembered by the socket, not by the node's conntrack (nothing on the wire is translated), so
  // that the reply can be shown with the Service address again at the socket.
  ctx.ct = track(ctx.ct, connection(socketTable(node), pkt.tuple, r.tuple));
  return withTuple(pkt, r.tuple);
}

/** The neighbour entry as the pod's own table holds it: learned on its eth0, not on the node's bridge (`ip neigh` in the pod, §1.2). */
function podView<T extends { readonly because: readonly RuleRef[] }>(n: T | undefined, bridge: string): T | undefined {
  return n && { ...n, because: n.because.map((b) => (b.kind === 'neighbour' ? { ...b, text: b.text.replace(` dev ${bridge} `, ' dev eth0 ') } : b)) };
}

export function podSend(ctx: Ctx, pod: PodState, created: Packet): Ending {
  let pkt = created;
  const node = pod.nodeName !== undefined ? ctx.state.index.nodeByName.get(pod.nodeName) : undefined;
  if (!node || !pod.ip || !pod.eth0) return stop(ctx, pod, pkt, 'unreachable', `pod ${pod.id} is not running on a node (Pending), so it has no network to send from.`);
  let socketNote = '';
  if (ctx.state.settings.proxyMode === 'replacement' && !ctx.reply) {
    const lb = socketLoadBalance(ctx, node, pod, pkt);
    if ('outcome' in lb) return lb;
    if (lb !== pkt) socketNote = ` The socket-level eBPF program already connected the socket to the backend ${lb.tuple.dst}:${lb.tuple.dport} at connect(), so the Service address ${pkt.tuple.dst} never appears in a packet. ${ctx.dnat?.sentence ?? ''}`;
    pkt = lb;
  }
  if (pkt.tuple.dst === pod.ip) {
    // The pod's own address is in its local routing table: the packet loops back inside the pod
    // and never reaches eth0 (containers of one pod share the network namespace, §1.1.1).
    addHop(ctx, {
      at: podAt(pod), node: node.name, component: 'pod-netns', where: 'lo', verdict: 'deliver',
      because: [{ kind: 'route', text: `local ${pod.ip} dev eth0 table local proto kernel scope host src ${pod.ip}` }],
      action: `${pkt.tuple.dst} is the pod's own address: the kernel delivers the packet inside the pod over loopback; it never leaves the pod.`,
    }, pkt);
    return { outcome: 'delivered', receivedBy: { kind: 'pod', pod }, reason: `delivered inside pod ${pod.id} (its own address).`, packet: pkt };
  }
  const route = lookupRoute(pod.routes, pkt.tuple.dst);
  if (!route) return stop(ctx, pod, pkt, 'unreachable', `pod ${pod.id} has no route to ${pkt.tuple.dst}: "Network is unreachable".`);
  const nextHop = route.via ?? pkt.tuple.dst;
  const host = pod.hostVeth;
  const bridge = host?.master;
  // Who answers the ARP request on the pod's link (§1.2 "Gateway MAC the pod learns").
  const answer = bridge ? podView(resolveNeighbour(ctx.state, node, bridge, nextHop), bridge)
    : host?.mac ? { ip: nextHop, mac: host.mac, owner: host.name, because: [{ kind: 'neighbour', text: `${nextHop} dev eth0 lladdr ${host.mac} REACHABLE` }] as RuleRef[] }
    : undefined;
  if (!answer?.mac || !host) {
    return stop(ctx, pod, pkt, 'unreachable', `Pod ${pod.id} sends an ARP request for ${nextHop} and nobody answers ("No route to host").`, [routeRef(route)]);
  }
  const how = bridge
    ? `ARP for ${nextHop} is answered by ${answer.owner}`
    : ctx.state.settings.cni.plugin === 'calico'
      ? `ARP for ${nextHop} is answered by proxy ARP on ${host.name} with ${answer.mac}`
      : `ARP for ${nextHop} is answered by the eBPF ARP responder on ${host.name} with its MAC ${answer.mac}`;
  pkt = { ...pkt, eth: { src: pod.eth0.mac ?? '', dst: answer.mac } };
  const onLink = route.via === undefined;
  addHop(ctx, {
    at: podAt(pod), node: node.name, component: 'pod-netns', where: 'eth0', verdict: 'pass', because: [routeRef(route), ...answer.because],
    action: `${pod.id} sends ${showTuple(pkt.tuple)}. Route \`${routeText(route)}\`: ${onLink ? `${pkt.tuple.dst} is on-link, so the pod ARPs for it directly` : `${pkt.tuple.dst} is off-link, so the frame goes to the gateway ${nextHop}`}; ${how}.${socketNote}`,
  }, pkt);
  addHop(ctx, {
    at: ifaceAt(node, host.name), node: node.name, component: 'veth', where: host.name, verdict: 'pass',
    action: `The frame crosses the veth pair from the pod's eth0 to ${host.name} on ${node.name}, unchanged.`,
  }, pkt);
  if (bridge) {
    const peer = ctx.state.index.podByIp.get(nextHop);
    if (peer && peer.eth0?.mac === answer.mac) return bridgeSwitch(ctx, node, pkt, pod, peer, bridge);
    addHop(ctx, {
      at: ifaceAt(node, bridge), node: node.name, component: 'bridge', where: bridge, verdict: 'pass',
      action: `The destination MAC is ${bridge}'s own, so the frame is handed up to ${node.name}'s IP stack (routed, not switched).`,
    }, pkt);
    return throughNode(ctx, node, pkt, { kind: 'pod', pod, dev: bridge });
  }
  return throughNode(ctx, node, pkt, { kind: 'pod', pod, dev: host.name });
}

/** Two pods on one bridge: switched by MAC, no routing, TTL unchanged; br_netfilter still runs (§2.1, §4.4). */
function bridgeSwitch(ctx: Ctx, node: NodeState, entered: Packet, from: PodState, to: PodState, bridge: string): Ending {
  let pkt = entered;
  addHop(ctx, {
    at: ifaceAt(node, bridge), node: node.name, component: 'bridge', where: bridge, verdict: 'pass', because: bridgePortRef(to, bridge),
    action: `${bridge} switches the frame by MAC to the port ${to.hostVeth?.name ?? '?'} of pod ${to.id}: no IP routing, so the TTL is not decremented (still ${pkt.ttl}).`,
  }, pkt);
  const br = node.interfaces.find((i) => i.name === bridge);
  const nfOn = br?.flags.includes('bridge-nf-call-iptables=1') ?? false;
  if (nfOn && ctx.reply) {
    // §4.4: the reply of a Service connection is bridged; only br_netfilter lets conntrack undo the
    // DNAT. It calls the IP hooks from the bridge's own (net/bridge/br_netfilter_hooks.c:
    // br_nf_pre_routing → NF_INET_PRE_ROUTING, br_nf_post_routing → NF_INET_POST_ROUTING), so the
    // source manip that restores the Service address happens at POSTROUTING, as the frame leaves.
    const before = pkt;
    const pre = natIn(ctx, node, pkt, 'PREROUTING', 'br_netfilter nat PREROUTING');
    pkt = pre.conn ? replySrcManip(ctx, node, pre.pkt, pre.conn, 'br_netfilter nat POSTROUTING') : pre.pkt;
    if (pkt === before) {
      addHop(ctx, { at: ifaceAt(node, bridge), node: node.name, component: 'netfilter', where: 'br_netfilter', verdict: 'pass', action: 'br_netfilter passes the bridged frame through iptables; no conntrack translation applies.' }, pkt);
    }
  } else if (nfOn) {
    addHop(ctx, {
      at: ifaceAt(node, bridge), node: node.name, component: 'netfilter', where: 'br_netfilter', verdict: 'pass',
      action: `br_netfilter (${bridge} has bridge-nf-call-iptables=1): the bridged IPv4 frame traverses iptables PREROUTING/FORWARD/POSTROUTING; for plain pod-to-pod traffic no kube-proxy rule matches.`,
    }, pkt);
    if (ctx.state.settings.cni.plugin === 'flannel') {
      if (!enforce(ctx, node, pkt, from, 'egress', 'br_netfilter filter FORWARD')) return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
      if (!enforce(ctx, node, pkt, to, 'ingress', 'br_netfilter filter FORWARD')) return { outcome: 'dropped', reason: lastAction(ctx), packet: pkt };
    }
  }
  return deliverToPod(ctx, node, to, pkt);
}

export function deliverToPod(ctx: Ctx, node: NodeState, pod: PodState, pkt: Packet): Ending {
  const host = pod.hostVeth?.name ?? 'veth';
  addHop(ctx, {
    at: ifaceAt(node, host), node: node.name, component: 'veth', where: host, verdict: 'pass',
    action: `Through ${host} into pod ${pod.id}'s eth0.`,
  }, pkt);
  // Cilium socket LB: the kernel socket is connected to the backend; recvmsg()/getpeername() show
  // the application the Service address again, above the packet, which keeps the backend's (§4.11).
  const m = ctx.reply && ctx.socketLB === false && ctx.state.settings.proxyMode === 'replacement'
    ? lookupReply(ctx.ct, pkt.tuple, socketTable(node)) : undefined;
  const note = m ? ` The socket-level load balancer shows the application the Service address ${m.tuple.src}:${m.tuple.sport} it dialed (recvmsg()), though no packet carries it.` : '';
  addHop(ctx, {
    at: podAt(pod), node: node.name, component: 'pod-netns', where: 'eth0', verdict: 'deliver',
    action: `Delivered to pod ${pod.id}: ${showTuple(pkt.tuple)}, TTL ${pkt.ttl}.${note}`,
  }, pkt);
  const seen = m ? withTuple(pkt, m.tuple) : pkt;
  return { outcome: 'delivered', receivedBy: { kind: 'pod', pod }, reason: `delivered to pod ${pod.id} (${seen.tuple.dst}:${seen.tuple.dport}).`, packet: seen };
}

// send: carry one packet from the socket that creates it to the socket that receives it, hop by
// hop, as the nodes' kernels and the CNI would (DATAPATH §2–§5, §8.2, §9). The trace
// orchestrator calls it once per packet of a phase (request, reply, DNS query …).
import type { ClusterState, NodeState } from '../model/cluster.ts';
import type { ConntrackTable } from './conntrack.ts';
import type { Ctx, Ending, Outcome, Place } from './datapath-context.ts';
import { addHop, ifaceAt, nodeAt, withTuple } from './datapath-context.ts';
import { throughNode } from './datapath-node.ts';
import type { Packet } from './datapath-packet.ts';
import { newPacket, showTuple } from './datapath-packet.ts';
import { podSend } from './datapath-pod.ts';
import { findInterface, lookupRoute, primaryAddress, underlayRouterMac } from './datapath-route.ts';
import { underlayGateway } from '../cluster/net-params.ts';
import type { DnatResult, Tuple } from './netfilter.ts';
import type { Rng } from './random.ts';
import type { DnsLayer, Hop, HttpLayer, IcmpLayer } from './types.ts';

export type { Outcome, Place } from './datapath-context.ts';

export interface SendInput {
  /** Who creates the packet (a hostNetwork pod is its node). */
  readonly from: Place;
  /** As the sender's socket emits it (dst may be a ClusterIP, a node IP:NodePort, an outside address). */
  readonly tuple: Tuple;
  readonly payload?: HttpLayer | DnsLayer | IcmpLayer;
  readonly ct: ConntrackTable;
  readonly rng: Rng;
  /** A reply of a tracked connection: conntrack reverses the NAT and NetworkPolicy is not consulted (NETPOL.md 6). */
  readonly reply: boolean;
  /**
   * An ICMP error (with `reply`): the packet it quotes, as the host sending the error received it.
   * Conntrack finds the connection by that quoted header (ctstate RELATED) and reverses its NAT in
   * the outer header, as nf_nat_icmp_reply_translation does.
   */
  readonly related?: Tuple;
  /** Who sends, for the first hop's sentence when it is not an ordinary process (`node-1's kernel`). */
  readonly who?: string;
}

export interface SendOutput {
  readonly hops: readonly Hop[];
  readonly outcome: Outcome;
  /** delivered: the pod/node whose socket got it; left-cluster: the outside host. */
  readonly receivedBy?: Place;
  /** As received (after all NAT). */
  readonly tuple: Tuple;
  /** With the new entries. */
  readonly ct: ConntrackTable;
  /** One sentence; for drops it names the rule (policy, REJECT rule, missing route). */
  readonly reason: string;
  /** When a Service translation happened. */
  readonly dnat?: DnatResult;
}

export function send(state: ClusterState, input: SendInput): SendOutput {
  const ctx: Ctx = { state, rng: input.rng, reply: input.reply, from: input.from, hops: [], ct: input.ct, socketLB: false, ...(input.related ? { related: input.related } : {}) };
  const pkt = newPacket(input.tuple, input.reply, input.payload);
  const end = start(ctx, input, pkt);
  return {
    hops: ctx.hops, outcome: end.outcome, ...(end.receivedBy ? { receivedBy: end.receivedBy } : {}), tuple: end.packet.tuple,
    ct: ctx.ct, reason: end.reason, ...(ctx.dnat ? { dnat: ctx.dnat } : {}),
  };
}

function start(ctx: Ctx, input: SendInput, pkt: Packet): Ending {
  const from = input.from;
  switch (from.kind) {
    case 'pod': {
      if (!from.pod.hostNetwork) return podSend(ctx, from.pod, pkt);
      const node = from.pod.nodeName !== undefined ? ctx.state.index.nodeByName.get(from.pod.nodeName) : undefined;
      if (!node) return { outcome: 'unreachable', reason: `pod ${from.pod.id} is not running on a node.`, packet: pkt };
      return nodeSend(ctx, node, pkt, `hostNetwork pod ${from.pod.id}`);
    }
    case 'node':
      return nodeSend(ctx, from.node, pkt, input.who ?? `A process on ${from.node.name}`);
    case 'external':
      return externalSend(ctx, from.ip, pkt, from.entry);
  }
}

/**
 * The source address the kernel gives an unbound socket: the matched route's `src`, else the
 * primary address of its device. Towards a remote pod with flannel VXLAN that is flannel.1's
 * 10.244.1.0, not the node IP (§3.1: "used as source for host→remote-pod traffic").
 */
export function sourceAddress(node: NodeState, dst: string): string | undefined {
  const route = lookupRoute(node.routes, dst);
  const dev = route?.dev ? findInterface(node, route.dev) : undefined;
  return route?.src ?? primaryAddress(dev);
}

/** The node's own network namespace: nat OUTPUT instead of PREROUTING, no TTL decrement (§4.1, §9.1). */
function nodeSend(ctx: Ctx, node: NodeState, created: Packet, who: string): Ending {
  let pkt = created;
  let note = '';
  // A socket that did not bind an address (the caller passes the node IP) gets the route's choice.
  const chosen = !ctx.reply && pkt.tuple.src === node.address ? sourceAddress(node, pkt.tuple.dst) : undefined;
  if (chosen && chosen !== pkt.tuple.src) {
    pkt = withTuple(pkt, { ...pkt.tuple, src: chosen });
    note = ` The kernel picks the source ${chosen}, the address of the device the route to ${pkt.tuple.dst} uses.`;
  }
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'application', where: 'host network namespace', verdict: 'pass',
    action: `${who} sends ${showTuple(pkt.tuple)} from the node's own network namespace (no veth, no bridge): it goes through the nat OUTPUT hook.${note}`,
  }, pkt);
  return throughNode(ctx, node, pkt, { kind: 'local' });
}

/** A client outside the cluster: the packet crosses the underlay and arrives on a node's eth0 (§5.3, §5.4). */
function externalSend(ctx: Ctx, ip: string, pkt: Packet, entryNode: NodeState | undefined): Ending {
  const node = entryNode ?? ctx.state.index.nodeByAddress.get(pkt.tuple.dst);
  addHop(ctx, {
    at: `external:${ip}`, component: 'external', where: 'internet', verdict: 'pass',
    action: `The client ${ip} sends ${showTuple(pkt.tuple)}.`,
  }, pkt);
  if (!node) {
    const reason = `no node of the cluster owns ${pkt.tuple.dst}, so the packet from ${ip} never reaches the cluster.`;
    addHop(ctx, { at: 'underlay', component: 'underlay', where: 'underlay', verdict: 'drop', action: reason }, pkt);
    return { outcome: 'unreachable', reason, packet: pkt };
  }
  const eth0 = node.interfaces.find((i) => i.name === 'eth0');
  const arrived: Packet = { ...pkt, eth: { src: underlayRouterMac(underlayGateway(node.address)), dst: eth0?.mac ?? '' } };
  addHop(ctx, {
    at: ifaceAt(node, 'eth0'), node: node.name, component: 'routing', where: 'eth0', verdict: 'pass',
    action: `Arrives on ${node.name}'s eth0 from the underlay gateway.`,
  }, arrived);
  return throughNode(ctx, node, arrived, { kind: 'wire', dev: 'eth0' });
}

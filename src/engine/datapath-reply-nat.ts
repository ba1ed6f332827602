// The reply of a translated connection, undone by conntrack one manip per hook (DATAPATH §4.3 R2,
// §4.5 step 4, §4.7). The kernel does not reverse a connection's NAT in one place: nf_nat_packet
// (net/netfilter/nf_nat_core.c) runs at every NAT hook, HOOK2MANIP (include/net/netfilter/nf_nat.h)
// makes PRE_ROUTING and LOCAL_OUT destination manips and POST_ROUTING and LOCAL_IN source manips,
// and for the reply direction the status bit is inverted (`statusbit ^= IPS_NAT_MASK`). So a reply
// gets the inverse of the original's SNAT at PREROUTING/OUTPUT — its destination back to the
// client, before the routing decision, which routes on the restored address — and the inverse of
// the original's DNAT at POSTROUTING/INPUT — its source back to the address the client dialed,
// after routing. Between the two the packet still carries the backend's address as its source.
import type { NodeState } from '../model/cluster.ts';
import type { ConntrackEntry } from './conntrack.ts';
import { lookupReply, reverse, unDnat, unSnat } from './conntrack.ts';
import type { Ctx } from './datapath-context.ts';
import { addHop, nodeAt, withTuple } from './datapath-context.ts';
import type { Packet } from './datapath-packet.ts';
import { showTuple } from './datapath-packet.ts';
import type { Tuple } from './netfilter.ts';
import type { RuleRef } from './types.ts';

const endpoint = (t: Tuple, side: 'src' | 'dst'): string => (t.protocol === 'ICMP' ? t[side] : `${t[side]}:${side === 'src' ? t.sport : t.dport}`);

function entryRef(entry: ConntrackEntry, related: boolean): RuleRef {
  return { kind: 'conntrack', text: `${showTuple(entry.original)} ↔ reply ${showTuple(entry.reply)}${related ? ' (ICMP error: RELATED)' : ''}` };
}

/**
 * The destination-manip hook (`where`: nat PREROUTING, nat OUTPUT, br_netfilter nat PREROUTING):
 * finds the connection the reply belongs to on this node and undoes its SNAT. The connection is
 * returned either way, for the source manip after routing (the kernel keeps it on the skb).
 */
export function replyDstManip(ctx: Ctx, node: NodeState, pkt: Packet, where: string): { readonly pkt: Packet; readonly conn?: ConntrackEntry } {
  if (ctx.related) return relatedDstManip(ctx, node, pkt, where, ctx.related);
  const match = lookupReply(ctx.ct, pkt.tuple, node.name);
  if (!match) return { pkt };
  const conn = match.entry;
  if (!conn.natted.snat) return { pkt, conn };
  const restored = withTuple(pkt, unSnat(conn, pkt.tuple));
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'conntrack', where, verdict: 'nat', because: [entryRef(conn, false)],
    action: `conntrack on ${node.name} recognises the reply of a connection it source-NATed and undoes that SNAT here, where the kernel rewrites destinations: the destination ${endpoint(pkt.tuple, 'dst')} becomes ${endpoint(restored.tuple, 'dst')}, the client's own address, so the routing decision that follows uses it.${conn.natted.dnat ? ` The source stays ${endpoint(pkt.tuple, 'src')} until the DNAT is undone after routing.` : ''}`,
  }, restored);
  return { pkt: restored, conn };
}

/**
 * The source-manip hook (`where`: nat POSTROUTING, nat INPUT, br_netfilter nat POSTROUTING):
 * undoes the DNAT of the connection the destination manip found.
 */
export function replySrcManip(ctx: Ctx, node: NodeState, pkt: Packet, conn: ConntrackEntry, where: string): Packet {
  if (!conn.natted.dnat) return pkt;
  if (ctx.related) return relatedSrcManip(ctx, node, pkt, conn, where, ctx.related);
  const restored = withTuple(pkt, unDnat(conn, pkt.tuple));
  const after = where.endsWith('INPUT') ? 'before the socket on the node gets it' : 'after the routing decision, as the packet leaves';
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'conntrack', where, verdict: 'nat', because: [entryRef(conn, false)],
    action: `conntrack on ${node.name} undoes the connection's DNAT here, where the kernel rewrites sources (${after}): the source ${endpoint(pkt.tuple, 'src')} becomes ${endpoint(restored.tuple, 'src')}, the address the client dialed.`,
  }, restored);
  return restored;
}

/**
 * An ICMP error quoting a tracked connection (ctstate RELATED) is translated at the same hooks by
 * nf_nat_icmp_reply_translation (net/netfilter/nf_nat_proto.c): at the destination-manip hook,
 * for an SNATed connection, the quoted header's source and the outer destination go back to the
 * client. `quoted` is the header as the error's sender received it.
 */
function relatedDstManip(ctx: Ctx, node: NodeState, pkt: Packet, where: string, quoted: Tuple): { readonly pkt: Packet; readonly conn?: ConntrackEntry } {
  const match = lookupReply(ctx.ct, reverse(quoted), node.name);
  if (!match) return { pkt };
  const conn = match.entry;
  if (!conn.natted.snat) return { pkt, conn };
  const t = pkt.tuple;
  const restored = withTuple(pkt, { ...t, dst: conn.original.src });
  ctx.related = { ...quoted, src: conn.original.src, sport: conn.original.sport };
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'conntrack', where, verdict: 'nat', because: [entryRef(conn, true)],
    action: `conntrack on ${node.name} finds the connection the ICMP error quotes (ctstate RELATED) and undoes its SNAT in the outer and the quoted header: the error to ${t.dst} becomes one to ${restored.tuple.dst}, about ${showTuple(ctx.related)}.`,
  }, restored);
  return { pkt: restored, conn };
}

/**
 * At the source-manip hook, for a DNATed connection, the quoted destination goes back to the
 * address the client dialed and the outer source becomes that address too — whoever sent the
 * error: nf_nat_icmp_reply_translation writes the inverted original tuple into the outer header.
 */
function relatedSrcManip(ctx: Ctx, node: NodeState, pkt: Packet, conn: ConntrackEntry, where: string, quoted: Tuple): Packet {
  const t = pkt.tuple;
  const restored = withTuple(pkt, { ...t, src: conn.original.dst });
  ctx.related = { ...quoted, dst: conn.original.dst, dport: conn.original.dport };
  addHop(ctx, {
    at: nodeAt(node), node: node.name, component: 'conntrack', where, verdict: 'nat', because: [entryRef(conn, true)],
    action: `conntrack on ${node.name} undoes the quoted connection's DNAT in the outer and the quoted header (ctstate RELATED): the error from ${t.src} becomes one from ${restored.tuple.src}, about ${showTuple(ctx.related)} as the client sent it.`,
  }, restored);
  return restored;
}

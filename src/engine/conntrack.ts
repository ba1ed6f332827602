// Connection tracking as a pure value (DATAPATH §4.1, §4.7): the nat table sees only the first
// packet of a connection; the node remembers the translation and rewrites every later packet and
// every reply with it. Also the per-node "recent" lists of sessionAffinity ClientIP (§5.7) and
// IPVS scheduler positions, which live in the kernel next to conntrack. Tables are never
// mutated: every function returns a new one.
import type { Tuple } from './netfilter.ts';

export interface ConntrackEntry {
  /** The tuple of the first packet as it arrived on this node (before DNAT/SNAT). */
  readonly original: Tuple;
  /** The reply the node expects after its translations: the translated tuple reversed. */
  readonly reply: Tuple;
  /** The node that made the translation: replies must come back through it (§4.7.2). */
  readonly node: string;
  readonly natted: { readonly dnat?: boolean; readonly snat?: boolean };
}

/**
 * One `recent` list entry (iptables `-m recent --set --name KUBE-SEP-…`, the nftables affinity
 * set, or an IPVS persistence template): client IP → endpoint, on one node. Keyed on the client
 * IP only (§5.7). Entries do not expire: a trace is far shorter than the 10800 s default timeout.
 */
export interface AffinityEntry {
  readonly node: string;
  /** The list name: the KUBE-SEP-/affinity- set name, or `ipvs:<vip>:<port>/<proto>`. */
  readonly name: string;
  readonly client: string;
  /** `ip:port` of the endpoint the client stuck to. */
  readonly endpoint: string;
}

export interface ConntrackTable {
  readonly entries: readonly ConntrackEntry[];
  readonly affinity: readonly AffinityEntry[];
  /** IPVS rr position per `node|vip:port/proto`: the index of the next real server. */
  readonly ipvsNext: Readonly<Record<string, number>>;
}

export const emptyConntrack: ConntrackTable = Object.freeze({ entries: [], affinity: [], ipvsNext: {} });

/** The same connection seen from the other end: addresses and ports swapped. */
export function reverse(t: Tuple): Tuple {
  return { protocol: t.protocol, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport };
}

export function sameTuple(a: Tuple, b: Tuple): boolean {
  return a.protocol === b.protocol && a.src === b.src && a.sport === b.sport && a.dst === b.dst && a.dport === b.dport;
}

/**
 * The entry for a connection whose first packet arrived as `original` and left the node as
 * `translated` (after DNAT and SNAT). The expected reply is `translated` reversed (§4.3 step 4).
 */
export function connection(node: string, original: Tuple, translated: Tuple): ConntrackEntry {
  const dnat = original.dst !== translated.dst || original.dport !== translated.dport;
  const snat = original.src !== translated.src || original.sport !== translated.sport;
  return { original, reply: reverse(translated), node, natted: { ...(dnat ? { dnat } : {}), ...(snat ? { snat } : {}) } };
}

/** Adds (or replaces, for the same original tuple on the same node) a connection. */
export function track(table: ConntrackTable, entry: ConntrackEntry): ConntrackTable {
  const others = table.entries.filter((e) => !(e.node === entry.node && sameTuple(e.original, entry.original)));
  return { ...table, entries: [...others, entry] };
}

export interface ReplyMatch {
  readonly entry: ConntrackEntry;
  /** The reply rewritten back to what the client expects, both manips undone (`unSnat` then `unDnat`). */
  readonly tuple: Tuple;
}

/**
 * A reply arriving (on `node`, when given): the entry whose expected reply it is, and the tuple
 * restored to the reverse of the original — source = the address the client dialed, destination
 * = the client's own address and port.
 */
export function lookupReply(table: ConntrackTable, tuple: Tuple, node?: string): ReplyMatch | undefined {
  const entry = table.entries.find((e) => (node === undefined || e.node === node) && sameTuple(e.reply, tuple));
  return entry ? { entry, tuple: reverse(entry.original) } : undefined;
}

/**
 * A reply's NAT is undone one manip per hook, as the kernel does it (include/net/netfilter/nf_nat.h
 * HOOK2MANIP: "SRC manip occurs POST_ROUTING or LOCAL_IN", DST manip at PRE_ROUTING and
 * LOCAL_OUT; net/netfilter/nf_nat_core.c nf_nat_packet inverts the status bit for the reply
 * direction). At a DST-manip hook the reply gets the inverse of the original's SNAT: its
 * destination goes back to the client's own address and port. Unchanged when there was no SNAT.
 */
export function unSnat(entry: ConntrackEntry, t: Tuple): Tuple {
  return entry.natted.snat ? { ...t, dst: entry.original.src, dport: entry.original.sport } : t;
}

/** At a SRC-manip hook the reply gets the inverse of the original's DNAT: its source becomes the address the client dialed. */
export function unDnat(entry: ConntrackEntry, t: Tuple): Tuple {
  return entry.natted.dnat ? { ...t, src: entry.original.dst, sport: entry.original.dport } : t;
}

/** A later packet of a known connection in the original direction: translated as the first one was. */
export function lookupOriginal(table: ConntrackTable, tuple: Tuple, node?: string): ReplyMatch | undefined {
  const entry = table.entries.find((e) => (node === undefined || e.node === node) && sameTuple(e.original, tuple));
  return entry ? { entry, tuple: reverse(entry.reply) } : undefined;
}

export function affinityOf(table: ConntrackTable, node: string, name: string, client: string): AffinityEntry | undefined {
  return table.affinity.find((a) => a.node === node && a.name === name && a.client === client);
}

/** `--set`: records (or refreshes) the client in the list. */
export function remember(table: ConntrackTable, entry: AffinityEntry): ConntrackTable {
  const others = table.affinity.filter((a) => !(a.node === entry.node && a.name === entry.name && a.client === entry.client));
  return { ...table, affinity: [...others, entry] };
}

export function withIpvsNext(table: ConntrackTable, key: string, next: number): ConntrackTable {
  return { ...table, ipvsNext: { ...table.ipvsNext, [key]: next } };
}

// The packet as it travels: one inner IP packet (with the Ethernet header of the current link,
// absent inside L3 tunnels) and, while encapsulated, the outer headers around it. Snapshots are
// the header stack a hop shows, outermost first (DATAPATH §0.1 header notation, §3.3 matrix).
import type { DnsLayer, HttpLayer, IcmpLayer, Layer, PacketSnapshot } from './types.ts';
import type { Tuple } from './netfilter.ts';

export interface Mac {
  readonly src: string;
  readonly dst: string;
}

export type Encap =
  | { readonly kind: 'vxlan' | 'geneve'; readonly device: string; readonly eth: Mac; readonly src: string; readonly dst: string; readonly sport: number; readonly dport: number; readonly vni: number }
  | { readonly kind: 'wireguard'; readonly device: string; readonly eth: Mac; readonly src: string; readonly dst: string; readonly sport: number; readonly dport: number; readonly receiverIndex: number }
  | { readonly kind: 'ipip'; readonly device: string; readonly eth: Mac; readonly src: string; readonly dst: string };

export interface Packet {
  readonly tuple: Tuple;
  /** Ethernet of the current link; undefined inside an L3 tunnel (IPIP, WireGuard) and in a socket. */
  readonly eth?: Mac;
  readonly ttl: number;
  readonly df: boolean;
  /** A connection's first packet (SYN) or its reply (SYN-ACK); only TCP shows it. */
  readonly reply: boolean;
  readonly payload?: HttpLayer | DnsLayer | IcmpLayer;
  readonly outer?: Encap;
}

/** Linux sends new IPv4 packets with TTL 64 (DATAPATH §0.1, `net.ipv4.ip_default_ttl`). */
export const DEFAULT_TTL = 64;

/**
 * DF as Linux sets it: sockets default to IP_PMTUDISC_WANT (ip(7) IP_MTU_DISCOVER, sysctl
 * ip_no_pmtu_disc=0), so TCP, UDP, SCTP and ping's echo requests carry DF; the kernel's own ICMP
 * socket, which sends echo replies and ICMP errors, uses IP_PMTUDISC_DONT. The tunnel's outer DF
 * is clear either way (§3.1 rules).
 */
function dontFragment(tuple: Tuple, reply: boolean, payload?: HttpLayer | DnsLayer | IcmpLayer): boolean {
  if (tuple.protocol !== 'ICMP') return true;
  return !reply && payload?.type !== 'icmp';
}

export function newPacket(tuple: Tuple, reply: boolean, payload?: HttpLayer | DnsLayer | IcmpLayer): Packet {
  return { tuple, ttl: DEFAULT_TTL, df: dontFragment(tuple, reply, payload), reply, ...(payload ? { payload } : {}) };
}

function transport(p: Packet): Layer[] {
  const t = p.tuple;
  switch (t.protocol) {
    case 'TCP': return [{ type: 'tcp', sport: t.sport, dport: t.dport, flags: p.reply ? 'SYN,ACK' : 'SYN' }];
    case 'UDP': return [{ type: 'udp', sport: t.sport, dport: t.dport }];
    case 'SCTP': return [{ type: 'sctp', sport: t.sport, dport: t.dport }];
    case 'ICMP': return p.payload?.type === 'icmp' ? [] : [{ type: 'icmp', icmpType: p.reply ? 'echo-reply' : 'echo-request', id: t.sport, seq: 1 }];
  }
}

function inner(p: Packet): Layer[] {
  const eth: Layer[] = p.eth ? [{ type: 'ethernet', src: p.eth.src, dst: p.eth.dst }] : [];
  const ip: Layer = { type: 'ipv4', src: p.tuple.src, dst: p.tuple.dst, ttl: p.ttl, protocol: p.tuple.protocol, df: p.df };
  return [...eth, ip, ...transport(p), ...(p.payload ? [p.payload] : [])];
}

/** Outer TTL 64 and outer DF clear (§3.1 rules, §3.7 IPDEFTTL). */
function outerLayers(o: Encap): Layer[] {
  const eth: Layer = { type: 'ethernet', src: o.eth.src, dst: o.eth.dst };
  if (o.kind === 'ipip') return [eth, { type: 'ipv4', src: o.src, dst: o.dst, ttl: DEFAULT_TTL, protocol: 'IPIP', df: false }];
  const ip: Layer = { type: 'ipv4', src: o.src, dst: o.dst, ttl: DEFAULT_TTL, protocol: 'UDP', df: false };
  const udp: Layer = { type: 'udp', sport: o.sport, dport: o.dport };
  const tunnel: Layer = o.kind === 'wireguard' ? { type: 'wireguard', receiverIndex: o.receiverIndex } : { type: o.kind, vni: o.vni };
  return [eth, ip, udp, tunnel];
}

export function snapshot(p: Packet): PacketSnapshot {
  return { layers: [...(p.outer ? outerLayers(p.outer) : []), ...inner(p)] };
}

/** The packet without its link header: inside an L3 tunnel (IPIP, WireGuard) or on the internet. */
export function withoutEth(p: Packet): Packet {
  return { tuple: p.tuple, ttl: p.ttl, df: p.df, reply: p.reply, ...(p.payload ? { payload: p.payload } : {}), ...(p.outer ? { outer: p.outer } : {}) };
}

/** The inner packet once the tunnel headers are taken off. */
export function withoutOuter(p: Packet): Packet {
  return { tuple: p.tuple, ttl: p.ttl, df: p.df, reply: p.reply, ...(p.eth ? { eth: p.eth } : {}), ...(p.payload ? { payload: p.payload } : {}) };
}

/** `10.244.1.5:41000 → 10.244.2.7:8080` for sentences. */
export function showTuple(t: Tuple): string {
  return t.protocol === 'ICMP' ? `${t.src} → ${t.dst} (ICMP)` : `${t.src}:${t.sport} → ${t.dst}:${t.dport} (${t.protocol})`;
}

/** The reverse direction of a tuple (what the reply carries). */
export function reversed(t: Tuple): Tuple {
  return { protocol: t.protocol, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport };
}

// Small pieces the trace orchestrator shares: reversing a tuple for the reply, the ephemeral port
// range, and the few hops the orchestrator draws itself (the application answering, CoreDNS, the
// upstream resolver, the load balancer's ARP) — every hop that moves a packet comes from `send`.
import type { Tuple } from './netfilter.ts';
import type { Rng } from './random.ts';
import type { Component, DnsLayer, FlowSpec, Hop, HopVerdict, HttpLayer, Layer, PacketSnapshot, RuleRef } from './types.ts';

/** Linux `net.ipv4.ip_local_port_range` default (32768–60999): where clients pick source ports. */
export const EPHEMERAL_PORTS = { min: 32768, max: 60999 } as const;

export function ephemeralPort(rng: Rng): number {
  return rng.int(EPHEMERAL_PORTS.min, EPHEMERAL_PORTS.max);
}

/** The reply's tuple as the answering socket emits it: source and destination swapped. */
export function reversed(t: Tuple): Tuple {
  return { protocol: t.protocol, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport };
}

/** An IP packet as an application hands it to its socket (no Ethernet yet: the datapath adds L2). */
export function socketPacket(t: Tuple, payload?: Layer, flags = 'SYN'): PacketSnapshot {
  const layers: Layer[] = [{ type: 'ipv4', src: t.src, dst: t.dst, ttl: 64, protocol: t.protocol, df: true }];
  if (t.protocol === 'TCP') layers.push({ type: 'tcp', sport: t.sport, dport: t.dport, flags });
  else if (t.protocol === 'UDP') layers.push({ type: 'udp', sport: t.sport, dport: t.dport });
  else if (t.protocol === 'SCTP') layers.push({ type: 'sctp', sport: t.sport, dport: t.dport });
  else layers.push({ type: 'icmp', icmpType: 'echo-request', id: t.sport, seq: 1 });
  if (payload) layers.push(payload);
  return { layers };
}

export interface HopInput {
  readonly at: string;
  readonly node?: string;
  readonly component: Component;
  readonly where: string;
  readonly action: string;
  readonly packet: PacketSnapshot;
  readonly verdict: HopVerdict;
  readonly because?: readonly RuleRef[];
}

/** A sentence that starts with a name written in lower case ("pod app/web", "container c …"). */
export function capital(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}

export function hop(h: HopInput): Hop {
  return { ...h, because: h.because ?? [] };
}

/** The last packet a hop list shows, or an empty stack. */
export function lastPacket(hops: readonly Hop[]): PacketSnapshot {
  return hops[hops.length - 1]?.packet ?? { layers: [] };
}

export function dnsQuery(id: number, name: string, qtype: DnsLayer['qtype'] = 'A'): DnsLayer {
  return { type: 'dns', id, query: name, qtype, response: false, answers: [] };
}

export function dnsResponse(query: DnsLayer, rcode: 'NOERROR' | 'NXDOMAIN', answers: readonly string[]): DnsLayer {
  return { ...query, response: true, rcode, answers };
}

/** What curl puts on the wire (curl(1): Host from the URL unless -H 'Host:' overrides it; its default Accept and User-Agent). */
export function httpRequest(http: NonNullable<FlowSpec['http']>, host: string): HttpLayer {
  const h = http.host ?? host;
  return { type: 'http', method: http.method, host: h, path: http.path, headers: { Host: h, 'User-Agent': 'curl/8.5.0', Accept: '*/*', ...http.headers }, tls: http.tls };
}

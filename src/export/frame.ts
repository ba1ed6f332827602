// A header stack (outermost first, as the engine's PacketSnapshot) as the bytes on the wire:
// Ethernet II, IPv4 with its header checksum, UDP/TCP with pseudo-header checksums, SCTP with
// CRC32c, ICMP, VXLAN, Geneve, WireGuard transport data, DNS and HTTP payloads.
import type { HttpLayer, IcmpLayer, IPv4Layer, Layer } from '../engine/index.ts';
import { ascii, concat, crc32c, internetChecksum, ipv4Bytes, macBytes, u16, u32 } from './bytes.ts';
import { encodeDns } from './dns.ts';

export interface FrameOptions {
  /** TCP sequence and acknowledgement numbers of this segment. */
  readonly seq?: number;
  readonly ack?: number;
  /** What an ICMP error quotes: the offending packet's IP header and first 8 payload bytes. */
  readonly quote?: Uint8Array;
}

const IP_PROTOCOLS: Readonly<Record<IPv4Layer['protocol'], number>> = { ICMP: 1, IPIP: 4, TCP: 6, UDP: 17, SCTP: 132 };
const TCP_FLAGS: Readonly<Record<string, number>> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 };
const ICMP_TYPES: Readonly<Record<IcmpLayer['icmpType'], readonly [number, number]>> = {
  'echo-reply': [0, 0], 'echo-request': [8, 0],
  'host-unreachable': [3, 1], 'port-unreachable': [3, 3],
};

/** Encodes `layers` into one frame (starting with Ethernet or IPv4, whichever comes first). */
export function encodeLayers(layers: readonly Layer[], options: FrameOptions = {}): Uint8Array {
  return encodeFrom(layers, 0, options, undefined);
}

/** The IPv4 pseudo-header's addresses, for the transport checksums. */
interface Addresses { readonly src: Uint8Array; readonly dst: Uint8Array }

function encodeFrom(layers: readonly Layer[], i: number, o: FrameOptions, ip: Addresses | undefined): Uint8Array {
  const layer = layers[i];
  if (!layer) return new Uint8Array(0);
  const rest = (addresses = ip) => encodeFrom(layers, i + 1, o, addresses);
  switch (layer.type) {
    // EtherType 0x0800: every packet the engine models is IPv4.
    case 'ethernet': return concat([macBytes(layer.dst), macBytes(layer.src), u16(0x0800), rest()]);
    case 'ipv4': {
      const addresses = { src: ipv4Bytes(layer.src), dst: ipv4Bytes(layer.dst) };
      return ipv4(layer, addresses, rest(addresses));
    }
    case 'udp': {
      const payload = rest();
      return transportWithChecksum(concat([u16(layer.sport), u16(layer.dport), u16(8 + payload.length), u16(0), payload]), 17, 6, ip);
    }
    case 'tcp': {
      const payload = rest();
      const flags = layer.flags.split(',').reduce((f, name) => f | (TCP_FLAGS[name.trim()] ?? 0), 0);
      // 20-byte header (data offset 5), a 64 KiB window, no options.
      const header = concat([u16(layer.sport), u16(layer.dport), u32(o.seq ?? 0), u32(o.ack ?? 0), Uint8Array.of(0x50, flags), u16(0xffff), u16(0), u16(0)]);
      return transportWithChecksum(concat([header, payload]), 6, 16, ip);
    }
    case 'sctp': {
      // The common header and an INIT chunk, the association's first packet (RFC 9260 §3.3.2).
      const init = concat([Uint8Array.of(1, 0), u16(20), u32(0x5eed0001), u32(65536), u16(10), u16(10), u32(1)]);
      const packet = concat([u16(layer.sport), u16(layer.dport), u32(0), u32(0), init]);
      const crc = crc32c(packet);
      // CRC32c goes on the wire least significant byte first (RFC 9260 appendix A).
      packet.set([crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, (crc >>> 24) & 0xff], 8);
      return packet;
    }
    case 'icmp': return icmp(layer, o);
    case 'vxlan':
      // Flags 0x08: the VNI is valid (RFC 7348 §5).
      return concat([Uint8Array.of(0x08, 0, 0, 0), u32(layer.vni << 8), rest()]);
    case 'geneve':
      // Version 0, no options, protocol 0x6558 (Transparent Ethernet Bridging) (RFC 8926 §3.4).
      return concat([Uint8Array.of(0, 0), u16(0x6558), u32(layer.vni << 8), rest()]);
    case 'wireguard': {
      // Transport data (type 4): the inner packet is encrypted, so its bytes cannot be shown;
      // zeros of the right length (padded to 16, plus the 16-byte tag) stand in for them.
      const inner = rest();
      const sealed = new Uint8Array(Math.ceil(inner.length / 16) * 16 + 16);
      const index = Uint8Array.of(layer.receiverIndex & 0xff, (layer.receiverIndex >>> 8) & 0xff, (layer.receiverIndex >>> 16) & 0xff, (layer.receiverIndex >>> 24) & 0xff);
      return concat([Uint8Array.of(4, 0, 0, 0), index, new Uint8Array(8), sealed]);
    }
    case 'dns': {
      const message = encodeDns(layer);
      // DNS over TCP prefixes each message with its length (RFC 1035 §4.2.2).
      return layers[i - 1]?.type === 'tcp' ? concat([u16(message.length), message]) : message;
    }
    case 'http': return ascii(httpText(layer));
  }
}

function ipv4(layer: IPv4Layer, a: Addresses, payload: Uint8Array): Uint8Array {
  const header = concat([
    Uint8Array.of(0x45, 0), u16(20 + payload.length),
    u16(0), u16(layer.df ? 0x4000 : 0),
    Uint8Array.of(layer.ttl & 0xff, IP_PROTOCOLS[layer.protocol]), u16(0),
    a.src, a.dst,
  ]);
  header.set(u16(internetChecksum(header)), 10);
  return concat([header, payload]);
}

/** Fills the checksum at `at` over the IPv4 pseudo-header and `segment`; UDP writes 0 as 0xffff. */
function transportWithChecksum(segment: Uint8Array, protocol: number, at: number, ip: Addresses | undefined): Uint8Array {
  if (!ip) return segment;
  const pseudo = concat([ip.src, ip.dst, Uint8Array.of(0, protocol), u16(segment.length), segment]);
  const sum = internetChecksum(pseudo);
  segment.set(u16(protocol === 17 && sum === 0 ? 0xffff : sum), at);
  return segment;
}

function icmp(layer: IcmpLayer, o: FrameOptions): Uint8Array {
  const [type, code] = ICMP_TYPES[layer.icmpType];
  const echo = type === 0 || type === 8;
  const body = echo ? concat([u16(layer.id ?? 0), u16(layer.seq ?? 0)]) : new Uint8Array(4);
  const message = concat([Uint8Array.of(type, code), u16(0), body, echo ? new Uint8Array(0) : (o.quote ?? new Uint8Array(0))]);
  message.set(u16(internetChecksum(message)), 2);
  return message;
}

/** The request line or status line and headers, as curl or the proxy sends them. */
export function httpText(h: HttpLayer): string {
  const start = h.status !== undefined ? `HTTP/1.1 ${h.status} ${h.status < 400 ? 'OK' : 'Error'}` : `${h.method ?? 'GET'} ${h.path ?? '/'} HTTP/1.1`;
  const headers = Object.entries(h.headers).map(([k, v]) => `${k}: ${v}`);
  return [start, ...headers, '', ''].join('\r\n');
}

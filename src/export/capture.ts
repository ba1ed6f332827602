// What tcpdump would see, hop by hop: a Trace becomes the frames captured at each interface it
// crosses. Hops inside the stack (routing, netfilter, conntrack), the application and the
// underlay "wire" are no capture points; a tunnel device shows the inner packet (Ethernet for
// VXLAN/Geneve, raw IP for IPIP and WireGuard); the same frame twice in a row at one interface is
// captured once (a bridge forwarding without routing). TCP gets consistent seq/ack numbers, and
// an HTTP request is sent as data after the handshake, as curl does.
import type { Hop, Layer, Phase, Trace } from '../engine/index.ts';
import { encodeLayers } from './frame.ts';
import type { FrameOptions } from './frame.ts';

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;

export interface CapturedFrame {
  /** Capture point, as Wireshark shows it: `node-1 cni0`, `shop/web-1 eth0`, `external 203.0.113.7`. */
  readonly iface: string;
  readonly linkType: typeof LINKTYPE_ETHERNET | typeof LINKTYPE_RAW;
  readonly bytes: Uint8Array;
  /** The header stack the bytes encode (what tests compare a decoder's reading with). */
  readonly layers: readonly Layer[];
  /** The hop's sentence, kept as the packet comment. */
  readonly comment: string;
}

/** The interface a hop is captured at, or undefined when the hop is not on a wire. */
export function capturePoint(hop: Hop): string | undefined {
  if (hop.at.startsWith('iface:')) return hop.at.slice('iface:'.length).replace('/', ' ');
  if (hop.at.startsWith('pod:') && hop.component === 'pod-netns') return `${hop.at.slice('pod:'.length)} ${hop.where}`;
  if (hop.at.startsWith('external:') && (hop.component === 'external' || hop.component === 'upstream-dns')) return `external ${hop.at.slice('external:'.length)}`;
  return undefined;
}

/** The layers a capture on this hop's device shows: a tunnel device sees the packet inside. */
export function capturedLayers(hop: Hop): readonly Layer[] {
  const layers = hop.packet.layers;
  if (hop.component !== 'tunnel') return layers;
  const tunnel = layers.findIndex((l) => l.type === 'vxlan' || l.type === 'geneve' || l.type === 'wireguard' || (l.type === 'ipv4' && l.protocol === 'IPIP'));
  return tunnel < 0 ? layers : layers.slice(tunnel + 1);
}

/** Deterministic initial sequence numbers: connection k's client and server ISNs. */
const clientIsn = (k: number): number => (0x1000_0000 + k * 0x0100_0000) >>> 0;
const serverIsn = (k: number): number => (0x8000_0000 + k * 0x0100_0000) >>> 0;

const isRequest = (p: Phase): boolean => p.kind === 'request' || p.kind === 'proxy-request';
const tcpOf = (layers: readonly Layer[]) => layers.find((l) => l.type === 'tcp');

/** seq/ack for a TCP segment of connection k, and the layers without a payload on SYN/RST. */
function tcpSegment(layers: readonly Layer[], k: number): { layers: readonly Layer[]; options: FrameOptions } {
  const tcp = tcpOf(layers);
  if (!tcp) return { layers, options: {} };
  const flags = new Set(tcp.flags.split(',').map((f) => f.trim()));
  const at = layers.indexOf(tcp);
  // A SYN or RST carries no data: the engine shows the request beside the first packet for teaching.
  const bare = layers.slice(0, at + 1);
  if (flags.has('SYN') && !flags.has('ACK')) return { layers: bare, options: { seq: clientIsn(k), ack: 0 } };
  if (flags.has('SYN')) return { layers: bare, options: { seq: serverIsn(k), ack: clientIsn(k) + 1 } };
  if (flags.has('RST')) return { layers: bare, options: { seq: 0, ack: clientIsn(k) + 1 } };
  return { layers, options: { seq: clientIsn(k) + 1, ack: serverIsn(k) + 1 } };
}

/** The HTTP request segment: the SYN's headers with PSH,ACK, and the request as its data. */
function dataLayers(layers: readonly Layer[]): readonly Layer[] {
  return layers.map((l) => (l.type === 'tcp' ? { ...l, flags: 'PSH,ACK' } : l));
}

/** The first IP header and 8 bytes of what follows, as an ICMP error quotes them (RFC 792). */
function quoteOf(phases: readonly Phase[], k: number): Uint8Array | undefined {
  const previous = [...phases].reverse().find((p) => p.kind !== 'icmp' && p.hops.length > 0);
  const last = previous?.hops[previous.hops.length - 1];
  if (!last) return undefined;
  const layers = last.packet.layers;
  const inner = layers.map((l) => l.type).lastIndexOf('ipv4');
  if (inner < 0) return undefined;
  const { layers: packet, options } = tcpSegment(layers.slice(inner), k);
  return encodeLayers(packet, options).slice(0, 28);
}

export function captureFrames(trace: Trace): CapturedFrame[] {
  const frames: CapturedFrame[] = [];
  let connection = -1;
  const capture = (hop: Hop, layers: readonly Layer[], options: FrameOptions) => {
    const iface = capturePoint(hop);
    const first = layers[0];
    if (iface === undefined || (first?.type !== 'ethernet' && first?.type !== 'ipv4')) return;
    const bytes = encodeLayers(layers, options);
    const prev = frames[frames.length - 1];
    if (prev && prev.iface === iface && sameBytes(prev.bytes, bytes)) return;
    frames.push({ iface, linkType: first.type === 'ethernet' ? LINKTYPE_ETHERNET : LINKTYPE_RAW, bytes, layers, comment: hop.action });
  };
  trace.phases.forEach((phase, i) => {
    if (isRequest(phase)) connection += 1;
    const k = Math.max(connection, 0);
    const quote = phase.kind === 'icmp' ? quoteOf(trace.phases.slice(0, i), k) : undefined;
    for (const hop of phase.hops) {
      const { layers, options } = tcpSegment(capturedLayers(hop), k);
      capture(hop, layers, { ...options, ...(quote ? { quote } : {}) });
    }
    // The handshake completed (the SYN-ACK reached the client): curl sends its request as data.
    const request = trace.phases[i - 1];
    const synAckArrived = phase.hops.at(-1)?.verdict === 'deliver' && phase.hops.some((h) => tcpOf(h.packet.layers)?.flags === 'SYN,ACK');
    const http = request?.hops.some((h) => h.packet.layers.some((l) => l.type === 'http' && !l.tls));
    if ((phase.kind === 'reply' || phase.kind === 'proxy-reply') && request && isRequest(request) && synAckArrived && http) {
      for (const hop of request.hops) {
        const layers = dataLayers(capturedLayers(hop));
        if (layers.some((l) => l.type === 'http')) capture(hop, layers, { seq: clientIsn(k) + 1, ack: serverIsn(k) + 1 });
      }
    }
  });
  return frames;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// What tcpdump would see, hop by hop: a Trace becomes the frames captured at each interface it
// crosses. Hops inside the stack (routing, netfilter, conntrack), the application and the
// underlay "wire" are no capture points; a tunnel device shows the inner packet (Ethernet for
// VXLAN/Geneve, raw IP for IPIP and WireGuard); the same frame twice in a row at one interface is
// captured once (a bridge forwarding without routing). TCP gets consistent seq/ack numbers, and
// the request (HTTP, DNS over TCP) is sent as data after the handshake, as on a real wire.
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

const tcpOf = (layers: readonly Layer[]) => layers.find((l) => l.type === 'tcp');
const flagsOf = (layers: readonly Layer[]): ReadonlySet<string> => new Set(tcpOf(layers)?.flags.split(',').map((f) => f.trim()) ?? []);
const isSyn = (layers: readonly Layer[]): boolean => { const f = flagsOf(layers); return f.has('SYN') && !f.has('ACK'); };
const isSynAck = (layers: readonly Layer[]): boolean => { const f = flagsOf(layers); return f.has('SYN') && f.has('ACK'); };
/** What the application sends once connected: an HTTP request (not inside TLS) or a DNS message. */
const hasData = (layers: readonly Layer[]): boolean => layers.some((l) => (l.type === 'http' && !l.tls) || l.type === 'dns');

/** seq/ack for a handshake segment of connection k, without the payload the engine shows beside it. */
function handshake(layers: readonly Layer[], k: number): { layers: readonly Layer[]; options: FrameOptions } {
  const tcp = tcpOf(layers);
  if (!tcp) return { layers, options: {} };
  // A SYN or RST carries no data: the engine shows the request beside the first packet for teaching.
  const bare = layers.slice(0, layers.indexOf(tcp) + 1);
  if (isSyn(layers)) return { layers: bare, options: { seq: clientIsn(k), ack: 0 } };
  if (isSynAck(layers)) return { layers: bare, options: { seq: serverIsn(k), ack: clientIsn(k) + 1 } };
  return { layers: bare, options: { seq: 0, ack: clientIsn(k) + 1 } };
}

/** The same headers as a data segment (PSH,ACK) carrying the payload. */
function dataLayers(layers: readonly Layer[]): readonly Layer[] {
  return layers.map((l) => (l.type === 'tcp' ? { ...l, flags: 'PSH,ACK' } : l));
}

/** Bytes of TCP payload the layers carry (a DNS message over TCP includes its length prefix). */
function payloadLength(layers: readonly Layer[]): number {
  const tcp = tcpOf(layers);
  return tcp ? encodeLayers(layers.slice(layers.indexOf(tcp))).length - 20 : 0;
}

/** The first IP header and 8 bytes of what follows, as an ICMP error quotes them (RFC 792). */
function quoteOf(phases: readonly Phase[], k: number): { bytes: Uint8Array; layers: readonly Layer[] } | undefined {
  const previous = [...phases].reverse().find((p) => p.kind !== 'icmp' && p.hops.length > 0);
  const last = previous?.hops[previous.hops.length - 1];
  if (!last) return undefined;
  const layers = last.packet.layers;
  const inner = layers.map((l) => l.type).lastIndexOf('ipv4');
  if (inner < 0) return undefined;
  const { layers: packet, options } = handshake(layers.slice(inner), k);
  // Only the quoted IP header is listed: 8 bytes are too few to read the transport header whole.
  return { bytes: encodeLayers(packet, options).slice(0, 28), layers: packet.slice(0, 1) };
}

export function captureFrames(trace: Trace): CapturedFrame[] {
  const frames: CapturedFrame[] = [];
  const capture = (hop: Hop, layers: readonly Layer[], options: FrameOptions) => {
    const iface = capturePoint(hop);
    const first = layers[0];
    if (iface === undefined || (first?.type !== 'ethernet' && first?.type !== 'ipv4')) return;
    const bytes = encodeLayers(layers, options);
    const prev = frames[frames.length - 1];
    if (prev && prev.iface === iface && sameBytes(prev.bytes, bytes)) return;
    frames.push({ iface, linkType: first.type === 'ethernet' ? LINKTYPE_ETHERNET : LINKTYPE_RAW, bytes, layers, comment: hop.action });
  };
  // The open connection: its number, and the hops whose payload waits for the handshake.
  let k = -1;
  let opened: Phase | undefined;
  let client: Hop[] = [];
  let server: Hop[] = [];
  trace.phases.forEach((phase, i) => {
    const quote = phase.kind === 'icmp' ? quoteOf(trace.phases.slice(0, i), Math.max(k, 0)) : undefined;
    for (const hop of phase.hops) {
      const layers = capturedLayers(hop);
      const error = quote && layers.some((l) => l.type === 'icmp' && !l.icmpType.startsWith('echo'));
      // Each phase that sends a SYN opens a new connection (the client's, then the proxy's).
      if (isSyn(layers) && opened !== phase) { k += 1; opened = phase; client = []; server = []; }
      if (isSyn(layers) && hasData(layers)) client.push(hop);
      if (isSynAck(layers) && hasData(layers)) server.push(hop);
      const segment = handshake(layers, Math.max(k, 0));
      // An ICMP error carries the packet it is about: its layers follow the error's own.
      capture(hop, error ? [...segment.layers, ...quote.layers] : segment.layers, { ...segment.options, ...(error ? { quote: quote.bytes } : {}) });
    }
    // The SYN-ACK reached the client: it sends its request as data, and the server answers with
    // the payload it showed on its SYN-ACK (a DNS answer over TCP), as on a real wire.
    const last = phase.hops.at(-1);
    if (!last || last.verdict !== 'deliver' || !isSynAck(last.packet.layers) || client.length === 0) return;
    const sent = payloadLength(capturedLayers(client[0]!));
    for (const hop of client) capture(hop, dataLayers(capturedLayers(hop)), { seq: clientIsn(k) + 1, ack: serverIsn(k) + 1 });
    for (const hop of server) capture(hop, dataLayers(capturedLayers(hop)), { seq: serverIsn(k) + 1, ack: clientIsn(k) + 1 + sent });
    client = [];
    server = [];
  });
  return frames;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

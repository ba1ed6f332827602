// pcapng (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface Description Block per
// capture point (its name in if_name, Ethernet or raw IP link type) and one Enhanced Packet Block
// per frame, with the hop's sentence as the packet comment. Little-endian; timestamps 1 ms apart
// from a fixed epoch so the same trace always gives the same file.
import type { Trace } from '../engine/index.ts';
import { ascii, concat } from './bytes.ts';
import { captureFrames } from './capture.ts';
import type { CapturedFrame } from './capture.ts';

/** 2026-01-01T00:00:00Z in microseconds (if_tsresol's default, 10^-6 s). */
export const EPOCH_US = 1_767_225_600_000_000;
const STEP_US = 1000;

const le16 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff);
const le32 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
const pad4 = (b: Uint8Array) => concat([b, new Uint8Array((4 - (b.length % 4)) % 4)]);

function option(code: number, value: Uint8Array): Uint8Array {
  return concat([le16(code), le16(value.length), pad4(value)]);
}

const END_OF_OPTIONS = option(0, new Uint8Array(0));

function block(type: number, body: Uint8Array): Uint8Array {
  const length = 12 + body.length;
  return concat([le32(type), le32(length), body, le32(length)]);
}

function sectionHeader(comment: string): Uint8Array {
  return block(0x0a0d0d0a, concat([
    le32(0x1a2b3c4d), le16(1), le16(0),
    // Section length -1: not given.
    le32(0xffffffff), le32(0xffffffff),
    option(1, ascii(comment)), option(4, ascii('kube-netsim')), END_OF_OPTIONS,
  ]));
}

function interfaceDescription(name: string, linkType: number): Uint8Array {
  return block(1, concat([le16(linkType), le16(0), le32(0), option(2, ascii(name)), END_OF_OPTIONS]));
}

function enhancedPacket(iface: number, index: number, frame: CapturedFrame): Uint8Array {
  const ts = EPOCH_US + index * STEP_US;
  const high = Math.floor(ts / 2 ** 32);
  return block(6, concat([
    le32(iface), le32(high), le32(ts - high * 2 ** 32), le32(frame.bytes.length), le32(frame.bytes.length),
    pad4(frame.bytes), option(1, ascii(frame.comment)), END_OF_OPTIONS,
  ]));
}

/** The file for `frames`: interfaces numbered in order of first appearance. */
export function pcapng(frames: readonly CapturedFrame[], comment: string): Uint8Array {
  const ids = new Map<string, number>();
  const blocks: Uint8Array[] = [sectionHeader(comment)];
  frames.forEach((frame, i) => {
    const key = `${frame.iface}\u0000${frame.linkType}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      blocks.push(interfaceDescription(frame.iface, frame.linkType));
    }
    blocks.push(enhancedPacket(id, i, frame));
  });
  return concat(blocks);
}

/** A trace as a pcapng file, with a section comment saying what it is and how to read VXLAN. */
export function tracePcapng(trace: Trace, title: string): Uint8Array {
  const hint = vxlanPorts(trace).some((port) => port !== 4789) ? ' Flannel sends VXLAN on UDP 8472: in Wireshark use Decode As… UDP 8472 → VXLAN.' : '';
  const copies = ' Each packet is captured at every interface it crosses (add the column frame.interface_name); Wireshark marks the later copies as retransmissions.';
  return pcapng(captureFrames(trace), `kube-netsim: ${title}. Verdict: ${trace.verdict}. ${trace.reason}${copies}${hint}`);
}

/** The UDP ports VXLAN travels on in this trace (Wireshark only knows 4789 by itself). */
function vxlanPorts(trace: Trace): number[] {
  return trace.phases.flatMap((p) => p.hops.flatMap((h) => h.packet.layers.flatMap((l, i, all) => {
    const udp = all[i - 1];
    return l.type === 'vxlan' && udp?.type === 'udp' ? [udp.dport] : [];
  })));
}

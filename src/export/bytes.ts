// Byte helpers for the packet encoders: big-endian writes, the Internet checksum (RFC 1071),
// CRC32c (SCTP, RFC 9260 appendix), and address parsing that never throws.

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export function u16(n: number): Uint8Array {
  return Uint8Array.of((n >>> 8) & 0xff, n & 0xff);
}

export function u32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The one's-complement sum of 16-bit words, folded and inverted (RFC 1071). */
export function internetChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC32c (Castagnoli), as SCTP's checksum. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC32C_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A small stable hash, for the deterministic stand-ins below. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `aa:bb:cc:dd:ee:ff`; anything else (a test's `mA`) becomes a stable locally administered MAC. */
export function macBytes(mac: string): Uint8Array {
  const parts = mac.split(':');
  if (parts.length === 6 && parts.every((p) => /^[0-9a-f]{2}$/i.test(p))) return Uint8Array.from(parts, (p) => parseInt(p, 16));
  const h = hash(mac);
  return Uint8Array.of(0x02, 0x00, (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
}

/** Dotted quad to 4 bytes; an unreadable address becomes 0.0.0.0. */
export function ipv4Bytes(ip: string): Uint8Array {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return new Uint8Array(4);
  return Uint8Array.from(parts);
}

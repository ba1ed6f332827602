// Byte-level building blocks against known vectors.
import { describe, expect, it } from 'vitest';
import { ascii, crc32c, internetChecksum, ipv4Bytes, macBytes } from '../../src/export/bytes.ts';
import { encodeDns, encodeName } from '../../src/export/dns.ts';
import { encodeLayers, httpText } from '../../src/export/frame.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!, (b) => parseInt(b, 16));

describe('checksums', () => {
  it.each<[string, Uint8Array, number]>([
    // The IPv4 header from RFC 1071's usual worked example (Wikipedia "IPv4 header checksum").
    ['an IPv4 header with its checksum field zeroed', hex('4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7'), 0xb861],
    ['the same header with the checksum in place sums to zero', hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7'), 0],
    ['an odd length pads with a zero byte', Uint8Array.of(0x01), 0xfeff],
  ])('internet checksum: %s', (_n, bytes, sum) => {
    expect(internetChecksum(bytes)).toBe(sum);
  });

  it('CRC32c of "123456789" is the check value E3069283 (RFC 3720 B.4)', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });
});

describe('addresses', () => {
  it.each<[string, number[]]>([
    ['86:29:2f:4d:40:7e', [0x86, 0x29, 0x2f, 0x4d, 0x40, 0x7e]],
    ['AA:BB:CC:DD:EE:FF', [0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]],
  ])('MAC %s', (mac, bytes) => expect([...macBytes(mac)]).toEqual(bytes));

  it('a made-up MAC becomes a stable locally administered one', () => {
    expect(macBytes('mA')[0]).toBe(0x02);
    expect([...macBytes('mA')]).toEqual([...macBytes('mA')]);
    expect([...macBytes('mA')]).not.toEqual([...macBytes('mB')]);
  });

  it.each<[string, number[]]>([['10.244.1.5', [10, 244, 1, 5]], ['not-an-ip', [0, 0, 0, 0]], ['1.2.3.256', [0, 0, 0, 0]]])('IPv4 %s', (ip, bytes) => {
    expect([...ipv4Bytes(ip)]).toEqual(bytes);
  });
});

describe('frames', () => {
  const eth = { type: 'ethernet', src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' } as const;
  const ip = { type: 'ipv4', src: '10.244.1.5', dst: '10.244.2.7', ttl: 63, protocol: 'TCP', df: true } as const;

  it('Ethernet II + IPv4: EtherType, total length, TTL, DF, protocol, a header that sums to zero', () => {
    const f = encodeLayers([eth, ip, { type: 'tcp', sport: 41000, dport: 8080, flags: 'SYN' }], { seq: 7 });
    expect(f.length).toBe(14 + 20 + 20);
    expect([f[12], f[13]]).toEqual([0x08, 0x00]);
    const header = f.subarray(14, 34);
    expect((header[2]! << 8) | header[3]!).toBe(40);
    expect(header[6]).toBe(0x40);
    expect(header[8]).toBe(63);
    expect(header[9]).toBe(6);
    expect(internetChecksum(header)).toBe(0);
    // TCP: flags byte SYN, sequence number.
    expect(f[34 + 13]).toBe(0x02);
    expect(new DataView(f.buffer).getUint32(34 + 4)).toBe(7);
  });

  it('VXLAN: flags 0x08 and the VNI in the upper 24 bits, then the inner frame', () => {
    const f = encodeLayers([eth, { ...ip, protocol: 'UDP', src: '172.16.0.11', dst: '172.16.0.12', df: false }, { type: 'udp', sport: 40000, dport: 8472 }, { type: 'vxlan', vni: 1 }, eth, ip]);
    const vxlan = f.subarray(14 + 20 + 8, 14 + 20 + 8 + 8);
    expect([...vxlan]).toEqual([0x08, 0, 0, 0, 0, 0, 1, 0]);
    expect(f.length).toBe(14 + 20 + 8 + 8 + 14 + 20);
  });

  it('IP-in-IP: protocol 4 with the inner IPv4 header right after the outer one', () => {
    const f = encodeLayers([{ ...ip, protocol: 'IPIP' }, ip]);
    expect(f[9]).toBe(4);
    expect(f[20]).toBe(0x45);
  });

  it('ICMP echo request: type 8 and a checksum that sums to zero', () => {
    const f = encodeLayers([{ ...ip, protocol: 'ICMP' }, { type: 'icmp', icmpType: 'echo-request', id: 5, seq: 1 }]);
    expect(f[20]).toBe(8);
    expect(internetChecksum(f.subarray(20))).toBe(0);
  });

  it('an HTTP request as curl writes it', () => {
    expect(httpText({ type: 'http', method: 'GET', path: '/api', headers: { Host: 'web' }, tls: false })).toBe('GET /api HTTP/1.1\r\nHost: web\r\n\r\n');
  });
});

describe('DNS messages', () => {
  it('a name as length-prefixed labels', () => {
    expect([...encodeName('a.bc.')]).toEqual([1, 0x61, 2, 0x62, 0x63, 0]);
  });

  it('a query: id, RD, one question, no answers', () => {
    const m = encodeDns({ type: 'dns', id: 0x1234, query: 'web', qtype: 'A', response: false, answers: [] });
    expect([...m.subarray(0, 12)]).toEqual([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect([...m.subarray(12)]).toEqual([3, 0x77, 0x65, 0x62, 0, 0, 1, 0, 1]);
  });

  it('an NXDOMAIN answer sets QR, RA and rcode 3; an A answer carries the address', () => {
    const nx = encodeDns({ type: 'dns', id: 1, query: 'x', qtype: 'A', response: true, rcode: 'NXDOMAIN', answers: [] });
    expect([nx[2], nx[3]]).toEqual([0x81, 0x83]);
    const a = encodeDns({ type: 'dns', id: 1, query: 'x', qtype: 'A', response: true, rcode: 'NOERROR', answers: ['x. 30 IN A 10.96.0.10'] });
    expect([a[6], a[7]]).toEqual([0, 1]);
    expect([...a.subarray(a.length - 4)]).toEqual([10, 96, 0, 10]);
  });
});

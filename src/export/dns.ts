// A DnsLayer as a real DNS message (RFC 1035 §4): header, the question, and the answers the
// engine writes as zone-file lines (`name. 30 IN A 10.96.0.10`), each as a resource record.
import type { DnsLayer } from '../engine/index.ts';
import { ascii, concat, ipv4Bytes, u16, u32 } from './bytes.ts';

const QTYPES: Readonly<Record<string, number>> = { A: 1, CNAME: 5, PTR: 12, TXT: 16, AAAA: 28, SRV: 33 };
const RCODES: Readonly<Record<string, number>> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 };
const IN = 1;

/** A domain name as length-prefixed labels; no compression, so every name stands alone. */
export function encodeName(name: string): Uint8Array {
  const labels = name.split('.').filter((l) => l !== '');
  return concat([...labels.map((l) => { const b = ascii(l).slice(0, 63); return concat([Uint8Array.of(b.length), b]); }), Uint8Array.of(0)]);
}

/** The RDATA of one answer line, or undefined when the line is not one we can encode. */
function record(line: string): Uint8Array | undefined {
  const m = /^(\S+)\s+(\d+)\s+IN\s+(\S+)\s+(.*)$/.exec(line.trim());
  if (!m) return undefined;
  const [, name, ttl, type, data] = m as unknown as [string, string, string, string, string];
  const code = QTYPES[type];
  let rdata: Uint8Array;
  switch (type) {
    case 'A': rdata = ipv4Bytes(data); break;
    case 'CNAME': case 'PTR': rdata = encodeName(data); break;
    case 'SRV': {
      const [priority, weight, port, target] = data.split(/\s+/);
      rdata = concat([u16(Number(priority)), u16(Number(weight)), u16(Number(port)), encodeName(target ?? '')]);
      break;
    }
    case 'TXT': {
      const text = ascii(data.replace(/^"|"$/g, '')).slice(0, 255);
      rdata = concat([Uint8Array.of(text.length), text]);
      break;
    }
    default: return undefined;
  }
  if (code === undefined) return undefined;
  return concat([encodeName(name), u16(code), u16(IN), u32(Number(ttl)), u16(rdata.length), rdata]);
}

export function encodeDns(dns: DnsLayer): Uint8Array {
  // RD on every query (stub resolvers ask for recursion); QR, RD, RA and the rcode on answers.
  const flags = dns.response
    ? 0x8180 | (dns.truncated ? 0x0200 : 0) | (RCODES[dns.rcode ?? 'NOERROR'] ?? 0)
    : 0x0100;
  const answers = dns.response ? dns.answers.flatMap((a) => { const r = record(a); return r ? [r] : []; }) : [];
  const question = concat([encodeName(dns.query), u16(QTYPES[dns.qtype] ?? 1), u16(IN)]);
  return concat([u16(dns.id), u16(flags), u16(1), u16(answers.length), u16(0), u16(0), question, ...answers]);
}

// A trace as text for people (and for golden files): phase headings, numbered hops one line each
// (`  3  node-1  nat PREROUTING  DNAT …`), optionally each hop's packet in DATAPATH.md's header
// notation, then the verdict. Column widths depend only on the trace, so the output is stable.
import type { Hop, Layer, PacketSnapshot, Trace } from './types.ts';

export interface RenderOptions {
  /** Print every hop's packet under it (`L2 a>b; L3 x>y ttl=64; TCP 41000>8080 [SYN]`). */
  readonly packets?: boolean;
  /** Print every hop's rules (`because`) under it. */
  readonly rules?: boolean;
}

function layerText(l: Layer): string {
  switch (l.type) {
    case 'ethernet': return `L2 ${l.src}>${l.dst}`;
    case 'ipv4': return `L3 ${l.src}>${l.dst} ttl=${l.ttl}${l.protocol === 'IPIP' ? ' proto=IPIP' : ''}`;
    case 'tcp': return `TCP ${l.sport}>${l.dport} [${l.flags}]`;
    case 'udp': return `UDP ${l.sport}>${l.dport}`;
    case 'sctp': return `SCTP ${l.sport}>${l.dport}`;
    case 'icmp': return `ICMP ${l.icmpType}${l.id !== undefined ? ` id=${l.id}` : ''}`;
    case 'vxlan': return `VXLAN vni=${l.vni}`;
    case 'geneve': return `Geneve vni=${l.vni}`;
    case 'wireguard': return `WireGuard receiver=${l.receiverIndex}`;
    case 'http': {
      if (l.status !== undefined) return `HTTP ${l.status}`;
      const tls = l.tls ? 'TLS ' : '';
      const xff = l.headers['X-Forwarded-For'] !== undefined ? ` X-Forwarded-For: ${l.headers['X-Forwarded-For']}` : '';
      return `${tls}HTTP ${l.method ?? ''} ${l.host ?? ''}${l.path ?? ''}${xff}`.trim();
    }
    case 'dns': {
      if (!l.response) return `DNS ${l.qtype}? ${l.query}`;
      return `DNS ${l.rcode ?? 'NOERROR'} ${l.query}${l.answers.length > 0 ? ` → ${l.answers.map(shortAnswer).join(', ')}` : ''}`;
    }
  }
}

/** `web.app.svc.cluster.local. 30 IN A 10.96.100.10` → `A 10.96.100.10`. */
function shortAnswer(record: string): string {
  const m = /\bIN\s+(\S+)\s+(.*)$/.exec(record);
  return m ? `${m[1]} ${m[2]}` : record;
}

/** The header stack in DATAPATH.md notation; the encapsulation is marked `OUTER … |`. */
export function packetText(p: PacketSnapshot): string {
  const layers = p.layers;
  const tunnel = layers.findIndex((l) => l.type === 'vxlan' || l.type === 'geneve' || l.type === 'wireguard');
  const ipip = layers.findIndex((l) => l.type === 'ipv4' && l.protocol === 'IPIP');
  const split = tunnel >= 0 ? tunnel + 1 : ipip >= 0 ? ipip + 1 : 0;
  const inner = layers.slice(split).map(layerText).join('; ');
  if (split === 0) return inner;
  return `OUTER ${layers.slice(0, split).map(layerText).join('; ')} | ${inner}`;
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - s.length));
}

function verdictLine(t: Trace): string {
  const served = t.servedBy ? ` (served by ${t.servedBy})` : '';
  return `Verdict: ${t.verdict}${served} — ${t.reason}`;
}

export function renderTrace(t: Trace, options: RenderOptions = {}): string {
  const hops: Hop[] = t.phases.flatMap((p) => p.hops);
  const numWidth = String(Math.max(1, hops.length)).length;
  const nodeWidth = Math.max(1, ...hops.map((h) => (h.node ?? '-').length));
  const whereWidth = Math.max(1, ...hops.map((h) => h.where.length));
  const indent = ' '.repeat(2 + numWidth + 2);
  const lines: string[] = [];
  let n = 0;
  for (const phase of t.phases) {
    lines.push(phase.name);
    for (const h of phase.hops) {
      n++;
      lines.push(`  ${String(n).padStart(numWidth)}  ${pad(h.node ?? '-', nodeWidth)}  ${pad(h.where, whereWidth)}  ${h.action}`.trimEnd());
      if (options.packets && h.packet.layers.length > 0) lines.push(`${indent}${packetText(h.packet)}`);
      if (options.rules) for (const r of h.because) lines.push(`${indent}[${r.kind}${r.rule !== undefined ? ` #${r.rule}` : ''}] ${r.text}`);
    }
    lines.push('');
  }
  lines.push(verdictLine(t));
  return `${lines.join('\n')}\n`;
}

// A hop's packet against the packet before it: the header stack split into nested frames at each
// encapsulation (outer Ethernet/IP/UDP/VXLAN around the inner packet, or IPIP's outer IP), every
// field flagged when the hop changed it. Pure, so the rules of "what changed" are unit-tested.
import type { Layer, PacketSnapshot } from '../../engine/index.ts';

export interface FieldRow {
  readonly name: string;
  readonly value: string;
  /** The value before this hop, when the hop changed it. */
  readonly old?: string;
  readonly changed: boolean;
}

export interface LayerRow {
  readonly type: Layer['type'];
  readonly title: string;
  readonly fields: readonly FieldRow[];
  /** The layer did not exist before this hop (encapsulation added it). */
  readonly added: boolean;
}

/** One level of the stack; `inner` is the packet it carries, drawn as a box inside. */
export interface Frame {
  readonly layers: readonly LayerRow[];
  readonly inner?: Frame;
}

export interface PacketDiff {
  readonly frame: Frame;
  /** Titles of layers the hop took away (decapsulation), outermost first. */
  readonly removed: readonly string[];
  /** Whether anything differs from the packet before. */
  readonly changed: boolean;
}

const titles: Readonly<Record<Layer['type'], string>> = {
  ethernet: 'Ethernet', ipv4: 'IPv4', tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmp: 'ICMP',
  vxlan: 'VXLAN', geneve: 'Geneve', wireguard: 'WireGuard', http: 'HTTP', dns: 'DNS',
};

export const layerTitle = (l: Layer): string => (l.type === 'http' && l.tls ? 'HTTPS (inside TLS)' : titles[l.type]);

/** The fields of a layer as a person reads them, in header order. */
export function fieldsOf(l: Layer): [string, string][] {
  switch (l.type) {
    case 'ethernet': return [['src MAC', l.src], ['dst MAC', l.dst]];
    case 'ipv4': return [['src', l.src], ['dst', l.dst], ['TTL', String(l.ttl)], ['protocol', l.protocol], ['DF', l.df ? 'set' : 'clear']];
    case 'tcp': return [['sport', String(l.sport)], ['dport', String(l.dport)], ['flags', l.flags]];
    case 'udp':
    case 'sctp': return [['sport', String(l.sport)], ['dport', String(l.dport)]];
    case 'icmp': return [['type', l.icmpType], ...optional('id', l.id), ...optional('seq', l.seq)];
    case 'vxlan':
    case 'geneve': return [['VNI', String(l.vni)]];
    case 'wireguard': return [['receiver index', String(l.receiverIndex)]];
    case 'http': return [
      ...optional('method', l.method), ...optional('host', l.host), ...optional('path', l.path), ...optional('status', l.status),
      ...Object.entries(l.headers).map(([k, v]): [string, string] => [k, v]),
    ];
    case 'dns': return [
      ['id', String(l.id)], [l.response ? 'answer to' : 'query', `${l.query} ${l.qtype}`], ...optional('rcode', l.rcode),
      ...l.answers.map((a, i): [string, string] => [`answer ${i + 1}`, a]), ...(l.truncated ? [['TC', 'set'] as [string, string]] : []),
    ];
  }
}

const optional = (name: string, v: string | number | undefined): [string, string][] => (v === undefined ? [] : [[name, String(v)]]);

/** The stack cut into levels, outermost first: a cut after VXLAN/Geneve/WireGuard and after an IPIP outer header. */
export function splitLevels(layers: readonly Layer[]): Layer[][] {
  const levels: Layer[][] = [[]];
  layers.forEach((l, i) => {
    levels[levels.length - 1]!.push(l);
    const encap = l.type === 'vxlan' || l.type === 'geneve' || l.type === 'wireguard' || (l.type === 'ipv4' && l.protocol === 'IPIP');
    if (encap && i < layers.length - 1) levels.push([]);
  });
  return levels;
}

/** `after` compared with `before`; without `before` (the packet as sent) nothing is marked. */
export function packetDiff(before: PacketSnapshot | undefined, after: PacketSnapshot): PacketDiff {
  const a = splitLevels(after.layers);
  const b = before ? splitLevels(before.layers) : undefined;
  // Levels line up from the innermost packet outwards: encapsulation adds outer levels, decap removes them.
  const counterpart = (i: number): Layer[] | undefined => (b ? b[b.length - a.length + i] : undefined);
  const removed: string[] = [];
  if (b) {
    for (const level of b.slice(0, Math.max(0, b.length - a.length))) removed.push(...level.map(layerTitle));
    a.forEach((level, i) => {
      const old = counterpart(i);
      if (old) removed.push(...old.filter((l) => !partnerOf(l, old, level)).map(layerTitle));
    });
  }
  const rows = a.map((level, i) => diffLevel(level, b ? counterpart(i) ?? [] : undefined));
  const frame = rows.reduceRight<Frame | undefined>((inner, layers) => ({ layers, ...(inner && { inner }) }), undefined)!;
  const changed = removed.length > 0 || rows.some((level) => level.some((l) => l.added || l.fields.some((f) => f.changed)));
  return { frame, removed, changed };
}

/** The layer of the same type and occurrence in `other` (two IPv4 headers in one level: IPIP). */
function partnerOf(l: Layer, own: readonly Layer[], other: readonly Layer[]): Layer | undefined {
  const nth = own.filter((x) => x.type === l.type).indexOf(l);
  return other.filter((x) => x.type === l.type)[nth];
}

function diffLevel(level: readonly Layer[], old: readonly Layer[] | undefined): LayerRow[] {
  return level.map((l) => {
    const prev = old ? partnerOf(l, level, old) : undefined;
    const added = old !== undefined && prev === undefined;
    const before = prev ? new Map(fieldsOf(prev)) : undefined;
    const fields = fieldsOf(l).map(([name, value]): FieldRow => {
      const was = before?.get(name);
      // A field that appears (DNS answers, HTTP status) counts as changed with no old value.
      const changed = before !== undefined && was !== value;
      return { name, value, changed, ...(changed && was !== undefined && { old: was }) };
    });
    return { type: l.type, title: layerTitle(l), fields, added };
  });
}

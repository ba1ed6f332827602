// packetDiff on the address plan of the example: pod 10.244.1.2 on node-1 (172.16.0.11) talks to
// Service backend 10.106.30.174:8080, served by pod 10.244.2.3 on node-2 (172.16.0.12).
import { describe, expect, it } from 'vitest';
import type { Layer } from '../../../src/engine/index.ts';
import { packetDiff, splitLevels } from '../../../src/ui/inspector/packetDiff.ts';
import type { Frame } from '../../../src/ui/inspector/packetDiff.ts';

const eth: Layer = { type: 'ethernet', src: '86:29:2f:4d:40:7e', dst: 'aa:41:27:a4:40:54' };
const ip: Layer = { type: 'ipv4', src: '10.244.1.2', dst: '10.106.30.174', ttl: 64, protocol: 'TCP', df: true };
const tcp: Layer = { type: 'tcp', sport: 40000, dport: 80, flags: 'SYN' };
const outer: Layer[] = [
  { type: 'ethernet', src: '1a:59:33:87:65:b9', dst: '9a:7e:c1:eb:fd:9e' },
  { type: 'ipv4', src: '172.16.0.11', dst: '172.16.0.12', ttl: 64, protocol: 'UDP', df: false },
  { type: 'udp', sport: 37721, dport: 8472 },
  { type: 'vxlan', vni: 1 },
];
const ipip: Layer = { type: 'ipv4', src: '172.16.0.11', dst: '172.16.0.12', ttl: 64, protocol: 'IPIP', df: false };

/** Every changed field as `Layer.field: old → new` (or `+Layer` for an added layer), outermost first. */
function changes(frame: Frame | undefined): string[] {
  if (!frame) return [];
  const here = frame.layers.flatMap((l) => (l.added ? [`+${l.title}`] : l.fields.filter((f) => f.changed).map((f) => `${l.title}.${f.name}: ${f.old ?? ''} → ${f.value}`)));
  return [...here, ...changes(frame.inner)];
}

const depth = (frame: Frame | undefined): number => (frame ? 1 + depth(frame.inner) : 0);

describe('packetDiff', () => {
  const cases: { name: string; before?: Layer[]; after: Layer[]; changes: string[]; removed?: string[]; depth?: number }[] = [
    { name: 'the packet as sent marks nothing', after: [eth, ip, tcp], changes: [] },
    { name: 'an unchanged hop marks nothing', before: [eth, ip, tcp], after: [eth, ip, tcp], changes: [] },
    {
      name: 'DNAT rewrites the destination address and port',
      before: [eth, ip, tcp], after: [eth, { ...ip, dst: '10.244.2.3' }, { ...tcp, dport: 8080 }],
      changes: ['IPv4.dst: 10.106.30.174 → 10.244.2.3', 'TCP.dport: 80 → 8080'],
    },
    {
      name: 'SNAT (masquerade) rewrites the source',
      before: [eth, ip, tcp], after: [eth, { ...ip, src: '172.16.0.11' }, { ...tcp, sport: 61000 }],
      changes: ['IPv4.src: 10.244.1.2 → 172.16.0.11', 'TCP.sport: 40000 → 61000'],
    },
    { name: 'routing decrements the TTL', before: [eth, ip, tcp], after: [eth, { ...ip, ttl: 63 }, tcp], changes: ['IPv4.TTL: 64 → 63'] },
    {
      name: 'routing rewrites both MACs',
      before: [eth, ip, tcp], after: [{ type: 'ethernet', src: 'aa:41:27:a4:40:54', dst: '8e:cd:60:ca:2e:29' }, ip, tcp],
      changes: ['Ethernet.src MAC: 86:29:2f:4d:40:7e → aa:41:27:a4:40:54', 'Ethernet.dst MAC: aa:41:27:a4:40:54 → 8e:cd:60:ca:2e:29'],
    },
    {
      name: 'VXLAN encapsulation adds an outer frame around the unchanged packet',
      before: [eth, ip, tcp], after: [...outer, eth, ip, tcp],
      changes: ['+Ethernet', '+IPv4', '+UDP', '+VXLAN'], depth: 2,
    },
    {
      name: 'decapsulation removes the outer headers',
      before: [...outer, eth, ip, tcp], after: [eth, ip, tcp],
      changes: [], removed: ['Ethernet', 'IPv4', 'UDP', 'VXLAN'],
    },
    {
      // IP-in-IP carries the bare IP packet: its own Ethernet header is gone, a new outer one leads.
      name: 'IPIP adds an outer IP header around the bare IP packet',
      before: [eth, ip, tcp], after: [outer[0]!, ipip, ip, tcp],
      changes: ['+Ethernet', '+IPv4'], removed: ['Ethernet'], depth: 2,
    },
    {
      name: 'a change inside the tunnel is marked on the inner packet',
      before: [...outer, eth, ip, tcp], after: [...outer, eth, { ...ip, ttl: 63 }, tcp],
      changes: ['IPv4.TTL: 64 → 63'], depth: 2,
    },
  ];
  it.each(cases)('$name', (c) => {
    const d = packetDiff(c.before ? { layers: c.before } : undefined, { layers: c.after });
    expect(changes(d.frame)).toEqual(c.changes);
    expect(d.removed).toEqual(c.removed ?? []);
    expect(depth(d.frame)).toBe(c.depth ?? 1);
    expect(d.changed).toBe(c.changes.length + (c.removed?.length ?? 0) > 0);
  });

  it('a DNS answer that appears is marked as changed without an old value', () => {
    const q: Layer = { type: 'dns', id: 7, query: 'backend.shop.svc.cluster.local', qtype: 'A', response: false, answers: [] };
    const a: Layer = { ...q, response: true, rcode: 'NOERROR', answers: ['backend.shop.svc.cluster.local. 30 IN A 10.106.30.174'] };
    const d = packetDiff({ layers: [q] }, { layers: [a] });
    expect(d.frame.layers[0]!.fields.filter((f) => f.changed).map((f) => [f.name, f.old])).toEqual([
      ['answer to', undefined], ['rcode', undefined], ['answer 1', undefined],
    ]);
  });
});

describe('splitLevels', () => {
  it.each([
    { name: 'a plain packet is one level', layers: [eth, ip, tcp], sizes: [3] },
    { name: 'VXLAN cuts after the VXLAN header', layers: [...outer, eth, ip, tcp], sizes: [4, 3] },
    { name: 'IPIP cuts after the outer IP', layers: [outer[0]!, ipip, ip, tcp], sizes: [2, 2] },
    { name: 'WireGuard cuts after its header', layers: [outer[0]!, outer[1]!, outer[2]!, { type: 'wireguard', receiverIndex: 3 }, ip, tcp] as Layer[], sizes: [4, 2] },
  ])('$name', ({ layers, sizes }) => {
    expect(splitLevels(layers).map((l) => l.length)).toEqual(sizes);
  });
});

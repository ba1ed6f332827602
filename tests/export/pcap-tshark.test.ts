// The pcapng export read back by Wireshark's own decoder (tshark): for the example's saved flows
// under several CNIs (VXLAN on 8472 and 4789, IPIP, Geneve, WireGuard), every frame decodes on
// the right interface with the addresses, TTLs, VNIs, DNS names, SYN flags and HTTP hosts of the
// trace, nothing is malformed, and every checksum Wireshark can check is good.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { trace } from '../../src/engine/index.ts';
import type { Layer, Trace } from '../../src/engine/index.ts';
import { captureFrames, tracePcapng } from '../../src/export/index.ts';
import { parse } from '../../src/parse/index.ts';
import { commandChoice, savedFlows } from '../../src/state/choices.ts';

const hasTshark = spawnSync('tshark', ['-v']).status === 0;
if (!hasTshark) console.warn('tshark is not installed: skipping the pcapng decode tests. Install it with `DEBIAN_FRONTEND=noninteractive apt-get install -y tshark` (scripts/test-all.sh does when run as root).');

const example = readFileSync('src/scenarios/example.yaml', 'utf8');
const CNIS: readonly [string, string][] = [['flannel', 'vxlan'], ['calico', 'vxlan'], ['calico', 'ipip'], ['cilium', 'geneve'], ['flannel', 'wireguard']];

// Beyond the saved flows: ICMP echo and port unreachable, a refused TCP port, DNS over TCP, NXDOMAIN.
const COMMANDS = [
  'ping -c1 10.244.2.4', 'nc -zu 10.244.1.2 9999', 'nc -z 10.244.2.3 9999', 'dig +tcp backend.shop.svc.cluster.local', 'nslookup nope',
].map((c) => `kubectl exec -n shop deploy/frontend -- ${c}`);

function traces(plugin: string, mode: string): [string, Trace][] {
  const text = example.replace('    plugin: flannel\n    mode: vxlan\n', `    plugin: ${plugin}\n    mode: ${mode}\n`);
  const cluster = build(parse({ name: 'example.yaml', text }));
  const choices = [
    ...savedFlows(cluster).flatMap((f) => (f.choice.ok ? [f.choice.value] : [])),
    ...(plugin === 'flannel' && mode === 'vxlan' ? COMMANDS.flatMap((c) => { const r = commandChoice(c); return r.ok ? [r.value] : []; }) : []),
  ];
  return choices.flatMap((c) => {
    const t = trace(cluster, c.spec, { namespace: c.namespace });
    return t.ok ? [[c.label, t.value] as [string, Trace]] : [];
  });
}

const dir = hasTshark ? mkdtempSync(join(tmpdir(), 'netsim-pcap-')) : '';
// Checksum validation on; sequence analysis off, so the same segment seen at the next interface
// is decoded in full rather than marked as a retransmission.
const PREFS = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.analyze_sequence_numbers:FALSE'];

function tshark(file: string, args: readonly string[]): string[] {
  // Flannel's VXLAN port is not Wireshark's default (4789): decode it as a student would.
  const r = spawnSync('tshark', ['-r', file, '-d', 'udp.port==8472,vxlan', ...PREFS, ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

const FIELDS = ['frame.interface_name', 'eth.src', 'ip.src', 'ip.dst', 'ip.ttl', 'vxlan.vni', 'geneve.vni', 'dns.qry.name', 'tcp.flags.syn', 'http.host', 'ip.checksum.status'];

/** What tshark should print for a frame's layers, field by field (repeated fields comma-joined). */
function expected(iface: string, layers: readonly Layer[]): string[] {
  const all = <T extends Layer['type']>(type: T) => layers.filter((l): l is Extract<Layer, { type: T }> => l.type === type);
  const inIp = layers.findIndex((l) => l.type === 'wireguard');
  // Behind WireGuard the inner packet is encrypted: tshark sees only the outer headers.
  const visible = inIp < 0 ? layers : layers.slice(0, inIp + 1);
  const seen = <T extends Layer['type']>(type: T) => all(type).filter((l) => visible.includes(l));
  const ips = seen('ipv4');
  const tcp = seen('tcp')[0];
  const dns = seen('dns')[0];
  const http = seen('http')[0];
  return [
    iface,
    seen('ethernet').map((e) => e.src).join(','),
    ips.map((i) => i.src).join(','), ips.map((i) => i.dst).join(','), ips.map((i) => i.ttl).join(','),
    seen('vxlan').map((v) => v.vni).join(','), // tshark prints Geneve's VNI in hex.
    seen('geneve').map((g) => `0x${g.vni.toString(16).padStart(6, '0')}`).join(','),
    dns && !dns.response ? dns.query : dns ? dns.query : '',
    tcp ? (tcp.flags.split(',').includes('SYN') ? '1' : '0') : '',
    http?.host ?? '',
    // 1: Wireshark checked the IPv4 header checksum and found it good.
    ips.map(() => '1').join(','),
  ];
}

describe.skipIf(!hasTshark)('pcapng read back by tshark', () => {
  for (const [plugin, mode] of CNIS) {
    for (const [name, t] of traces(plugin, mode)) {
      // Tunnels change only what crosses nodes: the denied flows add nothing beyond flannel/vxlan.
      if (!(plugin === 'flannel' && mode === 'vxlan') && t.verdict !== 'delivered') continue;
      it(`${plugin}/${mode} ${name}: fields match the trace, nothing malformed, checksums good`, { timeout: 30_000 }, () => {
        const file = join(dir, `${plugin}-${mode}-${name.replace(/[^a-z0-9]+/gi, '-')}.pcapng`);
        writeFileSync(file, tracePcapng(t, name));
        const frames = captureFrames(t);
        const rows = tshark(file, ['-T', 'fields', '-E', 'separator=\t', ...FIELDS.flatMap((f) => ['-e', f])]);
        expect(rows.map((r) => r.split('\t'))).toEqual(frames.map((f) => expected(f.iface, f.layers)));
        const bad = '_ws.malformed || _ws.expert.severity == "error" || ip.checksum.status == "Bad" || tcp.checksum.status == "Bad" || udp.checksum.status == "Bad" || icmp.checksum.status == "Bad"';
        expect(tshark(file, ['-Y', bad])).toEqual([]);
      });
    }
  }
});

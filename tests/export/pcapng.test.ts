// The pcapng file's structure, and which frames each capture point gets.
import { describe, expect, it } from 'vitest';
import { captureFrames, capturePoint, capturedLayers, LINKTYPE_ETHERNET, LINKTYPE_RAW } from '../../src/export/capture.ts';
import { EPOCH_US, pcapng } from '../../src/export/pcapng.ts';
import { exportFileName, traceJson } from '../../src/export/text.ts';
import type { Hop, Layer, Trace } from '../../src/engine/types.ts';

const eth = (src = '02:00:00:00:00:01'): Layer => ({ type: 'ethernet', src, dst: '02:00:00:00:00:02' });
const ip = (protocol: 'TCP' | 'UDP' | 'IPIP' = 'TCP', ttl = 64): Layer => ({ type: 'ipv4', src: '10.244.1.5', dst: '10.244.2.7', ttl, protocol, df: true });
const syn: Layer = { type: 'tcp', sport: 41000, dport: 8080, flags: 'SYN' };
const hop = (at: string, layers: Layer[], extra: Partial<Hop> = {}): Hop =>
  ({ at, component: 'veth', where: 'eth0', action: `at ${at}`, packet: { layers }, verdict: 'pass', because: [], ...extra });
const traceOf = (hops: Hop[]): Trace => ({ flow: { from: 'a', to: 'b', protocol: 'TCP' }, phases: [{ name: 'connect', kind: 'request', hops }], verdict: 'delivered', reason: 'ok' });

/** Walks the blocks: [type, total length] each, checking both length fields agree. */
function blocks(file: Uint8Array): [number, number][] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: [number, number][] = [];
  for (let at = 0; at < file.length;) {
    const length = v.getUint32(at + 4, true);
    expect(v.getUint32(at + length - 4, true)).toBe(length);
    out.push([v.getUint32(at, true), length]);
    at += length;
  }
  return out;
}

describe('capture points', () => {
  it.each<[string, Partial<Hop>, string | undefined]>([
    ['iface:node-1/cni0', { component: 'bridge' }, 'node-1 cni0'],
    ['pod:shop/web-1', { component: 'pod-netns' }, 'shop/web-1 eth0'],
    ['pod:shop/web-1', { component: 'application' }, undefined],
    ['node:node-1', { component: 'netfilter', where: 'nat PREROUTING' }, undefined],
    ['underlay', { component: 'underlay' }, undefined],
    ['external:203.0.113.7', { component: 'external' }, 'external 203.0.113.7'],
  ])('%s (%o) → %s', (at, extra, point) => {
    expect(capturePoint(hop(at, [], extra))).toBe(point);
  });

  it('a tunnel device shows the packet inside: Ethernet for VXLAN, raw IP for IPIP', () => {
    const vxlan = hop('iface:node-1/flannel.1', [eth(), ip('UDP'), { type: 'udp', sport: 1, dport: 8472 }, { type: 'vxlan', vni: 1 }, eth('02:00:00:00:00:09'), ip(), syn], { component: 'tunnel' });
    expect(capturedLayers(vxlan).map((l) => l.type)).toEqual(['ethernet', 'ipv4', 'tcp']);
    const ipip = hop('iface:node-1/tunl0', [eth(), ip('IPIP'), ip(), syn], { component: 'tunnel' });
    const frames = captureFrames(traceOf([ipip]));
    expect(frames.map((f) => [f.iface, f.linkType, f.bytes[0]])).toEqual([['node-1 tunl0', LINKTYPE_RAW, 0x45]]);
  });

  it('skips hops off the wire, keeps one copy of a frame repeated at one interface, and drops the payload from a SYN', () => {
    const http: Layer = { type: 'http', method: 'GET', path: '/', headers: {}, tls: false };
    const frames = captureFrames(traceOf([
      hop('pod:app/client', [eth(), ip(), syn, http], { component: 'pod-netns' }),
      hop('iface:node-1/cni0', [eth(), ip(), syn, http], { component: 'bridge' }),
      hop('node:node-1', [eth(), ip(), syn, http], { component: 'routing' }),
      hop('iface:node-1/cni0', [eth(), ip(), syn, http], { component: 'bridge' }),
      hop('iface:node-1/cni0', [eth('02:00:00:00:00:03'), ip('TCP', 63), syn, http], { component: 'bridge' }),
    ]));
    expect(frames.map((f) => f.iface)).toEqual(['app/client eth0', 'node-1 cni0', 'node-1 cni0']);
    expect(frames.every((f) => f.linkType === LINKTYPE_ETHERNET && f.bytes.length === 54)).toBe(true);
  });
});

describe('pcapng file', () => {
  const frames = captureFrames(traceOf([
    hop('pod:app/client', [eth(), ip(), syn], { component: 'pod-netns' }),
    hop('iface:node-1/veth1', [eth(), ip(), { ...syn, sport: 3 }]),
    hop('pod:app/client', [eth(), ip(), { ...syn, sport: 5 }], { component: 'pod-netns' }),
  ]));
  const file = pcapng(frames, 'a test');

  it('is a section header, one interface block per capture point, one packet block per frame; every length a multiple of 4', () => {
    const list = blocks(file);
    expect(list.map(([type]) => type)).toEqual([0x0a0d0d0a, 1, 6, 1, 6, 6]);
    expect(list.every(([, length]) => length % 4 === 0)).toBe(true);
  });

  it('packet blocks name their interface and are 1 ms apart from the fixed epoch', () => {
    const v = new DataView(file.buffer);
    const list = blocks(file);
    let at = 0;
    const packets: [number, number][] = [];
    for (const [type, length] of list) {
      if (type === 6) packets.push([v.getUint32(at + 8, true), v.getUint32(at + 12, true) * 2 ** 32 + v.getUint32(at + 16, true)]);
      at += length;
    }
    expect(packets).toEqual([[0, EPOCH_US], [1, EPOCH_US + 1000], [0, EPOCH_US + 2000]]);
  });

  it('the same trace always gives the same bytes', () => {
    expect(pcapng(frames, 'a test')).toEqual(file);
  });
});

describe('file names and JSON', () => {
  it.each<[string, string, string]>([
    ['frontend-to-backend', 'pcapng', 'kube-netsim-frontend-to-backend.pcapng'],
    ['curl http://backend:8080/api', 'txt', 'kube-netsim-curl-http-backend-8080-api.txt'],
    ['???', 'json', 'kube-netsim.json'],
  ])('%s → %s', (label, ext, name) => expect(exportFileName(label, ext)).toBe(name));

  it('JSON round-trips the trace', () => {
    const t = traceOf([hop('pod:app/client', [eth(), ip(), syn])]);
    expect(JSON.parse(traceJson(t))).toEqual(t);
  });
});

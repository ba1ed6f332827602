// Text rendering of traces: DATAPATH.md's header notation for packets, stable columns.
import { describe, expect, it } from 'vitest';
import { packetText, renderTrace } from '../../src/engine/trace-render.ts';
import type { Layer, Trace } from '../../src/engine/types.ts';

describe('packetText (DATAPATH §0.1 header notation)', () => {
  it.each<[string, Layer[], string]>([
    ['a plain TCP SYN', [
      { type: 'ethernet', src: 'mC', dst: 'mA' }, { type: 'ipv4', src: '10.244.1.5', dst: '10.244.1.9', ttl: 64, protocol: 'TCP', df: true },
      { type: 'tcp', sport: 41000, dport: 8080, flags: 'SYN' },
    ], 'L2 mC>mA; L3 10.244.1.5>10.244.1.9 ttl=64; TCP 41000>8080 [SYN]'],
    // §3.1: the outer headers come first, marked OUTER, then the inner packet.
    ['VXLAN encapsulation', [
      { type: 'ethernet', src: 'e1', dst: 'e2' }, { type: 'ipv4', src: '172.16.0.11', dst: '172.16.0.12', ttl: 64, protocol: 'UDP', df: false },
      { type: 'udp', sport: 40000, dport: 8472 }, { type: 'vxlan', vni: 1 },
      { type: 'ethernet', src: 'f1', dst: 'f2' }, { type: 'ipv4', src: '10.244.1.5', dst: '10.244.2.7', ttl: 63, protocol: 'TCP', df: true },
    ], 'OUTER L2 e1>e2; L3 172.16.0.11>172.16.0.12 ttl=64; UDP 40000>8472; VXLAN vni=1 | L2 f1>f2; L3 10.244.1.5>10.244.2.7 ttl=63'],
    // §3.4: IP-in-IP has no inner Ethernet.
    ['IP-in-IP', [
      { type: 'ethernet', src: 'e1', dst: 'e2' }, { type: 'ipv4', src: '172.16.0.11', dst: '172.16.0.12', ttl: 64, protocol: 'IPIP', df: false },
      { type: 'ipv4', src: '192.168.36.5', dst: '192.168.54.7', ttl: 63, protocol: 'TCP', df: true },
    ], 'OUTER L2 e1>e2; L3 172.16.0.11>172.16.0.12 ttl=64 proto=IPIP | L3 192.168.36.5>192.168.54.7 ttl=63'],
    ['a DNS answer', [
      { type: 'udp', sport: 53, dport: 35000 },
      { type: 'dns', id: 1, query: 'web.app.svc.cluster.local', qtype: 'A', response: true, rcode: 'NOERROR', answers: ['web.app.svc.cluster.local. 30 IN A 10.96.100.10'] },
    ], 'UDP 53>35000; DNS NOERROR web.app.svc.cluster.local → A 10.96.100.10'],
    ['a proxied HTTP request', [
      { type: 'http', method: 'GET', host: 'shop.example.com', path: '/api', headers: { 'X-Forwarded-For': '10.244.1.0' }, tls: false },
    ], 'HTTP GET shop.example.com/api X-Forwarded-For: 10.244.1.0'],
  ])('%s', (_n, layers, text) => {
    expect(packetText({ layers })).toBe(text);
  });
});

describe('renderTrace', () => {
  const packet = { layers: [] };
  const t: Trace = {
    flow: { from: 'app/client', to: '10.244.1.9:8080', protocol: 'TCP' },
    phases: [
      { name: 'connect', kind: 'request', hops: [
        { at: 'pod:app/client', node: 'node-1', component: 'pod-netns', where: 'eth0', action: 'sends', packet, verdict: 'pass', because: [] },
        { at: 'underlay', component: 'underlay', where: 'underlay', action: 'carries', packet, verdict: 'pass', because: [{ kind: 'route', text: 'default via 172.16.0.1 dev eth0' }] },
      ] },
      { name: 'reply', kind: 'reply', hops: [{ at: 'pod:app/web-a', node: 'node-1', component: 'pod-netns', where: 'eth0', action: 'answers', packet, verdict: 'deliver', because: [] }] },
    ],
    verdict: 'delivered', reason: 'It worked.', servedBy: 'app/web-a',
  };

  it('numbers hops across phases, aligns the columns, and ends with the verdict', () => {
    expect(renderTrace(t)).toBe([
      'connect',
      '  1  node-1  eth0      sends',
      '  2  -       underlay  carries',
      '',
      'reply',
      '  3  node-1  eth0      answers',
      '',
      'Verdict: delivered (served by app/web-a) — It worked.',
      '',
    ].join('\n'));
  });

  it('rules: the RuleRefs under each hop', () => {
    expect(renderTrace(t, { rules: true })).toContain('  2  -       underlay  carries\n     [route] default via 172.16.0.1 dev eth0\n');
  });
});

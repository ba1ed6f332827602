// Pod → pod, hop by hop, for every CNI mode: one table per DATAPATH.md hop table (§2.1–2.3,
// §3.1–3.8). Each row: where | inner TTL | inner src>dst | innermost Ethernet src>dst, with MACs
// named symbolically after the interfaces of the built ClusterState (helpers `sym`).
import { describe, expect, it } from 'vitest';
import type { CniMode, CniPlugin } from '../../src/model/objects.ts';
import { deepFreeze } from '../cluster/net-fixtures.ts';
import { formatHops, fromPod, layersOf, plan, pod, row, sendFrom, sym, tcp } from './datapath-helpers.ts';
import type { Hop, Layer } from '../../src/engine/types.ts';

function expectRows(plugin: CniPlugin, mode: CniMode, dst: 'web-a' | 'web-b', expected: readonly string[]) {
  const state = deepFreeze(plan({ plugin, mode }));
  const client = pod(state, 'client');
  const out = sendFrom(state, fromPod(client), tcp(client.ip!, pod(state, dst).ip!, 8080));
  expect(out.hops.map(row), formatHops(out.hops)).toEqual(expected.map((r) => sym(state, r)));
  expect(out.outcome, out.reason).toBe('delivered');
  expect(out.receivedBy).toEqual({ kind: 'pod', pod: pod(state, dst) });
  return { state, out };
}

const FLANNEL_WIRE = '10.244.1.5>10.244.2.7';

describe('same node (DATAPATH §2)', () => {
  it('§2.1 bridge CNI: ARP for the peer directly, switched by cni0, TTL 64 all the way, MACs pod→pod', () => {
    const ab = '10.244.1.5>10.244.1.9';
    const l2 = '{m:client}>{m:web-a}';
    const { out } = expectRows('flannel', 'vxlan', 'web-a', [
      `eth0 | 64 | ${ab} | ${l2}`, // 1 client netns: on-link → ARP for the peer itself [L]
      `{hv:client} | 64 | ${ab} | ${l2}`, // 2 veth unchanged
      `cni0 | 64 | ${ab} | ${l2}`, // 3 switched, TTL not decremented [L]
      `br_netfilter | 64 | ${ab} | ${l2}`, // 4 bridge-nf-call-iptables=1 [V S35]
      `br_netfilter filter FORWARD | 64 | ${ab} | ${l2}`, // flannel's policy controller: egress of client
      `br_netfilter filter FORWARD | 64 | ${ab} | ${l2}`, // … and ingress of web-a
      `{hv:web-a} | 64 | ${ab} | ${l2}`, // 5 veth → web-a eth0
      `eth0 | 64 | ${ab} | ${l2}`,
    ]);
    // The pod's own connected route decided it, as `ip route` prints it.
    expect(out.hops[0]!.because.map((b) => b.text)).toContain('10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.5');
    // …and the neighbour entry as the pod's own `ip neigh` shows it: on its eth0, not on cni0.
    expect(out.hops[0]!.because.map((b) => b.text)).toContain(sym(plan(), '10.244.1.9 dev eth0 lladdr {m:web-a} REACHABLE'));
    // Step 3: the bridge forwards by its FDB (web-a's MAC learned on web-a's port).
    expect(out.hops[2]!.because).toEqual([{ kind: 'fdb', text: sym(plan(), '{m:web-a} dev {hv:web-a} master cni0') }]);
  });

  it('§2.1 reply: the mirror image (mA>mC, ttl 64), bridged without a NetworkPolicy check', () => {
    const state = plan();
    const back = sendFrom(state, fromPod(pod(state, 'web-a')), tcp('10.244.1.9', '10.244.1.5', 41000, 8080), { reply: true });
    const dump = formatHops(back.hops);
    expect(back.outcome, dump).toBe('delivered');
    expect(back.hops.map(row), dump).toEqual([
      'eth0 | 64 | 10.244.1.9>10.244.1.5 | {m:web-a}>{m:client}', '{hv:web-a} | 64 | 10.244.1.9>10.244.1.5 | {m:web-a}>{m:client}',
      'cni0 | 64 | 10.244.1.9>10.244.1.5 | {m:web-a}>{m:client}', 'br_netfilter | 64 | 10.244.1.9>10.244.1.5 | {m:web-a}>{m:client}',
      '{hv:client} | 64 | 10.244.1.9>10.244.1.5 | {m:web-a}>{m:client}', 'eth0 | 64 | 10.244.1.9>10.244.1.5 | {m:web-a}>{m:client}',
    ].map((r) => sym(state, r)));
  });

  it('§2.2 Calico: proxy-ARP gateway ee:ee:ee:ee:ee:ee, routed (TTL 63), cali-fw then cali-tw', () => {
    const ab = '{ip:client}>{ip:web-a}';
    expectRows('calico', 'ipip', 'web-a', [
      `eth0 | 64 | ${ab} | {m:client}>ee:ee:ee:ee:ee:ee`, // 1–3 default via 169.254.1.1, proxy ARP
      `{hv:client} | 64 | ${ab} | {m:client}>ee:ee:ee:ee:ee:ee`,
      `nat PREROUTING | 64 | ${ab} | {m:client}>ee:ee:ee:ee:ee:ee`, // 4 kube-proxy: no match
      // 5 /32 route to caliBBBB, TTL−1; 7 MACs. DATAPATH lists the FORWARD policy (4) before the
      // routing (5), but Linux decides the route and decrements the TTL (ip_forward) before the
      // FORWARD hook, where cali-FORWARD runs both dispatches (net/ipv4/ip_forward.c).
      `routing | 63 | ${ab} | ee:ee:ee:ee:ee:ee>{m:web-a}`,
      `filter FORWARD cali-fw-{hv:client} | 63 | ${ab} | ee:ee:ee:ee:ee:ee>{m:web-a}`, // 4 egress policy of client
      `filter FORWARD cali-tw-{hv:web-a} | 63 | ${ab} | ee:ee:ee:ee:ee:ee>{m:web-a}`, // 6 ingress policy of web-a
      `nat POSTROUTING | 63 | ${ab} | ee:ee:ee:ee:ee:ee>{m:web-a}`,
      `{hv:web-a} | 63 | ${ab} | ee:ee:ee:ee:ee:ee>{m:web-a}`,
      `eth0 | 63 | ${ab} | ee:ee:ee:ee:ee:ee>{m:web-a}`, // 8 delivered
    ]);
  });

  it('§2.3 Cilium: eBPF ARP responder, egress policy at the source lxc, ipv4_l3 TTL−1, ingress at the destination lxc, no netfilter hook', () => {
    const ab = '10.244.1.5>10.244.1.9';
    expectRows('cilium', 'vxlan', 'web-a', [
      `eth0 | 64 | ${ab} | {m:client}>{hvm:client}`, // 1 lxc MAC answers ARP
      `{hv:client} | 64 | ${ab} | {m:client}>{hvm:client}`,
      `{hv:client} (from-container) | 64 | ${ab} | {m:client}>{hvm:client}`, // 2 egress policy
      `ipv4_l3 | 63 | ${ab} | {hvm:web-a}>{m:web-a}`, // 3 TTL−1 and MAC rewrite
      `{hv:web-a} (to-container) | 63 | ${ab} | {hvm:web-a}>{m:web-a}`, // 3 ingress policy, redirect to its lxc
      `{hv:web-a} | 63 | ${ab} | {hvm:web-a}>{m:web-a}`,
      `eth0 | 63 | ${ab} | {hvm:web-a}>{m:web-a}`, // 4 delivered
    ]);
  });
});

/** The encapsulation hop (verdict 'encap') and its outer layers. */
function encapHop(hops: readonly Hop[]): { hop: Hop; outer: readonly Layer[] } {
  const hop = hops.find((h) => h.verdict === 'encap');
  if (!hop) throw new Error(`no encap hop:\n${formatHops(hops)}`);
  const layers = hop.packet.layers;
  const tunnel = layers.findIndex((l) => l.type === 'vxlan' || l.type === 'geneve' || l.type === 'wireguard');
  // IP-in-IP: the outer header ends where the inner IPv4 header starts.
  const end = tunnel >= 0 ? tunnel + 1 : layers.findIndex((l, i) => l.type === 'ipv4' && layers[i - 1]?.type === 'ipv4');
  return { hop, outer: layers.slice(0, end) };
}

describe('cross node (DATAPATH §3)', () => {
  it('§3.1 flannel VXLAN: steps 1–12 exactly', () => {
    const w = FLANNEL_WIRE;
    const vtep = '{if:node-1/flannel.1}>{if:node-2/flannel.1}';
    const { state, out } = expectRows('flannel', 'vxlan', 'web-b', [
      `eth0 | 64 | ${w} | {m:client}>{if:node-1/cni0}`, // 1 off-link → gateway 10.244.1.1, answered by cni0
      `{hv:client} | 64 | ${w} | {m:client}>{if:node-1/cni0}`, // 2 veth
      `cni0 | 64 | ${w} | {m:client}>{if:node-1/cni0}`, // 2 dst MAC is the bridge's own → routed
      `nat PREROUTING | 64 | ${w} | {m:client}>{if:node-1/cni0}`, // 3 KUBE-SERVICES: no match
      `routing | 63 | ${w} | ${vtep}`, // 4 route via flannel.1 onlink, TTL−1, static neighbour
      `filter FORWARD | 63 | ${w} | ${vtep}`, // 5 FORWARD (egress policy of client, flannel netpol)
      `nat POSTROUTING | 63 | ${w} | ${vtep}`, // 5 FLANNEL-POSTRTG RETURN: no masquerade
      `flannel.1 | 63 | ${w} | ${vtep}`, // 6 FDB → 172.16.0.12, VXLAN encapsulation
      `eth0 | 63 | ${w} | ${vtep}`, // 7 underlay
      `underlay | 63 | ${w} | ${vtep}`, // 8
      `eth0 | 63 | ${w} | ${vtep}`, // 9 node2 eth0
      `flannel.1 | 63 | ${w} | ${vtep}`, // 9 decapsulated
      `nat PREROUTING | 63 | ${w} | ${vtep}`,
      `routing | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`, // 10 connected, TTL−1, ARP on cni0
      `filter FORWARD | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`, // ingress of web-b on its node
      `nat POSTROUTING | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`,
      `cni0 | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`, // 11 switched to web-b's port
      `{hv:web-b} | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`,
      `eth0 | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`, // 12 delivered, ttl 62
    ]);
    // Step 4's route as `ip route` prints it; step 6's FDB entry.
    expect(out.hops[4]!.because[0]).toEqual({ kind: 'route', text: '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink' });
    const { hop, outer } = encapHop(out.hops);
    expect(hop.because[0]!.text).toBe(sym(state, '{if:node-2/flannel.1} dev flannel.1 dst 172.16.0.12 self permanent'));
    // 6–7: outer node→node, TTL 64, DF clear, UDP to 8472 from a flow-hash port, VNI 1.
    expect(outer).toEqual([
      { type: 'ethernet', src: sym(state, '{if:node-1/eth0}'), dst: sym(state, '{if:node-2/eth0}') },
      { type: 'ipv4', src: '172.16.0.11', dst: '172.16.0.12', ttl: 64, protocol: 'UDP', df: false },
      { type: 'udp', sport: expect.any(Number), dport: 8472 },
      { type: 'vxlan', vni: 1 },
    ]);
    const sport = (outer[2] as { sport: number }).sport;
    expect(sport).toBeGreaterThanOrEqual(32768);
    expect(sport).toBeLessThanOrEqual(60999);
  });

  it('§3.2 flannel host-gw: route via node2 on eth0, pod IPs on the wire, TTL 63 then 62', () => {
    const w = FLANNEL_WIRE;
    const wire = '{if:node-1/eth0}>{if:node-2/eth0}';
    const { out } = expectRows('flannel', 'host-gw', 'web-b', [
      `eth0 | 64 | ${w} | {m:client}>{if:node-1/cni0}`,
      `{hv:client} | 64 | ${w} | {m:client}>{if:node-1/cni0}`,
      `cni0 | 64 | ${w} | {m:client}>{if:node-1/cni0}`,
      `nat PREROUTING | 64 | ${w} | {m:client}>{if:node-1/cni0}`,
      `routing | 63 | ${w} | ${wire}`,
      `filter FORWARD | 63 | ${w} | ${wire}`,
      `nat POSTROUTING | 63 | ${w} | ${wire}`,
      `eth0 | 63 | ${w} | ${wire}`,
      `underlay | 63 | ${w} | ${wire}`,
      `eth0 | 63 | ${w} | ${wire}`,
      `nat PREROUTING | 63 | ${w} | ${wire}`,
      `routing | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`,
      `filter FORWARD | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`,
      `nat POSTROUTING | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`,
      `cni0 | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`,
      `{hv:web-b} | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`,
      `eth0 | 62 | ${w} | {if:node-2/cni0}>{m:web-b}`,
    ]);
    expect(out.hops[4]!.because[0]!.text).toBe('10.244.2.0/24 via 172.16.0.12 dev eth0');
    expect(out.hops.some((h) => h.verdict === 'encap')).toBe(false);
  });

  it('§3.4 Calico IP-in-IP: no inner Ethernet, outer proto 4 node→node, TTL 63 then 62', () => {
    const w = '{ip:client}>{ip:web-b}';
    const { state, out } = expectRows('calico', 'ipip', 'web-b', [
      `eth0 | 64 | ${w} | {m:client}>ee:ee:ee:ee:ee:ee`, // 1
      `{hv:client} | 64 | ${w} | {m:client}>ee:ee:ee:ee:ee:ee`,
      `nat PREROUTING | 64 | ${w} | {m:client}>ee:ee:ee:ee:ee:ee`,
      `routing | 63 | ${w} | -`, // 3 block route via tunl0 onlink, TTL−1 (before FORWARD: ip_forward)
      `filter FORWARD cali-fw-{hv:client} | 63 | ${w} | -`, // 2 client egress
      `nat POSTROUTING | 63 | ${w} | -`,
      `tunl0 | 63 | ${w} | -`, // 4 IPIP encapsulation, no inner Ethernet
      `eth0 | 63 | ${w} | -`, // 5
      `underlay | 63 | ${w} | -`,
      `eth0 | 63 | ${w} | -`, // 6 node2
      `tunl0 | 63 | ${w} | -`, // 6 decapsulated
      `nat PREROUTING | 63 | ${w} | -`,
      `routing | 62 | ${w} | ee:ee:ee:ee:ee:ee>{m:web-b}`, // 7 /32 dev caliBBBB, TTL−1
      `filter FORWARD cali-tw-{hv:web-b} | 62 | ${w} | ee:ee:ee:ee:ee:ee>{m:web-b}`, // 8 web-b ingress
      `nat POSTROUTING | 62 | ${w} | ee:ee:ee:ee:ee:ee>{m:web-b}`,
      `{hv:web-b} | 62 | ${w} | ee:ee:ee:ee:ee:ee>{m:web-b}`,
      `eth0 | 62 | ${w} | ee:ee:ee:ee:ee:ee>{m:web-b}`, // 9
    ]);
    const block = state.index.nodeByName.get('node-2')!.ipamBlocks[0]!;
    expect(out.hops[3]!.because[0]!.text).toBe(`${block} via 172.16.0.12 dev tunl0 onlink`);
    expect(encapHop(out.hops).outer).toEqual([
      { type: 'ethernet', src: sym(state, '{if:node-1/eth0}'), dst: sym(state, '{if:node-2/eth0}') },
      { type: 'ipv4', src: '172.16.0.11', dst: '172.16.0.12', ttl: 64, protocol: 'IPIP', df: false },
    ]);
    // The hop after the outer IPv4 header is the inner IPv4 header directly (no inner Ethernet).
    expect(encapHop(out.hops).hop.packet.layers.map((l) => l.type)).toEqual(['ethernet', 'ipv4', 'ipv4', 'tcp']);
  });

  // §3.3 encapsulation matrix, §3.5–3.8: the tunnel device, wire protocol/port and network id of each mode.
  it.each([
    { name: '§3.5 Calico VXLAN (UDP 4789, VNI 4096, inner MACs = the two vxlan.calico)', plugin: 'calico', mode: 'vxlan', dev: 'vxlan.calico', tunnel: { type: 'vxlan', vni: 4096 }, dport: 4789, innerEth: '{if:node-1/vxlan.calico}>{if:node-2/vxlan.calico}' },
    { name: '§3.8 flannel WireGuard (flannel-wg, UDP 51820, no inner Ethernet)', plugin: 'flannel', mode: 'wireguard', dev: 'flannel-wg', tunnel: { type: 'wireguard' }, dport: 51820, sport: 51820, innerEth: '-' },
    { name: '§3.8 Calico WireGuard (wireguard.cali, UDP 51820)', plugin: 'calico', mode: 'wireguard', dev: 'wireguard.cali', tunnel: { type: 'wireguard' }, dport: 51820, sport: 51820, innerEth: '-' },
    // Cilium's lxc program encapsulates before ipv4_l3 (bpf_lxc.c handle_ipv4_from_lxc:
    // encap_and_redirect_lxc, then pass_to_stack's ipv4_l3), so only the receiving node decrements.
    { name: '§3.7 Cilium VXLAN (UDP 8472, VNI = source identity, one TTL decrement)', plugin: 'cilium', mode: 'vxlan', dev: 'cilium_vxlan', tunnel: { type: 'vxlan' }, dport: 8472, identity: true, innerEth: '{if:node-1/cilium_vxlan}>{if:node-2/cilium_vxlan}', ttl: [64, 63] },
    { name: '§3.7 Cilium Geneve (UDP 6081, VNI = source identity, one TTL decrement)', plugin: 'cilium', mode: 'geneve', dev: 'cilium_geneve', tunnel: { type: 'geneve' }, dport: 6081, identity: true, innerEth: '{if:node-1/cilium_geneve}>{if:node-2/cilium_geneve}', ttl: [64, 63] },
    { name: '§3.8 Cilium WireGuard (cilium_wg0, UDP 51871, not 51820)', plugin: 'cilium', mode: 'wireguard', dev: 'cilium_wg0', tunnel: { type: 'wireguard' }, dport: 51871, sport: 51871, innerEth: '-' },
  ] as const)('$name', (c) => {
    const state = plan({ plugin: c.plugin, mode: c.mode });
    const client = pod(state, 'client');
    const web = pod(state, 'web-b');
    const out = sendFrom(state, fromPod(client), tcp(client.ip!, web.ip!, 8080));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    const { hop, outer } = encapHop(out.hops);
    expect(hop.where, dump).toBe(c.dev);
    const [encapTtl, receivedTtl] = 'ttl' in c && c.ttl ? c.ttl : [63, 62];
    expect(layersOf(hop).ip!.ttl, dump).toBe(encapTtl);
    expect(outer[1], dump).toEqual({ type: 'ipv4', src: '172.16.0.11', dst: '172.16.0.12', ttl: 64, protocol: 'UDP', df: false });
    expect((outer[2] as { dport: number }).dport, dump).toBe(c.dport);
    if ('sport' in c) expect((outer[2] as { sport: number }).sport, dump).toBe(c.sport);
    expect(outer[3], dump).toMatchObject(c.tunnel);
    if ('identity' in c) {
      // The VNI is the sender's security identity: stable per label set and ≥ 256 (cluster-local range).
      const vni = (outer[3] as { vni: number }).vni;
      expect(vni).toBeGreaterThanOrEqual(256);
      const again = sendFrom(state, fromPod(client), tcp(client.ip!, web.ip!, 9090), { seed: 7 });
      expect((encapHop(again.hops).outer[3] as { vni: number }).vni).toBe(vni);
    }
    expect(row(hop).split(' | ')[3], dump).toBe(sym(state, c.innerEth));
    // The receiving pod sees the pod-to-pod addresses, TTL 62 after two routed hops (§3.9 rules 1–2).
    const last = layersOf(out.hops[out.hops.length - 1]!).ip!;
    expect([last.src, last.dst, last.ttl], dump).toEqual([client.ip, web.ip, receivedTtl]);
    // The receiving node has the tunnel device that takes the packet off the wire.
    expect(out.hops.some((h) => h.verdict === 'decap' && h.node === 'node-2' && h.where === c.dev), dump).toBe(true);
  });

  it.each([
    { name: '§3.6 Calico BGP: `<block> via 172.16.0.12 dev eth0 proto bird`, pod IPs on the wire', plugin: 'calico', mode: 'bgp', route: (b: string) => `${b} via 172.16.0.12 dev eth0 proto bird` },
    { name: '§3.7 Cilium native routing: via the peer node on eth0, pod IPs on the wire', plugin: 'cilium', mode: 'native', route: (b: string) => `${b} via 172.16.0.12 dev eth0` },
  ] as const)('$name', (c) => {
    const state = plan({ plugin: c.plugin, mode: c.mode });
    const client = pod(state, 'client');
    const web = pod(state, 'web-b');
    const out = sendFrom(state, fromPod(client), tcp(client.ip!, web.ip!, 8080));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.hops.some((h) => h.verdict === 'encap'), dump).toBe(false);
    const wire = out.hops.find((h) => h.at === 'underlay')!;
    expect(row(wire), dump).toBe(sym(state, `underlay | 63 | ${client.ip}>${web.ip} | {if:node-1/eth0}>{if:node-2/eth0}`));
    const routing = out.hops.find((h) => h.where === 'routing' && h.node === 'node-1')!;
    expect(routing.because[0]!.text, dump).toBe(c.route(state.index.nodeByName.get('node-2')!.ipamBlocks[0]!));
    expect(layersOf(out.hops[out.hops.length - 1]!).ip!.ttl, dump).toBe(62);
  });
});

describe('determinism and purity', () => {
  it.each(['vxlan', 'host-gw', 'wireguard'] as const)('flannel %s: the same seed gives a deep-equal output; inputs are frozen', (mode) => {
    const state = deepFreeze(plan({ mode }));
    const t = tcp('10.244.1.5', '10.96.100.10', 80);
    const a = sendFrom(state, fromPod(pod(state, 'client')), t, { seed: 42 });
    const b = sendFrom(state, fromPod(pod(state, 'client')), t, { seed: 42 });
    expect(a).toEqual(b);
  });

  it('the conntrack value passed in is never changed: a frozen table, sent twice, gives equal results', () => {
    const state = deepFreeze(plan());
    const first = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', '10.96.100.10', 80), { seed: 3 });
    const ct = deepFreeze(first.ct);
    const reply = () => sendFrom(state, first.receivedBy!, { ...first.tuple, src: first.tuple.dst, sport: first.tuple.dport, dst: first.tuple.src, dport: first.tuple.sport }, { ct, reply: true, seed: 3 });
    expect(reply()).toEqual(reply());
    expect(reply().outcome).toBe('delivered');
  });

  it('different seeds change only random choices (the VXLAN source port), never the path shape', () => {
    const state = plan();
    const t = tcp('10.244.1.5', '10.244.2.7', 8080);
    const a = sendFrom(state, fromPod(pod(state, 'client')), t, { seed: 1 });
    const b = sendFrom(state, fromPod(pod(state, 'client')), t, { seed: 2 });
    expect(a.hops.map((h) => h.where)).toEqual(b.hops.map((h) => h.where));
  });
});

// Cilium's eBPF datapath in the order its programs run (DATAPATH §2.3, §3.7, §4.11): the
// from-container program on the client's lxc does conntrack, the Service translation and the
// egress policy, then redirects the packet to a local endpoint or into the tunnel. Those
// redirects skip the host's netfilter hooks, so no nat PREROUTING/POSTROUTING hop is drawn; only
// traffic the program hands to the kernel (native routing, the outside world) meets them.
import { describe, expect, it } from 'vitest';
import { reverse } from '../../src/engine/conntrack.ts';
import { trace } from '../../src/engine/index.ts';
import type { Hop } from '../../src/engine/types.ts';
import type { ProxyMode } from '../../src/model/objects.ts';
import { formatHops, fromPod, plan, pod, sendFrom, sym, tcp } from './datapath-helpers.ts';

const CLUSTER_IP = tcp('10.244.1.5', '10.96.100.10', 80);
const netfilterHops = (hops: readonly Hop[]): string[] => hops.filter((h) => h.component === 'netfilter' || /^nat |^filter /.test(h.where)).map((h) => `${h.node} ${h.where}`);

describe('§2.3/§3.7 pod → pod: redirected by eBPF, never through netfilter', () => {
  it.each([
    { name: 'same node (§2.3)', mode: 'vxlan', to: 'web-a' },
    { name: 'VXLAN tunnel (§3.7)', mode: 'vxlan', to: 'web-b' },
    { name: 'Geneve tunnel (§3.7)', mode: 'geneve', to: 'web-b' },
  ] as const)('$name: request and reply have no netfilter hop', ({ mode, to }) => {
    const state = plan({ plugin: 'cilium', mode });
    const client = pod(state, 'client');
    const out = sendFrom(state, fromPod(client), tcp(client.ip!, pod(state, to).ip!, 8080));
    expect(out.outcome, formatHops(out.hops)).toBe('delivered');
    expect(netfilterHops(out.hops), formatHops(out.hops)).toEqual([]);
    const back = sendFrom(state, out.receivedBy!, reverse(out.tuple), { ct: out.ct, reply: true });
    expect(back.outcome, formatHops(back.hops)).toBe('delivered');
    expect(netfilterHops(back.hops), formatHops(back.hops)).toEqual([]);
  });

  // Native routing and WireGuard hand the packet to the kernel (pass_to_stack: ipv4_l3, then the
  // routing table, or the encrypt mark's route into cilium_wg0), so the host hooks run (§3.7, §3.8).
  // Native routing reaches the other node on eth0, into its stack again; WireGuard's packet comes
  // out of cilium_wg0 into Cilium's program there, which delivers it to the endpoint.
  it.each([
    { mode: 'native', hooks: ['node-1 nat PREROUTING', 'node-1 nat POSTROUTING', 'node-2 nat PREROUTING', 'node-2 nat POSTROUTING'] },
    { mode: 'wireguard', hooks: ['node-1 nat PREROUTING', 'node-1 nat POSTROUTING'] },
  ] as const)('$mode: the host hooks run where the kernel routes the packet', ({ mode, hooks }) => {
    const state = plan({ plugin: 'cilium', mode });
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', '10.244.2.7', 8080));
    expect(out.outcome, formatHops(out.hops)).toBe('delivered');
    expect(netfilterHops(out.hops), formatHops(out.hops)).toEqual(hooks);
  });
});

describe('§2.3 step 2 and §4.11: a pod\'s ClusterIP traffic is translated in the from-container program', () => {
  it.each(['iptables', 'ipvs', 'nftables'] as const satisfies readonly ProxyMode[])('beside kube-proxy in %s mode: eBPF translation, then egress policy, then the tunnel', (proxy) => {
    const state = plan({ plugin: 'cilium', mode: 'vxlan', proxy });
    const out = sendFrom(state, fromPod(pod(state, 'client')), CLUSTER_IP, { seed: 3 });
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.hops.map((h) => h.where).slice(0, 4), dump).toEqual(['eth0', '{hv:client}', '{hv:client} (from-container)', '{hv:client} (from-container)'].map((w) => sym(state, w)));
    const nat = out.hops[2]!;
    expect([nat.component, nat.verdict], dump).toEqual(['ebpf', 'nat']);
    // Cilium's own service map decides, never kube-proxy's rules (which this packet never meets).
    expect(nat.because.map((b) => b.kind), dump).toEqual(['ebpf']);
    expect(nat.action, dump).toContain('kube-proxy\'s rules never see this packet');
    expect(out.hops[3]!.action, dump).toContain('egress');
    expect(netfilterHops(out.hops), dump).toEqual([]);
    expect(out.dnat?.tuple.dst, dump).toMatch(/^10\.244\.[12]\.[79]$/);
  });

  it('the reply is rev-NATed by the client\'s to-container program, after ipv4_l3, and shows the Service address', () => {
    const state = plan({ plugin: 'cilium', mode: 'vxlan' });
    const cross = [1, 2, 3, 4, 5, 6, 7, 8].find((seed) => sendFrom(state, fromPod(pod(state, 'client')), CLUSTER_IP, { seed }).tuple.dst === '10.244.2.7')!;
    const out = sendFrom(state, fromPod(pod(state, 'client')), CLUSTER_IP, { seed: cross });
    const back = sendFrom(state, out.receivedBy!, reverse(out.tuple), { ct: out.ct, reply: true });
    const dump = formatHops(back.hops);
    expect(back.outcome, dump).toBe('delivered');
    expect(back.tuple, dump).toEqual(tcp('10.96.100.10', '10.244.1.5', 41000, 80));
    const at = back.hops.findIndex((h) => h.verdict === 'nat');
    expect(back.hops[at - 1]!.where, dump).toBe('ipv4_l3');
    expect([back.hops[at]!.node, back.hops[at]!.where, back.hops[at]!.component], dump).toEqual(['node-1', sym(state, '{hv:client} (to-container)'), 'conntrack']);
    expect(netfilterHops(back.hops), dump).toEqual([]);
  });

  it('the kube-proxy replacement balances at connect() instead: no translation hop at all (§4.11)', () => {
    const state = plan({ plugin: 'cilium', mode: 'vxlan', proxy: 'replacement' });
    const out = sendFrom(state, fromPod(pod(state, 'client')), CLUSTER_IP);
    expect(out.hops.filter((h) => h.verdict === 'nat'), formatHops(out.hops)).toEqual([]);
  });
});

describe('a Service without backends under Cilium (tail_no_service_ipv4)', () => {
  const state = plan({ plugin: 'cilium', mode: 'vxlan', without: ['web-a', 'web-b'] });
  const result = trace(state, { from: 'app/client', to: '10.96.100.10', port: 80, protocol: 'TCP' });
  if (!result.ok) throw new Error(result.error);
  const t = result.value;

  it('is refused at the client\'s lxc, and the ICMP error comes back from the Service address without touching the node\'s stack', () => {
    const dump = t.phases.map((p) => `${p.name}\n${formatHops(p.hops)}`).join('\n');
    expect(t.verdict, dump).toBe('rejected');
    const connect = t.phases.find((p) => p.name === 'connect')!;
    const last = connect.hops[connect.hops.length - 1]!;
    expect([last.component, last.verdict, last.where], dump).toEqual(['ebpf', 'reject', sym(state, '{hv:client} (from-container)')]);
    const icmp = t.phases.find((p) => p.kind === 'icmp')!;
    expect(icmp.hops.map((h) => h.where), dump).toEqual([sym(state, '{hv:client} (from-container)'), 'eth0']);
    const ip = icmp.hops[1]!.packet.layers.find((l) => l.type === 'ipv4');
    expect(ip, dump).toMatchObject({ src: '10.96.100.10', dst: '10.244.1.5', protocol: 'ICMP' });
    expect(icmp.hops[1]!.packet.layers.find((l) => l.type === 'icmp'), dump).toMatchObject({ icmpType: 'port-unreachable' });
  });
});

describe('§3.7 pods reach other nodes\' addresses through the tunnel (ipcache: remote-node)', () => {
  it.each([
    { mode: 'vxlan', tunnel: 'cilium_vxlan' },
    { mode: 'geneve', tunnel: 'cilium_geneve' },
    { mode: 'native', tunnel: undefined },
  ] as const)('$mode: pod → 172.16.0.12 goes $tunnel', ({ mode, tunnel }) => {
    const state = plan({ plugin: 'cilium', mode });
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', '172.16.0.12', 10250));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    const encap = out.hops.find((h) => h.verdict === 'encap');
    expect(encap?.where, dump).toBe(tunnel);
    if (encap) expect(encap.because.map((b) => b.text), dump).toContain('ipcache: 172.16.0.12/32 → tunnel endpoint 172.16.0.12');
  });

  it('with the kube-proxy replacement, a NodePort reply comes back through the tunnel and Cilium\'s own conntrack undoes the SNAT (§4.11)', () => {
    const state = plan({ plugin: 'cilium', mode: 'vxlan', proxy: 'replacement', without: ['web-a'] });
    const result = trace(state, { from: 'external', to: '172.16.0.11:30080', protocol: 'TCP' });
    if (!result.ok) throw new Error(result.error);
    const reply = result.value.phases.find((p) => p.kind === 'reply')!;
    const dump = formatHops(reply.hops);
    expect(result.value.verdict, dump).toBe('delivered');
    expect(reply.hops.some((h) => h.verdict === 'encap' && h.node === 'node-2'), dump).toBe(true);
    const unnat = reply.hops.find((h) => h.component === 'conntrack')!;
    expect([unnat.node, unnat.where], dump).toEqual(['node-1', 'cilium_vxlan (eBPF conntrack)']);
    expect(netfilterHops(reply.hops), dump).toEqual([]);
  });
});

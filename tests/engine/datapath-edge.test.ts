// The rest of the datapath's cases: hostPort (§9.2), each CNI's masquerade towards the outside
// (§4.6 last row), ICMP (§4.8: a ClusterIP matches no rule), the node's own packets (§4.1 OUTPUT,
// INPUT), Cilium's replacement from outside (§4.11 SNAT mode), and every way a packet finds no
// way on: ARP without an answer, a blackhole route (§3.4), an address no node owns.
import { describe, expect, it } from 'vitest';
import { reverse } from '../../src/engine/conntrack.ts';
import type { Place } from '../../src/engine/datapath.ts';
import type { Tuple } from '../../src/engine/netfilter.ts';
import { formatHops, fromPod, layersOf, node, plan, pod, sendFrom, tcp } from './datapath-helpers.ts';

const hostPortPod = `apiVersion: v1
kind: Pod
metadata: {name: hp, namespace: app, labels: {app: hp}}
spec: {nodeName: node-2, containers: [{name: c, image: x, ports: [{containerPort: 80, hostPort: 8088}]}]}
status: {podIP: 10.244.2.20}
`;
const outside: Place = { kind: 'external', ip: '203.0.113.7' };

describe('§9.2 hostPort: the portmap plugin\'s DNAT on the pod\'s own node only', () => {
  const state = plan({ extra: hostPortPod });
  it('node2 172.16.0.12:8088 is DNATed to the pod 10.244.2.20:80 in PREROUTING', () => {
    const out = sendFrom(state, outside, tcp('203.0.113.7', '172.16.0.12', 8088, 51000));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.receivedBy).toEqual({ kind: 'pod', pod: pod(state, 'hp') });
    const dnat = out.hops.find((h) => h.verdict === 'nat')!;
    expect([dnat.node, dnat.where], dump).toEqual(['node-2', 'nat PREROUTING']);
    expect(dnat.because.map((b) => b.text).join('\n'), dump).toContain('CNI-HOSTPORT-DNAT');
  });

  it('unlike a NodePort, node1 does not listen on 8088: the packet stays with node1 itself', () => {
    const out = sendFrom(state, outside, tcp('203.0.113.7', '172.16.0.11', 8088, 51000));
    expect(out.receivedBy, formatHops(out.hops)).toEqual({ kind: 'node', node: node(state, 'node-1') });
    expect(out.dnat).toBeUndefined();
  });
});

describe('§4.6 last row: pod → the internet is masqueraded by the CNI to the node address', () => {
  it.each([
    { plugin: 'flannel', mode: 'vxlan', by: /FLANNEL-POSTRTG/ },
    { plugin: 'calico', mode: 'ipip', by: /cali-nat-outgoing/ },
    { plugin: 'cilium', mode: 'vxlan', by: /cilium masquerade/ },
  ] as const)('$plugin', ({ plugin, mode, by }) => {
    const state = plan({ plugin, mode });
    const client = pod(state, 'client');
    const out = sendFrom(state, fromPod(client), tcp(client.ip!, '203.0.113.10', 443));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('left-cluster');
    expect(out.tuple.src, dump).toBe('172.16.0.11');
    const snat = out.hops.find((h) => h.verdict === 'nat')!;
    expect(snat.because.map((b) => b.text).join('\n'), dump).toMatch(by);
    // The reply comes back to node1's address and conntrack hands it to the pod.
    const back = sendFrom(state, { kind: 'external', ip: '203.0.113.10' }, reverse(out.tuple), { ct: out.ct, reply: true });
    expect(back.outcome, formatHops(back.hops)).toBe('delivered');
    expect(back.tuple).toEqual(tcp('203.0.113.10', client.ip!, 41000, 443));
  });
});

describe('ICMP', () => {
  const state = plan();
  const ping = (dst: string): Tuple => ({ protocol: 'ICMP', src: '10.244.1.5', sport: 7, dst, dport: 7 });
  it('ping pod → pod crosses nodes like any packet: echo-request with DF (ping\'s socket defaults to path-MTU discovery), TTL 62 at the receiver', () => {
    const out = sendFrom(state, fromPod(pod(state, 'client')), ping('10.244.2.7'));
    const last = out.hops[out.hops.length - 1]!;
    expect(out.outcome, formatHops(out.hops)).toBe('delivered');
    expect(last.packet.layers.slice(-2)).toEqual([
      { type: 'ipv4', src: '10.244.1.5', dst: '10.244.2.7', ttl: 62, protocol: 'ICMP', df: true },
      { type: 'icmp', icmpType: 'echo-request', id: 7, seq: 1 },
    ]);
  });

  it('§4.8: ping to a ClusterIP matches no kube-proxy rule (they match protocol and port) and follows the default route out', () => {
    const out = sendFrom(state, fromPod(pod(state, 'client')), ping('10.96.100.10'));
    const dump = formatHops(out.hops);
    expect(out.dnat, dump).toBeUndefined();
    expect(out.hops.find((h) => h.where === 'routing')!.because[0]!.text, dump).toBe('default via 172.16.0.1 dev eth0 proto static');
    expect(out.outcome, dump).toBe('left-cluster');
  });
});

describe('the node\'s own packets (§4.1: nat OUTPUT, filter INPUT)', () => {
  const state = plan();
  it('node1 → a pod on node1: OUTPUT, out cni0, TTL stays 64', () => {
    const out = sendFrom(state, { kind: 'node', node: node(state, 'node-1') }, tcp('172.16.0.11', '10.244.1.9', 8080));
    const dump = formatHops(out.hops);
    expect(out.hops.map((h) => h.where), dump).toEqual(['host network namespace', 'nat OUTPUT', 'routing', 'filter OUTPUT', 'nat POSTROUTING', 'cni0', pod(state, 'web-a').hostVeth!.name, 'eth0']);
    expect(layersOf(out.hops[out.hops.length - 1]!).ip!.ttl).toBe(64);
  });

  it('§3.1: node1 → a pod on node2 leaves with flannel.1\'s 10.244.1.0 as source (the route\'s device address), not the node IP', () => {
    const out = sendFrom(state, { kind: 'node', node: node(state, 'node-1') }, tcp('172.16.0.11', '10.244.2.7', 8080));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.tuple.src, dump).toBe('10.244.1.0');
    // FLANNEL-POSTRTG returns for a source inside the cluster network: nothing to masquerade.
    expect(out.hops.find((h) => h.where === 'nat POSTROUTING')!.verdict, dump).toBe('pass');
    const back = sendFrom(state, out.receivedBy!, reverse(out.tuple), { ct: out.ct, reply: true });
    expect(back.receivedBy, formatHops(back.hops)).toEqual({ kind: 'node', node: node(state, 'node-1') });
  });

  it.each(['vxlan', 'native'] as const)('Cilium %s: the node\'s own packets to a remote pod go through cilium_host\'s eBPF and arrive', (mode) => {
    const cilium = plan({ plugin: 'cilium', mode });
    const out = sendFrom(cilium, { kind: 'node', node: node(cilium, 'node-1') }, tcp('172.16.0.11', '10.244.2.7', 8080));
    expect(out.outcome, formatHops(out.hops)).toBe('delivered');
    expect(out.receivedBy).toEqual({ kind: 'pod', pod: pod(cilium, 'web-b') });
  });

  it('a pod → node2\'s address: delivered to node2 itself (INPUT)', () => {
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', '172.16.0.12', 10250));
    const dump = formatHops(out.hops);
    expect(out.receivedBy, dump).toEqual({ kind: 'node', node: node(state, 'node-2') });
    expect(out.hops[out.hops.length - 1]!.where).toBe('INPUT');
  });
});

describe('§4.11 Cilium kube-proxy replacement from outside: eBPF NodePort, SNAT mode', () => {
  it('translated on the entry node\'s eth0, SNATed to the node address, and the reply comes back through it', () => {
    const state = plan({ plugin: 'cilium', proxy: 'replacement', without: ['web-a'] });
    const out = sendFrom(state, outside, tcp('203.0.113.7', '172.16.0.11', 30080, 51000));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.hops.find((h) => h.verdict === 'nat')!.where, dump).toBe('eth0 (eBPF load balancer)');
    expect(out.tuple.src, dump).toBe('172.16.0.11');
    const back = sendFrom(state, out.receivedBy!, reverse(out.tuple), { ct: out.ct, reply: true });
    expect(back.outcome, formatHops(back.hops)).toBe('delivered');
    expect(back.tuple).toEqual(tcp('172.16.0.11', '203.0.113.7', 51000, 30080));
  });
});

describe('a pod to its own address (§1.1.1)', () => {
  it('loops back inside the pod: one hop, never on eth0', () => {
    const state = plan();
    const out = sendFrom(state, fromPod(pod(state, 'web-a')), tcp('10.244.1.9', '10.244.1.9', 8080));
    expect(out.hops.map((h) => [h.at, h.where, h.verdict]), formatHops(out.hops)).toEqual([['pod:app/web-a', 'lo', 'deliver']]);
    expect(out.receivedBy).toEqual({ kind: 'pod', pod: pod(state, 'web-a') });
  });
});

describe('no way on', () => {
  it.each([
    { name: 'same subnet, nobody answers ARP (pod side)', dst: '10.244.1.77', at: 'pod:app/client' },
    { name: 'remote subnet, node2 gets no ARP answer on cni0', dst: '10.244.2.77', at: 'node:node-2' },
  ])('$name: unreachable, ending at $at', ({ dst, at }) => {
    const state = plan();
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', dst, 80));
    const last = out.hops[out.hops.length - 1]!;
    expect([out.outcome, last.at, last.verdict], formatHops(out.hops)).toEqual(['unreachable', at, 'drop']);
    expect(out.reason).toContain('ARP');
  });

  it('Calico: an unallocated address of a local block hits the blackhole route (§3.4)', () => {
    const state = plan({ plugin: 'calico' });
    const block = node(state, 'node-1').ipamBlocks[0]!;
    const unused = block.replace(/\.(\d+)\/26$/, (_m, base: string) => `.${Number(base) + 60}`);
    const client = pod(state, 'client');
    const out = sendFrom(state, fromPod(client), tcp(client.ip!, unused, 80));
    const last = out.hops[out.hops.length - 1]!;
    expect([out.outcome, last.where, last.because[0]!.text], formatHops(out.hops)).toEqual(['unreachable', 'routing', `blackhole ${block}`]);
  });

  it('an outside client sending to an address no node owns never reaches the cluster', () => {
    const state = plan();
    const out = sendFrom(state, outside, tcp('203.0.113.7', '172.16.0.99', 80));
    expect(out.outcome).toBe('unreachable');
    expect(out.hops.map((h) => h.at)).toEqual(['external:203.0.113.7', 'underlay']);
  });

  it('a Pending pod has no network to send from', () => {
    const state = plan({ extra: 'apiVersion: v1\nkind: Pod\nmetadata: {name: stuck, namespace: app}\nspec: {nodeName: nowhere, containers: [{name: c, image: x}]}\n' });
    const stuck = pod(state, 'stuck');
    const out = sendFrom(state, fromPod(stuck), tcp('10.244.1.50', '10.244.2.7', 80));
    expect(out.outcome).toBe('unreachable');
    expect(out.reason).toContain('Pending');
  });
});

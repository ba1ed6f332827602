// Nodes on different subnets (DATAPATH §3.2: host-gw "requires direct L2 connectivity between
// nodes"; §3.6 BGP and Cilium native routing likewise route pods `via` the node address). The kernel
// refuses a route whose gateway is not on the device's link (`ip route add … via 172.16.1.12 dev
// eth0` → "Error: Nexthop has invalid gateway", fib_check_nh), so the remote pod subnet falls to the
// default route, and the underlay router, which knows nothing of the pod network, loses the packet.
// Encapsulating modes only need the node addresses routable, which the underlay router provides.
import { describe, expect, it } from 'vitest';
import type { CniMode, CniPlugin } from '../../src/model/objects.ts';
import { formatHops, fromPod, layersOf, node, plan, planIPs, pod, sendFrom, tcp } from './datapath-helpers.ts';

const apart = ['172.16.0.10', '172.16.0.11', '172.16.1.12'] as const;

describe('pods across node subnets', () => {
  it.each<[CniPlugin, CniMode, readonly string[] | undefined, 'delivered' | 'unreachable']>([
    ['flannel', 'host-gw', apart, 'unreachable'],
    ['calico', 'bgp', apart, 'unreachable'],
    ['cilium', 'native', apart, 'unreachable'],
    ['flannel', 'host-gw', undefined, 'delivered'],
    ['calico', 'bgp', undefined, 'delivered'],
    ['cilium', 'native', undefined, 'delivered'],
    ['flannel', 'vxlan', apart, 'delivered'],
    ['calico', 'ipip', apart, 'delivered'],
    ['calico', 'vxlan', apart, 'delivered'],
    ['cilium', 'vxlan', apart, 'delivered'],
    ['cilium', 'geneve', apart, 'delivered'],
  ])('%s %s with nodes %j: pod → pod on the other node is %s', (plugin, mode, nodeAddresses, outcome) => {
    const state = plan({ plugin, mode, ...(nodeAddresses ? { nodeAddresses: [...nodeAddresses] as [string, string, string] } : {}) });
    const { client, webB } = planIPs(state);
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp(client, webB, 8080));
    expect(out.outcome, formatHops(out.hops)).toBe(outcome);
    if (outcome === 'delivered') return;
    // No route through node-2 exists on node-1; the default route takes the packet to the router.
    expect(node(state, 'node-1').routes.some((r) => r.via === '172.16.1.12'), formatHops(out.hops)).toBe(false);
    const last = out.hops[out.hops.length - 1]!;
    expect(last.where).toBe('underlay');
    expect(last.verdict).toBe('drop');
    expect(last.action).toMatch(/^The underlay router 172\.16\.0\.1 has no route for /);
    expect(last.action).toContain("node-2 (172.16.1.12) is not on node-1's link 172.16.0.0/24");
  });

  it('a node reaches a node on another subnet through the underlay router, which decrements the TTL', () => {
    const state = plan({ mode: 'vxlan', nodeAddresses: [...apart] });
    const out = sendFrom(state, { kind: 'node', node: node(state, 'node-1') }, tcp('172.16.0.11', '172.16.1.12', 10250));
    const hops = formatHops(out.hops);
    const router = out.hops.find((h) => h.where === 'underlay')!;
    expect(router.action, hops).toMatch(/^The underlay router 172\.16\.0\.1 routes 172\.16\.1\.12 to node-2's network \(TTL 64→63/);
    const arrival = out.hops.find((h) => h.node === 'node-2')!;
    expect(layersOf(arrival).ip?.ttl, hops).toBe(63);
    expect(layersOf(arrival).eth?.dst, hops).toBe(node(state, 'node-2').interfaces.find((i) => i.name === 'eth0')!.mac);
    expect(out.hops.some((h) => h.where === 'internet'), hops).toBe(false);
  });
});

// Route, neighbour and FDB lookups over the built ClusterState (DATAPATH §1.2, §3.1, §3.4, §3.9):
// longest-prefix match as the kernel does it, routes printed as `ip route` prints them.
import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/model/cluster.ts';
import { fdbLookup, lookupRoute, resolveNeighbour, routeText } from '../../src/engine/datapath-route.ts';
import { wireguardPeer } from '../../src/engine/datapath-wire.ts';
import { securityIdentity } from '../../src/engine/datapath-cilium.ts';
import { iface, node, plan, pod, sym } from './datapath-helpers.ts';

describe('lookupRoute: longest prefix wins, default is /0', () => {
  const state = plan();
  const n1 = node(state, 'node-1');
  const client = pod(state, 'client');
  it.each([
    // node1's main table (§3.1): the /24 of the peer via flannel.1, its own /24 on cni0, the rest to the underlay.
    ['node-1 → remote pod', 'node', '10.244.2.7', '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink'],
    ['node-1 → local pod', 'node', '10.244.1.9', '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1'],
    ['node-1 → another node (connected underlay)', 'node', '172.16.0.12', '172.16.0.0/24 dev eth0 proto kernel scope link src 172.16.0.11'],
    ['node-1 → the internet', 'node', '203.0.113.10', 'default via 172.16.0.1 dev eth0 proto static'],
    ['node-1 → a ClusterIP (not routed specially in iptables mode: default route)', 'node', '10.96.100.10', 'default via 172.16.0.1 dev eth0 proto static'],
    // The pod's table (§1.2): its /24 on-link, the cluster /16 and default via cni0.
    ['pod → same-node pod (on-link)', 'pod', '10.244.1.9', '10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.5'],
    ['pod → remote pod', 'pod', '10.244.2.7', '10.244.0.0/16 via 10.244.1.1 dev eth0'],
    ['pod → ClusterIP', 'pod', '10.96.100.10', 'default via 10.244.1.1 dev eth0'],
  ])('%s: %s table, %s → %s', (_name, table, ip, expected) => {
    const routes = table === 'node' ? n1.routes : client.routes;
    expect(routeText(lookupRoute(routes, ip)!)).toBe(expected);
  });

  it('a table without a default route has no answer for an unknown address', () => {
    const routes: Route[] = [{ dst: '10.0.0.0/8', dev: 'eth0' }];
    expect(lookupRoute(routes, '192.0.2.1')).toBeUndefined();
    expect(lookupRoute(routes, 'not-an-ip')).toBeUndefined();
  });

  it('Calico: a blackhole for the local block, but the /32 of a pod is longer and wins (§3.4)', () => {
    const calico = plan({ plugin: 'calico', mode: 'ipip' });
    const n = node(calico, 'node-1');
    const webA = pod(calico, 'web-a');
    expect(routeText(lookupRoute(n.routes, webA.ip!)!)).toBe(`${webA.ip} dev ${webA.hostVeth!.name} scope link`);
    const unused = n.ipamBlocks[0]!.replace(/\.\d+\/26$/, (m) => `.${Number(m.slice(1).split('/')[0]) + 60}`);
    expect(lookupRoute(n.routes, unused)!.type).toBe('blackhole');
  });
});

describe('resolveNeighbour: the static entries first, then who answers ARP on the link', () => {
  const state = plan();
  const n1 = node(state, 'node-1');
  it.each([
    ['flannel VTEP: permanent neighbour for 10.244.2.0 on flannel.1', 'flannel.1', '10.244.2.0', '{if:node-2/flannel.1}', '10.244.2.0 dev flannel.1 lladdr {if:node-2/flannel.1} PERMANENT'],
    ['a pod on the bridge answers for itself', 'cni0', '10.244.1.9', '{m:web-a}', '10.244.1.9 dev cni0 lladdr {m:web-a} REACHABLE'],
    ['cni0 answers for its own address (the pods\' gateway)', 'cni0', '10.244.1.1', '{if:node-1/cni0}', '10.244.1.1 dev cni0 lladdr {if:node-1/cni0} REACHABLE'],
    ['another node answers on eth0', 'eth0', '172.16.0.12', '{if:node-2/eth0}', '172.16.0.12 dev eth0 lladdr {if:node-2/eth0} REACHABLE'],
    ['the underlay gateway answers on eth0', 'eth0', '172.16.0.1', '{gw:node-1}', '172.16.0.1 dev eth0 lladdr {gw:node-1} REACHABLE'],
  ])('%s', (_name, dev, ip, mac, text) => {
    const n = resolveNeighbour(state, n1, dev, ip);
    expect(n.mac).toBe(sym(state, mac));
    expect(n.because.map((b) => b.text)).toEqual([sym(state, text)]);
  });

  it('nobody answers for an unused address on the bridge', () => {
    expect(resolveNeighbour(state, n1, 'cni0', '10.244.1.200').mac).toBeUndefined();
  });

  it('the FDB maps the remote VTEP MAC to the remote node address (§3.1)', () => {
    expect(fdbLookup(n1, 'flannel.1', iface(node(state, 'node-2'), 'flannel.1').mac!)?.dst).toBe('172.16.0.12');
    expect(fdbLookup(n1, 'flannel.1', '02:00:00:00:00:01')).toBeUndefined();
  });
});

describe('WireGuard cryptokey routing and Cilium identities', () => {
  it('the peer whose allowed IPs contain the destination (§3.8)', () => {
    const state = plan({ mode: 'wireguard' });
    const wg = iface(node(state, 'node-1'), 'flannel-wg');
    expect(wireguardPeer(wg, '10.244.2.7')).toMatchObject({ endpoint: '172.16.0.12', port: 51820, allowed: '10.244.2.0/24' });
    expect(wireguardPeer(wg, '10.244.1.9')).toBeUndefined();
  });

  it('a security identity is ≥ 256, equal for equal labels in one namespace, different across namespaces', () => {
    const state = plan({ plugin: 'cilium' });
    const a = pod(state, 'web-a');
    const b = pod(state, 'web-b');
    expect(securityIdentity(a)).toBeGreaterThanOrEqual(256);
    expect(securityIdentity(a)).toBe(securityIdentity(b));
    expect(securityIdentity({ ...a, namespace: 'other' })).not.toBe(securityIdentity(a));
    expect(securityIdentity(pod(state, 'client'))).not.toBe(securityIdentity(a));
  });
});

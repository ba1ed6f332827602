// Calico's node side: no bridge; a /32 route per local pod to its cali device, a blackhole for
// each local block, and per remote block a route for the mode. DATAPATH §2.2, §3.4–3.6, §3.8.
import type { ClusterSettings, FdbEntry, Neighbour, NetInterface, PodState, Route } from '../model/cluster.ts';
import type { NodeDraft } from './draft.ts';
import type { CniNodePart, CniPeer } from './network.ts';
import { calicoTunnelAddress, macFor, podMtu } from './net-params.ts';

function blocksOf(node: NodeDraft): readonly string[] {
  return node.ipamBlocks.length > 0 ? node.ipamBlocks : [node.podCIDR];
}

/** Tunnel address of a node: from its first block (Calico IPAM, [D] exact address). */
function tunnelAddress(node: NodeDraft): string {
  return calicoTunnelAddress(blocksOf(node)[0]!);
}

export function calicoVtepMac(nodeName: string): string {
  return macFor(`vxlan.calico@${nodeName}`);
}

/** What every node programs for one remote node's blocks (§3.4–3.6, §3.8): built once, shared by all. */
export function calicoPeer(settings: ClusterSettings, remote: NodeDraft): CniPeer {
  const mode = settings.cni.mode;
  const routes: Route[] = [];
  for (const block of blocksOf(remote)) {
    if (mode === 'ipip') {
      // §3.4: block via the peer's node IP through tunl0, onlink (the gateway is not on tunl0's subnet).
      routes.push({ dst: block, via: remote.address, dev: 'tunl0', onlink: true });
    } else if (mode === 'vxlan') {
      // §3.5: via the peer's VXLAN tunnel address; Felix keeps static ARP + FDB per remote VTEP.
      routes.push({ dst: block, via: tunnelAddress(remote), dev: 'vxlan.calico', onlink: true });
    } else if (mode === 'bgp') {
      // §3.6: BIRD advertises blocks; plain routes via eth0, pod IPs on the wire.
      routes.push({ dst: block, via: remote.address, dev: 'eth0', proto: 'bird' });
    } else if (mode === 'wireguard') {
      // §3.8: inter-node pod traffic is routed into wireguard.cali. (Calico keeps these in its own
      // routing table selected by an ip rule; this model has one table, so they live here.)
      routes.push({ dst: block, dev: 'wireguard.cali', scope: 'link' });
    }
  }
  const vxlan = mode === 'vxlan';
  return {
    routes,
    neighbours: vxlan ? [{ ip: tunnelAddress(remote), mac: calicoVtepMac(remote.name), dev: 'vxlan.calico', permanent: true }] : [],
    fdb: vxlan ? [{ mac: calicoVtepMac(remote.name), dev: 'vxlan.calico', dst: remote.address }] : [],
    ...(mode === 'wireguard' ? { wireguardPeer: `peer endpoint ${remote.address}:51820 allowed-ips ${blocksOf(remote).join(',')}` } : {}),
  };
}

export function calicoNode(
  settings: ClusterSettings, node: NodeDraft, peers: readonly CniPeer[], pods: readonly PodState[],
): CniNodePart {
  const mtu = podMtu(settings);
  const interfaces: NetInterface[] = [];
  const routes: Route[] = [];
  const neighbours: Neighbour[] = [];
  const fdb: FdbEntry[] = [];
  const mode = settings.cni.mode;

  if (mode === 'ipip') {
    interfaces.push({
      name: 'tunl0', kind: 'ipip', addresses: [`${tunnelAddress(node)}/32`], mtu, flags: ['ipip remote any local any'],
    });
  } else if (mode === 'vxlan') {
    interfaces.push({
      name: 'vxlan.calico', kind: 'vxlan', mac: calicoVtepMac(node.name), addresses: [`${tunnelAddress(node)}/32`],
      mtu, vni: 4096, port: 4789, flags: ['learning off', `local ${node.address} dev eth0`],
    });
  } else if (mode === 'wireguard') {
    interfaces.push({
      name: 'wireguard.cali', kind: 'wireguard', addresses: [`${tunnelAddress(node)}/32`], mtu, port: 51820,
      flags: peers.flatMap((p) => (p.wireguardPeer ? [p.wireguardPeer] : [])),
    });
  }
  for (const peer of peers) {
    for (const r of peer.routes) routes.push(r);
    for (const n of peer.neighbours) neighbours.push(n);
    for (const f of peer.fdb) fdb.push(f);
  }

  // §3.4: a blackhole for each local block drops traffic to unallocated local addresses.
  for (const block of blocksOf(node)) routes.push({ dst: block, type: 'blackhole', ...(mode === 'bgp' ? { proto: 'bird' as const } : {}) });
  // §1.2: `192.168.36.5 dev caliXXX scope link` for each local pod.
  for (const pod of pods) {
    if (pod.hostVeth && pod.ip) routes.push({ dst: pod.ip, dev: pod.hostVeth.name, scope: 'link' });
  }
  return { interfaces, routes, neighbours, fdb };
}

// Cilium's node side: the cilium_host/cilium_net pair holding the router IP, the tunnel device of
// the mode, and the kernel routes Cilium installs. DATAPATH §1.2, §2.3, §3.3, §3.7, §3.8.
import type { ClusterSettings, NetInterface, Route } from '../model/cluster.ts';
import type { NodeDraft } from './draft.ts';
import type { CniNodePart, CniPeer } from './network.ts';
import { macFor, nodeGateway, podMtu } from './net-params.ts';

/**
 * What every node programs for one remote node and is the same on all of them: the native-routing
 * route and the WireGuard peer. Tunnel routes name the local router, so ciliumNode writes those.
 */
export function ciliumPeer(settings: ClusterSettings, remote: NodeDraft): CniPeer {
  const mode = settings.cni.mode;
  return {
    // auto-direct-node-routes on a shared L2: the peer's node IP as gateway, pod IPs on the wire (§3.7).
    routes: mode === 'native' ? [{ dst: remote.podCIDR, via: remote.address, dev: 'eth0' }] : [],
    neighbours: [],
    fdb: [],
    ...(mode === 'wireguard' ? { wireguardPeer: `peer endpoint ${remote.address}:51871 allowed-ips ${remote.podCIDR}` } : {}),
  };
}

export function ciliumNode(
  settings: ClusterSettings, node: NodeDraft, remotes: readonly NodeDraft[], peers: readonly CniPeer[],
): CniNodePart {
  const mtu = podMtu(settings);
  const mode = settings.cni.mode;
  // The router IP (cilium_host's address) is the pods' gateway (§1.2); here the first address of
  // the node's pod CIDR (Cilium's IPAM picks one from the range).
  const router = nodeGateway(node.podCIDR);
  const interfaces: NetInterface[] = [
    { name: 'cilium_net', kind: 'veth', mac: macFor(`cilium_net@${node.name}`), addresses: [], mtu, flags: ['peer cilium_host'] },
    {
      name: 'cilium_host', kind: 'veth', mac: macFor(`cilium_host@${node.name}`), addresses: [`${router}/32`], mtu,
      flags: ['peer cilium_net'],
    },
  ];
  if (mode === 'vxlan') {
    // VNI carries the source security identity, so the device is in external (metadata) mode (§3.7).
    interfaces.push({
      name: 'cilium_vxlan', kind: 'vxlan', mac: macFor(`cilium_vxlan@${node.name}`), addresses: [], mtu, port: 8472,
      flags: ['external (VNI = source security identity)'],
    });
  } else if (mode === 'geneve') {
    interfaces.push({
      name: 'cilium_geneve', kind: 'geneve', mac: macFor(`cilium_geneve@${node.name}`), addresses: [], mtu, port: 6081,
      flags: ['external (VNI = source security identity)'],
    });
  } else if (mode === 'wireguard') {
    // Cilium's WireGuard listens on UDP 51871, not 51820 (§3.3, §10).
    interfaces.push({
      name: 'cilium_wg0', kind: 'wireguard', addresses: [], mtu, port: 51871,
      flags: peers.flatMap((p) => (p.wireguardPeer ? [p.wireguardPeer] : [])),
    });
  }

  const routes: Route[] = [
    { dst: node.podCIDR, via: router, dev: 'cilium_host', proto: 'kernel', src: router },
    { dst: router, dev: 'cilium_host', proto: 'kernel', scope: 'link' },
  ];
  remotes.forEach((remote, i) => {
    if (mode === 'native') {
      for (const r of peers[i]!.routes) routes.push(r);
    } else {
      // Tunnel and WireGuard modes: the kernel route only points at cilium_host; the eBPF program
      // redirects into cilium_vxlan / cilium_geneve / cilium_wg0 with the tunnel metadata (§3.7).
      routes.push({ dst: remote.podCIDR, via: router, dev: 'cilium_host', proto: 'kernel', src: router });
    }
  });
  return { interfaces, routes, neighbours: [], fdb: [] };
}

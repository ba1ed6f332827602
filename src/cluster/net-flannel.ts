// flannel's node side: the cni0 bridge (bridge plugin) plus the backend's device and routes.
// DATAPATH §1.2, §3.1 (vxlan), §3.2 (host-gw), §3.8 (wireguard), §3.3 (parameters).
import type { ClusterSettings, FdbEntry, Neighbour, NetInterface, PodState, Route } from '../model/cluster.ts';
import type { NodeDraft } from './draft.ts';
import type { CniNodePart, CniPeer } from './network.ts';
import { addressIn, macFor, nodeGateway, podMtu, prefixOf } from './net-params.ts';

/** VTEP MAC of a node's flannel.1; the same function on every node, so peers agree on it. */
export function flannelVtepMac(nodeName: string): string {
  return macFor(`flannel.1@${nodeName}`);
}

/** The node subnet's network address (10.244.1.0): flannel.1's /32 and the peers' next hop (§3.1). */
function subnetAddress(podCIDR: string): string {
  return addressIn(podCIDR, 0);
}

/** What every node programs for one remote node (§3.1, §3.2, §3.8): built once, shared by all. */
export function flannelPeer(settings: ClusterSettings, remote: NodeDraft): CniPeer {
  switch (settings.cni.mode) {
    case 'vxlan': {
      // One route, one permanent neighbour and one FDB entry per remote node; no L2/L3-miss callouts.
      const next = subnetAddress(remote.podCIDR);
      const mac = flannelVtepMac(remote.name);
      return {
        routes: [{ dst: remote.podCIDR, via: next, dev: 'flannel.1', onlink: true }],
        neighbours: [{ ip: next, mac, dev: 'flannel.1', permanent: true }],
        fdb: [{ mac, dev: 'flannel.1', dst: remote.address }],
      };
    }
    case 'host-gw':
      // The remote node's address as gateway on eth0: needs L2 adjacency between nodes (§3.2).
      return { routes: [{ dst: remote.podCIDR, via: remote.address, dev: 'eth0' }], neighbours: [], fdb: [] };
    case 'wireguard':
      // Each peer's AllowedIPs is that node's subnet, its endpoint the node address on UDP 51820 (§3.8).
      return { routes: [], neighbours: [], fdb: [], wireguardPeer: `peer endpoint ${remote.address}:51820 allowed-ips ${remote.podCIDR}` };
    default:
      return { routes: [], neighbours: [], fdb: [] };
  }
}

export function flannelNode(
  settings: ClusterSettings, node: NodeDraft, peers: readonly CniPeer[], pods: readonly PodState[],
): CniNodePart {
  const mtu = podMtu(settings);
  const interfaces: NetInterface[] = [];
  const routes: Route[] = [];
  const neighbours: Neighbour[] = [];
  const fdb: FdbEntry[] = [];
  for (const peer of peers) {
    for (const r of peer.routes) routes.push(r);
    for (const n of peer.neighbours) neighbours.push(n);
    for (const f of peer.fdb) fdb.push(f);
  }

  if (settings.cni.mode === 'vxlan') {
    interfaces.push({
      name: 'flannel.1', kind: 'vxlan', mac: flannelVtepMac(node.name), addresses: [`${subnetAddress(node.podCIDR)}/32`],
      mtu, vni: 1, port: 8472, flags: ['learning off', `local ${node.address} dev eth0`],
    });
  } else if (settings.cni.mode === 'wireguard') {
    // One route for the whole cluster CIDR into the WireGuard device (§3.8). Device address [D].
    interfaces.push({
      name: 'flannel-wg', kind: 'wireguard', addresses: [`${subnetAddress(node.podCIDR)}/32`], mtu,
      port: 51820,
      flags: peers.flatMap((p) => (p.wireguardPeer ? [p.wireguardPeer] : [])),
    });
    routes.push({ dst: settings.podCIDR, dev: 'flannel-wg', scope: 'link' });
  }

  // The bridge plugin creates cni0 when the first pod of the node is attached (§1.2).
  if (pods.length > 0) {
    const gateway = nodeGateway(node.podCIDR);
    interfaces.push({
      name: 'cni0', kind: 'bridge', mac: macFor(`cni0@${node.name}`), addresses: [`${gateway}/${prefixOf(node.podCIDR)}`],
      mtu, flags: ['isGateway', 'bridge-nf-call-iptables=1'],
    });
    routes.push({ dst: node.podCIDR, dev: 'cni0', proto: 'kernel', scope: 'link', src: gateway });
  }
  return { interfaces, routes, neighbours, fdb };
}

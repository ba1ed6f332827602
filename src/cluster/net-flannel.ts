// flannel's node side: the cni0 bridge (bridge plugin) plus the backend's device and routes.
// DATAPATH §1.2, §3.1 (vxlan), §3.2 (host-gw), §3.8 (wireguard), §3.3 (parameters).
import type { ClusterSettings, FdbEntry, Neighbour, NetInterface, PodState, Route } from '../model/cluster.ts';
import type { NodeDraft } from './draft.ts';
import type { CniNodePart } from './network.ts';
import { addressIn, macFor, nodeGateway, podMtu, prefixOf } from './net-params.ts';

/** VTEP MAC of a node's flannel.1; the same function on every node, so peers agree on it. */
export function flannelVtepMac(nodeName: string): string {
  return macFor(`flannel.1@${nodeName}`);
}

/** The node subnet's network address (10.244.1.0): flannel.1's /32 and the peers' next hop (§3.1). */
function subnetAddress(podCIDR: string): string {
  return addressIn(podCIDR, 0);
}

export function flannelNode(
  settings: ClusterSettings, node: NodeDraft, remotes: readonly NodeDraft[], pods: readonly PodState[],
): CniNodePart {
  const mtu = podMtu(settings);
  const interfaces: NetInterface[] = [];
  const routes: Route[] = [];
  const neighbours: Neighbour[] = [];
  const fdb: FdbEntry[] = [];

  if (settings.cni.mode === 'vxlan') {
    interfaces.push({
      name: 'flannel.1', kind: 'vxlan', mac: flannelVtepMac(node.name), addresses: [`${subnetAddress(node.podCIDR)}/32`],
      mtu, vni: 1, port: 8472, flags: ['learning off', `local ${node.address} dev eth0`],
    });
    // One route, one permanent neighbour and one FDB entry per remote node; no L2/L3-miss callouts.
    for (const remote of remotes) {
      const next = subnetAddress(remote.podCIDR);
      routes.push({ dst: remote.podCIDR, via: next, dev: 'flannel.1', onlink: true });
      neighbours.push({ ip: next, mac: flannelVtepMac(remote.name), dev: 'flannel.1', permanent: true });
      fdb.push({ mac: flannelVtepMac(remote.name), dev: 'flannel.1', dst: remote.address });
    }
  } else if (settings.cni.mode === 'host-gw') {
    // The remote node's address as gateway on eth0: needs L2 adjacency between nodes (§3.2).
    for (const remote of remotes) routes.push({ dst: remote.podCIDR, via: remote.address, dev: 'eth0' });
  } else if (settings.cni.mode === 'wireguard') {
    // One route for the whole cluster CIDR into the WireGuard device; each peer's AllowedIPs is
    // that node's subnet, its endpoint the node address on UDP 51820 (§3.8). Device address [D].
    interfaces.push({
      name: 'flannel-wg', kind: 'wireguard', addresses: [`${subnetAddress(node.podCIDR)}/32`], mtu,
      port: 51820,
      flags: remotes.map((r) => `peer endpoint ${r.address}:51820 allowed-ips ${r.podCIDR}`),
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


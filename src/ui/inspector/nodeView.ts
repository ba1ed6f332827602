// A node (or one of its interfaces): addresses, interfaces, and its tables as the node's own
// tools print them — `ip route`, `ip neigh`, `bridge fdb`, and kube-proxy's programming in the
// proxy mode's own syntax (iptables-save -t nat, ipvsadm -Ln, nft list table).
import { iptablesSave, ipvsadmList, nftList } from '../../cluster/iptablesSave.ts';
import { routeText } from '../../engine/index.ts';
import type { NetInterface, NodeState } from '../../model/cluster.ts';
import { fact, labelChips, sourceRange } from './objectView.ts';
import type { Item, ObjectView, Section } from './objectView.ts';

export function nodeView(node: NodeState): ObjectView {
  const range = sourceRange(node.source);
  return {
    title: `Node ${node.name}`,
    sentence: `A ${node.role === 'control-plane' ? 'control-plane' : 'worker'} node at ${node.address}; its pods get addresses from ${node.podCIDR || node.ipamBlocks.join(', ')}.`,
    ...(range && { range }),
    sections: nodeSections(node),
  };
}

/** The interface, then its node: a veth or a tunnel makes sense only with the node's tables. */
export function interfaceView(node: NodeState, iface: NetInterface): ObjectView {
  return {
    title: `Interface ${node.name}/${iface.name}`,
    sentence: `${kindSentence[iface.kind]} on node ${node.name}.`,
    sections: [{ title: 'Interface', items: [interfaceItem(iface)] }, ...nodeSections(node)],
  };
}

const kindSentence: Readonly<Record<NetInterface['kind'], string>> = {
  physical: 'The node\u2019s network card, on the underlay',
  loopback: 'The loopback interface',
  bridge: 'A Linux bridge that switches frames between the pods\u2019 veths',
  veth: 'The host end of a pod\u2019s veth pair',
  vxlan: 'A VXLAN tunnel device: it wraps frames in UDP to other nodes',
  geneve: 'A Geneve tunnel device: it wraps frames in UDP to other nodes',
  ipip: 'An IP-in-IP tunnel device: it wraps packets in an outer IP header',
  wireguard: 'A WireGuard device: it encrypts packets to other nodes',
  dummy: 'A dummy interface holding local addresses',
};

export function interfaceItem(i: NetInterface): Item {
  return {
    text: `${i.name} (${i.kind})`,
    // One line per interface, as `ip -br addr` keeps it short: a node has a veth per pod.
    detail: [[
      ...(i.addresses.length ? [`inet ${i.addresses.join(', ')}`] : []),
      ...(i.mac ? [`link/ether ${i.mac}`] : []),
      `mtu ${i.mtu}`,
      ...(i.master ? [`master ${i.master}`] : []),
      ...(i.peerPod ? [`peer: pod ${i.peerPod}`] : []),
      ...(i.vni !== undefined ? [`VNI ${i.vni}${i.port !== undefined ? `, UDP port ${i.port}` : ''}`] : i.port !== undefined ? [`listen port ${i.port}`] : []),
      ...i.flags,
    ].join(' \u00b7 ')],
  };
}

function nodeSections(node: NodeState): Section[] {
  return [
    {
      title: 'Node',
      facts: [
        ...fact('address', node.address), ...fact('role', node.role), ...fact('pod CIDR', node.podCIDR),
        // Calico's /26 blocks differ from the node's podCIDR; flannel's single block is the podCIDR.
        ...fact('IPAM blocks', node.ipamBlocks.join(', ') === node.podCIDR ? undefined : node.ipamBlocks.join(', ')), ...fact('zone', node.zone),
      ],
      chips: labelChips(node.labels),
    },
    { title: 'Routes', output: { command: 'ip route', text: node.routes.map(routeText).join('\n') } },
    { title: 'Interfaces', items: node.interfaces.map(interfaceItem) },
    ...(node.neighbours.length
      ? [{ title: 'Neighbours', output: { command: 'ip neigh', text: node.neighbours.map((n) => `${n.ip} dev ${n.dev} lladdr ${n.mac} ${n.permanent ? 'PERMANENT' : 'REACHABLE'}`).join('\n') } }]
      : []),
    ...(node.fdb.length
      ? [{ title: 'Forwarding database', output: { command: 'bridge fdb show', text: node.fdb.map((f) => `${f.mac} dev ${f.dev} dst ${f.dst} self permanent`).join('\n') } }]
      : []),
    ...proxySections(node),
  ];
}

function proxySections(node: NodeState): Section[] {
  const proxy = node.proxy;
  const nat = (title: string): Section => ({ title, output: { command: 'iptables-save -t nat', text: iptablesSave(proxy, 'nat').trimEnd() } });
  switch (proxy.mode) {
    case 'iptables': return [nat('kube-proxy (iptables mode)')];
    case 'nftables': return [{ title: 'kube-proxy (nftables mode)', output: { command: 'nft list table ip kube-proxy', text: nftList(proxy).trimEnd() } }];
    case 'ipvs': return [
      { title: 'kube-proxy (IPVS mode)', output: { command: 'ipvsadm -Ln', text: ipvsadmList(proxy).trimEnd() } },
      nat('kube-proxy\u2019s iptables rules (IPVS mode)'),
    ];
    case 'replacement': return [{ title: 'kube-proxy', note: 'Cilium replaces kube-proxy: Services are answered by eBPF programs at the socket and the interfaces, so no kube-proxy rules exist on the node.' }];
  }
}

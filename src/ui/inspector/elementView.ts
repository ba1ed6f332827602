// Element id (the graph's and the trace's: `pod:NS/NAME`, `node:NAME`, `iface:NODE/DEV`,
// `svc:NS/NAME`, `external:IP`, `lb:IP`, `underlay`, `internet`) → what the inspector shows.
import type { ClusterState } from '../../model/cluster.ts';
import { interfaceView, nodeView } from './nodeView.ts';
import { fact } from './objectView.ts';
import type { ObjectView } from './objectView.ts';
import { podView } from './podView.ts';
import { serviceView } from './serviceView.ts';

/** The view for `id`, or undefined when the cluster has no such element (a renamed pod, a typo). */
export function elementView(cluster: ClusterState, id: string): ObjectView | undefined {
  const colon = id.indexOf(':');
  const kind = colon < 0 ? id : id.slice(0, colon);
  const rest = colon < 0 ? '' : id.slice(colon + 1);
  switch (kind) {
    case 'pod': {
      const pod = cluster.index.podById.get(rest);
      return pod && podView(cluster, pod);
    }
    case 'node': {
      const node = cluster.index.nodeByName.get(rest);
      return node && nodeView(node);
    }
    case 'iface': {
      const [nodeName, dev] = splitOnce(rest, '/');
      const node = cluster.index.nodeByName.get(nodeName);
      const iface = node?.interfaces.find((i) => i.name === dev);
      return node && iface && interfaceView(node, iface);
    }
    case 'svc': {
      const svc = cluster.index.serviceById.get(rest);
      return svc && serviceView(cluster, svc);
    }
    case 'external': return externalView(cluster, rest);
    case 'lb': return loadBalancerView(cluster, rest);
    case 'underlay': return underlayView(cluster);
    case 'internet': return internetView(cluster);
    default: return undefined;
  }
}

function splitOnce(text: string, sep: string): [string, string] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}

function externalView(cluster: ClusterState, ip: string): ObjectView {
  const names = Object.entries(cluster.outside.hosts).filter(([, a]) => a === ip).map(([h]) => h);
  const role = ip === cluster.outside.defaultClient ? 'the default outside client (a browser on the internet)'
    : ip === cluster.outside.upstreamDNS ? 'the upstream DNS resolver the nodes\u2019 resolv.conf names'
      : names.length ? `a public server (${names.join(', ')})` : 'an address on the internet';
  return {
    title: `External ${ip}`,
    sentence: `${ip} is outside the cluster: ${role}. NetworkPolicy sees it only through ipBlock rules.`,
    sections: [{ title: 'Address', facts: [...fact('IP', ip), ...fact('DNS names', names.join(', '))] }],
  };
}

function loadBalancerView(cluster: ClusterState, ip: string): ObjectView {
  const services = cluster.services.filter((s) => s.loadBalancerIPs.includes(ip));
  return {
    title: `Load balancer ${ip}`,
    sentence: `The cloud load balancer answering ${ip}: it forwards to a NodePort on the nodes (kube-proxy also catches the address on each node).`,
    sections: [{
      title: 'Load balancer',
      facts: [...fact('address', ip), ...fact('Services', services.map((s) => `${s.id} (${s.ports.map((p) => `${p.port}\u2192${p.nodePort ?? '?'}`).join(', ')})`).join('; '))],
    }],
  };
}

function underlayView(cluster: ClusterState): ObjectView {
  return {
    title: 'Underlay network',
    sentence: 'The network between the nodes. It routes node addresses only: pod traffic crosses it inside a tunnel, or routed by the nodes\u2019 pod CIDR routes.',
    sections: [{ title: 'Node addresses', facts: cluster.nodes.map((n) => ({ label: n.name, value: n.address })) }],
  };
}

function internetView(cluster: ClusterState): ObjectView {
  return {
    title: 'The internet',
    sentence: 'The simulated outside world on documentation address ranges: clients, public servers and the upstream DNS resolver.',
    sections: [{
      title: 'Outside world',
      facts: [
        ...fact('default client', cluster.outside.defaultClient), ...fact('upstream DNS', cluster.outside.upstreamDNS),
        ...Object.entries(cluster.outside.hosts).map(([host, ip]) => ({ label: host, value: ip })),
      ],
    }],
  };
}

// The cluster as graph elements, with ids exactly the engine's element ids (`node:node-1`,
// `pod:shop/web-…`, `iface:node-1/cni0`, `svc:shop/web`, `lb:IP`, `external:IP`, `underlay`), so a
// hop's `at` names what to highlight. Pure: no Cytoscape, no DOM.
import type { ClusterState, NetInterface, PodState, ServiceState } from '../../model/cluster.ts';

/** Device names longer than this (cilium_vxlan, wireguard.cali) get a wide chip, two to a row. */
export const wideIface = (name: string): boolean => name.length > 9;

export type ElementKind = 'node' | 'host' | 'pod' | 'iface' | 'svc' | 'lb' | 'external' | 'underlay';

export interface NodeData {
  readonly id: string;
  readonly kind: ElementKind;
  readonly label: string;
  /** Hover text: labels, IP, node. */
  readonly tip: string;
  readonly parent?: string;
  /** The namespace colour, for pods and Services. */
  readonly color?: string;
  /** What a click selects, when it differs from the id (the host stack selects its node). */
  readonly selects?: string;
}

export interface EdgeData {
  readonly id: string;
  readonly source: string;
  readonly target: string;
}

export type GraphElement =
  | { readonly group: 'nodes'; readonly data: NodeData; readonly classes: string }
  | { readonly group: 'edges'; readonly data: EdgeData; readonly classes: string };

export interface GraphModel {
  readonly elements: readonly GraphElement[];
  /** Engine ids drawn as another element: a pod's host-side veth is drawn as its pod. */
  readonly alias: ReadonlyMap<string, string>;
  readonly drawn: ReadonlySet<string>;
  /** Drawn ids of the node boxes in name order, for the layout's columns. */
  readonly nodes: readonly string[];
}

/** Namespace colours: fixed, told apart by hue and readable on light and dark panels. */
export const PALETTE = ['#2f7ed8', '#d9822b', '#2e9e6a', '#b545a8', '#c9a227', '#1f9db5', '#d45d5d', '#6f6fd6'] as const;
const SYSTEM_COLOR = '#8a93a3';

/** Name order as people read it: node-2 before node-10. */
export const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export const INTERNET = 'internet';
export const UNDERLAY = 'underlay';
export const hostOf = (node: string): string => `host:${node}`;

/** Interfaces the node draws: the CNI's own devices and eth0; per-pod veths are drawn as their pod. */
const drawnIface = (i: NetInterface): boolean => i.kind !== 'loopback' && !(i.kind === 'veth' && i.peerPod);

/** Long generated names are cut to fit the box; the tooltip and the inspector have them whole. */
const short = (text: string, max = 26): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const labelsText = (labels: Readonly<Record<string, string>>): string[] =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`);

function podTip(p: PodState): string {
  return [
    `Pod ${p.id}`, `IP ${p.ip ?? '—'}`, `node ${p.nodeName ?? '(pending)'}`,
    ...(p.hostNetwork ? ['hostNetwork'] : []), ...(p.ready ? [] : ['not ready']), ...labelsText(p.labels),
  ].join('\n');
}

function portsText(s: ServiceState): string {
  return s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(' ');
}

export function graphModel(cluster: ClusterState): GraphModel {
  const elements: GraphElement[] = [];
  const alias = new Map<string, string>();
  const drawn = new Set<string>();
  const node = (data: NodeData, classes: string[]): void => {
    drawn.add(data.id);
    elements.push({ group: 'nodes', data, classes: classes.join(' ') });
  };
  const edges = new Set<string>();
  const edge = (source: string, target: string, classes: string): void => {
    const id = `edge:${source}->${target}`;
    if (edges.has(id)) return;
    edges.add(id);
    elements.push({ group: 'edges', data: { id, source, target }, classes });
  };

  const namespaces = [...new Set([...cluster.pods, ...cluster.services].filter((o) => !o.system).map((o) => o.namespace))].sort();
  const colorOf = (ns: string, system: boolean): string =>
    system ? SYSTEM_COLOR : PALETTE[namespaces.indexOf(ns) % PALETTE.length]!;

  const nodes = [...cluster.nodes].sort((a, b) => byName(a.name, b.name));
  for (const n of nodes) {
    const id = `node:${n.name}`;
    node({ id, kind: 'node', label: `${n.name}  ${n.address}`, tip: [`Node ${n.name} (${n.role})`, `InternalIP ${n.address}`, `pods ${n.podCIDR}`, ...labelsText(n.labels)].join('\n') }, ['node']);
    node({ id: hostOf(n.name), kind: 'host', parent: id, selects: id, label: 'host netns · routing, netfilter', tip: `${n.name}: the host network stack (routes, iptables/nftables, conntrack)` }, ['host']);
    for (const i of n.interfaces) {
      const ifaceId = `iface:${n.name}/${i.name}`;
      if (!drawnIface(i)) {
        if (i.peerPod) alias.set(ifaceId, `pod:${i.peerPod}`);
        continue;
      }
      node({ id: ifaceId, kind: 'iface', parent: id, label: i.name, tip: [`${n.name} ${i.name} (${i.kind})`, ...i.addresses, `mtu ${i.mtu}`, ...i.flags].join('\n') }, ['iface', i.kind, ...(wideIface(i.name) ? ['wide'] : [])]);
    }
  }
  const known = new Set(nodes.map((n) => n.name));
  for (const p of cluster.pods) {
    const parent = p.nodeName && known.has(p.nodeName) ? `node:${p.nodeName}` : undefined;
    const classes = ['pod', ...(p.system ? ['system'] : []), ...(p.namespace === 'ingress-nginx' || p.labels['app.kubernetes.io/name'] === 'ingress-nginx' ? ['ingress'] : []),
      ...(p.ready && p.phase === 'Running' ? [] : ['unready']), ...(parent ? [] : ['pending'])];
    node({ id: `pod:${p.id}`, kind: 'pod', ...(parent ? { parent } : {}), label: `${short(p.name)}\n${p.ip ?? p.phase}`, tip: podTip(p), color: colorOf(p.namespace, p.system) }, classes);
    if (p.hostVeth && p.nodeName) alias.set(`iface:${p.nodeName}/${p.hostVeth.name}`, `pod:${p.id}`);
  }

  for (const s of cluster.services) {
    const id = `svc:${s.id}`;
    const ip = s.headless ? 'None (headless)' : s.clusterIP ?? s.externalName ?? '—';
    node({ id, kind: 'svc', label: `svc ${short(s.name)}\n${ip}\n${short(portsText(s))}`, tip: [`Service ${s.id} (${s.type})`, `ClusterIP ${ip}`, portsText(s), ...labelsText(s.labels)].join('\n'), color: colorOf(s.namespace, s.system) },
      ['svc', ...(s.system ? ['system'] : [])]);
    const pods = new Set(s.endpointSlices.flatMap((sl) => sl.endpoints.flatMap((e) => (e.pod ? [`pod:${e.pod}`] : []))));
    for (const pod of [...pods].sort()) if (drawn.has(pod)) edge(id, pod, 'endpoint');
    for (const ip of s.loadBalancerIPs) {
      const lb = `lb:${ip}`;
      if (!drawn.has(lb)) node({ id: lb, kind: 'lb', label: `LoadBalancer\n${ip}`, tip: `LoadBalancer address ${ip} of ${s.id}` }, ['lb']);
      edge(lb, id, 'lb-edge');
      edge(INTERNET, lb, 'outside');
    }
  }

  for (const ip of cluster.settings.nodeResolvConf.nameservers) {
    node({ id: `external:${ip}`, kind: 'external', label: `upstream DNS\n${ip}`, tip: `The nodes' resolver ${ip}, outside the cluster` }, ['external']);
  }
  node({ id: INTERNET, kind: 'external', label: 'outside world\nclients, internet', tip: 'Addresses outside the cluster: clients and servers on the internet' }, ['external']);
  node({ id: UNDERLAY, kind: 'underlay', label: 'node network (underlay)', tip: 'The network between the nodes (their eth0 addresses)' }, ['underlay']);
  edge(INTERNET, UNDERLAY, 'outside');
  for (const n of nodes) if (drawn.has(`iface:${n.name}/eth0`)) edge(`iface:${n.name}/eth0`, UNDERLAY, 'wire');

  // Edges are drawn after their nodes exist: move them to the end so Cytoscape adds them last.
  elements.sort((a, b) => Number(a.group === 'edges') - Number(b.group === 'edges'));
  return { elements, alias, drawn, nodes: nodes.map((n) => `node:${n.name}`) };
}

/** The drawn element for an engine element id; undefined when nothing near it is drawn. */
export function resolveAt(model: GraphModel, at: string): string | undefined {
  // A node's own hops (routing, netfilter) happen in its host network stack, drawn inside its box.
  if (at.startsWith('node:') && model.drawn.has(hostOf(at.slice('node:'.length)))) return hostOf(at.slice('node:'.length));
  if (model.drawn.has(at)) return at;
  const aliased = model.alias.get(at);
  if (aliased) return aliased;
  if (at.startsWith('iface:')) {
    const nodeId = `node:${at.slice('iface:'.length).split('/')[0]}`;
    return model.drawn.has(nodeId) ? nodeId : undefined;
  }
  if (at.startsWith('external:')) return INTERNET;
  return undefined;
}

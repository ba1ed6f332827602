// Lookups a kernel does before it sends a frame: the route (longest-prefix match over the main
// table, local addresses first), the next hop's MAC (static neighbour entry, or the answer an
// ARP request would get on that link) and, for VXLAN, the FDB entry naming the remote VTEP.
// Everything is read from the NodeState / PodState tables, never re-derived (DATAPATH §3.9).
import type { ClusterState, FdbEntry, Neighbour, NetInterface, NodeState, PodState, Route } from '../model/cluster.ts';
import { maskOf, parseCidr, parseIPv4 } from '../model/ip.ts';
import { macFor, underlayGateway } from '../cluster/net-params.ts';
import type { RuleRef } from './types.ts';

/** A route as `ip route` prints it: `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`. */
export function routeText(r: Route): string {
  let text = routeTexts.get(r);
  if (text === undefined) routeTexts.set(r, (text = renderRoute(r)));
  return text;
}

// Routes are immutable state: each is rendered once (a trace prints every route it takes, twice).
const routeTexts = new WeakMap<Route, string>();

function renderRoute(r: Route): string {
  return [
    r.type === 'blackhole' ? 'blackhole' : r.type === 'local' ? 'local' : '', r.dst, r.via ? `via ${r.via}` : '',
    r.dev ? `dev ${r.dev}` : '', r.proto ? `proto ${r.proto}` : '', r.scope ? `scope ${r.scope}` : '',
    r.src ? `src ${r.src}` : '', r.onlink ? 'onlink' : '',
  ].filter(Boolean).join(' ');
}

export function routeRef(r: Route): RuleRef {
  return { kind: 'route', text: routeText(r) };
}

interface RouteTable {
  /** Distinct prefix lengths, longest first, each with its routes by network address (first route wins a tie). */
  readonly byPrefix: readonly { readonly prefix: number; readonly mask: number; readonly routes: ReadonlyMap<number, Route> }[];
}

// Route tables are part of the immutable ClusterState: each is compiled once, on its first lookup.
const tables = new WeakMap<readonly Route[], RouteTable>();

function routeTable(routes: readonly Route[]): RouteTable {
  let table = tables.get(routes);
  if (table) return table;
  const byLength = new Map<number, Map<number, Route>>();
  for (const r of routes) {
    const c = r.dst === 'default' ? { base: 0, prefix: 0 } : parseCidr(r.dst);
    if (!c) continue;
    let m = byLength.get(c.prefix);
    if (!m) byLength.set(c.prefix, (m = new Map()));
    if (!m.has(c.base)) m.set(c.base, r);
  }
  table = {
    byPrefix: [...byLength].sort((a, b) => b[0] - a[0])
      .map(([prefix, m]) => ({ prefix, mask: maskOf(prefix), routes: m })),
  };
  tables.set(routes, table);
  return table;
}

/** Longest-prefix match; `default` is /0. Undefined when nothing matches (no default route). */
export function lookupRoute(routes: readonly Route[], ip: string): Route | undefined {
  const n = parseIPv4(ip);
  if (n === undefined) return undefined;
  for (const { mask, routes: m } of routeTable(routes).byPrefix) {
    const hit = m.get((n & mask) >>> 0);
    if (hit) return hit;
  }
  return undefined;
}

/** A node's tables by key, built once per NodeState (first entry wins, as the linear scans did). */
interface NodeIndex {
  readonly interfaceByName: ReadonlyMap<string, NetInterface>;
  readonly interfaceByAddress: ReadonlyMap<string, NetInterface>;
  /** `dev ip` → the first neighbour entry. */
  readonly neighbour: ReadonlyMap<string, Neighbour>;
  /** `dev mac` → the first FDB entry. */
  readonly fdb: ReadonlyMap<string, FdbEntry>;
}

const nodeIndexes = new WeakMap<NodeState, NodeIndex>();

function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!m.has(k)) m.set(k, item);
  }
  return m;
}

function nodeIndex(node: NodeState): NodeIndex {
  let index = nodeIndexes.get(node);
  if (index) return index;
  const interfaceByAddress = new Map<string, NetInterface>();
  for (const i of node.interfaces) for (const a of i.addresses) if (!interfaceByAddress.has(a.split('/')[0]!)) interfaceByAddress.set(a.split('/')[0]!, i);
  index = {
    interfaceByName: firstBy(node.interfaces, (i) => i.name),
    interfaceByAddress,
    neighbour: firstBy(node.neighbours, (n) => `${n.dev} ${n.ip}`),
    fdb: firstBy(node.fdb, (f) => `${f.dev} ${f.mac}`),
  };
  nodeIndexes.set(node, index);
  return index;
}

/** A node's pods by host-side device, and bridged pods by `bridge ip`; per state, since pods change with it. */
interface PodIndex {
  readonly byHostVeth: ReadonlyMap<string, PodState>;
  readonly onBridge: ReadonlyMap<string, PodState>;
}

const podIndexes = new WeakMap<ClusterState, Map<string, PodIndex>>();

function podIndex(state: ClusterState, node: NodeState): PodIndex {
  let perNode = podIndexes.get(state);
  if (!perNode) podIndexes.set(state, (perNode = new Map()));
  let index = perNode.get(node.name);
  if (index) return index;
  const pods = state.index.podsByNode.get(node.name) ?? [];
  index = {
    byHostVeth: firstBy(pods.filter((p) => p.hostVeth !== undefined), (p) => p.hostVeth!.name),
    onBridge: firstBy(pods.filter((p) => !p.hostNetwork && p.hostVeth?.master !== undefined), (p) => `${p.hostVeth!.master} ${p.ip}`),
  };
  perNode.set(node.name, index);
  return index;
}

/** The node's own addresses (the kernel's `local` table): every interface address, kube-ipvs0 included. */
export function localInterface(node: NodeState, ip: string): NetInterface | undefined {
  return nodeIndex(node).interfaceByAddress.get(ip);
}

/** First IPv4 address of an interface (what MASQUERADE and source selection use). */
export function primaryAddress(iface: NetInterface | undefined): string | undefined {
  return iface?.addresses[0]?.split('/')[0];
}

export function findInterface(node: NodeState, name: string): NetInterface | undefined {
  return nodeIndex(node).interfaceByName.get(name);
}

/** The pod whose host-side veth / cali / lxc device this is. */
export function podOnDevice(state: ClusterState, node: NodeState, dev: string): PodState | undefined {
  const iface = findInterface(node, dev);
  return iface?.peerPod !== undefined ? state.index.podById.get(iface.peerPod) : podIndex(state, node).byHostVeth.get(dev);
}

export interface NextHop {
  readonly ip: string;
  readonly mac?: string;
  /** Where the answer came from: a permanent neighbour entry, or an ARP reply on the link. */
  readonly because: readonly RuleRef[];
  /** Who answered (the pod or node behind the MAC), for the hop's sentence. */
  readonly owner?: string;
}

function neighbourText(n: Neighbour): string {
  return `${n.ip} dev ${n.dev} lladdr ${n.mac} ${n.permanent ? 'PERMANENT' : 'REACHABLE'}`;
}

/** A router of the simulated underlay (its MAC is made up, deterministic). */
export function underlayRouterMac(ip: string): string {
  return macFor(`router@${ip}`);
}

/**
 * Resolves the next hop's MAC on `dev` of `node`: the static neighbour table first (flannel's and
 * Calico's VTEP entries), else what ARP on that link would return: a pod on the bridge, the pod
 * behind a cali/lxc device, a node or the underlay gateway on eth0. Undefined mac = no answer.
 */
export function resolveNeighbour(state: ClusterState, node: NodeState, dev: string, ip: string): NextHop {
  const entry = nodeIndex(node).neighbour.get(`${dev} ${ip}`);
  if (entry) return { ip, mac: entry.mac, because: [{ kind: 'neighbour', text: neighbourText(entry) }] };
  const dynamic = (mac: string, owner: string): NextHop => ({
    ip, mac, owner, because: [{ kind: 'neighbour', text: neighbourText({ ip, mac, dev, permanent: false }) }],
  });
  const iface = findInterface(node, dev);
  if (iface?.kind === 'bridge') {
    const pod = podIndex(state, node).onBridge.get(`${dev} ${ip}`);
    if (pod?.eth0?.mac) return dynamic(pod.eth0.mac, `pod ${pod.id}`);
    if (primaryAddress(iface) === ip && iface.mac) return dynamic(iface.mac, `${dev} on ${node.name}`);
    return { ip, because: [] };
  }
  const behind = podOnDevice(state, node, dev);
  if (behind) return behind.eth0?.mac && behind.ip === ip ? dynamic(behind.eth0.mac, `pod ${behind.id}`) : { ip, because: [] };
  if (iface?.kind === 'physical') {
    const peer = state.index.nodeByAddress.get(ip);
    const peerEth = peer ? findInterface(peer, 'eth0') : undefined;
    if (peer && peerEth?.mac) return dynamic(peerEth.mac, `node ${peer.name}`);
    if (ip === underlayGateway(node.address)) return dynamic(underlayRouterMac(ip), 'the underlay gateway');
  }
  return { ip, because: [] };
}

export function fdbLookup(node: NodeState, dev: string, mac: string): FdbEntry | undefined {
  return nodeIndex(node).fdb.get(`${dev} ${mac}`);
}

/** `bridge fdb show` line. */
export function fdbRef(f: FdbEntry): RuleRef {
  return { kind: 'fdb', text: `${f.mac} dev ${f.dev} dst ${f.dst} self permanent` };
}

/** A learned bridge FDB entry as `bridge fdb show` prints it: the port a MAC was seen on. */
export function bridgePortRef(pod: { readonly eth0?: { readonly mac?: string }; readonly hostVeth?: { readonly name: string } }, bridge: string): RuleRef[] {
  return pod.eth0?.mac && pod.hostVeth ? [{ kind: 'fdb', text: `${pod.eth0.mac} dev ${pod.hostVeth.name} master ${bridge}` }] : [];
}

/** The node holding this address on eth0 (underlay delivery). */
export function nodeByAddress(state: ClusterState, ip: string): NodeState | undefined {
  return state.index.nodeByAddress.get(ip);
}

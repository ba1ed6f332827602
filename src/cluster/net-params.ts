// Per-CNI constants and deterministic names/MACs shared by podInterfaces and nodeNetwork.
// Values from DATAPATH.md §1.2 and the encapsulation matrix §3.3.
import type { ClusterSettings, Route } from '../model/cluster.ts';
import { formatIPv4, nthAddress, parseCidr, parseIPv4 } from '../model/ip.ts';
import { sha1, sha256, toHex } from './hash.ts';

/** MAC Calico gives every host-side cali device; pods learn it through proxy ARP (DATAPATH §1.2). */
export const CALICO_GATEWAY_MAC = 'ee:ee:ee:ee:ee:ee';
/** Link-local gateway Calico writes into every pod (DATAPATH §1.2, S15). */
export const CALICO_GATEWAY_IP = '169.254.1.1';

/**
 * Bytes a mode reserves below the NIC MTU (DATAPATH §1.2 and §3.3): VXLAN/Geneve 50, IPIP 20,
 * Calico WireGuard 60, flannel WireGuard 80. Cilium WireGuard is [U] in DATAPATH §11.4; 80 is
 * Cilium's own WireGuard overhead constant (pkg/mtu), flagged unverified.
 */
export function encapOverhead(settings: ClusterSettings): number {
  const { plugin, mode } = settings.cni;
  if (mode === 'vxlan' || mode === 'geneve') return 50;
  if (mode === 'ipip') return 20;
  if (mode === 'wireguard') return plugin === 'calico' ? 60 : 80;
  return 0;
}

/** MTU of pod eth0 and of the tunnel device: flannel VXLAN 1450, Calico IPIP 1480 … */
export function podMtu(settings: ClusterSettings): number {
  return settings.mtu - encapOverhead(settings);
}

/**
 * A stable, locally administered unicast MAC derived from `seed`. Real MACs are random (kernel
 * or CNI); deriving them from names keeps every build, share link and golden test identical.
 */
export function macFor(seed: string): string {
  let mac = macMemo.get(seed);
  if (mac === undefined) {
    // Every node lists every other node's VTEP MAC: derive each once. Bounded for long sessions.
    if (macMemo.size >= 1 << 16) macMemo.clear();
    const bytes = sha256(`mac:${seed}`).slice(0, 6);
    // Locally administered (bit 1 set), unicast (bit 0 clear): IEEE 802 rules for made-up MACs.
    bytes[0] = (bytes[0]! & 0xfe) | 0x02;
    mac = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
    macMemo.set(seed, mac);
  }
  return mac;
}

const macMemo = new Map<string, string>();

export interface PodRef {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Host-side veth name per CNI (DATAPATH §1.1.4): bridge plugin `veth` + 8 hex (random in the
 * plugin, derived from the pod id here); Calico `cali` + SHA-1("<namespace>.<pod>")[:11];
 * Cilium `lxc` + SHA-256(endpoint id)[:12], with the pod id standing in for the endpoint id.
 */
export function hostVethName(settings: ClusterSettings, pod: PodRef): string {
  const key = `${settings.cni.plugin}\n${pod.namespace}\n${pod.name}\n${pod.id}`;
  let name = vethMemo.get(key);
  if (name === undefined) {
    // Each edit rebuilds the same pods: hash each name once per session. Bounded like macMemo.
    if (vethMemo.size >= 1 << 16) vethMemo.clear();
    name = vethNameOf(settings.cni.plugin, pod);
    vethMemo.set(key, name);
  }
  return name;
}

const vethMemo = new Map<string, string>();

function vethNameOf(plugin: ClusterSettings['cni']['plugin'], pod: PodRef): string {
  switch (plugin) {
    case 'calico': return `cali${toHex(sha1(`${pod.namespace}.${pod.name}`)).slice(0, 11)}`;
    case 'cilium': return `lxc${toHex(sha256(pod.id)).slice(0, 12)}`;
    case 'flannel': return `veth${toHex(sha256(`veth:${pod.id}`)).slice(0, 8)}`;
  }
}

/** The n-th address of a CIDR, as text (`10.244.1.0/24`, 1 → `10.244.1.1`). */
export function addressIn(cidr: string, n: number): string {
  const c = parseCidr(cidr);
  if (!c) throw new Error(`not a CIDR: ${cidr}`);
  return formatIPv4(nthAddress(c, n));
}

export function prefixOf(cidr: string): number {
  return parseCidr(cidr)?.prefix ?? 32;
}

/** Gateway address of the bridge / router IP of cilium_host: first address of the node range. */
export function nodeGateway(podCIDR: string): string {
  return addressIn(podCIDR, 1);
}

/**
 * Tunnel address Calico's IPAM gives tunl0 / vxlan.calico / wireguard.cali: the first free
 * address of the node's first block, which is the block's base (Calico does not reserve it) [D].
 */
export function calicoTunnelAddress(block: string): string {
  return addressIn(block, 0);
}

/** Where `ip route` lists a route: default first, then by destination address and prefix length. */
export type RouteKey = readonly [number, number];

/**
 * Orders routes as `ip route` prints the main table: default first, then by address and prefix.
 * `keys` carries the keys of routes seen before, for tables that share route objects.
 */
export function sortRoutes(routes: readonly Route[], keys = new Map<Route, RouteKey>()): readonly Route[] {
  const keyOf = (r: Route): RouteKey => {
    let k = keys.get(r);
    if (k === undefined) {
      const c = r.dst === 'default' ? undefined : parseCidr(r.dst);
      k = r.dst === 'default' ? [-1, 0] : c ? [c.base, c.prefix] : [Number.MAX_SAFE_INTEGER, 0];
      keys.set(r, k);
    }
    return k;
  };
  // Keys worked out once per route, not per comparison; sort is stable, as before.
  return [...routes].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka[0] - kb[0] || ka[1] - kb[1];
  });
}

/** `172.16.0.11` → `172.16.0.0/24`: the node network is a /24 (DATAPATH §0.1). */
export const NODE_NETWORK_PREFIX = 24;

export function nodeNetworkCidr(address: string): string {
  const n = parseIPv4(address);
  if (n === undefined) throw new Error(`not an IPv4 address: ${address}`);
  return addressIn(`${address}/${NODE_NETWORK_PREFIX}`, 0) + `/${NODE_NETWORK_PREFIX}`;
}

/** The underlay gateway: first address of the node network (172.16.0.1). */
export function underlayGateway(address: string): string {
  return addressIn(nodeNetworkCidr(address), 1);
}

// The DATAPATH.md §0.1 address plan as YAML scenarios, and small helpers for the datapath tables:
// build a cluster per CNI mode, send a packet, print the hop list when an assertion fails.
import { build } from '../../src/cluster/index.ts';
import { parse } from '../../src/parse/index.ts';
import type { ClusterState, NetInterface, NodeState, PodState } from '../../src/model/cluster.ts';
import type { CniMode, CniPlugin, ProxyMode } from '../../src/model/objects.ts';
import { emptyConntrack } from '../../src/engine/conntrack.ts';
import type { ConntrackTable } from '../../src/engine/conntrack.ts';
import { send } from '../../src/engine/datapath.ts';
import type { Place, SendOutput } from '../../src/engine/datapath.ts';
import type { Tuple } from '../../src/engine/netfilter.ts';
import { seededRng } from '../../src/engine/random.ts';
import type { EthernetLayer, Hop, IPv4Layer, Layer } from '../../src/engine/types.ts';
import { underlayRouterMac } from '../../src/engine/datapath-route.ts';
import { underlayGateway } from '../../src/cluster/net-params.ts';

export interface PlanOptions {
  readonly plugin?: CniPlugin;
  readonly mode?: CniMode;
  readonly proxy?: ProxyMode;
  readonly networkPolicy?: boolean;
  /** Extra YAML documents (Services, policies …). */
  readonly extra?: string;
  /** Lines replacing the Service web's spec after its selector (type, ports, traffic policies). */
  readonly serviceSpec?: string;
  /** Leave out pods (e.g. web-a, to have no endpoint on node-1). */
  readonly without?: readonly string[];
  /** Node addresses of control-plane, node-1, node-2 (default 172.16.0.10–12). */
  readonly nodeAddresses?: readonly [string, string, string];
}

/** Pod IPs of §0.1 per plugin family: flannel/Cilium use the node /24s, Calico its /26 blocks. */
export function planIPs(state: ClusterState): { client: string; webA: string; webB: string } {
  return { client: pod(state, 'client').ip!, webA: pod(state, 'web-a').ip!, webB: pod(state, 'web-b').ip! };
}

function podYaml(name: string, node: string, ip: string | undefined, labels: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: app, labels: {${labels}}}
spec:
  nodeName: ${node}${extra}
  containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]
${ip ? `status: {podIP: ${ip}}\n` : ''}`;
}

function nodesYaml(addresses: PlanOptions['nodeAddresses']): string {
  if (!addresses) return '';
  const [cp, n1, n2] = addresses;
  return `  nodes:
    - {name: control-plane, role: control-plane, address: ${cp}}
    - {name: node-1, role: worker, address: ${n1}}
    - {name: node-2, role: worker, address: ${n2}}
`;
}

/**
 * §0.1: node-1 172.16.0.11 (10.244.1.0/24), node-2 172.16.0.12 (10.244.2.0/24); pods client
 * 10.244.1.5 and web-a 10.244.1.9 on node-1, web-b 10.244.2.7 on node-2; Service web
 * 10.96.100.10:80 → 8080, nodePort 30080. Calico's blocks are its own (hashed per node), so its
 * pods take the first addresses of them; Cilium gets the flannel plan's 10.244.0.0/16 as podCIDR.
 */
export function plan(opts: PlanOptions = {}): ClusterState {
  const plugin = opts.plugin ?? 'flannel';
  const calico = plugin === 'calico';
  const cluster = `apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: lab}
spec:
  cni: {plugin: ${plugin}${opts.mode ? `, mode: ${opts.mode}` : ''}${opts.networkPolicy === false ? ', networkPolicy: false' : ''}}
  kubeProxy: {mode: ${opts.proxy ?? 'iptables'}}
${calico ? '' : '  podCIDR: 10.244.0.0/16\n'}${nodesYaml(opts.nodeAddresses)}`;
  const docs = [
    cluster,
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n',
    ...[
      ['client', 'node-1', '10.244.1.5', 'app: client'],
      ['web-a', 'node-1', '10.244.1.9', 'app: web'],
      ['web-b', 'node-2', '10.244.2.7', 'app: web'],
    ].filter(([name]) => !opts.without?.includes(name!)).map(([name, on, ip, labels]) => podYaml(name!, on!, calico ? undefined : ip, labels!)),
    `apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  clusterIP: 10.96.100.10
  selector: {app: web}
${opts.serviceSpec ?? '  type: NodePort\n  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]'}
`,
    ...(opts.extra ? [opts.extra] : []),
  ];
  const result = parse(docs.join('---\n'));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`scenario does not parse: ${errors.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
  return build(result);
}

export function pod(state: ClusterState, name: string, namespace = 'app'): PodState {
  const p = state.index.podById.get(`${namespace}/${name}`);
  if (!p) throw new Error(`no pod ${namespace}/${name}`);
  return p;
}

export function node(state: ClusterState, name: string): NodeState {
  const n = state.index.nodeByName.get(name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
}

export function iface(n: NodeState, name: string): NetInterface {
  const i = n.interfaces.find((x) => x.name === name);
  if (!i) throw new Error(`no ${name} on ${n.name}`);
  return i;
}

export function mac(n: NodeState, name: string): string {
  return iface(n, name).mac!;
}

export function tcp(src: string, dst: string, dport: number, sport = 41000): Tuple {
  return { protocol: 'TCP', src, sport, dst, dport };
}

export function sendFrom(state: ClusterState, from: Place, tuple: Tuple, opts: { ct?: ConntrackTable; reply?: boolean; seed?: number } = {}): SendOutput {
  return send(state, { from, tuple, ct: opts.ct ?? emptyConntrack, rng: seededRng(opts.seed ?? 1), reply: opts.reply ?? false });
}

export const fromPod = (p: PodState): Place => ({ kind: 'pod', pod: p });

function layerText(l: Layer): string {
  switch (l.type) {
    case 'ethernet': return `eth ${l.src}>${l.dst}`;
    case 'ipv4': return `ip ${l.src}>${l.dst} ttl=${l.ttl} ${l.protocol}`;
    case 'tcp': case 'udp': case 'sctp': return `${l.type} ${l.sport}>${l.dport}`;
    case 'vxlan': case 'geneve': return `${l.type} vni=${l.vni}`;
    case 'wireguard': return 'wireguard';
    case 'icmp': return `icmp ${l.icmpType}`;
    default: return l.type;
  }
}

/** One line per hop, so a failing table prints the whole path (STYLE.md habit 9). */
export function formatHops(hops: readonly Hop[]): string {
  return hops.map((h, i) => `${String(i + 1).padStart(2)} ${h.verdict.padEnd(7)} ${h.at} [${h.where}] ${h.packet.layers.map(layerText).join(' | ')}\n     ${h.action}`).join('\n');
}

/** The outermost Ethernet / IPv4 layers, and the inner (last) IPv4 layer. */
export function layersOf(h: Hop): { eth?: EthernetLayer; outerIp?: IPv4Layer; ip?: IPv4Layer; all: readonly Layer[] } {
  const ips = h.packet.layers.filter((l): l is IPv4Layer => l.type === 'ipv4');
  const eths = h.packet.layers.filter((l): l is EthernetLayer => l.type === 'ethernet');
  return { eth: eths[eths.length - 1], outerIp: ips.length > 1 ? ips[0] : undefined, ip: ips[ips.length - 1], all: h.packet.layers };
}

/**
 * Resolves `{…}` symbols in an expected string: `{ip:client}` a pod's IP, `{m:client}` its eth0 MAC, `{hv:client}` its
 * host-side device name, `{hvm:client}` that device's MAC, `{if:node-1/cni0}` an interface MAC,
 * `{gw:node-1}` the MAC of node-1's underlay gateway.
 */
export function sym(state: ClusterState, text: string): string {
  return text.replace(/\{([^}]+)\}/g, (_m, key: string) => {
    const [kind, arg] = key.split(':') as [string, string];
    switch (kind) {
      case 'm': return pod(state, arg).eth0!.mac!;
      case 'ip': return pod(state, arg).ip!;
      case 'hv': return pod(state, arg).hostVeth!.name;
      case 'hvm': return pod(state, arg).hostVeth!.mac!;
      case 'if': { const [n, dev] = arg.split('/') as [string, string]; return mac(node(state, n), dev); }
      case 'gw': return underlayRouterMac(underlayGateway(node(state, arg).address));
      default: throw new Error(`unknown symbol ${key}`);
    }
  });
}

/** A hop as a table row: where, inner TTL, inner `src>dst`, innermost `ethSrc>ethDst` (or `-`). */
export function row(h: Hop): string {
  const { ip } = layersOf(h);
  const eths = h.packet.layers.filter((l): l is EthernetLayer => l.type === 'ethernet');
  const inner = eths.length > 1 || !layersOf(h).outerIp ? eths[eths.length - 1] : undefined;
  return `${h.where} | ${ip?.ttl ?? '-'} | ${ip ? `${ip.src}>${ip.dst}` : '-'} | ${inner ? `${inner.src}>${inner.dst}` : '-'}`;
}

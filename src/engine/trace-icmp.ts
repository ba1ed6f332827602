// ICMP errors as real packets back to the client (RFC 792; Linux icmp_send): a closed UDP port
// answers port-unreachable (RFC 1122 §4.1.3.1), kube-proxy's `-j REJECT` for a Service without
// endpoints sends port-unreachable too (iptables-extensions(8) REJECT: "the default
// icmp-port-unreachable"; DATAPATH §4.8), and a router whose ARP for the next hop gets no answer
// sends host-unreachable. The error quotes the offending packet's header; on the way back,
// conntrack matches it to that connection (ctstate RELATED) and reverses the NAT (DATAPATH §4.7).
import type { ClusterState, NodeState, PodState } from '../model/cluster.ts';
import type { ConntrackTable } from './conntrack.ts';
import { send, sourceAddress, type Place, type SendOutput } from './datapath.ts';
import { newPacket, showTuple, snapshot } from './datapath-packet.ts';
import type { Tuple } from './netfilter.ts';
import type { Rng } from './random.ts';
import type { Hop, IcmpLayer, Phase } from './types.ts';

export type IcmpError = Extract<IcmpLayer['icmpType'], 'port-unreachable' | 'host-unreachable'>;

export interface IcmpErrorInput {
  /** Who sends the error: the host whose port is closed, or the node that refused or could not forward. */
  readonly from: Place;
  /** Its source address: the refusing host's own address, or the one the node's route to the client picks. */
  readonly src: string;
  /** The offending packet as the sender of the error received it (the header the error quotes). */
  readonly quoted: Tuple;
  readonly type: IcmpError;
  readonly ct: ConntrackTable;
  readonly rng: Rng;
}

export interface IcmpErrorResult {
  readonly phase: Phase;
  readonly back: SendOutput;
}

/** The error's trip back to the sender of the quoted packet, through the datapath as a reply. */
export function icmpError(state: ClusterState, input: IcmpErrorInput): IcmpErrorResult {
  const tuple: Tuple = { protocol: 'ICMP', src: input.src, sport: 0, dst: input.quoted.src, dport: 0 };
  const payload: IcmpLayer = { type: 'icmp', icmpType: input.type };
  const who = input.from.kind === 'node' ? { who: `${input.from.node.name}'s kernel (an ICMP ${input.type} about ${showTuple(input.quoted)})` } : {};
  const back = send(state, { from: input.from, tuple, payload, ct: input.ct, rng: input.rng, reply: true, related: input.quoted, ...who });
  return { phase: { name: `ICMP ${input.type}`, kind: 'icmp', hops: back.hops }, back };
}

/**
 * The address a node's kernel writes as the source of an error it generates: icmp_send keeps the
 * quoted destination only when that address is the node's own, else the route back picks one.
 */
export function nodeErrorSource(node: NodeState, quoted: Tuple): string {
  const own = node.address === quoted.dst || node.interfaces.some((i) => i.addresses.some((a) => a.split('/')[0] === quoted.dst));
  return own ? quoted.dst : sourceAddress(node, quoted.src) ?? node.address;
}

/**
 * Cilium's answer for a Service without backends (tail_no_service_ipv4, serviceNoBackendResponse
 * reject): the lxc program turns the client's packet itself into an ICMP port-unreachable with the
 * addresses and MACs swapped — from the Service address to the client — and redirects it back into
 * the pod by the device it came from (redirect_self). It never reaches the node's IP stack.
 */
export function ciliumNoServicePhase(client: PodState, quoted: Tuple): Phase {
  const lxc = client.hostVeth;
  const node = client.nodeName;
  const icmp = { ...newPacket({ protocol: 'ICMP', src: quoted.dst, sport: 0, dst: quoted.src, dport: 0 }, true, { type: 'icmp', icmpType: 'port-unreachable' }), eth: { src: lxc?.mac ?? '', dst: client.eth0?.mac ?? '' } };
  const packet = snapshot(icmp);
  const hops: Hop[] = [
    {
      at: `iface:${node}/${lxc?.name ?? 'lxc'}`, ...(node !== undefined ? { node } : {}), component: 'ebpf', where: `${lxc?.name ?? 'lxc'} (from-container)`, verdict: 'pass', packet, because: [],
      action: `Cilium's eBPF program rewrites the packet into an ICMP port-unreachable from the Service address ${quoted.dst} to ${quoted.src}, quoting ${showTuple(quoted)}, and sends it straight back through ${lxc?.name ?? 'the lxc device'} (redirect_self): the node's IP stack never sees it.`,
    },
    {
      at: `pod:${client.id}`, ...(node !== undefined ? { node } : {}), component: 'pod-netns', where: 'eth0', verdict: 'deliver', packet, because: [],
      action: `Delivered to pod ${client.id}: ${showTuple(icmp.tuple)}, port unreachable. Its kernel reports "connection refused" to the application.`,
    },
  ];
  return { name: 'ICMP port-unreachable', kind: 'icmp', hops };
}

// What one `send` carries along while the packet moves: the hops so far, the conntrack table it
// grows, the seeded randomness, and the Service translation once one happened. Local to a single
// call: the caller's inputs are never touched (the hop list is a fresh array).
import type { ClusterState, NodeState, PodState } from '../model/cluster.ts';
import type { ConntrackTable } from './conntrack.ts';
import type { Packet } from './datapath-packet.ts';
import { snapshot } from './datapath-packet.ts';
import type { DnatResult, Tuple } from './netfilter.ts';
import type { Rng } from './random.ts';
import type { Component, Hop, HopVerdict, RuleRef } from './types.ts';

/** Who creates or receives a packet (a hostNetwork pod is its node). */
export type Place =
  | { readonly kind: 'pod'; readonly pod: PodState }
  | { readonly kind: 'node'; readonly node: NodeState }
  /** `entry`: the node whose eth0 an outside packet arrives on (a LoadBalancer VIP's elected node); default the node owning the destination. */
  | { readonly kind: 'external'; readonly ip: string; readonly entry?: NodeState };

export type Outcome = 'delivered' | 'dropped' | 'rejected' | 'unreachable' | 'left-cluster';

export interface Ending {
  readonly outcome: Outcome;
  readonly receivedBy?: Place;
  readonly reason: string;
  readonly packet: Packet;
}

export interface Ctx {
  readonly state: ClusterState;
  readonly rng: Rng;
  readonly reply: boolean;
  readonly from: Place;
  readonly hops: Hop[];
  ct: ConntrackTable;
  dnat?: DnatResult;
  /** Cilium socket-level LB already connected the socket to a backend (§4.11): no DNAT on the way. */
  socketLB: boolean;
  /** An ICMP error: the packet it quotes, as the sender of the error received it (see SendInput.related). */
  related?: Tuple;
}

export interface HopSpec {
  readonly at: string;
  readonly node?: string;
  readonly component: Component;
  readonly where: string;
  readonly action: string;
  readonly verdict: HopVerdict;
  readonly because?: readonly RuleRef[];
}

export function addHop(ctx: Ctx, spec: HopSpec, packet: Packet): void {
  // Written out for both shapes (same key order) rather than spread: a trace adds dozens of hops.
  const { at, node, component, where, action, verdict } = spec;
  const because = spec.because ?? [];
  ctx.hops.push(node !== undefined
    ? { at, node, component, where, action, packet: snapshot(packet), verdict, because }
    : { at, component, where, action, packet: snapshot(packet), verdict, because });
}

export const podAt = (pod: PodState): string => `pod:${pod.id}`;
export const ifaceAt = (node: NodeState | string, dev: string): string => `iface:${typeof node === 'string' ? node : node.name}/${dev}`;
export const nodeAt = (node: NodeState): string => `node:${node.name}`;

export function withTuple(p: Packet, tuple: Tuple): Packet {
  return { ...p, tuple };
}

/** The place an address belongs to, as NetworkPolicy and the sentences see it. */
export function placeOf(state: ClusterState, ip: string): Place {
  const pod = state.index.podByIp.get(ip);
  if (pod) return { kind: 'pod', pod };
  const node = state.index.nodeByAddress.get(ip)
    ?? state.nodes.find((n) => n.interfaces.some((i) => i.kind !== 'dummy' && i.addresses.some((a) => a.split('/')[0] === ip)));
  if (node) return { kind: 'node', node };
  return { kind: 'external', ip };
}

export function placeText(p: Place): string {
  switch (p.kind) {
    case 'pod': return `pod ${p.pod.id}`;
    case 'node': return `node ${p.node.name}`;
    case 'external': return `${p.ip} outside the cluster`;
  }
}

// NetworkPolicy at the hop where the cluster's CNI enforces it (DATAPATH §8.2): flannel's policy
// controller in filter FORWARD (egress on the source pod's node, ingress on the destination pod's
// node, after DNAT), Calico in cali-fw-<iface> / cali-tw-<iface>, Cilium in the lxc eBPF program.
// Replies are never checked: conntrack admits them (NETPOL.md 6, DATAPATH §8.1 item 5).
import type { NodeState, PodState } from '../model/cluster.ts';
import type { Ctx } from './datapath-context.ts';
import { addHop, ifaceAt, placeOf } from './datapath-context.ts';
import type { Packet } from './datapath-packet.ts';
import { checkPolicy } from './policy.ts';
import type { PolicyPeer } from './policy.ts';
import type { Component } from './types.ts';

/**
 * The peer as the packet shows it: a pod, a node (with the address it used when that is not its
 * InternalIP — flannel.1's 10.244.N.0 after NodePort SNAT, NETPOL.md 17), or an outside address.
 */
function peerOf(ctx: Ctx, ip: string): PolicyPeer {
  const place = placeOf(ctx.state, ip);
  if (place.kind === 'node' && place.node.address !== ip) return { kind: 'node', node: place.node, ip };
  return place.kind === 'external' ? { kind: 'external', ip: place.ip } : place;
}

export interface Enforcement {
  readonly at: string;
  readonly where: string;
  readonly component: Component;
}

/** Where the CNI runs the check for a pod behind `dev` on `node`. */
export function enforcementPoint(ctx: Ctx, node: NodeState, pod: PodState, direction: 'egress' | 'ingress', hook: string): Enforcement {
  const dev = pod.hostVeth?.name ?? 'eth0';
  switch (ctx.state.settings.cni.plugin) {
    case 'calico':
      // cali-FORWARD → cali-from-wl-dispatch → cali-fw-<iface> (egress of the sender), or
      // cali-to-wl-dispatch → cali-tw-<iface> (ingress of the receiver) [V S21].
      return {
        at: ifaceAt(node, dev), component: 'netfilter',
        where: direction === 'egress' ? `${hook} cali-fw-${dev}` : `${hook} cali-tw-${dev}`,
      };
    case 'cilium':
      return { at: ifaceAt(node, dev), component: 'ebpf', where: direction === 'egress' ? `${dev} (from-container)` : `${dev} (to-container)` };
    case 'flannel':
      return { at: `node:${node.name}`, component: 'netfilter', where: hook };
  }
}

/**
 * Checks one direction and records the hop. Egress: `pod` is the sender, the peer is the packet's
 * destination; ingress: `pod` is the receiver, the peer is the packet's (possibly rewritten)
 * source (NETPOL.md 16–17). Returns false when the packet is dropped here.
 */
export function enforce(
  ctx: Ctx, node: NodeState, pkt: Packet, pod: PodState, direction: 'egress' | 'ingress', hook: string,
): boolean {
  if (ctx.reply) return true;
  const t = pkt.tuple;
  const self: PolicyPeer = { kind: 'pod', pod };
  const other = peerOf(ctx, direction === 'egress' ? t.dst : t.src);
  const [src, dst] = direction === 'egress' ? [self, other] : [other, self];
  const decision = checkPolicy(ctx.state, src, dst, t.dport, t.protocol, direction);
  const point = enforcementPoint(ctx, node, pod, direction, hook);
  const what = direction === 'egress' ? `egress of pod ${pod.id}` : `ingress of pod ${pod.id}`;
  addHop(ctx, {
    ...point, node: node.name, verdict: decision.allowed ? 'pass' : 'drop', because: decision.because,
    action: decision.allowed
      ? `NetworkPolicy check (${what}): ${decision.sentence}`
      : `Dropped by NetworkPolicy (${what}): ${decision.sentence}`,
  }, pkt);
  return decision.allowed;
}

/** The last hop's sentence, used as the send's reason when a policy drop ended it. */
export function lastAction(ctx: Ctx): string {
  return ctx.hops[ctx.hops.length - 1]?.action ?? '';
}

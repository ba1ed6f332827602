// Equivalence classes for reachability (issue 3 §2 "Scale"): pods that no selector, named port,
// ipBlock or node rule can tell apart get the same verdicts, so reach computes one class pair
// and expands it, and the cost grows with distinct classes rather than pods².
import type { ClusterState, PodState } from '../model/cluster.ts';
import { cidrContains, parseIPv4 } from '../model/ip.ts';
import type { CompiledPolicies } from './policy-compile.ts';
import type { PolicyOptions } from './policy-match.ts';

export interface PodClass {
  readonly id: number;
  /** The pod whose verdicts stand for the whole class. */
  readonly representative: PodState;
  readonly pods: readonly PodState[];
}

export interface Classes {
  readonly classes: readonly PodClass[];
  readonly classOf: ReadonlyMap<string, PodClass>;
}

const sortedEntries = (o: Readonly<Record<string, string>>): [string, string][] =>
  Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * What policies can see of a pod. Namespace name stands for its labels (and for podSelector-only
 * peers, which are namespace-bound); ipBlock membership only where an ipBlock can match the pod.
 */
export function classKey(state: ClusterState, pod: PodState, blocks: readonly IpBlockBits[], options: PolicyOptions, hostNodes: ReadonlySet<string>): string {
  const asNode = pod.hostNetwork && options.hostNetwork !== 'pod';
  const namedPorts = pod.containers.flatMap((c) => c.ports.filter((p) => p.name !== undefined).map((p) => `${p.name}/${p.protocol}=${p.containerPort}`)).sort();
  // ipBlocks see pod IPs only when ipBlockMatchesPods is on; node addresses (hostNetwork) always.
  const ipVisible = asNode || options.ipBlockMatchesPods !== false;
  const ip = ipVisible ? parseIPv4(asNode ? state.index.nodeByName.get(pod.nodeName ?? '')?.address ?? '' : pod.ip ?? '') : undefined;
  const bits = ip === undefined ? '' : blocks.map((b) => (b.contains(ip) ? '1' : '0')).join('');
  return JSON.stringify([
    pod.namespace,
    // Even treated as a pod, a hostNetwork pod's traffic is its node's for the own-node exemption
    // (NETPOL.md 19), so it never shares a class with ordinary pods.
    asNode ? 'node' : pod.hostNetwork ? 'hostNetwork pod' : 'pod',
    asNode ? [] : sortedEntries(pod.labels),
    namedPorts,
    bits,
    // Traffic from a hostNetwork pod (node traffic) is always allowed into pods on its own node
    // (NETPOL.md 19): a pod's node tells it apart only where some hostNetwork pod runs.
    asNode || hostNodes.has(pod.nodeName ?? '') ? pod.nodeName ?? '' : '',
  ]);
}

export interface IpBlockBits {
  readonly contains: (ip: number) => boolean;
}

/** Every distinct ipBlock of every policy, as a membership test. */
export function ipBlocksOf(compiled: CompiledPolicies): IpBlockBits[] {
  const seen = new Set<string>();
  const out: IpBlockBits[] = [];
  for (const policy of compiled.all) {
    for (const rule of [...policy.ingressRules, ...policy.egressRules]) {
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== 'ipBlock' || seen.has(peer.text)) continue;
        seen.add(peer.text);
        out.push({ contains: (ip) => cidrContains(peer.cidr, ip) && !peer.except.some((e) => cidrContains(e, ip)) });
      }
    }
  }
  return out;
}

export function podClasses(state: ClusterState, pods: readonly PodState[], compiled: CompiledPolicies, options: PolicyOptions): Classes {
  const blocks = ipBlocksOf(compiled);
  // With hostNetwork pods about, a pod's node decides whether their traffic is its own node's; on
  // nodes without any, it never is, so those pods are not told apart by node.
  const hostNodes = new Set(pods.filter((p) => p.hostNetwork && p.nodeName !== undefined).map((p) => p.nodeName!));
  const byKey = new Map<string, { representative: PodState; pods: PodState[] }>();
  for (const pod of pods) {
    const key = classKey(state, pod, blocks, options, hostNodes);
    const entry = byKey.get(key);
    if (entry) entry.pods.push(pod);
    else byKey.set(key, { representative: pod, pods: [pod] });
  }
  const classes = [...byKey.values()].map((c, id): PodClass => ({ id, ...c }));
  const classOf = new Map<string, PodClass>();
  for (const c of classes) for (const p of c.pods) classOf.set(p.id, c);
  return { classes, classOf };
}

// reach(state, options): for every ordered pair of peers (workloads or pods, and outside address
// ranges), the exact connections NetworkPolicy allows, as port ranges per protocol, computed
// symbolically over equivalence classes of pods (issue 3 §2; DESIGN.md "Core contracts").
import type { ClusterState, PodState } from '../model/cluster.ts';
import { formatIPv4 } from '../model/ip.ts';
import { compilePolicies } from './policy-compile.ts';
import type { PolicyOptions, PolicyPeer } from './policy-match.ts';
import { podClasses } from './reach-classes.ts';
import { externalRanges, formatRange, mergeRanges } from './reach-external.ts';
import { verdictMatrix } from './reach-matrix.ts';
import type { Cell } from './reach-matrix.ts';
import { allConns, connEmpty, connEqual, connIntersect, connUnion, noConns } from './portset.ts';
import type { ConnSet } from './portset.ts';

export interface ReachOptions extends PolicyOptions {
  /** 'workload' (default): a Deployment, StatefulSet… is one peer, bare pods their own; 'pod': every pod. */
  readonly by?: 'workload' | 'pod';
  /** Simulated system pods (CoreDNS, ingress-nginx, the API server) as peers; default true. */
  readonly includeSystem?: boolean;
}

export interface ReachPeer {
  /** np-guard's name: `ns/name[Kind]`, `ns/pod[Pod]`. */
  readonly name: string;
  readonly kind: string;
  readonly namespace: string;
  readonly pods: readonly string[];
  readonly system: boolean;
}

export interface ReachPair {
  /** Peer names; outside ranges as `a.b.c.d-e.f.g.h[External]`. */
  readonly src: string;
  readonly dst: string;
  /** What every pod pair of the two peers may open (DESIGN.md "reach --by workload"). */
  readonly conns: ConnSet;
  /** Pods of one workload are allowed different things; `any` is what at least one pod pair may open. */
  readonly differs: boolean;
  readonly any: ConnSet;
  /** The rules that opened something, as `ns/policy ingress rule #1`; empty when no policy isolates either end. */
  readonly rules: readonly string[];
}

export interface Reachability {
  readonly by: 'workload' | 'pod';
  readonly peers: readonly ReachPeer[];
  /**
   * Ordered pairs where some pod pair may connect, sorted by source then destination; self pairs
   * left out. `conns` may be empty when only some pods may (then `differs`); connlist skips those.
   */
  readonly pairs: readonly ReachPair[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function reach(state: ClusterState, options: ReachOptions = {}): Reachability {
  const by = options.by ?? 'workload';
  const pods = state.pods.filter((p) => options.includeSystem !== false || !p.system);
  const peers = peersOf(pods, by);
  const compiled = compilePolicies(state);
  const { classes, classOf } = podClasses(state, pods, compiled, options);
  const ranges = externalRanges(compiled);
  // Ends of the matrix: class representatives first (index = class id), then outside ranges.
  const ends: PolicyPeer[] = [
    ...classes.map((c): PolicyPeer => ({ kind: 'pod', pod: c.representative })),
    ...ranges.map((r): PolicyPeer => ({ kind: 'external', ip: formatIPv4(r.first) })),
  ];
  const { cell, candidates } = verdictMatrix(state, ends, options);
  const classesByPeer = new Map(peers.map((p) => [p.name, [...new Set(p.pods.map((id) => classOf.get(id)!.id))]]));
  const peersByClass = new Map<number, ReachPeer[]>();
  for (const p of peers) {
    for (const c of classesByPeer.get(p.name)!) {
      const list = peersByClass.get(c);
      if (list) list.push(p);
      else peersByClass.set(c, [p]);
    }
  }

  const pairs: ReachPair[] = [];
  const push = (src: string, dst: string, results: readonly Cell[]): void => {
    const conns = results.reduce((acc, r) => connIntersect(acc, r.conns), allConns);
    const any = results.reduce((acc, r) => connUnion(acc, r.conns), noConns);
    // Kept when some pod pairs may connect though not all: the JSON marks them (podsDiffer).
    if (connEmpty(any)) return;
    const rules = [...new Set(results.flatMap((r) => r.rules))].sort(cmp);
    pairs.push({ src, dst, conns, differs: !connEqual(conns, any), any, rules });
  };

  for (const a of peers) {
    const aClasses = classesByPeer.get(a.name)!;
    // Only peers some pod of `a` may reach; a pair none of whose pod pairs can connect is never listed.
    const reachable = new Set<ReachPeer>();
    for (const ca of aClasses) for (const j of candidates(ca)) for (const b of peersByClass.get(j) ?? []) reachable.add(b);
    for (const b of reachable) {
      if (a === b) continue; // self pairs: a pod always reaches itself; replicas of one workload are left out as np-guard does
      const bClasses = classesByPeer.get(b.name)!;
      if (aClasses.length === 1 && bClasses.length === 1) {
        // The common case, kept cheap: reach visits every ordered pair of peers.
        const only = cell(aClasses[0]!, bClasses[0]!);
        if (!connEmpty(only.conns)) pairs.push({ src: a.name, dst: b.name, conns: only.conns, differs: false, any: only.conns, rules: [...new Set(only.rules)].sort(cmp) });
        continue;
      }
      const results: Cell[] = [];
      for (const ca of aClasses) for (const cb of bClasses) results.push(cell(ca, cb));
      push(a.name, b.name, results);
    }
    // Outside address ranges, both directions, neighbours with equal verdicts joined into one line.
    for (const direction of ['egress', 'ingress'] as const) {
      const perRange = ranges.map((range, i) => {
        const r = classes.length + i;
        return { range, value: aClasses.map((c) => (direction === 'egress' ? cell(c, r) : cell(r, c))) };
      });
      const same = (x: readonly Cell[], y: readonly Cell[]): boolean => x.length === y.length && x.every((c, i) => connEqual(c.conns, y[i]!.conns));
      for (const { range, value } of mergeRanges(perRange, same)) {
        const ext = `${formatRange(range)}[External]`;
        if (direction === 'egress') push(a.name, ext, value);
        else push(ext, a.name, value);
      }
    }
  }
  pairs.sort((x, y) => cmp(x.src, y.src) || cmp(x.dst, y.dst));
  return { by, peers, pairs };
}

const workloadKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** Workloads (their pods) and bare pods, or every pod; pods no node could take are still peers: policy is static. */
export function peersOf(pods: readonly PodState[], by: 'workload' | 'pod'): ReachPeer[] {
  const peers = new Map<string, { kind: string; namespace: string; pods: string[]; system: boolean }>();
  for (const pod of pods) {
    // A static pod's owner is its Node, not a workload: it is a peer of its own.
    const candidate = pod.workload ?? pod.owner;
    const owner = by === 'workload' && candidate && workloadKinds.has(candidate.kind) ? candidate : undefined;
    const kind = owner ? owner.kind : 'Pod';
    const name = `${pod.namespace}/${owner ? owner.name : pod.name}[${kind}]`;
    const entry = peers.get(name) ?? { kind, namespace: pod.namespace, pods: [], system: pod.system };
    entry.pods.push(pod.id);
    peers.set(name, entry);
  }
  return [...peers.entries()].map(([name, p]) => ({ name, ...p })).sort((a, b) => cmp(a.name, b.name));
}

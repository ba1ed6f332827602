// The verdict matrix reach walks: one cell per (source, destination) pair of class representatives
// and outside ranges. It is evaluate()'s logic (policy-decide.ts) with its work shared across
// cells: each end's isolating rules are found once, each rule peer is matched against each end
// once, and each rule's ports are resolved once per destination (once per rule without named ports).
import type { ClusterState, PodState } from '../model/cluster.ts';
import type { CompiledPolicy, CompiledRule, Direction } from './policy-compile.ts';
import { compilePolicies } from './policy-compile.ts';
import type { PolicyOptions, PolicyPeer } from './policy-match.ts';
import { isolatingPolicies, normalizePeer, peerMatches, rulePortConns } from './policy-match.ts';
import { fromNodeOf } from './policy-decide.ts';
import { allConns, connEmpty, connIntersect, connUnion, noConns } from './portset.ts';
import type { ConnSet } from './portset.ts';

export interface Cell { readonly conns: ConnSet; readonly rules: readonly string[] }

interface Row { readonly policy: CompiledPolicy; readonly rule: CompiledRule; readonly uid: number }

/** Isolating rules of one end for one direction; undefined = not isolated (or not a pod, or not enforced). */
type Side = readonly Row[] | undefined;

export interface Matrix {
  /** Connections from end `i` to end `j` (ends as given to `verdictMatrix`); i ≠ j pods are distinct pods. */
  readonly cell: (i: number, j: number) => Cell;
}

export function verdictMatrix(state: ClusterState, given: readonly PolicyPeer[], options: PolicyOptions): Matrix {
  const ends = given.map((p) => normalizePeer(state, p, options));
  const compiled = compilePolicies(state);
  const enforced = state.settings.cni.networkPolicy;
  const uids = new Map<CompiledRule, number>();
  const sideOf = (end: PolicyPeer, direction: Direction): Side => {
    if (!enforced || end.kind !== 'pod') return undefined;
    const selecting = isolatingPolicies(compiled.byNamespace.get(end.pod.namespace), end.pod, direction);
    if (selecting.length === 0) return undefined;
    return selecting.flatMap((policy) => (direction === 'ingress' ? policy.ingressRules : policy.egressRules).map((rule) => {
      if (!uids.has(rule)) uids.set(rule, uids.size);
      return { policy, rule, uid: uids.get(rule)! };
    }));
  };
  const egress = ends.map((e) => sideOf(e, 'egress'));
  const ingress = ends.map((e) => sideOf(e, 'ingress'));
  const targets: (PodState | undefined)[] = ends.map((e) => (e.kind === 'pod' ? e.pod : undefined));
  const hasNamedPort = (rule: CompiledRule): boolean => rule.ports?.some((p) => typeof p.port === 'string') ?? false;

  const peerMemo = new Map<number, boolean>();
  const portMemo = new Map<number, ConnSet>();
  const n = ends.length;
  /** Whether `rule` names end `k` as its peer (NETPOL.md 7–13). */
  const names = (row: Row, k: number): boolean => {
    const key = row.uid * n + k;
    let hit = peerMemo.get(key);
    if (hit === undefined) {
      hit = row.rule.peers === undefined || row.rule.peers.some((p) => peerMatches(state, p, ends[k]!, options));
      peerMemo.set(key, hit);
    }
    return hit;
  };
  /** What `rule` opens towards destination end `j` (named ports resolve there, NETPOL.md 15). */
  const opens = (row: Row, j: number): ConnSet => {
    const key = hasNamedPort(row.rule) ? row.uid * n + j : -1 - row.uid;
    let hit = portMemo.get(key);
    if (hit === undefined) {
      hit = rulePortConns(row.rule, targets[j]);
      portMemo.set(key, hit);
    }
    return hit;
  };
  const side = (rows: Side, other: number, dst: number, direction: Direction, rules: string[]): ConnSet => {
    if (rows === undefined) return allConns;
    let conns = noConns;
    for (const row of rows) {
      if (!names(row, other)) continue;
      const opened = opens(row, dst);
      if (!connEmpty(opened)) rules.push(`${row.policy.id} ${direction} rule #${row.rule.number}`);
      conns = connUnion(conns, opened);
    }
    return conns;
  };

  const cells = new Map<number, Cell>();
  const cell = (i: number, j: number): Cell => {
    const key = i * n + j;
    const hit = cells.get(key);
    if (hit) return hit;
    const src = ends[i]!;
    const dst = ends[j]!;
    let made: Cell;
    if (enforced && dst.kind === 'pod' && fromNodeOf(src, dst.pod)) {
      // NETPOL.md 19: the destination's own node (a hostNetwork pod there) is always let in.
      const rules: string[] = [];
      made = { conns: side(egress[i], j, j, 'egress', rules), rules };
    } else {
      const rules: string[] = [];
      const conns = connIntersect(side(egress[i], j, j, 'egress', rules), side(ingress[j], i, j, 'ingress', rules));
      made = { conns, rules: connEmpty(conns) ? [] : rules };
    }
    cells.set(key, made);
    return made;
  };
  return { cell };
}

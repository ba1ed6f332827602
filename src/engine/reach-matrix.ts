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

const OPEN: Cell = { conns: allConns, rules: [] };
const CLOSED: Cell = { conns: noConns, rules: [] };

interface Row { readonly policy: CompiledPolicy; readonly rule: CompiledRule; readonly uid: number }

/** Isolating rules of one end for one direction; undefined = not isolated (or not a pod, or not enforced). */
type Side = readonly Row[] | undefined;

export interface Matrix {
  /** Connections from end `i` to end `j` (ends as given to `verdictMatrix`); i ≠ j pods are distinct pods. */
  readonly cell: (i: number, j: number) => Cell;
  /** Every end `j` for which `cell(i, j)` may allow something (a superset; the rest are closed). */
  readonly candidates: (i: number) => number[];
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
  const n = ends.length;

  // Ends with the same isolating rules share one signature, so a side is computed once per
  // (signature, peer) however many classes carry it; named ports add the destination to the key.
  const signatures = new Map<string, number>();
  const signatureOf = (rows: Side): number => {
    if (rows === undefined) return -1;
    const key = rows.map((r) => r.uid).join(',');
    if (!signatures.has(key)) signatures.set(key, signatures.size);
    return signatures.get(key)!;
  };
  const egressSig = egress.map(signatureOf);
  const ingressSig = ingress.map(signatureOf);
  const namedIngress = ingress.map((rows) => rows?.some((r) => hasNamedPort(r.rule)) ?? false);

  const peerMemo = new Map<number, boolean>();
  const portMemo = new Map<number, ConnSet>();
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
  const side = (rows: readonly Row[], other: number, dst: number, direction: Direction): Cell => {
    const rules: string[] = [];
    let conns = noConns;
    for (const row of rows) {
      if (!names(row, other)) continue;
      const opened = opens(row, dst);
      if (!connEmpty(opened)) rules.push(`${row.policy.id} ${direction} rule #${row.rule.number}`);
      conns = connUnion(conns, opened);
    }
    return { conns, rules };
  };
  // Tables per signature, indexed by end: plain arrays, since reach asks millions of times.
  const egressMemo: (Cell | undefined)[][] = [];
  const ingressMemo: (Cell | undefined)[][] = [];
  const namedMemo = new Map<number, Cell>();
  const table = (memo: (Cell | undefined)[][], sig: number): (Cell | undefined)[] => (memo[sig] ??= new Array<Cell | undefined>(n));
  const egressOf = (i: number, j: number): Cell => {
    const rows = egress[i];
    if (rows === undefined) return OPEN;
    const row = table(egressMemo, egressSig[i]!);
    return (row[j] ??= side(rows, j, j, 'egress'));
  };
  const ingressOf = (i: number, j: number): Cell => {
    const rows = ingress[j];
    if (rows === undefined) return OPEN;
    if (namedIngress[j]) {
      const key = (ingressSig[j]! * n + i) * n + j;
      let hit = namedMemo.get(key);
      if (!hit) namedMemo.set(key, (hit = side(rows, i, j, 'ingress')));
      return hit;
    }
    const row = table(ingressMemo, ingressSig[j]!);
    return (row[i] ??= side(rows, i, j, 'ingress'));
  };

  const cell = (i: number, j: number): Cell => {
    const src = ends[i]!;
    const dst = ends[j]!;
    // NETPOL.md 19: the destination's own node (a hostNetwork pod there) is always let in.
    const e = egressOf(i, j);
    const ing = enforced && dst.kind === 'pod' && fromNodeOf(src, dst.pod) ? OPEN : ingressOf(i, j);
    if (e === OPEN) return ing;
    if (ing === OPEN) return e;
    const conns = connIntersect(e.conns, ing.conns);
    return connEmpty(conns) ? CLOSED : { conns, rules: [...e.rules, ...ing.rules] };
  };

  // Which destinations can have anything at all, so reach visits those pairs only: most pairs of a
  // policy-heavy cluster are closed, and a closed pair costs nothing to skip.
  const namedByMemo = new Map<number, number[]>();
  const namedBy = (row: Row): number[] => {
    let hit = namedByMemo.get(row.uid);
    if (!hit) {
      hit = [];
      for (let k = 0; k < n; k++) if (names(row, k)) hit.push(k);
      namedByMemo.set(row.uid, hit);
    }
    return hit;
  };
  const openIngress: number[] = [];
  const owners = new Map<Row, number[]>();
  ingress.forEach((rows, j) => {
    if (rows === undefined) openIngress.push(j);
    else for (const row of rows) owners.set(row, [...(owners.get(row) ?? []), j]);
  });
  const candidates = (i: number): number[] => {
    const src = ends[i]!;
    const admitted = new Set(openIngress);
    for (const [row, js] of owners) if (names(row, i)) for (const j of js) admitted.add(j);
    const nodeTraffic = src.kind === 'node' || (src.kind === 'pod' && src.pod.hostNetwork);
    if (enforced && nodeTraffic) ends.forEach((e, j) => { if (e.kind === 'pod' && fromNodeOf(src, e.pod)) admitted.add(j); });
    const rows = egress[i];
    if (rows === undefined) return [...admitted];
    const out = new Set<number>();
    for (const row of rows) for (const j of namedBy(row)) if (admitted.has(j)) out.add(j);
    return [...out];
  };
  return { cell, candidates };
}

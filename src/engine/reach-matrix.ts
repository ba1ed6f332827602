// The verdict matrix reach walks: one cell per (source, destination) pair of class representatives
// and outside ranges. It is evaluate()'s logic (policy-decide.ts) with its work shared across
// cells: each end's isolating rules are found once, each rule peer is matched against each end
// once, and each rule's ports are resolved once per destination (once per rule without named ports).
import type { ClusterState, PodState } from '../model/cluster.ts';
import type { CompiledPolicy, CompiledRule, Direction } from './policy-compile.ts';
import { compilePolicies } from './policy-compile.ts';
import type { PolicyOptions, PolicyPeer } from './policy-match.ts';
import { isolatingPolicies, normalizePeer, peerMatches, peerNamespaceMatches, rulePortConns } from './policy-match.ts';
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

  // What a named port opens depends on the destination only through its named container ports, so
  // destinations with the same named ports share one key (few keys, however many classes).
  const portKeys = new Map<string, number>();
  const portKey = targets.map((pod) => {
    const key = pod === undefined ? '' : pod.containers.flatMap((c) => c.ports.filter((p) => p.name !== undefined).map((p) => `${p.name}/${p.protocol}=${p.containerPort}`)).sort().join(',');
    if (!portKeys.has(key)) portKeys.set(key, portKeys.size);
    return portKeys.get(key)!;
  });

  // Which ends each rule names, all at once per rule: a bitmap (typed arrays, not one Map keyed by
  // rule·n + end, which would overflow V8's Map limit on large clusters) and the list. A pods peer
  // names pods of its namespaces only, so only those ends are asked (NETPOL.md 8, 11).
  const podEndsByNamespace = new Map<string, number[]>();
  ends.forEach((e, k) => {
    if (e.kind !== 'pod') return;
    const list = podEndsByNamespace.get(e.pod.namespace);
    if (list) list.push(k);
    else podEndsByNamespace.set(e.pod.namespace, [k]);
  });
  const allEnds = ends.map((_, k) => k);
  interface Named { readonly set: Uint8Array; readonly list: readonly number[] }
  const namedMemo: (Named | undefined)[] = [];
  const namedOf = (row: Row): Named => {
    const hit = namedMemo[row.uid];
    if (hit) return hit;
    const set = new Uint8Array(n);
    const peers = row.rule.peers;
    if (peers === undefined) set.fill(1); // NETPOL.md 7
    else {
      for (const p of peers) {
        const scope = p.kind === 'ipBlock' ? [allEnds]
          : [...podEndsByNamespace].filter(([ns]) => peerNamespaceMatches(state, p, ns)).map(([, ks]) => ks);
        for (const ks of scope) for (const k of ks) if (set[k] === 0 && peerMatches(state, p, ends[k]!, options)) set[k] = 1;
      }
    }
    const list: number[] = [];
    for (let k = 0; k < n; k++) if (set[k] === 1) list.push(k);
    return (namedMemo[row.uid] = { set, list });
  };
  const portMemo = new Map<number, ConnSet>();
  /** Whether `rule` names end `k` as its peer (NETPOL.md 7–13). */
  const names = (row: Row, k: number): boolean => namedOf(row).set[k] === 1;
  /** What `rule` opens towards destination end `j` (named ports resolve there, NETPOL.md 15). */
  const opens = (row: Row, j: number): ConnSet => {
    const key = hasNamedPort(row.rule) ? row.uid * portKeys.size + portKey[j]! : -1 - row.uid;
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
  // Tables per signature, indexed by end: plain arrays, since reach asks millions of times. An
  // ingress side with named ports also depends on the destination's named ports: one table per
  // (signature, port key), so the memo grows with signatures × port keys × ends, never ends².
  const egressMemo: (Cell | undefined)[][] = [];
  const ingressMemo: (Cell | undefined)[][] = [];
  const table = (memo: (Cell | undefined)[][], index: number): (Cell | undefined)[] => (memo[index] ??= new Array<Cell | undefined>(n));
  const egressOf = (i: number, j: number): Cell => {
    const rows = egress[i];
    if (rows === undefined) return OPEN;
    const row = table(egressMemo, egressSig[i]!);
    return (row[j] ??= side(rows, j, j, 'egress'));
  };
  const namedIngressMemo: (Cell | undefined)[][] = [];
  const ingressOf = (i: number, j: number): Cell => {
    const rows = ingress[j];
    if (rows === undefined) return OPEN;
    const row = namedIngress[j]
      ? table(namedIngressMemo, ingressSig[j]! * portKeys.size + portKey[j]!)
      : table(ingressMemo, ingressSig[j]!);
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
  // policy-heavy cluster are closed, and a closed pair costs nothing to skip. Rules are shared by
  // many ends, so each distinct rule is asked once per source, not once per end that carries it.
  const ruleOf = new Map<number, Row>();
  const openIngress: number[] = [];
  const owners = new Map<number, number[]>();
  ingress.forEach((rows, j) => {
    if (rows === undefined) openIngress.push(j);
    else for (const row of rows) {
      if (!ruleOf.has(row.uid)) ruleOf.set(row.uid, row);
      const js = owners.get(row.uid);
      if (js) { if (js[js.length - 1] !== j) js.push(j); } else owners.set(row.uid, [j]);
    }
  });
  // Per source end, the ingress rules naming it: built once, from each rule's list of named ends.
  let naming: number[][] | undefined;
  const namingOf = (i: number): readonly number[] => {
    if (!naming) {
      const table: number[][] = ends.map(() => []);
      for (const [uid, row] of ruleOf) for (const k of namedOf(row).list) table[k]!.push(uid);
      naming = table;
    }
    return naming[i]!;
  };
  const admitted = new Uint8Array(n);
  const candidates = (i: number): number[] => {
    const src = ends[i]!;
    const list: number[] = [];
    const admit = (j: number): void => { if (admitted[j] === 0) { admitted[j] = 1; list.push(j); } };
    for (const j of openIngress) admit(j);
    for (const uid of namingOf(i)) for (const j of owners.get(uid)!) admit(j);
    const nodeTraffic = src.kind === 'node' || (src.kind === 'pod' && src.pod.hostNetwork);
    if (enforced && nodeTraffic) ends.forEach((e, j) => { if (e.kind === 'pod' && fromNodeOf(src, e.pod)) admit(j); });
    const rows = egress[i];
    let out = list;
    if (rows !== undefined) {
      // The admitted ends some egress rule names: walk whichever side is shorter.
      const named = rows.map(namedOf);
      const viaRules = named.reduce((a, x) => a + x.list.length, 0);
      if (list.length * named.length < viaRules) out = list.filter((j) => named.some((x) => x.set[j] === 1));
      else {
        const seen = new Uint8Array(n);
        out = [];
        for (const x of named) for (const j of x.list) if (admitted[j] === 1 && seen[j] === 0) { seen[j] = 1; out.push(j); }
      }
    }
    for (const j of list) admitted[j] = 0;
    return out;
  };
  return { cell, candidates };
}

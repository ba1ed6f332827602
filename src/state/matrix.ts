// The reachability matrix: the engine's reach() (NetworkPolicy only) as a grid of peers grouped by
// namespace, each cell allowed, denied or partial (some pods of a workload differ), for one
// port/protocol or "any". Plus the diff against the matrix before the last edit, and the flow a
// cell click plays. Pure functions, memoised per (cluster, options); a small store keeps the
// toolbar's options and the clusters of earlier edits.
import { create } from 'zustand';
import { formatConns, reach, shortKind } from '../engine/index.ts';
import type { ConnSet, FlowSpec, PortSet, ReachPeer, RefKind } from '../engine/index.ts';
import type { ClusterState } from '../model/cluster.ts';
import type { Protocol } from '../model/objects.ts';
import { pickedChoice } from './choices.ts';
import type { FlowChoice } from './choices.ts';
import { useSim } from './store.ts';

export type PortFilter = { readonly kind: 'any' } | { readonly kind: 'port'; readonly protocol: Protocol; readonly port: number };

export interface MatrixOptions {
  readonly by: 'workload' | 'pod';
  readonly filter: PortFilter;
  /** CoreDNS, ingress-nginx, the API server as peers. */
  readonly includeSystem: boolean;
}

export interface MatrixPeer {
  /** reach's name: `shop/backend[Deployment]`, `shop/db-0[Pod]`. */
  readonly id: string;
  /** What the grid shows: `backend`, `db-0`. */
  readonly label: string;
  readonly namespace: string;
  readonly kind: string;
  /** A flow reference for it: `shop/deploy/backend`, `shop/db-0`. */
  readonly ref: string;
  readonly pods: number;
  readonly system: boolean;
  /** Its first pod's container ports: a click on an "any" cell connects to one of them. */
  readonly ports: readonly { readonly protocol: Protocol; readonly port: number }[];
}

export type CellState = 'allowed' | 'denied' | 'partial' | 'self';

export interface MatrixCell {
  readonly from: string;
  readonly to: string;
  readonly state: CellState;
  /** What every pod pair may open, and what at least one may (they differ when partial). */
  readonly conns?: ConnSet;
  readonly any?: ConnSet;
  /** The sentence of the cell's tooltip: `frontend → backend: allowed TCP 8080`. */
  readonly text: string;
}

export interface Matrix {
  readonly options: MatrixOptions;
  readonly groups: readonly { readonly namespace: string; readonly peers: readonly MatrixPeer[] }[];
  readonly peers: readonly MatrixPeer[];
  /** Keyed by cellKey(from, to); every pair of shown peers has one. */
  readonly cells: ReadonlyMap<string, MatrixCell>;
  /** Peers there are; more than peers.length when the grid is capped. */
  readonly total: number;
  /** Set when the CNI does not enforce NetworkPolicy although policies exist. */
  readonly notEnforced?: string;
}

/** More peers than this make a grid nobody can read and React cannot render quickly: show the first ones. */
export const MAX_PEERS = 80;

export const defaultOptions: MatrixOptions = { by: 'workload', filter: { kind: 'any' }, includeSystem: false };

export const cellKey = (from: string, to: string): string => `${from}\u0000${to}`;
export const optionsKey = (o: MatrixOptions): string =>
  `${o.by}|${o.includeSystem}|${o.filter.kind === 'any' ? 'any' : `${o.filter.protocol}/${o.filter.port}`}`;

const has = (ports: PortSet, port: number): boolean => ports.some(([lo, hi]) => lo <= port && port <= hi);
const empty = (c: ConnSet): boolean => !c.other && c.TCP.length === 0 && c.UDP.length === 0 && c.SCTP.length === 0;
const filterText = (f: PortFilter): string => (f.kind === 'any' ? 'any port' : `${f.protocol} ${f.port}`);

function peerOf(cluster: ClusterState, p: ReachPeer): MatrixPeer {
  // reach names peers `ns/name[Kind]`.
  const label = p.name.slice(p.namespace.length + 1, p.name.length - p.kind.length - 2);
  const ref = p.kind === 'Pod' ? `${p.namespace}/${label}` : `${p.namespace}/${shortKind[p.kind as RefKind]}/${label}`;
  const first = [...p.pods].sort()[0];
  const pod = first === undefined ? undefined : cluster.index.podById.get(first);
  const ports = (pod?.containers ?? []).flatMap((c) => c.ports.map((cp) => ({ protocol: cp.protocol, port: cp.containerPort })));
  return { id: p.name, label, namespace: p.namespace, kind: p.kind, ref, pods: p.pods.length, system: p.system, ports };
}

function stateOf(filter: PortFilter, conns: ConnSet, any: ConnSet): CellState {
  if (filter.kind === 'any') return empty(any) ? 'denied' : empty(conns) || !sameConns(conns, any) ? 'partial' : 'allowed';
  if (has(conns[filter.protocol], filter.port)) return 'allowed';
  return has(any[filter.protocol], filter.port) ? 'partial' : 'denied';
}

const sameConns = (a: ConnSet, b: ConnSet): boolean => formatConns(a) === formatConns(b) && a.other === b.other;

/** `why`: what allowed it when no rule did (no policy isolates either end, or the CNI ignores them). */
function sentence(from: MatrixPeer, to: MatrixPeer, state: CellState, filter: PortFilter, conns: ConnSet | undefined, any: ConnSet | undefined, rules: readonly string[], why: string): string {
  const head = `${from.label} → ${to.label}`;
  if (state === 'self') return `${head}: the same ${from.kind === 'Pod' ? 'pod' : 'workload'}`;
  const because = ` (${rules.length > 0 ? `by ${rules.join(', ')}` : why})`;
  const allowedText = (c: ConnSet | undefined) => (c && !empty(c) ? formatConns(c) : 'nothing');
  if (state === 'denied') {
    const other = any && !empty(any) ? `; allowed: ${formatConns(any)}` : '';
    return `${head}: denied ${filterText(filter)}${other}; click to see where it drops`;
  }
  if (state === 'partial') return `${head}: only some pods: ${allowedText(any)}; every pod: ${allowedText(conns)}${because}`;
  return `${head}: allowed ${filter.kind === 'any' ? allowedText(conns) : filterText(filter)}${because}`;
}

function build(cluster: ClusterState, options: MatrixOptions): Matrix {
  const why = cluster.settings.cni.networkPolicy ? 'no NetworkPolicy isolates either end' : 'the CNI does not enforce NetworkPolicy';
  let state = cluster;
  const pods = cluster.pods.filter((p) => options.includeSystem || !p.system);
  // By pod, a big cluster: reach over the shown pods only. A verdict between two pods depends on
  // their labels, namespaces and the policies, never on the other pods, so the cells are the same.
  if (options.by === 'pod' && pods.length > MAX_PEERS) {
    const shown = [...pods].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, MAX_PEERS);
    state = { ...cluster, pods: shown };
  }
  const result = reach(state, { by: options.by, includeSystem: options.includeSystem });
  const total = options.by === 'pod' ? pods.length : result.peers.length;
  const peers = result.peers.slice(0, MAX_PEERS).map((p) => peerOf(cluster, p));
  const pairs = new Map(result.pairs.map((p) => [cellKey(p.src, p.dst), p]));
  const cells = new Map<string, MatrixCell>();
  for (const a of peers) {
    for (const b of peers) {
      const key = cellKey(a.id, b.id);
      const pair = pairs.get(key);
      const cellState: CellState = a === b ? 'self' : pair ? stateOf(options.filter, pair.conns, pair.any) : 'denied';
      const text = sentence(a, b, cellState, options.filter, pair?.conns, pair?.any, pair?.rules ?? [], why);
      cells.set(key, { from: a.id, to: b.id, state: cellState, ...(pair ? { conns: pair.conns, any: pair.any } : {}), text });
    }
  }
  const groups: { namespace: string; peers: MatrixPeer[] }[] = [];
  for (const p of peers) {
    const last = groups[groups.length - 1];
    if (last?.namespace === p.namespace) last.peers.push(p);
    else groups.push({ namespace: p.namespace, peers: [p] });
  }
  const n = cluster.policies.length;
  const notEnforced = !cluster.settings.cni.networkPolicy && n > 0
    ? `The CNI (${cluster.settings.cni.plugin}) does not enforce NetworkPolicy: ${n === 1 ? 'the policy exists' : `the ${n} policies exist`} but nothing applies them, so everything is allowed.`
    : undefined;
  return { options, groups, peers, cells, total, ...(notEnforced ? { notEnforced } : {}) };
}

const memo = new WeakMap<ClusterState, Map<string, Matrix>>();

/** The matrix of `cluster`, computed once per (cluster, options). */
export function matrixOf(cluster: ClusterState, options: MatrixOptions = defaultOptions): Matrix {
  let byOptions = memo.get(cluster);
  if (!byOptions) memo.set(cluster, (byOptions = new Map()));
  const key = optionsKey(options);
  let m = byOptions.get(key);
  if (!m) byOptions.set(key, (m = build(cluster, options)));
  return m;
}

export interface MatrixDiff {
  /** Cells between peers in both matrices whose verdict or allowed connections changed. */
  readonly changed: ReadonlyMap<string, { readonly before: MatrixCell; readonly after: MatrixCell }>;
  readonly addedPeers: readonly string[];
  readonly removedPeers: readonly string[];
}

export function diffMatrix(previous: Matrix, current: Matrix): MatrixDiff {
  const before = new Set(previous.peers.map((p) => p.id));
  const after = new Set(current.peers.map((p) => p.id));
  const changed = new Map<string, { before: MatrixCell; after: MatrixCell }>();
  for (const [key, cell] of current.cells) {
    const old = previous.cells.get(key);
    if (old && (old.state !== cell.state || old.text !== cell.text)) changed.set(key, { before: old, after: cell });
  }
  return {
    changed,
    addedPeers: [...after].filter((id) => !before.has(id)),
    removedPeers: [...before].filter((id) => !after.has(id)),
  };
}

/** The diff toggle's count: `2 changed, 1 new`; undefined (no earlier edit changed the grid): `no change yet`. */
export function diffSummary(diff: MatrixDiff | undefined): string {
  if (!diff || diffEmpty(diff)) return 'no change yet';
  return [
    `${diff.changed.size} changed`,
    ...(diff.addedPeers.length > 0 ? [`${diff.addedPeers.length} new`] : []),
    ...(diff.removedPeers.length > 0 ? [`${diff.removedPeers.length} gone`] : []),
  ].join(', ');
}

export const diffEmpty = (d: MatrixDiff): boolean => d.changed.size === 0 && d.addedPeers.length === 0 && d.removedPeers.length === 0;

const firstPort = (c: ConnSet): { protocol: Protocol; port: number } | undefined => {
  for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
    const range = c[protocol][0];
    if (range) return { protocol, port: range[0] };
  }
  return undefined;
};

/**
 * The flow a click on a cell plays: at the chosen port; for "any", the target's first container
 * port that is allowed, else the first allowed port, else ICMP if only that passes, else the first
 * container port (a denied cell then shows where the packet drops).
 */
export function cellFlow(matrix: Matrix, cell: MatrixCell): FlowChoice | undefined {
  const from = matrix.peers.find((p) => p.id === cell.from);
  const to = matrix.peers.find((p) => p.id === cell.to);
  if (!from || !to || cell.state === 'self') return undefined;
  const f = matrix.options.filter;
  const spec = (protocol: FlowSpec['protocol'], port?: number): FlowChoice =>
    pickedChoice({ from: from.ref, to: to.ref, protocol, ...(port !== undefined ? { port } : {}) }, from.namespace);
  if (f.kind === 'port') return spec(f.protocol, f.port);
  const open = [cell.conns, cell.any].filter((c): c is ConnSet => c !== undefined && !empty(c));
  for (const c of open) {
    const listened = to.ports.find((p) => has(c[p.protocol], p.port));
    if (listened) return spec(listened.protocol, listened.port);
  }
  for (const c of open) {
    const first = firstPort(c);
    if (first) return spec(first.protocol, first.port);
    if (c.other) return spec('ICMP');
  }
  const declared = to.ports[0];
  return declared ? spec(declared.protocol, declared.port) : spec('ICMP');
}

// ---- the store: toolbar options, and the clusters of earlier edits for the diff ----

/** Earlier clusters kept for the diff; references only, the matrices are computed on demand. */
const HISTORY = 8;

export interface MatrixViewState {
  readonly options: MatrixOptions;
  readonly diff: boolean;
  /** Clusters before the current one, oldest first. */
  readonly history: readonly ClusterState[];
  readonly setOptions: (options: Partial<MatrixOptions>) => void;
  readonly setDiff: (diff: boolean) => void;
}

export const useMatrix = create<MatrixViewState>()((set) => ({
  options: defaultOptions,
  diff: false,
  history: [],
  setOptions: (options) => set((s) => ({ options: { ...s.options, ...options } })),
  setDiff: (diff) => set({ diff }),
}));

useSim.subscribe((sim, previous) => {
  if (sim.cluster === previous.cluster || !previous.cluster) return;
  const old = previous.cluster;
  useMatrix.setState((s) => ({ history: [...s.history, old].slice(-HISTORY) }));
});

/**
 * The diff against the last edit that changed the matrix: edits that left it alone (a comment, a
 * Service) are skipped, so the diff keeps showing the last change to the grid itself.
 */
export function lastChange(history: readonly ClusterState[], current: Matrix, options: MatrixOptions): MatrixDiff | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const d = diffMatrix(matrixOf(history[i]!, options), current);
    if (!diffEmpty(d)) return d;
  }
  return undefined;
}

export const selectMatrixOptions = (s: MatrixViewState): MatrixOptions => s.options;
export const selectMatrixDiff = (s: MatrixViewState): boolean => s.diff;
export const selectMatrixHistory = (s: MatrixViewState): readonly ClusterState[] => s.history;

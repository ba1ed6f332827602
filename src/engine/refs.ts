// Object references as the CLI contract defines them (DESIGN.md "The CLI contract"):
// `NAME` or `NS/NAME` for a pod; `KIND/NAME` or `NS/KIND/NAME` for anything else, with kubectl's
// kind names and short names; two segments are KIND/NAME when the first is a known kind, else
// NS/POD. A workload stands for its first pod by name. `external` / `external:IP` is a client
// outside the cluster. Moved here from src/cli so the engine can resolve a Flow's `from`/`to`.
import type { ClusterState, NodeState, PodState, ServiceState, WorkloadState } from '../model/cluster.ts';
import { parseIPv4 } from '../model/ip.ts';
import type { Result } from './types.ts';

export type RefKind = 'Pod' | 'Service' | 'Node' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob';

/** kubectl's resource names for each kind: singular, plural, short names, `plural.group`. */
const kindNames: Readonly<Record<RefKind, readonly string[]>> = {
  Pod: ['pod', 'pods', 'po'],
  Service: ['service', 'services', 'svc'],
  Node: ['node', 'nodes', 'no'],
  Deployment: ['deployment', 'deployments', 'deploy', 'deployment.apps', 'deployments.apps'],
  StatefulSet: ['statefulset', 'statefulsets', 'sts', 'statefulset.apps', 'statefulsets.apps'],
  DaemonSet: ['daemonset', 'daemonsets', 'ds', 'daemonset.apps', 'daemonsets.apps'],
  ReplicaSet: ['replicaset', 'replicasets', 'rs', 'replicaset.apps', 'replicasets.apps'],
  Job: ['job', 'jobs', 'job.batch', 'jobs.batch'],
  CronJob: ['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'],
};

/** The short form used in messages and suggestions: `deploy/web`. */
export const shortKind: Readonly<Record<RefKind, string>> = {
  Pod: 'pod', Service: 'svc', Node: 'node', Deployment: 'deploy', StatefulSet: 'sts',
  DaemonSet: 'ds', ReplicaSet: 'rs', Job: 'job', CronJob: 'cronjob',
};

/** Case-insensitive, as kubectl matches resource names. */
export function kindOf(word: string): RefKind | undefined {
  const lower = word.toLowerCase();
  for (const [kind, names] of Object.entries(kindNames) as [RefKind, readonly string[]][]) {
    if (names.includes(lower)) return kind;
  }
  return undefined;
}

export type ObjectReference =
  | { readonly type: 'object'; readonly kind: RefKind; readonly namespace: string; readonly name: string; readonly text: string }
  | { readonly type: 'external'; readonly ip?: string; readonly text: string };


const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: string): Result<T> => ({ ok: false, error });

/** Parses a reference; `namespace` is the default (`-n`). Node references ignore it (cluster-scoped). */
export function parseRef(text: string, namespace = 'default'): Result<ObjectReference> {
  const t = text.trim();
  if (t === 'external') return ok({ type: 'external', text: t });
  if (t.startsWith('external:')) {
    const ip = t.slice('external:'.length);
    if (parseIPv4(ip) === undefined) return fail(`"${ip}" in "${t}" is not an IPv4 address; write external:203.0.113.7`);
    return ok({ type: 'external', ip, text: t });
  }
  const parts = t.split('/');
  if (parts.some((p) => p === '')) return fail(`"${text}" is not a reference; write NAME, NS/NAME, KIND/NAME or NS/KIND/NAME`);
  const object = (kind: RefKind, ns: string, name: string): Result<ObjectReference> =>
    ok({ type: 'object', kind, namespace: kind === 'Node' ? '' : ns, name, text: t });
  switch (parts.length) {
    case 1:
      return object('Pod', namespace, parts[0]!);
    case 2: {
      const kind = kindOf(parts[0]!);
      return kind ? object(kind, namespace, parts[1]!) : object('Pod', parts[0]!, parts[1]!);
    }
    case 3: {
      const kind = kindOf(parts[1]!);
      if (!kind) return fail(`"${parts[1]}" in "${t}" is not a kind the simulator knows; use ${Object.values(shortKind).join(', ')}`);
      if (kind === 'Node') return fail(`nodes are not namespaced; write node/${parts[2]}`);
      return object(kind, parts[0]!, parts[2]!);
    }
    default:
      return fail(`"${t}" has too many "/"; write NAME, NS/NAME, KIND/NAME or NS/KIND/NAME`);
  }
}

export type Resolved =
  /** `via` is the workload when the reference named one and its first pod stands for it. */
  | { readonly type: 'pod'; readonly pod: PodState; readonly via?: WorkloadState | { readonly kind: 'ReplicaSet'; readonly name: string } }
  | { readonly type: 'service'; readonly service: ServiceState }
  | { readonly type: 'node'; readonly node: NodeState }
  | { readonly type: 'external'; readonly ip: string };

const byName = (a: PodState, b: PodState): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function resolveRef(cluster: ClusterState, ref: ObjectReference): Result<Resolved> {
  if (ref.type === 'external') return ok({ type: 'external', ip: ref.ip ?? cluster.outside.defaultClient });
  const { kind, namespace, name } = ref;
  switch (kind) {
    case 'Pod': {
      const pod = cluster.index.podById.get(`${namespace}/${name}`);
      return pod ? ok({ type: 'pod', pod }) : fail(notFound(cluster, ref));
    }
    case 'Service': {
      const service = cluster.index.serviceById.get(`${namespace}/${name}`);
      return service ? ok({ type: 'service', service }) : fail(notFound(cluster, ref));
    }
    case 'Node': {
      const node = cluster.index.nodeByName.get(name);
      return node ? ok({ type: 'node', node }) : fail(notFound(cluster, ref));
    }
    case 'ReplicaSet': {
      // A Deployment's ReplicaSets are not workloads of their own: find them through the pods' owner.
      const workload = cluster.workloads.find((w) => w.kind === kind && w.namespace === namespace && w.name === name);
      const pods = workload
        ? podsOf(cluster, workload)
        : cluster.pods.filter((p) => p.namespace === namespace && p.owner?.kind === 'ReplicaSet' && p.owner.name === name);
      if (!workload && pods.length === 0) return fail(notFound(cluster, ref));
      const first = [...pods].sort(byName)[0];
      if (!first) return fail(`rs/${name} in namespace ${namespace} has no pods (replicas: 0?)`);
      return ok({ type: 'pod', pod: first, via: workload ?? { kind: 'ReplicaSet', name } });
    }
    default: {
      const workload = cluster.workloads.find((w) => w.kind === kind && w.namespace === namespace && w.name === name);
      if (!workload) return fail(notFound(cluster, ref));
      const first = [...podsOf(cluster, workload)].sort(byName)[0];
      if (!first) return fail(`${shortKind[kind]}/${name} in namespace ${namespace} has no pods (replicas: 0, or no node fits a DaemonSet)`);
      return ok({ type: 'pod', pod: first, via: workload });
    }
  }
}

/** Parse and resolve in one step. */
export function findRef(cluster: ClusterState, text: string, namespace = 'default'): Result<Resolved> {
  const ref = parseRef(text, namespace);
  return ref.ok ? resolveRef(cluster, ref.value) : ref;
}

function podsOf(cluster: ClusterState, workload: WorkloadState): PodState[] {
  return workload.pods.map((id) => cluster.index.podById.get(id)).filter((p): p is PodState => p !== undefined);
}

const describe = (kind: RefKind): string => ({ Pod: 'pod', Service: 'Service', Node: 'node', Deployment: 'Deployment', StatefulSet: 'StatefulSet', DaemonSet: 'DaemonSet', ReplicaSet: 'ReplicaSet', Job: 'Job', CronJob: 'CronJob' })[kind];

/** "no pod named web in namespace default; did you mean deploy/web?" */
function notFound(cluster: ClusterState, ref: Extract<ObjectReference, { type: 'object' }>): string {
  const where = ref.kind === 'Node' ? '' : ` in namespace ${ref.namespace}`;
  const message = `no ${describe(ref.kind)} named ${ref.name}${where}`;
  const suggestion = suggest(cluster, ref);
  return suggestion ? `${message}; did you mean ${suggestion}?` : message;
}

function suggest(cluster: ClusterState, ref: Extract<ObjectReference, { type: 'object' }>): string | undefined {
  const { name, namespace } = ref;
  // 1. Something else with that name in the namespace: a workload or Service called `web`.
  const sameNameHere: string[] = [];
  for (const w of cluster.workloads) {
    if (w.namespace === namespace && w.name === name && w.kind !== ref.kind) sameNameHere.push(`${shortKind[w.kind]}/${name}`);
  }
  if (ref.kind !== 'Service' && cluster.index.serviceById.has(`${namespace}/${name}`)) sameNameHere.push(`svc/${name}`);
  if (ref.kind !== 'Pod' && cluster.index.podById.has(`${namespace}/${name}`)) sameNameHere.push(name);
  if (ref.kind !== 'Node' && cluster.index.nodeByName.has(name)) sameNameHere.push(`node/${name}`);
  if (sameNameHere.length > 0) return sameNameHere.join(' or ');
  // 2. The same kind and name in another namespace.
  const prefix = (ns: string): string => (ref.kind === 'Pod' ? `${ns}/${name}` : `${ns}/${shortKind[ref.kind]}/${name}`);
  if (ref.kind === 'Pod') {
    const other = cluster.pods.find((p) => p.name === name && p.namespace !== namespace);
    if (other) return prefix(other.namespace);
  } else if (ref.kind === 'Service') {
    const other = cluster.services.find((s) => s.name === name && s.namespace !== namespace);
    if (other) return prefix(other.namespace);
  } else if (ref.kind !== 'Node') {
    const other = cluster.workloads.find((w) => w.kind === ref.kind && w.name === name && w.namespace !== namespace);
    if (other) return prefix(other.namespace);
  }
  // 3. A close name (a typo, or a pod name without its generated suffix).
  const written = (n: string): string => (ref.kind === 'Pod' ? n : `${shortKind[ref.kind]}/${n}`);
  const candidates = candidateNames(cluster, ref);
  const startsWith = candidates.filter((c) => c.startsWith(`${name}-`)).sort();
  if (startsWith.length > 0) return written(startsWith[0]!);
  let best: { name: string; distance: number } | undefined;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d <= Math.max(1, Math.floor(name.length / 3)) && (!best || d < best.distance || (d === best.distance && c < best.name))) best = { name: c, distance: d };
  }
  return best && written(best.name);
}

/** Names of objects of the reference's kind in its namespace. */
function candidateNames(cluster: ClusterState, ref: Extract<ObjectReference, { type: 'object' }>): string[] {
  const { kind, namespace } = ref;
  switch (kind) {
    case 'Pod': return cluster.pods.filter((p) => p.namespace === namespace).map((p) => p.name);
    case 'Service': return cluster.services.filter((s) => s.namespace === namespace).map((s) => s.name);
    case 'Node': return cluster.nodes.map((n) => n.name);
    default: return cluster.workloads.filter((w) => w.kind === kind && w.namespace === namespace).map((w) => w.name);
  }
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The reference written out in full, so it means the same without a default namespace:
 * `shop/web-0`, `shop/deploy/web`, `node/node-1`, `external:203.0.113.7`.
 */
export function qualifiedRef(ref: ObjectReference): string {
  if (ref.type === 'external') return ref.ip === undefined ? 'external' : `external:${ref.ip}`;
  if (ref.kind === 'Node') return `node/${ref.name}`;
  // NS/NAME reads as KIND/NAME when the namespace is also a kind's name (a namespace "jobs"):
  // then the kind is written out.
  if (ref.kind === 'Pod') return kindOf(ref.namespace) ? `${ref.namespace}/pod/${ref.name}` : `${ref.namespace}/${ref.name}`;
  return `${ref.namespace}/${shortKind[ref.kind]}/${ref.name}`;
}

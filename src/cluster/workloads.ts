// Workload controllers: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs
// expanded into pods with the names and labels their real controllers give them.
import type { ObjectRef, WorkloadState } from '../model/cluster.ts';
import type { Labels } from '../model/labels.ts';
import type { ObjectSource, Pod, PodSpec, PodStatus, Toleration, Workload } from '../model/objects.ts';
import { objectName } from '../model/objects.ts';
import type { NodeDraft } from './draft.ts';
import { generateName, hash32, podTemplateHash } from './names.ts';
import { rejects } from './scheduling.ts';

/** A pod before scheduling and addressing. */
export interface PodDraft {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly spec: PodSpec;
  readonly status: PodStatus;
  readonly owner?: ObjectRef;
  readonly workload?: ObjectRef;
  readonly system: boolean;
  /** The Pod's document, or its workload's (whose template it came from). */
  readonly source: ObjectSource;
  /** Path of the pod spec in that document: `spec`, `spec.template.spec`, … */
  readonly specPath: string;
  /** `Deployment shop/web`: the object a diagnostic about this pod names. */
  readonly origin: string;
  /** DaemonSet pods are bound to their node by the DaemonSet controller. */
  readonly boundNode?: string;
}

export interface Entry<T> {
  readonly object: T;
  readonly system: boolean;
}

export interface Expansion {
  readonly pods: readonly PodDraft[];
  readonly workloads: readonly WorkloadState[];
}

const templatePath: Record<Workload['kind'], string> = {
  Deployment: 'spec.template.spec', ReplicaSet: 'spec.template.spec', StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec', Job: 'spec.template.spec', CronJob: 'spec.jobTemplate.spec.template.spec',
};

/**
 * Tolerations the DaemonSet controller adds to every daemon pod, so cordoned or pressured nodes
 * still run them (pkg/controller/daemon/util AddOrUpdateDaemonPodTolerations).
 */
const daemonTolerations: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

const refKey = (r: ObjectRef) => `${r.kind}/${r.namespace}/${r.name}`;

/** The controller ownerReference of an object, as an ObjectRef (Nodes own static pods: cluster-scoped). */
function controllerOf(o: Pod | Workload): ObjectRef | undefined {
  const ref = o.metadata.ownerReferences.find((r) => r.controller) ?? o.metadata.ownerReferences[0];
  return ref ? { kind: ref.kind, namespace: ref.kind === 'Node' ? '' : o.metadata.namespace, name: ref.name } : undefined;
}

/**
 * Pods of every Pod and workload, in order. Names of standalone Pods are reserved first.
 * A dump (`kubectl get all -o yaml`) holds the pods, their ReplicaSets/Jobs and the Deployments/
 * CronJobs above them: a workload whose pods are in the input is not expanded again, and a
 * ReplicaSet or Job whose owner is in the input is represented by that owner.
 */
export function expandWorkloads(entries: readonly Entry<Pod | Workload>[], nodes: readonly NodeDraft[]): Expansion {
  const taken = new Map<string, Set<string>>();
  const names = (ns: string) => taken.get(ns) ?? taken.set(ns, new Set()).get(ns)!;
  for (const { object } of entries) if (object.kind === 'Pod') names(object.metadata.namespace).add(object.metadata.name);
  const defined = new Map<string, Workload>();
  for (const { object } of entries) if (object.kind !== 'Pod') defined.set(refKey({ kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name }), object);
  const parentOf = (ref: ObjectRef): ObjectRef | undefined => {
    const w = defined.get(refKey(ref));
    const parent = w ? controllerOf(w) : undefined;
    return parent && defined.has(refKey(parent)) ? parent : undefined;
  };
  const pods: PodDraft[] = [];
  for (const { object, system } of entries) if (object.kind === 'Pod') pods.push(standalonePod(object, system, parentOf));
  // Every workload a given pod belongs to: its owner chain and its workload.
  const chains = new Map(pods.map((p) => [p.id, new Set([...ownerChain(p.owner, parentOf), ...(p.workload ? [p.workload] : [])].map(refKey))]));
  const populated = new Set([...chains.values()].flatMap((c) => [...c]));

  const out: PodDraft[] = [];
  const workloads: WorkloadState[] = [];
  let next = 0;
  for (const { object, system } of entries) {
    if (object.kind === 'Pod') {
      out.push(pods[next++]!);
      continue;
    }
    const self = { kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name };
    if (parentOf(self)) continue;
    let ids: string[];
    if (populated.has(refKey(self))) ids = pods.filter((p) => chains.get(p.id)!.has(refKey(self))).map((p) => p.id);
    else {
      const made = expandOne(object, system, nodes, names(object.metadata.namespace));
      out.push(...made);
      ids = made.map((p) => p.id);
    }
    workloads.push({
      kind: object.kind, namespace: self.namespace, name: self.name, selector: object.spec.selector,
      pods: ids, system, ...(system ? {} : { source: object.source }),
    });
  }
  return { pods: out, workloads };
}

/** `ref` and the owners above it that the input defines; stops on ownership cycles. */
function ownerChain(ref: ObjectRef | undefined, parentOf: (ref: ObjectRef) => ObjectRef | undefined): ObjectRef[] {
  const chain: ObjectRef[] = [];
  const seen = new Set<string>();
  for (let r = ref; r && !seen.has(refKey(r)); r = parentOf(r)) {
    seen.add(refKey(r));
    chain.push(r);
  }
  return chain;
}

function standalonePod(pod: Pod, system: boolean, parentOf: (ref: ObjectRef) => ObjectRef | undefined): PodDraft {
  const { namespace, name } = pod.metadata;
  const owner = controllerOf(pod);
  // A dumped pod owned by ReplicaSet `web-7d4b9c6f5d` with that pod-template-hash belongs to Deployment `web`
  // (whether or not the dump holds the Deployment); otherwise to the top of its owner chain.
  const hash = pod.metadata.labels['pod-template-hash'];
  let workload = owner?.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)
    ? { kind: 'Deployment', namespace, name: owner.name.slice(0, -hash.length - 1) }
    : owner;
  workload = ownerChain(workload, parentOf).at(-1) ?? workload;
  return {
    id: `${namespace}/${name}`, namespace, name, labels: pod.metadata.labels, annotations: pod.metadata.annotations,
    spec: pod.spec, status: pod.status, ...(owner ? { owner } : {}), ...(workload ? { workload } : {}),
    system, source: pod.source, specPath: 'spec', origin: objectName(pod),
  };
}

function expandOne(w: Workload, system: boolean, nodes: readonly NodeDraft[], taken: Set<string>): PodDraft[] {
  const { namespace, name } = w.metadata;
  const self: ObjectRef = { kind: w.kind, namespace, name };
  const template = w.spec.template;
  // What the pods of one workload have alike (labels, spec, status, where they come from) is made
  // once and shared: only StatefulSet pods differ in labels and spec.
  const origin = objectName(w);
  const status: PodStatus = { podIPs: [] };
  const withLabels = (extra: Labels): Labels => ({ ...template.metadata.labels, ...extra });
  const make = (podName: string, labels: Labels, spec: PodSpec, more: { owner?: ObjectRef; boundNode?: string } = {}): PodDraft => ({
    id: `${namespace}/${podName}`, namespace, name: podName,
    labels, annotations: template.metadata.annotations,
    spec, status,
    owner: more.owner ?? self, workload: self, system, source: w.source, specPath: templatePath[w.kind], origin,
    ...(more.boundNode ? { boundNode: more.boundNode } : {}),
  });
  const replicas = Math.max(0, w.spec.replicas);
  const range = Array.from({ length: replicas }, (_, i) => i);
  switch (w.kind) {
    case 'Deployment': {
      // Deployment → ReplicaSet <name>-<pod-template-hash> → pods <rs>-<5 chars>; pods carry the hash label.
      const hash = podTemplateHash(template);
      const rs: ObjectRef = { kind: 'ReplicaSet', namespace, name: `${name}-${hash}` };
      const labels = withLabels({ 'pod-template-hash': hash });
      return range.map((i) => make(generateName(`${rs.name}-`, `${namespace}/${rs.name}/${i}`, taken), labels, template.spec, { owner: rs }));
    }
    case 'ReplicaSet':
      return range.map((i) => make(generateName(`${name}-`, `${namespace}/${name}/${i}`, taken), template.metadata.labels, template.spec));
    case 'StatefulSet':
      // Ordinal names; hostname = pod name and subdomain = serviceName give each pod a stable DNS name.
      return range.map((i) => {
        const podName = `${name}-${i}`;
        taken.add(podName);
        return make(podName,
          withLabels({ 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(i) }),
          { ...template.spec, hostname: podName, ...(w.spec.serviceName ? { subdomain: w.spec.serviceName } : {}) });
      });
    case 'DaemonSet': {
      const spec = { ...template.spec, tolerations: [...template.spec.tolerations, ...daemonTolerations] };
      const probePod = make(name, template.metadata.labels, spec);
      // One pod per node that passes the DaemonSet controller's checks: nodeSelector and NoSchedule/NoExecute taints.
      return nodes.filter((n) => !rejects(probePod, n)).map((n) =>
        make(generateName(`${name}-`, `${namespace}/${name}/${n.name}`, taken), template.metadata.labels, spec, { boundNode: n.name }));
    }
    case 'Job': {
      const labels = withLabels(jobLabels(name));
      return range.map((i) => make(generateName(`${name}-`, `${namespace}/${name}/${i}`, taken), labels, template.spec));
    }
    case 'CronJob': {
      // CronJob → Job <name>-<scheduled time in minutes since the epoch> → pods <job>-<5 chars>.
      const job: ObjectRef = { kind: 'Job', namespace, name: `${name}-${scheduledMinute(`${namespace}/${name}`)}` };
      const labels = withLabels(jobLabels(job.name));
      return range.map((i) => make(generateName(`${job.name}-`, `${namespace}/${job.name}/${i}`, taken), labels, template.spec, { owner: job }));
    }
  }
}

/** Labels the Job controller puts on its pods (both the legacy and the prefixed key). */
function jobLabels(job: string): Labels {
  return { 'batch.kubernetes.io/job-name': job, 'job-name': job };
}

/** A plausible scheduled time (a minute in 2025) derived from the CronJob, so Job names look real. */
function scheduledMinute(seed: string): number {
  const startOf2025 = 1735689600 / 60;
  return startOf2025 + (hash32(seed) % (365 * 24 * 60));
}


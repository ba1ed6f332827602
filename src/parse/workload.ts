// Workloads: Deployment, ReplicaSet, StatefulSet, DaemonSet (apps/v1), Job and CronJob (batch/v1).
// Only what decides which pods exist and how they are labelled: replicas, selector, template.
import { formatSelector, isEmptySelector, selectorMatches } from '../model/labels.ts';
import type { LabelSelector } from '../model/labels.ts';
import type { PodTemplate, Workload, WorkloadKind } from '../model/objects.ts';
import type { KindParser, ObjectBase } from './base.ts';
import type { Fields } from './reader.ts';
import { annotations, checkMetaFields, labels } from './meta.ts';
import { parsePodSpec } from './pod.ts';
import { rejectUnknown } from './checks.ts';
import { LIMITS } from './yaml.ts';

// Spec fields of apps/v1 and batch/v1 (Kubernetes 1.33); kubectl apply rejects others.
const SPEC_FIELDS: Record<WorkloadKind, readonly string[]> = {
  Deployment: ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'],
  ReplicaSet: ['replicas', 'selector', 'template', 'minReadySeconds'],
  StatefulSet: ['replicas', 'selector', 'template', 'volumeClaimTemplates', 'serviceName', 'podManagementPolicy', 'updateStrategy',
    'revisionHistoryLimit', 'minReadySeconds', 'persistentVolumeClaimRetentionPolicy', 'ordinals'],
  DaemonSet: ['selector', 'template', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'],
  Job: ['parallelism', 'completions', 'activeDeadlineSeconds', 'podFailurePolicy', 'successPolicy', 'backoffLimit', 'backoffLimitPerIndex',
    'maxFailedIndexes', 'selector', 'manualSelector', 'template', 'ttlSecondsAfterFinished', 'completionMode', 'suspend',
    'podReplacementPolicy', 'managedBy'],
  CronJob: ['schedule', 'timeZone', 'startingDeadlineSeconds', 'concurrencyPolicy', 'suspend', 'jobTemplate',
    'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'],
};

function template(owner: Fields): PodTemplate | undefined {
  const t = owner.obj('template', { required: true });
  if (!t) return undefined;
  rejectUnknown(t, ['metadata', 'spec']);
  const meta = t.obj('metadata');
  // `label:` for `labels:` in a template is a classic: the pods would carry no labels at all.
  if (meta) checkMetaFields(meta);
  const spec = t.obj('spec', { required: true });
  if (!spec) return undefined;
  return {
    metadata: { labels: meta ? labels(meta) : {}, annotations: meta ? annotations(meta) : {} },
    spec: parsePodSpec(spec),
  };
}

/**
 * apps/v1 requires a selector that matches the template's labels; the API server rejects the
 * object otherwise ("selector does not match template labels"), and rejects an empty selector.
 */
function appsSelector(spec: Fields, tpl: PodTemplate | undefined): LabelSelector | undefined {
  const selector = spec.selector('selector');
  if (!selector) {
    if (!spec.has('selector')) spec.ctx.report('error', 'missing-field', `${spec.at('selector')} is required in apps/v1: copy the template's labels into selector.matchLabels.`, spec.path);
    return undefined;
  }
  if (isEmptySelector(selector)) {
    spec.error('selector', 'invalid-value', `${spec.at('selector')} is empty; apps/v1 needs a selector that picks the template's pods, e.g. matchLabels with the template's labels.`);
    return undefined;
  }
  if (tpl && !selectorMatches(selector, tpl.metadata.labels)) {
    const shown = Object.entries(tpl.metadata.labels).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
    spec.error('selector', 'invalid-value', `${spec.at('selector')} does not match template labels: the selector is ${formatSelector(selector)} but spec.template.metadata.labels are ${shown}. The API server rejects this; make them agree.`);
  }
  return selector;
}

/** A pod count, default 1, capped at LIMITS.maxReplicas (the API allows any int32; the simulator would not cope). */
function replicas(spec: Fields, key: string): number {
  const n = spec.int(key, { min: 0 }) ?? 1;
  if (n <= LIMITS.maxReplicas) return n;
  spec.warn(key, 'simulator-limit', `${spec.at(key)} is ${n}; the simulator runs at most ${LIMITS.maxReplicas} pods per workload, so it uses ${LIMITS.maxReplicas}.`);
  return LIMITS.maxReplicas;
}

function workload(doc: Fields, base: ObjectBase<WorkloadKind>, body: (spec: Fields) => Workload['spec'] | undefined): Workload | undefined {
  const spec = doc.obj('spec', { required: true });
  if (!spec) return undefined;
  rejectUnknown(spec, SPEC_FIELDS[base.kind]);
  const s = body(spec);
  return s ? { ...base, spec: s } : undefined;
}

const apps = (kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet'): KindParser<WorkloadKind> => (doc, base) =>
  workload(doc, base, (spec) => {
    const tpl = template(spec);
    // apps/v1 validation: the template's restartPolicy may only be Always (pods that stop are replaced).
    const podSpec = spec.obj('template')?.obj('spec');
    const restart = podSpec?.value['restartPolicy'];
    if (podSpec && typeof restart === 'string' && restart !== 'Always' && ['OnFailure', 'Never'].includes(restart)) {
      podSpec.error('restartPolicy', 'invalid-value', `${podSpec.at('restartPolicy')} must be Always in a ${kind} (it replaces pods that stop); use a Job for run-to-completion pods.`);
    }
    const selector = appsSelector(spec, tpl);
    const count = kind === 'DaemonSet' ? 1 : replicas(spec, 'replicas');
    const serviceName = kind === 'StatefulSet' ? spec.str('serviceName') : undefined;
    if (!tpl || !selector) return undefined;
    return { replicas: count, selector, template: tpl, ...(serviceName ? { serviceName } : {}) };
  });

export const parseDeployment = apps('Deployment');
export const parseReplicaSet = apps('ReplicaSet');
export const parseStatefulSet = apps('StatefulSet');
export const parseDaemonSet = apps('DaemonSet');

/**
 * A Job's pods: the API server adds `batch.kubernetes.io/job-name` and `job-name` labels to the
 * template (Kubernetes docs, "Jobs" → "Job labels"), and, unless manualSelector is set, a selector
 * it generates itself. We derive the selector from the job-name label, which is deterministic.
 */
function jobSpec(spec: Fields, jobName: string | undefined): Workload['spec'] | undefined {
  const tpl = template(spec);
  const parallelism = replicas(spec, 'parallelism');
  if (!tpl) return undefined;
  // Jobs reject the Pod default restartPolicy Always: "valid values: OnFailure, Never".
  const restart = spec.obj('template')?.obj('spec');
  const policy = restart?.str('restartPolicy');
  // Values outside Always/OnFailure/Never are already reported by parsePodSpec.
  if (restart && (policy === undefined || policy === 'Always')) {
    restart.ctx.report('error', policy === undefined ? 'missing-field' : 'invalid-value',
      `${restart.at('restartPolicy')} must be Never or OnFailure for a Job${policy === undefined ? ' (the Pod default, Always, is not allowed)' : ', not Always'}.`,
      policy === undefined ? restart.path : restart.at('restartPolicy'));
  }
  const podLabels = jobName === undefined ? tpl.metadata.labels : { ...tpl.metadata.labels, 'batch.kubernetes.io/job-name': jobName, 'job-name': jobName };
  const manual = spec.bool('manualSelector', false) ? spec.selector('selector') : undefined;
  const selector = manual ?? { matchLabels: jobName === undefined ? tpl.metadata.labels : { 'batch.kubernetes.io/job-name': jobName }, matchExpressions: [] };
  return { replicas: parallelism, selector, template: { ...tpl, metadata: { ...tpl.metadata, labels: podLabels } } };
}

export const parseJob: KindParser<WorkloadKind> = (doc, base) => workload(doc, base, (spec) => jobSpec(spec, base.metadata.name));

/** CronJob: its Jobs are named `<name>-<scheduled time>`, unknown here, so the selector is the template's labels. */
export const parseCronJob: KindParser<WorkloadKind> = (doc, base) =>
  workload(doc, base, (spec) => {
    spec.str('schedule', { required: true, what: 'a cron schedule such as "*/5 * * * *"' });
    const jobTemplate = spec.obj('jobTemplate', { required: true });
    if (jobTemplate) rejectUnknown(jobTemplate, ['metadata', 'spec']);
    const jobSpecFields = jobTemplate?.obj('spec', { required: true });
    if (jobSpecFields) rejectUnknown(jobSpecFields, SPEC_FIELDS.Job);
    return jobSpecFields ? jobSpec(jobSpecFields, undefined) : undefined;
  });

import { describe, expect, it } from 'vitest';
import type { Workload } from '../../src/model/objects.ts';
import { lines, run } from './harness.ts';
import type { Row } from './harness.ts';

const TEMPLATE = ['  template:', '    metadata:', '      labels: {app: web}', '    spec:', '      containers: [{name: app, image: nginx}]'];
const apps = (kind: string, ...spec: string[]): string => lines('apiVersion: apps/v1', `kind: ${kind}`, 'metadata:', '  name: web', 'spec:', ...spec);
const workload = (text: string): Workload => {
  const r = run(text);
  const w = r.objects[0] as Workload | undefined;
  if (!w) throw new Error(JSON.stringify(r.rows));
  return w;
};

describe('apps/v1 workloads', () => {
  it.each(['Deployment', 'ReplicaSet', 'StatefulSet'])('%s: replicas defaults to 1', (kind) => {
    const r = run(apps(kind, '  selector: {matchLabels: {app: web}}', ...TEMPLATE));
    expect(r.rows).toEqual([]);
    const w = r.objects[0] as Workload;
    expect(w.kind).toBe(kind);
    expect(w.spec.replicas).toBe(1);
    expect(w.spec.selector).toEqual({ matchLabels: { app: 'web' }, matchExpressions: [] });
    expect(w.spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(w.spec.template.spec.containers.map((c) => c.name)).toEqual(['app']);
  });

  it('keeps replicas: 0 (scaled down, no pods)', () => {
    expect(workload(apps('Deployment', '  replicas: 0', '  selector: {matchLabels: {app: web}}', ...TEMPLATE)).spec.replicas).toBe(0);
  });

  it.each([
    ['replicas', apps('Deployment', '  replicas: 2000000000', '  selector: {matchLabels: {app: web}}', ...TEMPLATE), 6],
    ['parallelism', lines('apiVersion: batch/v1', 'kind: Job', 'metadata: {name: j}', 'spec:', '  parallelism: 5000', '  template: {spec: {restartPolicy: Never, containers: [{name: a, image: i}]}}'), 5],
  ])('caps %s at the simulator limit, with a warning (share links must not hang the build)', (key, text, line) => {
    const r = run(text);
    expect(r.rows).toEqual([['warning', 'simulator-limit', `spec.${key}`, line, 3]]);
    expect((r.objects[0] as Workload).spec.replicas).toBe(1000);
  });

  it('StatefulSet keeps its governing serviceName', () => {
    expect(workload(apps('StatefulSet', '  serviceName: web-headless', '  replicas: 3', '  selector: {matchLabels: {app: web}}', ...TEMPLATE)).spec).toMatchObject({ serviceName: 'web-headless', replicas: 3 });
  });

  it('DaemonSet ignores replicas', () => {
    const r = run(apps('DaemonSet', '  selector: {matchLabels: {app: web}}', ...TEMPLATE));
    expect(r.rows).toEqual([]);
    expect(r.objects[0]?.kind).toBe('DaemonSet');
  });

  it('a matchExpressions selector that picks the template is fine', () => {
    const r = run(apps('Deployment', '  selector:', '    matchExpressions: [{key: app, operator: In, values: [web, api]}]', ...TEMPLATE));
    expect(r.rows).toEqual([]);
  });

  const cases: { name: string; text: string; rows: Row[]; kept: boolean }[] = [
    { name: 'negative replicas', text: apps('Deployment', '  replicas: -1', '  selector: {matchLabels: {app: web}}', ...TEMPLATE), rows: [['error', 'invalid-value', 'spec.replicas', 6, 3]], kept: true },
    { name: 'replicas as a string', text: apps('Deployment', '  replicas: "3"', '  selector: {matchLabels: {app: web}}', ...TEMPLATE), rows: [['error', 'wrong-type', 'spec.replicas', 6, 3]], kept: true },
    { name: 'no selector', text: apps('Deployment', ...TEMPLATE), rows: [['error', 'missing-field', 'spec', 5, 1]], kept: false },
    { name: 'empty selector', text: apps('Deployment', '  selector: {}', ...TEMPLATE), rows: [['error', 'invalid-value', 'spec.selector', 6, 3]], kept: false },
    // apps/v1 validation: "selector does not match template labels".
    { name: 'selector does not match the template', text: apps('Deployment', '  selector: {matchLabels: {app: api}}', ...TEMPLATE), rows: [['error', 'invalid-value', 'spec.selector', 6, 3]], kept: true },
    { name: 'no template', text: apps('Deployment', '  selector: {matchLabels: {app: web}}'), rows: [['error', 'missing-field', 'spec', 5, 1]], kept: false },
    { name: 'template without containers', text: apps('Deployment', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec: {}'), rows: [['error', 'missing-field', 'spec.template.spec', 9, 5]], kept: true },
    { name: 'no spec', text: lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}'), rows: [['error', 'missing-field', '', 1, 1]], kept: false },
    { name: 'restartPolicy Never in a Deployment', text: apps('Deployment', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec: {restartPolicy: Never, containers: [{name: a, image: i}]}'), rows: [['error', 'invalid-value', 'spec.template.spec.restartPolicy', 9, 12]], kept: true },
    { name: 'typo in the spec', text: apps('Deployment', '  replica: 3', '  selector: {matchLabels: {app: web}}', ...TEMPLATE), rows: [['error', 'unknown-field', 'spec.replica', 6, 3]], kept: true },
    // `label:` in the template: the pods would get no labels, and the selector would match nothing.
    {
      name: 'label: instead of labels: in the template',
      text: apps('Deployment', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata:', '      label: {app: web}', '    spec: {containers: [{name: a, image: i}]}'),
      rows: [['error', 'unknown-field', 'spec.template.metadata.label', 9, 7], ['error', 'invalid-value', 'spec.selector', 6, 3]], kept: true,
    },
    { name: 'template port errors point into the template', text: apps('Deployment', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec: {containers: [{name: a, image: i, ports: [{containerPort: 0}]}]}'), rows: [['error', 'invalid-value', 'spec.template.spec.containers[0].ports[0].containerPort', 9, 54]], kept: true },
  ];
  it.each(cases)('$name', ({ text, rows, kept }) => {
    const r = run(text);
    expect(r.rows).toEqual(rows);
    expect(r.objects.length).toBe(kept ? 1 : 0);
  });

  it('names both sides when the selector misses the template', () => {
    const r = run(apps('Deployment', '  selector: {matchLabels: {app: api}}', ...TEMPLATE));
    expect(r.diagnostics[0]?.message).toMatch(/does not match template labels: the selector is app=api but spec\.template\.metadata\.labels are app=web/);
  });
});

describe('batch/v1', () => {
  const job = (...spec: string[]): string => lines('apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: migrate', 'spec:', ...spec);
  const JOB_TEMPLATE = ['  template:', '    metadata: {labels: {app: migrate}}', '    spec:', '      restartPolicy: Never', '      containers: [{name: m, image: busybox}]'];

  // Kubernetes docs, Jobs: the control plane adds batch.kubernetes.io/job-name and job-name labels.
  it('Job: parallelism defaults to 1; pods get the job-name labels and the selector uses them', () => {
    const r = run(job(...JOB_TEMPLATE));
    expect(r.rows).toEqual([]);
    const w = r.objects[0] as Workload;
    expect(w.spec.replicas).toBe(1);
    expect(w.spec.template.metadata.labels).toEqual({ app: 'migrate', 'batch.kubernetes.io/job-name': 'migrate', 'job-name': 'migrate' });
    expect(w.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/job-name': 'migrate' }, matchExpressions: [] });
  });

  it('Job: parallelism and a manual selector', () => {
    const w = workload(job('  parallelism: 4', '  manualSelector: true', '  selector: {matchLabels: {app: migrate}}', ...JOB_TEMPLATE));
    expect(w.spec.replicas).toBe(4);
    expect(w.spec.selector.matchLabels).toEqual({ app: 'migrate' });
  });

  it.each([
    ['restartPolicy missing (the Pod default Always is not allowed)', ['  template:', '    spec:', '      containers: [{name: m, image: busybox}]'], ['error', 'missing-field', 'spec.template.spec', 7, 5]],
    ['restartPolicy Always', ['  template:', '    spec:', '      restartPolicy: Always', '      containers: [{name: m, image: busybox}]'], ['error', 'invalid-value', 'spec.template.spec.restartPolicy', 8, 7]],
    ['restartPolicy misspelt (reported once, by the pod spec)', ['  template:', '    spec:', '      restartPolicy: never', '      containers: [{name: m, image: busybox}]'], ['error', 'invalid-value', 'spec.template.spec.restartPolicy', 8, 7]],
  ] as const)('Job: %s', (_name, spec, row) => {
    expect(run(job(...spec)).rows).toEqual([row]);
  });

  it('CronJob: the pod template comes from jobTemplate.spec.template; selector is the template labels', () => {
    const text = lines('apiVersion: batch/v1', 'kind: CronJob', 'metadata: {name: report}', 'spec:', '  schedule: "*/5 * * * *"', '  jobTemplate:', '    spec:', '      parallelism: 2',
      '      template:', '        metadata: {labels: {app: report}}', '        spec: {restartPolicy: OnFailure, containers: [{name: r, image: busybox}]}');
    const r = run(text);
    expect(r.rows).toEqual([]);
    const w = r.objects[0] as Workload;
    expect(w.spec.replicas).toBe(2);
    expect(w.spec.selector.matchLabels).toEqual({ app: 'report' });
    expect(w.spec.template.metadata.labels).toEqual({ app: 'report' });
  });

  it('CronJob: schedule and jobTemplate are required', () => {
    const r = run(lines('apiVersion: batch/v1', 'kind: CronJob', 'metadata: {name: report}', 'spec: {}'));
    expect(r.rows).toEqual([['error', 'missing-field', 'spec', 4, 1], ['error', 'missing-field', 'spec', 4, 1]]);
    expect(r.objects).toEqual([]);
  });
});

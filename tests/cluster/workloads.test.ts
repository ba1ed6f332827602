import { describe, expect, it } from 'vitest';
import { safeAlphabet } from '../../src/cluster/names.ts';
import { deployment, docs } from '../fixtures/objects.ts';
import { setup } from './helpers.ts';

const s = `[${safeAlphabet}]`;

describe('expandWorkloads', () => {
  it('Deployment web → ReplicaSet web-<pod-template-hash> → pods web-<hash>-<5 chars>', () => {
    const { expansion } = setup(deployment('web', { replicas: 3 }));
    const pods = expansion.pods;
    expect(pods).toHaveLength(3);
    const hash = pods[0]!.labels['pod-template-hash']!;
    // Deployment controller: hash = SafeEncodeString(fnv32a), so only 4-9, b, c, d, f appear.
    expect(hash).toMatch(/^[456789bcdf]{1,10}$/);
    for (const p of pods) {
      expect(p.name).toMatch(new RegExp(`^web-${hash}-${s}{5}$`));
      expect(p.owner).toEqual({ kind: 'ReplicaSet', namespace: 'default', name: `web-${hash}` });
      expect(p.workload).toEqual({ kind: 'Deployment', namespace: 'default', name: 'web' });
      expect(p.labels.app).toBe('web');
      expect(p.specPath).toBe('spec.template.spec');
    }
    expect(new Set(pods.map((p) => p.name)).size).toBe(3);
    expect(expansion.workloads).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'web', pods: pods.map((p) => p.id), system: false })]);
  });

  it('names are deterministic, and a changed template changes the hash', () => {
    const a = setup(deployment('web', { replicas: 2 })).expansion.pods.map((p) => p.name);
    expect(setup(deployment('web', { replicas: 2 })).expansion.pods.map((p) => p.name)).toEqual(a);
    expect(setup(deployment('web', { replicas: 2, port: 9090 })).expansion.pods[0]!.labels['pod-template-hash']).not.toBe(a[0]!.split('-')[1]);
  });

  it.each([
    ['StatefulSet', `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
`, [/^db-0$/, /^db-1$/]],
    ['ReplicaSet', `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs}
spec:
  replicas: 1
  selector: {matchLabels: {app: rs}}
  template:
    metadata: {labels: {app: rs}}
    spec: {containers: [{name: c, image: x}]}
`, [new RegExp(`^rs-${s}{5}$`)]],
    ['Job', `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    metadata: {labels: {app: migrate}}
    spec: {restartPolicy: Never, containers: [{name: c, image: x}]}
`, [new RegExp(`^migrate-${s}{5}$`)]],
    ['CronJob', `apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report}}
        spec: {restartPolicy: OnFailure, containers: [{name: c, image: x}]}
`, [new RegExp(`^report-\\d{8}-${s}{5}$`)]],
  ])('%s pod names', (_kind, yaml, patterns) => {
    const names = setup(yaml).expansion.pods.map((p) => p.name);
    expect(names).toHaveLength(patterns.length);
    names.forEach((n, i) => expect(n).toMatch(patterns[i]!));
  });

  it('StatefulSet pods: hostname = pod name, subdomain = serviceName, pod-name label', () => {
    const { expansion } = setup(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db-headless
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
`);
    expect(expansion.pods.map((p) => [p.spec.hostname, p.spec.subdomain, p.labels['statefulset.kubernetes.io/pod-name']])).toEqual([
      ['db-0', 'db-headless', 'db-0'], ['db-1', 'db-headless', 'db-1'],
    ]);
  });

  it('Job and CronJob pods carry job-name labels; CronJob pods are owned by their Job', () => {
    const { expansion } = setup(`apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report}}
        spec: {restartPolicy: OnFailure, containers: [{name: c, image: x}]}
`);
    const pod = expansion.pods[0]!;
    expect(pod.owner?.kind).toBe('Job');
    expect(pod.labels['job-name']).toBe(pod.owner?.name);
    expect(pod.workload).toEqual({ kind: 'CronJob', namespace: 'default', name: 'report' });
    expect(pod.specPath).toBe('spec.jobTemplate.spec.template.spec');
  });

  it.each([
    // DaemonSets run on the control plane only if they tolerate its taint.
    ['without toleration: workers only', '', ['node-1', 'node-2']],
    ['tolerating the control-plane taint: every node', 'tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]', ['control-plane', 'node-1', 'node-2']],
    ['nodeSelector narrows the nodes', 'nodeSelector: {kubernetes.io/hostname: node-2}', ['node-2']],
  ])('DaemonSet %s', (_name, extra, nodes) => {
    const { expansion } = setup(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      ${extra}
      containers: [{name: c, image: x}]
`);
    expect(expansion.pods.map((p) => p.boundNode)).toEqual(nodes);
    for (const p of expansion.pods) expect(p.name).toMatch(new RegExp(`^agent-${s}{5}$`));
  });

  it('a cordoned node still runs DaemonSet pods: the controller adds the unschedulable toleration', () => {
    const { expansion } = setup(docs(`apiVersion: v1
kind: Node
metadata: {name: node-1}
spec: {unschedulable: true}
status: {addresses: [{type: InternalIP, address: 172.16.0.11}]}
`, `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: x}]}
`));
    expect(expansion.pods.map((p) => p.boundNode)).toEqual(['node-1', 'node-2']);
  });

  it('a generated name never takes a standalone Pod name, and adding objects later renames nothing', () => {
    const base = deployment('web', { replicas: 2 });
    const before = setup(base).expansion.pods.map((p) => p.name);
    const after = setup(docs(base, deployment('api', { replicas: 2 }), deployment('web', { namespace: 'other' }))).expansion.pods.map((p) => p.name);
    expect(after.slice(0, 2)).toEqual(before);
  });

  it('a dump with Deployment, ReplicaSet and Pod gives that one pod, listed under the Deployment', () => {
    const { expansion } = setup(docs(deployment('web'), `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d4b9c6f5d
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, pod-template-hash: 7d4b9c6f5d}}
    spec: {containers: [{name: c, image: x}]}
`, `apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c6f5d-x2x7k
  labels: {app: web, pod-template-hash: 7d4b9c6f5d}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9c6f5d, uid: u2, controller: true}]
spec: {containers: [{name: c, image: x}]}
`));
    expect(expansion.pods.map((p) => p.name)).toEqual(['web-7d4b9c6f5d-x2x7k']);
    expect(expansion.workloads.map((w) => [w.kind, w.name, w.pods])).toEqual([['Deployment', 'web', ['default/web-7d4b9c6f5d-x2x7k']]]);
  });

  it('a CronJob with its Job in the input: the Job is not expanded again, its pods belong to the CronJob', () => {
    const { expansion } = setup(docs(`apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report}}
        spec: {restartPolicy: OnFailure, containers: [{name: c, image: x}]}
`, `apiVersion: batch/v1
kind: Job
metadata:
  name: report-29000000
  ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: report, uid: u1, controller: true}]
spec:
  template:
    metadata: {labels: {app: report}}
    spec: {restartPolicy: OnFailure, containers: [{name: c, image: x}]}
`));
    expect(expansion.pods).toHaveLength(1);
    expect(expansion.pods[0]!.workload).toEqual({ kind: 'CronJob', namespace: 'default', name: 'report' });
    expect(expansion.workloads.map((w) => w.kind)).toEqual(['CronJob']);
  });

  it('a static pod is owned by its Node, a cluster-scoped owner', () => {
    const { expansion } = setup(`apiVersion: v1
kind: Pod
metadata:
  name: etcd-control-plane
  namespace: kube-system
  ownerReferences: [{apiVersion: v1, kind: Node, name: control-plane, uid: u, controller: true}]
spec: {nodeName: control-plane, hostNetwork: true, containers: [{name: etcd, image: etcd}]}
`);
    expect(expansion.pods[0]!.owner).toEqual({ kind: 'Node', namespace: '', name: 'control-plane' });
  });

  it('a dumped pod owned by ReplicaSet web-<hash> belongs to Deployment web', () => {
    const { expansion } = setup(`apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c6f5d-x2x7k
  labels: {app: web, pod-template-hash: 7d4b9c6f5d}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9c6f5d, uid: u, controller: true}]
spec: {containers: [{name: c, image: x}]}
`);
    expect(expansion.pods[0]!.owner).toEqual({ kind: 'ReplicaSet', namespace: 'default', name: 'web-7d4b9c6f5d' });
    expect(expansion.pods[0]!.workload).toEqual({ kind: 'Deployment', namespace: 'default', name: 'web' });
  });
});

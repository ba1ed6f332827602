// Properties of build() over generated scenarios (fast-check): determinism, and that appending
// an object never renumbers what came before it (DESIGN.md "Defaults": system objects apart;
// share links and lessons rely on addresses staying put while a student adds objects).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import { parse } from '../../src/parse/index.ts';

const name = fc.constantFrom('web', 'api', 'db', 'cache', 'worker');
const namespace = fc.constantFrom('default', 'shop');
const app = fc.constantFrom('web', 'api', 'db');

const workload = fc.record({ kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'), name, namespace, app, replicas: fc.integer({ min: 0, max: 4 }), hostNetwork: fc.boolean() })
  .map(({ kind, name, namespace, app, replicas, hostNetwork }) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  ${kind === 'DaemonSet' ? '' : `replicas: ${replicas}`}
  ${kind === 'StatefulSet' ? `serviceName: ${name}` : ''}
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      hostNetwork: ${hostNetwork && kind === 'DaemonSet'}
      containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]
`);

const pod = fc.record({ name, namespace, app, node: fc.constantFrom(undefined, 'node-1', 'node-2', 'control-plane') })
  .map(({ name, namespace, app, node }) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}-pod, namespace: ${namespace}, labels: {app: ${app}}}
spec: {${node ? `nodeName: ${node}, ` : ''}containers: [{name: c, image: x, ports: [{name: http, containerPort: 80}]}]}
`);

const svc = fc.record({
  name, namespace, app,
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'None'),
  nodePort: fc.constantFrom(undefined, 30080, 30081),
  clusterIP: fc.constantFrom(undefined, '10.96.100.10', '10.96.0.10'),
}).map(({ name, namespace, app, type, nodePort, clusterIP }) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  ${type === 'None' ? 'clusterIP: None' : `type: ${type}`}
  ${clusterIP && type !== 'None' ? `clusterIP: ${clusterIP}` : ''}
  selector: {app: ${app}}
  ports: [{name: http, port: 80, targetPort: http${nodePort && (type === 'NodePort' || type === 'LoadBalancer') ? `, nodePort: ${nodePort}` : ''}}]
`);

const ingress = name.map((n) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${n}}
spec:
  rules: [{host: ${n}.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ${n}, port: {number: 80}}}}]}}]
`);

const policy = name.map((n) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${n}}\nspec: {podSelector: {matchLabels: {app: ${n}}}}\n`);

/** Anything a student adds; Node and Cluster objects change the cluster itself and are left out. */
const object = fc.oneof(workload, pod, svc, ingress, policy);
/** Each CNI allocates differently (host-local ranges, Calico blocks); the Cluster object comes first. */
const cni = fc.constantFrom('flannel', 'calico', 'cilium').map((plugin) => `apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: lab}
spec: {cni: {plugin: ${plugin}}, nodeCIDRMaskSize: ${plugin === 'calico' ? 29 : 28}}
`);
const scenario = fc.tuple(cni, fc.array(object, { maxLength: 8 })).map(([c, objects]) => [c, ...objects]);

const buildAll = (docs: readonly string[]) => build(parse(docs.join('---\n')));

/** What must never move: pods' names, nodes and IPs; Services' ClusterIPs, NodePorts, LB IPs. */
function allocated(s: ClusterState) {
  return {
    pods: s.pods.filter((p) => !p.system).map((p) => [p.id, p.nodeName, p.ip]),
    systemPods: s.pods.filter((p) => p.system).map((p) => [p.id, p.nodeName, p.ip]),
    services: s.services.map((v) => [v.id, v.clusterIP, v.ports.map((p) => p.nodePort), v.loadBalancerIPs, v.healthCheckNodePort]),
  };
}

describe('build properties', () => {
  it('building the same scenario twice gives deep-equal, frozen states', () => {
    fc.assert(fc.property(scenario, (docs) => {
      const a = buildAll(docs);
      const b = buildAll(docs);
      expect(a).toEqual(b);
      expect(Object.isFrozen(a.pods)).toBe(true);
      for (const p of a.pods) expect(Object.isFrozen(p)).toBe(true);
    }), { numRuns: 40 });
  });

  it('appending an object never changes the names, IPs, ClusterIPs, NodePorts or LB IPs of what came before', () => {
    // Ingresses are drawn more often: they bring built-in objects, the likeliest to disturb others.
    fc.assert(fc.property(scenario, fc.oneof(object, ingress), (docs, extra) => {
      const before = allocated(buildAll(docs));
      const after = allocated(buildAll([...docs, extra]));
      expect(after.pods.slice(0, before.pods.length)).toEqual(before.pods);
      // Built-in pods stay put too (an appended Ingress only adds the controller after them).
      expect(after.systemPods.slice(0, before.systemPods.length)).toEqual(before.systemPods);
      // The built-in Services (kubernetes, kube-dns, ingress-nginx) come after the user's: compare by id.
      for (const service of before.services) expect(after.services.find((v) => v[0] === service[0])).toEqual(service);
    }), { numRuns: 60 });
  });
});

// DATAPATH.md §0.1's address plan as a YAML scenario: node-1 172.16.0.11 (10.244.1.0/24),
// node-2 172.16.0.12 (10.244.2.0/24); in namespace app: client 10.244.1.5 and web-a 10.244.1.9
// on node-1, web-b 10.244.2.7 on node-2; Service web 10.96.100.10:80 → 8080, nodePort 30080.
// Extra objects for the other traffic types are appended per test.
import { build } from '../../src/cluster/index.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import { parse } from '../../src/parse/index.ts';
import { trace } from '../../src/engine/trace.ts';
import { renderTrace } from '../../src/engine/trace-render.ts';
import type { FlowSpec, Trace } from '../../src/engine/types.ts';

export const cluster = (extra = '') => `apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: lab}
spec:
  cni: {plugin: flannel, mode: vxlan, networkPolicy: true}
  kubeProxy: {mode: iptables}
  nodes:
    - {name: control-plane, role: control-plane, address: 172.16.0.10, taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]}
    - {name: node-1, role: worker, address: 172.16.0.11}
    - {name: node-2, role: worker, address: 172.16.0.12}
${extra}`;

export const pod = (name: string, node: string, ip: string, labels: string, ports = '[{containerPort: 8080}]', ns = 'app') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}
spec:
  nodeName: ${node}
  containers: [{name: main, image: example, ports: ${ports}}]
status: {podIP: ${ip}}
`;

export const plan = (extra = '') => `${cluster()}---
apiVersion: v1
kind: Namespace
metadata: {name: app}
${pod('client', 'node-1', '10.244.1.5', '{app: client}', '[]')}${pod('web-a', 'node-1', '10.244.1.9', '{app: web}')}${pod('web-b', 'node-2', '10.244.2.7', '{app: web}')}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  type: NodePort
  clusterIP: 10.96.100.10
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]
${extra}`;

export function state(yaml: string): ClusterState {
  return build(parse(yaml));
}

export function run(s: ClusterState, flow: Partial<FlowSpec> & Pick<FlowSpec, 'from' | 'to'>, seed = 1): Trace {
  const r = trace(s, { protocol: 'TCP', ...flow }, { seed });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The whole trace as text, for failure messages. */
export const dump = (t: Trace): string => renderTrace(t, { packets: true, rules: true });

/** The client may send only to port 8080: no rule admits DNS (NETPOL.md 18). */
export const egressWithoutDns = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-web, namespace: app}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress: [{ports: [{port: 8080}]}]
`;

/** Isolates the web pods for ingress with no rule: every connection to them drops. */
export const denyWeb = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-web, namespace: app}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`;

/** A NodePort Service with externalTrafficPolicy Local whose one pod (app/solo) runs on node-2. */
export const soloNodePortService = `apiVersion: v1
kind: Service
metadata: {name: solo, namespace: app}
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector: {app: solo}
  ports: [{port: 80, targetPort: 8080, nodePort: 30081}]
`;

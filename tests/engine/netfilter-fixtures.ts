// DATAPATH §0.1's address plan as YAML scenarios: client 10.244.1.5 and web-a 10.244.1.9 on
// node-1, web-b 10.244.2.7 (and a third endpoint web-c 10.244.2.8, for §4.2's three endpoints)
// on node-2, Service app/web 10.96.100.10:80 → 8080, nodePort 30080.
import { build } from '../../src/cluster/index.ts';
import type { ClusterState, NetInterface, NodeState } from '../../src/model/cluster.ts';
import type { CniMode, CniPlugin, ProxyMode } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';
import type { Tuple } from '../../src/engine/netfilter.ts';
import type { Rng } from '../../src/engine/random.ts';

export const POD = { client: '10.244.1.5', webA: '10.244.1.9', webB: '10.244.2.7', webC: '10.244.2.8' } as const;
export const NODE1 = '172.16.0.11';
export const NODE2 = '172.16.0.12';
export const CLUSTER_IP = '10.96.100.10';
export const EXTERNAL = '203.0.113.7';

const PLACEMENT: Readonly<Record<string, { node: string; ip: string }>> = {
  'web-a': { node: 'node-1', ip: POD.webA },
  'web-b': { node: 'node-2', ip: POD.webB },
  'web-c': { node: 'node-2', ip: POD.webC },
};

export interface ScenarioOptions {
  readonly proxy?: ProxyMode;
  readonly cni?: { readonly plugin: CniPlugin; readonly mode: CniMode };
  /** Which of web-a, web-b, web-c back the Service (default all three). */
  readonly endpoints?: readonly ('web-a' | 'web-b' | 'web-c')[];
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly internalTrafficPolicy?: 'Cluster' | 'Local';
  readonly sessionAffinity?: boolean;
  readonly loadBalancerIP?: string;
  readonly loadBalancerSourceRanges?: readonly string[];
  readonly externalIPs?: readonly string[];
  /** A pod `hp` on node-1 at 10.244.1.20 with hostPort 8081 → containerPort 80. */
  readonly hostPort?: boolean;
}

function pod(name: string, node: string, ip: string, labels: string, ports = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: app, labels: {${labels}}}
spec:
  nodeName: ${node}
  containers:
  - name: main
    image: nginx${ports}
status: {podIP: ${ip}}
`;
}

export function scenarioYaml(o: ScenarioOptions = {}): string {
  const docs: string[] = [];
  if (o.proxy || o.cni) {
    docs.push(`apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: lab}
spec:
  kubeProxy: {mode: ${o.proxy ?? 'iptables'}}
  cni: {plugin: ${o.cni?.plugin ?? 'flannel'}, mode: ${o.cni?.mode ?? 'vxlan'}}
  podCIDR: 10.244.0.0/16
`);
  }
  docs.push(pod('client', 'node-1', POD.client, 'app: client'));
  const backing = new Set(o.endpoints ?? ['web-a', 'web-b', 'web-c']);
  for (const [name, at] of Object.entries(PLACEMENT)) {
    docs.push(pod(name, at.node, at.ip, backing.has(name as 'web-a') ? 'app: web' : 'app: spare', '\n    ports: [{containerPort: 8080}]'));
  }
  if (o.hostPort) docs.push(pod('hp', 'node-1', '10.244.1.20', 'app: hp', '\n    ports: [{containerPort: 80, hostPort: 8081}]'));
  const type = o.type ?? 'NodePort';
  const lines = [
    'apiVersion: v1', 'kind: Service', 'metadata: {name: web, namespace: app}', 'spec:',
    `  type: ${type}`, `  clusterIP: ${CLUSTER_IP}`, '  selector: {app: web}',
    `  ports: [{name: http, port: 80, targetPort: 8080${type === 'ClusterIP' ? '' : ', nodePort: 30080'}}]`,
  ];
  if (o.externalTrafficPolicy) lines.push(`  externalTrafficPolicy: ${o.externalTrafficPolicy}`);
  if (o.internalTrafficPolicy) lines.push(`  internalTrafficPolicy: ${o.internalTrafficPolicy}`);
  if (o.sessionAffinity) lines.push('  sessionAffinity: ClientIP');
  if (o.loadBalancerIP) lines.push(`  loadBalancerIP: ${o.loadBalancerIP}`);
  if (o.loadBalancerSourceRanges) lines.push(`  loadBalancerSourceRanges: [${o.loadBalancerSourceRanges.join(', ')}]`);
  if (o.externalIPs) lines.push(`  externalIPs: [${o.externalIPs.join(', ')}]`);
  docs.push(`${lines.join('\n')}\n`);
  return docs.join('---\n');
}

const cache = new Map<string, ClusterState>();

export function scenario(o: ScenarioOptions = {}): ClusterState {
  const yaml = scenarioYaml(o);
  const hit = cache.get(yaml);
  if (hit) return hit;
  const parsed = parse(yaml);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture YAML has errors: ${errors.map((d) => d.message).join('; ')}`);
  const state = build(parsed);
  cache.set(yaml, state);
  return state;
}

export function nodeOf(state: ClusterState, name: string): NodeState {
  const node = state.index.nodeByName.get(name);
  if (!node) throw new Error(`no node ${name}`);
  return node;
}

export function iface(node: NodeState, name: string): NetInterface {
  const found = node.interfaces.find((i) => i.name === name);
  if (!found) throw new Error(`no interface ${name} on ${node.name}: ${node.interfaces.map((i) => i.name).join(', ')}`);
  return found;
}

export function tcp(src: string, sport: number, dst: string, dport: number): Tuple {
  return { protocol: 'TCP', src, sport, dst, dport };
}

/**
 * An Rng that plays back the given draws, so a test can say "the first statistic rule misses
 * (0.9 ≥ 0.333), the second fires (0.2 < 0.5)" exactly as DATAPATH's tables do.
 */
export function scriptedRng(draws: readonly number[]): Rng {
  let i = 0;
  const next = () => {
    if (i >= draws.length) throw new Error(`scriptedRng: only ${draws.length} draws scripted`);
    return draws[i++]!;
  };
  const rng: Rng = { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)), fork: () => rng };
  return rng;
}

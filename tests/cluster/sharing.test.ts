// build() shares what does not depend on the node among all nodes: kube-proxy's chains, the
// routes, neighbours and FDB entries each node programs for a peer, the gateway routes of a
// node's pods. Each node must still get exactly what it would get alone: every node's share is
// compared with one worked out for that node by itself, the node-specific parts are checked
// against their nodes, and everything shared is frozen.
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { proxyRules } from '../../src/cluster/kubeproxy.ts';
import { nodeNetwork, podInterfaces } from '../../src/cluster/network.ts';
import type { ClusterState, IptablesChain, NodeState } from '../../src/model/cluster.ts';
import type { CniMode, CniPlugin, ProxyMode } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';
import { generate } from '../bench/generate.ts';

/** Three workers (172.16.0.11–13): web pods spread over them, a hostPort pod on node-2. */
function scenario(plugin: CniPlugin = 'flannel', mode: CniMode = 'vxlan', proxy: ProxyMode = 'iptables'): string {
  return `apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: sharing}
spec:
  cni: {plugin: ${plugin}, mode: ${mode}}
  kubeProxy: {mode: ${proxy}}
  nodes:
  - {name: control-plane, role: control-plane}
  - {name: node-1, role: worker}
  - {name: node-2, role: worker}
  - {name: node-3, role: worker}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: dns-cache, labels: {app: cache}}
spec:
  nodeName: node-2
  containers:
  - name: c
    image: x
    ports: [{containerPort: 53, hostPort: 5353, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: lb-local}
spec:
  type: LoadBalancer
  selector: {app: web}
  externalTrafficPolicy: Local
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: lb-one-node}
spec:
  type: LoadBalancer
  selector: {app: web}
  loadBalancerSourceRanges: [172.16.0.12/32]
  ports: [{port: 81, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: itp-local}
spec:
  selector: {app: web}
  internalTrafficPolicy: Local
  sessionAffinity: ClientIP
  ports: [{port: 82, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: cache}
spec:
  type: NodePort
  selector: {app: cache}
  ports: [{port: 53, protocol: UDP}]
`;
}

const chainsOf = (node: NodeState): readonly IptablesChain[] => (node.proxy.mode === 'replacement' ? [] : node.proxy.chains);
const chainOn = (node: NodeState, table: 'nat' | 'filter', name: string) => chainsOf(node).find((c) => c.table === table && c.name === name);
const chainsNamed = (node: NodeState, prefix: string) => chainsOf(node).filter((c) => c.name.startsWith(prefix));
const worker = (state: ClusterState, name: string) => state.nodes.find((n) => n.name === name)!;

/** Every node's kube-proxy rules, network and pods' interfaces, each worked out for it alone. */
function expectEachAsAlone(state: ClusterState): void {
  const serviceIPs = state.services.flatMap((s) => [...(s.clusterIP ? [s.clusterIP] : []), ...s.externalIPs, ...s.loadBalancerIPs]);
  for (const node of state.nodes) {
    const pods = state.index.podsByNode.get(node.name) ?? [];
    expect(node.proxy, node.name).toEqual(proxyRules(state.settings, node, state.services, state.index.podById));
    const network = nodeNetwork(state.settings, node, state.nodes, pods, serviceIPs);
    expect({ interfaces: node.interfaces, routes: node.routes, neighbours: node.neighbours, fdb: node.fdb }, node.name).toEqual(network);
    for (const pod of pods.filter((p) => p.ip !== undefined)) {
      const alone = podInterfaces(state.settings, node, { id: pod.id, namespace: pod.namespace, name: pod.name, ip: pod.ip!, hostNetwork: pod.hostNetwork });
      expect({ eth0: pod.eth0, hostVeth: pod.hostVeth, routes: pod.routes }, pod.id).toEqual(alone);
    }
  }
}

/** Objects reachable from `value` that are not frozen (Maps and Sets cannot be). */
function unfrozen(value: unknown, seen = new Set<unknown>()): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  const self = value instanceof Map || value instanceof Set || Object.isFrozen(value) ? 0 : 1;
  const children = value instanceof Map ? [...value.values()] : value instanceof Set ? [...value] : Object.values(value);
  return children.reduce<number>((n, v) => n + unfrozen(v, seen), self);
}

describe('what nodes share, each node gets as if alone', () => {
  it.each([
    ['flannel', 'vxlan', 'iptables'], ['flannel', 'host-gw', 'iptables'], ['flannel', 'wireguard', 'ipvs'],
    ['calico', 'ipip', 'iptables'], ['calico', 'vxlan', 'nftables'], ['calico', 'bgp', 'iptables'], ['calico', 'wireguard', 'iptables'],
    ['cilium', 'vxlan', 'replacement'], ['cilium', 'native', 'iptables'], ['cilium', 'wireguard', 'iptables'],
  ] as const)('%s %s, kube-proxy %s', (plugin, mode, proxy) => {
    const state = build(parse(scenario(plugin, mode, proxy)));
    expect(state.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expectEachAsAlone(state);
  });

  it.each([
    ['150 pods, 6 nodes', 150, 2, 10],
    // More than 1,000 endpoints: kube-proxy's large-cluster rules (no per-endpoint comments).
    ['1,200 pods, 41 nodes', 1200, 10, 70],
  ])('a generated cluster: %s', (_name, pods, namespaces, policies) => {
    const state = build(parse(generate({ pods, namespaces, policies, seed: 1 }).text));
    const sample = pods > 1000 ? [state.nodes[0]!, state.nodes[20]!, state.nodes.at(-1)!] : state.nodes;
    for (const node of sample) {
      expect(node.proxy, node.name).toEqual(proxyRules(state.settings, node, state.services, state.index.podById));
    }
    // The large-cluster switch is on exactly when more than 1,000 endpoints were seen: KUBE-SEP- rules lose their comments.
    expect(chainsNamed(state.nodes[1]!, 'KUBE-SEP-').flatMap((c) => c.rules).some((r) => r.comment !== undefined)).toBe(pods < 1000);
  });
});

describe('node-specific rules stay with their node', () => {
  const state = build(parse(scenario()));
  const webOn = (node: string) => state.pods.filter((p) => p.labels.app === 'web' && p.nodeName === node).map((p) => p.id);
  const workers = ['node-1', 'node-2', 'node-3'];

  it('externalTrafficPolicy Local: KUBE-SVL- names only the node\'s own endpoints; nodes without one drop', () => {
    for (const name of workers) {
      const node = worker(state, name);
      const local = webOn(name);
      const svl = chainsNamed(node, 'KUBE-SVL-').filter((c) => c.rules.some((r) => r.service?.name === 'lb-local'));
      const dropped = chainOn(node, 'filter', 'KUBE-EXTERNAL-SERVICES')!.rules.filter((r) => r.service?.name === 'lb-local' && r.jump === 'DROP');
      if (local.length) {
        expect(svl.flatMap((c) => c.rules.map((r) => `${r.endpoint!.namespace}/${r.endpoint!.name}`)).sort(), name).toEqual(local.sort());
        expect(dropped, name).toEqual([]);
      } else {
        expect(svl, name).toEqual([]);
        expect(dropped.length, name).toBeGreaterThan(0);
      }
    }
  });

  it('loadBalancerSourceRanges naming one node\'s address: only that node\'s KUBE-FW- lets its own LB traffic through', () => {
    const lbIP = state.services.find((s) => s.name === 'lb-one-node')!.loadBalancerIPs[0]!;
    for (const name of workers) {
      const fw = chainsNamed(worker(state, name), 'KUBE-FW-').find((c) => c.rules.some((r) => r.service?.name === 'lb-one-node'))!;
      expect(fw.rules.some((r) => r.match.source === lbIP), name).toBe(name === 'node-2');
    }
  });

  it('the CNI\'s masquerade rules name the node\'s own subnet; hostPort chains exist on the hostPort pod\'s node only', () => {
    for (const name of workers) {
      const node = worker(state, name);
      expect(chainOn(node, 'nat', 'FLANNEL-POSTRTG')!.rules.some((r) => r.match.source === node.podCIDR), name).toBe(true);
      expect(chainOn(node, 'nat', 'CNI-HOSTPORT-DNAT') !== undefined, name).toBe(name === 'node-2');
    }
  });

  it('node-independent chains are the same frozen objects on every node', () => {
    const svcChain = (node: NodeState) => chainsNamed(node, 'KUBE-SVC-').find((c) => c.rules.some((r) => r.service?.name === 'cache'));
    const first = svcChain(worker(state, 'node-1'))!;
    for (const name of workers) expect(svcChain(worker(state, name)), name).toBe(first);
    expect(worker(state, 'node-1').neighbours[0]).toBe(worker(state, 'node-3').neighbours[0]);
  });

  it('nothing reachable from the state is left unfrozen', () => {
    expect(unfrozen(state)).toBe(0);
  });
});

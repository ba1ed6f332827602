// The two ends of a flow against a built cluster: who sends (a pod, a node, or a client outside),
// and what an address is (a pod, a Service's ClusterIP, a node, a load-balancer or external IP …).
import type { ClusterState, NodeState, PodState, ServiceState } from '../model/cluster.ts';
import { ipInCidr } from '../model/ip.ts';
import { mapMatches } from '../model/labels.ts';
import { findRef } from './refs.ts';
import type { Result } from './types.ts';

const byName = (a: PodState, b: PodState): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export type FlowSource =
  | { readonly kind: 'pod'; readonly pod: PodState }
  | { readonly kind: 'node'; readonly node: NodeState }
  | { readonly kind: 'external'; readonly ip: string };

/** Resolves `from`: a pod, a workload or Service (its first pod by name), a node, or `external[:IP]`. */
export function resolveSource(state: ClusterState, ref: string, namespace = 'default'): Result<FlowSource> {
  const found = findRef(state, ref, namespace);
  if (!found.ok) return found;
  const r = found.value;
  switch (r.type) {
    case 'pod':
      // A Pending pod has no network namespace yet: the CNI runs only once it is scheduled.
      if (r.pod.ip === undefined) return { ok: false, error: `pod ${r.pod.id} is Pending (no node fits it), so it has no network to send from` };
      return { ok: true, value: { kind: 'pod', pod: r.pod } };
    case 'node':
      return { ok: true, value: { kind: 'node', node: r.node } };
    case 'service': {
      // `kubectl exec svc/NAME` runs in a pod the Service selects (kubectl exec --help); here the
      // first by name, as for workloads. A Service without a selector has no pods to offer.
      const s = r.service;
      const selector = s.selector;
      const pod = selector && Object.keys(selector).length > 0
        ? state.pods.filter((p) => p.namespace === s.namespace && p.ip !== undefined && mapMatches(selector, p.labels)).sort(byName)[0]
        : undefined;
      if (!pod) return { ok: false, error: `Service ${s.id} selects no running pod to send from; a Service is an address, not a program. Start from a pod or workload, e.g. ${s.namespace}/deploy/NAME` };
      return { ok: true, value: { kind: 'pod', pod } };
    }
    case 'external': {
      const inside = classifyIp(state, r.ip);
      if (inside.kind !== 'outside') {
        return { ok: false, error: `${r.ip} is inside the cluster (${describeIpClass(inside)}); an external client needs an outside address such as ${state.outside.defaultClient}` };
      }
      return { ok: true, value: { kind: 'external', ip: r.ip } };
    }
  }
}

export type IpClass =
  | { readonly kind: 'pod'; readonly pod: PodState }
  | { readonly kind: 'cluster-ip'; readonly service: ServiceState }
  | { readonly kind: 'node'; readonly node: NodeState }
  | { readonly kind: 'load-balancer'; readonly service: ServiceState }
  | { readonly kind: 'external-ip'; readonly service: ServiceState }
  /** 127.0.0.0/8: the sender's own network namespace (a pod's containers share it). */
  | { readonly kind: 'loopback' }
  /** In the Service CIDR, but no Service has it: kube-proxy has no rule, nothing answers. */
  | { readonly kind: 'unassigned-service-ip' }
  /** In a node's pod range, but no pod has it: routed to that node, where no neighbour answers. */
  | { readonly kind: 'unassigned-pod-ip'; readonly node?: NodeState }
  | { readonly kind: 'outside' };

/**
 * What an IP is in this cluster. An externalIP or LB IP that is also a node address counts as the
 * Service only for one of the Service's own ports: kube-proxy's KUBE-SERVICES rules match
 * `-d IP --dport PORT` (DATAPATH.md §5.4); other ports, and ICMP (no port), reach the node itself.
 */
export function classifyIp(state: ClusterState, ip: string, port?: number): IpClass {
  const pod = state.index.podByIp.get(ip);
  if (pod) return { kind: 'pod', pod };
  const clusterIp = state.index.serviceByClusterIP.get(ip);
  if (clusterIp) return { kind: 'cluster-ip', service: clusterIp };
  const servesPort = (s: ServiceState): boolean => port !== undefined && s.ports.some((p) => p.port === port);
  const lb = state.services.find((s) => s.loadBalancerIPs.includes(ip) && servesPort(s));
  if (lb) return { kind: 'load-balancer', service: lb };
  const external = state.services.find((s) => s.externalIPs.includes(ip) && servesPort(s));
  if (external) return { kind: 'external-ip', service: external };
  // Every address on a node's interfaces is local to it (eth0, cni0 10.244.1.1, flannel.1 10.244.1.0).
  const node = state.index.nodeByAddress.get(ip)
    ?? state.nodes.find((n) => n.interfaces.some((i) => i.kind !== 'loopback' && i.addresses.some((a) => a.split('/')[0] === ip)));
  if (node) return { kind: 'node', node };
  const anyLb = state.services.find((s) => s.loadBalancerIPs.includes(ip));
  if (anyLb) return { kind: 'load-balancer', service: anyLb };
  const anyExternal = state.services.find((s) => s.externalIPs.includes(ip));
  if (anyExternal) return { kind: 'external-ip', service: anyExternal };
  if (ipInCidr(ip, '127.0.0.0/8')) return { kind: 'loopback' };
  if (ipInCidr(ip, state.settings.serviceCIDR)) return { kind: 'unassigned-service-ip' };
  if (ipInCidr(ip, state.settings.podCIDR)) {
    const owner = state.nodes.find((n) => ipInCidr(ip, n.podCIDR) || n.ipamBlocks.some((b) => ipInCidr(ip, b)));
    return owner ? { kind: 'unassigned-pod-ip', node: owner } : { kind: 'unassigned-pod-ip' };
  }
  return { kind: 'outside' };
}

/** "pod shop/web-0", "the ClusterIP of Service shop/web", …: for messages. */
export function describeIpClass(c: IpClass): string {
  switch (c.kind) {
    case 'pod': return `pod ${c.pod.id}`;
    case 'cluster-ip': return `the ClusterIP of Service ${c.service.id}`;
    case 'node': return `node ${c.node.name}`;
    case 'load-balancer': return `the load-balancer IP of Service ${c.service.id}`;
    case 'external-ip': return `an externalIP of Service ${c.service.id}`;
    case 'loopback': return 'loopback';
    case 'unassigned-service-ip': return 'an unused address of the Service CIDR';
    case 'unassigned-pod-ip': return `an unused pod address${c.node ? ` of node ${c.node.name}` : ''}`;
    case 'outside': return 'outside the cluster';
  }
}

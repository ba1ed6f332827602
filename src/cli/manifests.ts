// `get -o json|yaml`: the objects as the API server would return them, with the status the
// simulated control plane filled in (pod IPs, ClusterIPs, nodePorts, load-balancer addresses).
// Server-generated fields that carry no networking meaning (uid, resourceVersion, timestamps)
// are left out so the output is deterministic.
import type { ClusterState, ObjectRef } from '../model/cluster.ts';
import type { Labels } from '../model/labels.ts';
import type { NetworkPolicyPeer, NetworkPolicyPort } from '../model/objects.ts';
import { endpointsSubsets } from './items.ts';
import type { Item } from './items.ts';
import { simulatedNodeInfo } from './printers.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const apiVersionOf: Readonly<Record<string, string>> = {
  ReplicaSet: 'apps/v1', Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1',
  Job: 'batch/v1', CronJob: 'batch/v1', Service: 'v1', Node: 'v1', Pod: 'v1',
};

/** Drops undefined values and empty maps/lists, as `omitempty` does. */
function compact(o: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

const labelMap = (labels: Labels | undefined): JsonObject => ({ ...(labels ?? {}) });

function metadata(name: string, namespace: string, extra: Record<string, Json | undefined> = {}): JsonObject {
  return compact({ name, namespace: namespace || undefined, ...extra });
}

function ownerReference(ref: ObjectRef): JsonObject {
  return { apiVersion: apiVersionOf[ref.kind] ?? 'v1', kind: ref.kind, name: ref.name, controller: true, blockOwnerDeletion: true };
}

const condition = (type: string, ok: boolean, reason?: string): JsonObject => compact({ type, status: ok ? 'True' : 'False', reason });

function peer(p: NetworkPolicyPeer): JsonObject {
  const selector = (s: NonNullable<NetworkPolicyPeer['podSelector']>): JsonObject => compact({
    matchLabels: labelMap(s.matchLabels),
    matchExpressions: s.matchExpressions.map((e) => compact({ key: e.key, operator: e.operator, values: [...e.values] })),
  });
  // Not compacted: an empty selector (`podSelector: {}`) means "all pods" and must stay.
  const out: JsonObject = {};
  if (p.podSelector) out.podSelector = selector(p.podSelector);
  if (p.namespaceSelector) out.namespaceSelector = selector(p.namespaceSelector);
  if (p.ipBlock) out.ipBlock = compact({ cidr: p.ipBlock.cidr, except: [...p.ipBlock.except] });
  return out;
}

const port = (p: NetworkPolicyPort): JsonObject => compact({ protocol: p.protocol, port: p.port, endPort: p.endPort });

export function manifest(item: Item, cluster: ClusterState): JsonObject {
  switch (item.resource) {
    case 'pods': {
      const p = item.pod;
      const running = p.phase === 'Running';
      return {
        apiVersion: 'v1', kind: 'Pod',
        metadata: metadata(p.name, p.namespace, {
          labels: labelMap(p.labels), annotations: labelMap(p.annotations),
          ownerReferences: p.owner ? [ownerReference(p.owner)] : undefined,
        }),
        spec: compact({
          containers: p.containers.map((c) => compact({
            name: c.name, image: c.image,
            ports: c.ports.map((cp) => compact({ name: cp.name, containerPort: cp.containerPort, protocol: cp.protocol, hostPort: cp.hostPort })),
          })),
          hostNetwork: p.hostNetwork || undefined,
          hostname: p.subdomain ? p.hostname : undefined,
          subdomain: p.subdomain,
          nodeName: p.nodeName,
        }),
        status: compact({
          phase: p.phase,
          conditions: running
            ? [condition('PodReadyToStartContainers', true), condition('Initialized', true), condition('Ready', p.ready),
              condition('ContainersReady', p.ready), condition('PodScheduled', true)]
            : [condition('PodScheduled', false, 'Unschedulable')],
          hostIP: p.nodeName ? cluster.index.nodeByName.get(p.nodeName)?.address : undefined,
          hostIPs: p.nodeName && cluster.index.nodeByName.has(p.nodeName) ? [{ ip: cluster.index.nodeByName.get(p.nodeName)!.address }] : undefined,
          podIP: p.ip,
          podIPs: p.ip ? [{ ip: p.ip }] : undefined,
        }),
      };
    }
    case 'services': {
      const s = item.service;
      const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
      return {
        apiVersion: 'v1', kind: 'Service',
        metadata: metadata(s.name, s.namespace, { labels: labelMap(s.labels) }),
        spec: compact({
          type: s.type,
          selector: s.selector ? labelMap(s.selector) : undefined,
          ports: s.ports.map((p) => compact({ name: p.name, protocol: p.protocol, port: p.port, targetPort: p.targetPort, nodePort: p.nodePort, appProtocol: p.appProtocol })),
          clusterIP: s.type === 'ExternalName' ? undefined : s.headless ? 'None' : s.clusterIP,
          clusterIPs: s.type === 'ExternalName' ? undefined : s.headless ? ['None'] : s.clusterIP ? [s.clusterIP] : undefined,
          externalName: s.externalName,
          externalIPs: [...s.externalIPs],
          externalTrafficPolicy: external ? s.externalTrafficPolicy : undefined,
          internalTrafficPolicy: s.type === 'ExternalName' ? undefined : s.internalTrafficPolicy,
          healthCheckNodePort: s.healthCheckNodePort,
          ipFamilies: s.type === 'ExternalName' ? undefined : ['IPv4'],
          ipFamilyPolicy: s.type === 'ExternalName' ? undefined : 'SingleStack',
          loadBalancerSourceRanges: [...s.loadBalancerSourceRanges],
          publishNotReadyAddresses: s.publishNotReadyAddresses || undefined,
          sessionAffinity: s.sessionAffinity,
        }),
        // status.loadBalancer is always present ({} until an address is assigned).
        status: { loadBalancer: s.loadBalancerIPs.length > 0 ? { ingress: s.loadBalancerIPs.map((ip) => ({ ip, ipMode: 'VIP' })) } : {} },
      };
    }
    case 'endpoints': {
      const s = item.service;
      const address = (a: { ip: string; nodeName?: string; pod?: string; hostname?: string }): JsonObject => compact({
        ip: a.ip, hostname: a.hostname, nodeName: a.nodeName,
        targetRef: a.pod ? { kind: 'Pod', namespace: a.pod.split('/')[0]!, name: a.pod.split('/')[1] ?? a.pod } : undefined,
      });
      return {
        apiVersion: 'v1', kind: 'Endpoints',
        metadata: metadata(s.name, s.namespace, { labels: labelMap(s.labels) }),
        subsets: endpointsSubsets(s).map((sub) => compact({
          addresses: sub.addresses.map(address),
          notReadyAddresses: sub.notReadyAddresses.map(address),
          ports: sub.ports.map((p) => compact({ name: p.name || undefined, port: p.port, protocol: p.protocol })),
        })),
      };
    }
    case 'endpointslices': {
      const { service: s, slice } = item;
      return {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
        metadata: metadata(slice.name, s.namespace, {
          labels: { 'kubernetes.io/service-name': s.name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
          ownerReferences: [ownerReference({ kind: 'Service', namespace: s.namespace, name: s.name })],
        }),
        addressType: slice.addressType,
        endpoints: slice.endpoints.map((e) => compact({
          addresses: [e.ip],
          conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
          hostname: e.hostname, nodeName: e.nodeName, zone: e.zone,
          targetRef: e.pod ? { kind: 'Pod', namespace: e.pod.split('/')[0]!, name: e.pod.split('/')[1] ?? e.pod } : undefined,
        })),
        ports: slice.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
      };
    }
    case 'nodes': {
      const n = item.node;
      return {
        apiVersion: 'v1', kind: 'Node',
        metadata: metadata(n.name, '', { labels: labelMap(n.labels) }),
        spec: compact({
          podCIDR: n.podCIDR || undefined, podCIDRs: n.podCIDR ? [n.podCIDR] : undefined,
          taints: n.taints.map((t) => compact({ key: t.key, value: t.value, effect: t.effect })),
        }),
        status: {
          addresses: [{ type: 'InternalIP', address: n.address }, { type: 'Hostname', address: n.name }],
          conditions: [condition('Ready', true, 'KubeletReady')],
          nodeInfo: { ...simulatedNodeInfo },
        },
      };
    }
    case 'networkpolicies': {
      const { policy } = item;
      const spec = policy.spec;
      return {
        apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
        metadata: metadata(policy.metadata.name, policy.metadata.namespace, { labels: labelMap(policy.metadata.labels) }),
        spec: {
          // Always present: `podSelector: {}` selects every pod of the namespace.
          podSelector: peer({ podSelector: spec.podSelector }).podSelector!,
          ...compact({ policyTypes: [...spec.policyTypes],
          ingress: spec.ingress.map((r) => compact({ from: r.from?.map(peer), ports: r.ports?.map(port) })),
          egress: spec.egress.map((r) => compact({ to: r.to?.map(peer), ports: r.ports?.map(port) })) }),
        },
      };
    }
    case 'namespaces':
      return {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: metadata(item.ns.name, '', { labels: labelMap(item.ns.labels) }),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      };
  }
}

/** `kubectl get … -o json` of several objects: a v1 List. */
export function list(items: readonly Item[], cluster: ClusterState): JsonObject {
  return { apiVersion: 'v1', items: items.map((i) => manifest(i, cluster)), kind: 'List', metadata: { resourceVersion: '' } };
}

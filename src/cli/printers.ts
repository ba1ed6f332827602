// Table columns shaped like kubectl's built-in printers (k8s.io/kubernetes pkg/printers/internalversion),
// minus AGE: output carries no wall-clock values (DESIGN.md "The CLI contract").
import type { NodeState, ServiceState } from '../model/cluster.ts';
import { formatSelector } from '../model/labels.ts';
import type { LabelSelector, Labels } from '../model/labels.ts';
import { endpointsSubsets } from './items.ts';
import type { Item } from './items.ts';
import type { Resource } from './resources.ts';
import { listWithMore } from './table.ts';

/** What the simulated kubelets report (`kubectl get nodes -o wide`). */
export const simulatedNodeInfo = {
  kubeletVersion: 'v1.33.0',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.1.0-28-amd64',
  containerRuntimeVersion: 'containerd://1.7.24',
  operatingSystem: 'linux',
  architecture: 'amd64',
} as const;

export interface Columns {
  readonly headers: readonly string[];
  readonly wide: readonly string[];
}

export const columns: Readonly<Record<Resource, Columns>> = {
  pods: { headers: ['NAME', 'READY', 'STATUS', 'RESTARTS'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] },
  services: { headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)'], wide: ['SELECTOR'] },
  endpoints: { headers: ['NAME', 'ENDPOINTS'], wide: [] },
  endpointslices: { headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS'], wide: [] },
  nodes: { headers: ['NAME', 'STATUS', 'ROLES', 'VERSION'], wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] },
  networkpolicies: { headers: ['NAME', 'POD-SELECTOR'], wide: [] },
  namespaces: { headers: ['NAME', 'STATUS'], wide: [] },
};

/** `app=web,tier=api` with keys sorted (labels.FormatLabels); `<none>` when empty. */
export function formatLabels(labels: Labels | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** metav1.FormatLabelSelector: requirements in key order. */
export function formatPodSelector(selector: LabelSelector): string {
  const matchLabels = Object.fromEntries(Object.entries(selector.matchLabels).sort(([a], [b]) => (a < b ? -1 : 1)));
  const matchExpressions = [...selector.matchExpressions].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return formatSelector({ matchLabels, matchExpressions });
}

/** `80/TCP`, `80:30080/TCP` when a nodePort is allocated; `<none>` without ports. */
export function formatServicePorts(service: ServiceState): string {
  if (service.ports.length === 0) return '<none>';
  return service.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',');
}

/** kubectl's getServiceExternalIP. */
export function serviceExternalIP(service: ServiceState): string {
  switch (service.type) {
    case 'ExternalName':
      return service.externalName ?? '<none>';
    case 'LoadBalancer': {
      const ips = [...service.loadBalancerIPs, ...service.externalIPs];
      return ips.length > 0 ? ips.join(',') : '<pending>';
    }
    default:
      return service.externalIPs.length > 0 ? service.externalIPs.join(',') : '<none>';
  }
}

export function serviceClusterIP(service: ServiceState): string {
  if (service.type === 'ExternalName') return '<none>';
  return service.headless ? 'None' : service.clusterIP ?? '<none>';
}

/** kubectl's formatEndpoints: ready addresses × ports, first three, then `+ N more...`. */
export function formatEndpoints(service: ServiceState): string {
  const all: string[] = [];
  for (const subset of endpointsSubsets(service)) {
    if (subset.ports.length === 0) all.push(...subset.addresses.map((a) => a.ip));
    for (const port of subset.ports) all.push(...subset.addresses.map((a) => `${a.ip}:${port.port}`));
  }
  return listWithMore(all);
}

export function nodeRoles(labels: Labels, role: string): string {
  const prefix = 'node-role.kubernetes.io/';
  const roles = Object.keys(labels).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).filter(Boolean).sort();
  if (roles.length === 0 && role === 'control-plane') roles.push('control-plane');
  return roles.length > 0 ? roles.join(',') : '<none>';
}

/** A cordoned node (spec.unschedulable, seen as the node.kubernetes.io/unschedulable taint) prints `Ready,SchedulingDisabled`. */
export function nodeStatus(node: Pick<NodeState, 'taints'>): string {
  return node.taints.some((t) => t.key === 'node.kubernetes.io/unschedulable') ? 'Ready,SchedulingDisabled' : 'Ready';
}

export function cells(item: Item, wide: boolean): string[] {
  switch (item.resource) {
    case 'pods': {
      const p = item.pod;
      const total = p.containers.length;
      const row = [p.name, `${p.ready && p.phase === 'Running' ? total : 0}/${total}`, p.phase, '0'];
      return wide ? [...row, p.ip ?? '<none>', p.nodeName ?? '<none>', '<none>', '<none>'] : row;
    }
    case 'services': {
      const s = item.service;
      const row = [s.name, s.type, serviceClusterIP(s), serviceExternalIP(s), formatServicePorts(s)];
      return wide ? [...row, formatLabels(s.selector)] : row;
    }
    case 'endpoints':
      return [item.name, formatEndpoints(item.service)];
    case 'endpointslices': {
      const { slice } = item;
      return [slice.name, slice.addressType,
        listWithMore(slice.ports.map((p) => String(p.port)), 3, '<unset>'),
        listWithMore(slice.endpoints.map((e) => e.ip), 3, '<unset>')];
    }
    case 'nodes': {
      const n = item.node;
      const row = [n.name, nodeStatus(n), nodeRoles(n.labels, n.role), simulatedNodeInfo.kubeletVersion];
      return wide
        ? [...row, n.address, '<none>', simulatedNodeInfo.osImage, simulatedNodeInfo.kernelVersion, simulatedNodeInfo.containerRuntimeVersion]
        : row;
    }
    case 'networkpolicies':
      return [item.name, formatPodSelector(item.policy.spec.podSelector)];
    case 'namespaces':
      return [item.name, 'Active'];
  }
}

// The resource types `get` knows, with kubectl's names: plural, singular, short name
// (`kubectl api-resources`), and `plural.group` as kubectl also accepts.

export type Resource = 'pods' | 'services' | 'endpoints' | 'endpointslices' | 'nodes' | 'networkpolicies' | 'namespaces';

export interface ResourceInfo {
  readonly resource: Resource;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly names: readonly string[];
}

export const resources: readonly ResourceInfo[] = [
  { resource: 'pods', kind: 'Pod', namespaced: true, names: ['pods', 'pod', 'po'] },
  { resource: 'services', kind: 'Service', namespaced: true, names: ['services', 'service', 'svc'] },
  { resource: 'endpoints', kind: 'Endpoints', namespaced: true, names: ['endpoints', 'ep'] },
  { resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true, names: ['endpointslices', 'endpointslice', 'endpointslices.discovery.k8s.io'] },
  { resource: 'nodes', kind: 'Node', namespaced: false, names: ['nodes', 'node', 'no'] },
  { resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, names: ['networkpolicies', 'networkpolicy', 'netpol', 'networkpolicies.networking.k8s.io'] },
  { resource: 'namespaces', kind: 'Namespace', namespaced: false, names: ['namespaces', 'namespace', 'ns'] },
];

/** Case-insensitive, as kubectl matches resource names. */
export function findResource(name: string): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  return resources.find((r) => r.names.includes(lower));
}

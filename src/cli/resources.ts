// The resource types `get` knows, with kubectl's names: plural, singular, short name
// (`kubectl api-resources`), and `plural.group` as kubectl also accepts.

export type Resource = 'pods' | 'services' | 'endpoints' | 'endpointslices' | 'nodes' | 'networkpolicies' | 'namespaces';

export interface ResourceInfo {
  readonly resource: Resource;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly names: readonly string[];
  /** How kubectl names a row when several types are listed: `pod/web-0`, `networkpolicy.networking.k8s.io/deny`. */
  readonly prefix: string;
}

export const resources: readonly ResourceInfo[] = [
  { resource: 'pods', prefix: 'pod', kind: 'Pod', namespaced: true, names: ['pods', 'pod', 'po'] },
  { resource: 'services', prefix: 'service', kind: 'Service', namespaced: true, names: ['services', 'service', 'svc'] },
  { resource: 'endpoints', prefix: 'endpoints', kind: 'Endpoints', namespaced: true, names: ['endpoints', 'ep'] },
  { resource: 'endpointslices', prefix: 'endpointslice.discovery.k8s.io', kind: 'EndpointSlice', namespaced: true, names: ['endpointslices', 'endpointslice', 'endpointslices.discovery.k8s.io'] },
  { resource: 'nodes', prefix: 'node', kind: 'Node', namespaced: false, names: ['nodes', 'node', 'no'] },
  { resource: 'networkpolicies', prefix: 'networkpolicy.networking.k8s.io', kind: 'NetworkPolicy', namespaced: true, names: ['networkpolicies', 'networkpolicy', 'netpol', 'networkpolicies.networking.k8s.io'] },
  { resource: 'namespaces', prefix: 'namespace', kind: 'Namespace', namespaced: false, names: ['namespaces', 'namespace', 'ns'] },
];

/** Case-insensitive, as kubectl matches resource names. */
export function findResource(name: string): ResourceInfo | undefined {
  const lower = name.toLowerCase();
  return resources.find((r) => r.names.includes(lower));
}

/** `pods,svc` → both types, in the order given, each once; the first unknown name otherwise. */
export function findResources(list: string): { readonly ok: true; readonly value: ResourceInfo[] } | { readonly ok: false; readonly unknown: string } {
  const out: ResourceInfo[] = [];
  for (const name of list.split(',')) {
    const r = findResource(name);
    if (!r) return { ok: false, unknown: name };
    if (!out.includes(r)) out.push(r);
  }
  return { ok: true, value: out };
}

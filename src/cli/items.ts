// What `get` lists: every object of one resource type in a ClusterState, sorted by namespace
// and name as the API server returns lists. Endpoints are derived from the EndpointSlices the
// way the endpoints controller mirrors them.
import type {
  ClusterState, EndpointSliceState, NamespaceState, NodeState, PodState, ServiceState,
} from '../model/cluster.ts';
import type { NetworkPolicy } from '../model/objects.ts';
import type { Resource } from './resources.ts';

export type Item =
  | { readonly resource: 'pods'; readonly namespace: string; readonly name: string; readonly pod: PodState }
  | { readonly resource: 'services'; readonly namespace: string; readonly name: string; readonly service: ServiceState }
  | { readonly resource: 'endpoints'; readonly namespace: string; readonly name: string; readonly service: ServiceState }
  | { readonly resource: 'endpointslices'; readonly namespace: string; readonly name: string; readonly service: ServiceState; readonly slice: EndpointSliceState }
  | { readonly resource: 'nodes'; readonly namespace: ''; readonly name: string; readonly node: NodeState }
  | { readonly resource: 'networkpolicies'; readonly namespace: string; readonly name: string; readonly policy: NetworkPolicy }
  | { readonly resource: 'namespaces'; readonly namespace: ''; readonly name: string; readonly ns: NamespaceState };

const byKey = (a: Item, b: Item): number =>
  a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/**
 * The endpoints controller writes an Endpoints object for every Service with a selector (even with
 * no pods); for a Service without one, only the Endpoints a user created exist.
 */
export function hasEndpointsObject(service: ServiceState): boolean {
  if (service.type === 'ExternalName') return false;
  return service.selector !== undefined || service.endpointSlices.length > 0;
}

export function listItems(cluster: ClusterState, resource: Resource): Item[] {
  const items: Item[] = [];
  switch (resource) {
    case 'pods':
      for (const pod of cluster.pods) items.push({ resource, namespace: pod.namespace, name: pod.name, pod });
      break;
    case 'services':
      for (const service of cluster.services) items.push({ resource, namespace: service.namespace, name: service.name, service });
      break;
    case 'endpoints':
      for (const service of cluster.services) {
        if (hasEndpointsObject(service)) items.push({ resource, namespace: service.namespace, name: service.name, service });
      }
      break;
    case 'endpointslices':
      for (const service of cluster.services) {
        for (const slice of service.endpointSlices) items.push({ resource, namespace: service.namespace, name: slice.name, service, slice });
      }
      break;
    case 'nodes':
      for (const node of cluster.nodes) items.push({ resource, namespace: '', name: node.name, node });
      break;
    case 'networkpolicies':
      for (const policy of cluster.policies) items.push({ resource, namespace: policy.metadata.namespace, name: policy.metadata.name, policy });
      break;
    case 'namespaces':
      for (const ns of cluster.namespaces) items.push({ resource, namespace: '', name: ns.name, ns });
      break;
  }
  return items.sort(byKey);
}

export interface EndpointsSubset {
  readonly addresses: readonly { readonly ip: string; readonly nodeName?: string; readonly pod?: string; readonly hostname?: string }[];
  readonly notReadyAddresses: readonly { readonly ip: string; readonly nodeName?: string; readonly pod?: string; readonly hostname?: string }[];
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: string }[];
}

/**
 * core/v1 Endpoints subsets from a Service's slices: one subset per distinct port mapping,
 * addresses sorted by IP as the controller's RepackSubsets sorts them.
 */
export function endpointsSubsets(service: ServiceState): EndpointsSubset[] {
  const groups = new Map<string, { ports: EndpointsSubset['ports']; ready: Map<string, EndpointsSubset['addresses'][number]>; notReady: Map<string, EndpointsSubset['addresses'][number]> }>();
  for (const slice of service.endpointSlices) {
    const ports = [...slice.ports].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.port - b.port));
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, ready: new Map(), notReady: new Map() };
    groups.set(key, group);
    for (const e of slice.endpoints) {
      const address = { ip: e.ip, nodeName: e.nodeName, pod: e.pod, hostname: e.hostname };
      (e.ready ? group.ready : group.notReady).set(e.ip, address);
    }
  }
  const byIp = (a: { ip: string }, b: { ip: string }): number => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  return [...groups.values()]
    .filter((g) => g.ready.size + g.notReady.size > 0)
    .map((g) => ({ ports: g.ports, addresses: [...g.ready.values()].sort(byIp), notReadyAddresses: [...g.notReady.values()].sort(byIp) }));
}

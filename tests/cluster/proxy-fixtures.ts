// Services of DATAPATH §0.1 (Service `web` in ns app) as small ServiceState factories.
import type { EndpointState, PodState, ServiceState } from '../../src/model/cluster.ts';
import type { ServicePort } from '../../src/model/objects.ts';
import { podState } from './net-fixtures.ts';

export const webA = podState('app', 'web-a', '10.244.1.9', 'node1');
export const webB = podState('app', 'web-b', '10.244.2.7', 'node2');
export const webC = podState('app', 'web-c', '10.244.2.8', 'node2');
export const pods: ReadonlyMap<string, PodState> = new Map([webA, webB, webC].map((p) => [p.id, p]));

export function endpoint(pod: PodState, extra: Partial<EndpointState> = {}): EndpointState {
  return { ip: pod.ip!, pod: pod.id, nodeName: pod.nodeName!, ready: true, serving: true, terminating: false, ...extra };
}

export const httpPort: ServicePort = { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 };

export function service(extra: Partial<ServiceState> = {}, endpoints: readonly EndpointState[] = [webA, webB, webC].map((p) => endpoint(p))): ServiceState {
  const ports = extra.ports ?? [httpPort];
  return {
    namespace: 'app', name: 'web', id: 'app/web', type: 'ClusterIP', headless: false, clusterIP: '10.96.100.10',
    ports, externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [],
    externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None',
    sessionAffinityTimeoutSeconds: 10800, publishNotReadyAddresses: false, labels: {}, system: false,
    endpointSlices: [{
      name: 'web-abcde', addressType: 'IPv4',
      ports: ports.map((p) => ({ name: p.name ?? '', port: typeof p.targetPort === 'number' ? p.targetPort : 8080, protocol: p.protocol })),
      endpoints,
    }],
    ...extra,
  };
}

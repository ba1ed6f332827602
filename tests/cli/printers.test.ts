// Column values as kubectl's printers compute them (k8s.io/kubernetes pkg/printers/internalversion).
import { describe, expect, it } from 'vitest';
import type { EndpointSliceState, ServiceState } from '../../src/model/cluster.ts';
import { formatEndpoints, formatLabels, formatPodSelector, formatServicePorts, nodeRoles, nodeStatus, serviceClusterIP, serviceExternalIP } from '../../src/cli/printers.ts';

const service = (over: Partial<ServiceState>): ServiceState => ({
  namespace: 'default', name: 'web', id: 'default/web', type: 'ClusterIP', headless: false, clusterIP: '10.96.12.34',
  ports: [], externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [], externalTrafficPolicy: 'Cluster',
  internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10800, publishNotReadyAddresses: false,
  endpointSlices: [], labels: {}, system: false, ...over,
});

const slice = (ports: number[], ips: [string, boolean][]): EndpointSliceState => ({
  name: 'web-abcde', addressType: 'IPv4',
  ports: ports.map((port, i) => ({ name: i === 0 ? '' : `p${i}`, port, protocol: 'TCP' })),
  endpoints: ips.map(([ip, ready]) => ({ ip, ready, serving: ready, terminating: false })),
});

describe('Service columns', () => {
  // kubectl getServiceExternalIP.
  it.each([
    ['ClusterIP', service({}), '<none>'],
    ['ClusterIP with externalIPs', service({ externalIPs: ['198.51.100.5'] }), '198.51.100.5'],
    ['NodePort', service({ type: 'NodePort' }), '<none>'],
    ['LoadBalancer with an address', service({ type: 'LoadBalancer', loadBalancerIPs: ['172.16.0.200'] }), '172.16.0.200'],
    ['LoadBalancer without one yet', service({ type: 'LoadBalancer' }), '<pending>'],
    ['LoadBalancer plus externalIPs', service({ type: 'LoadBalancer', loadBalancerIPs: ['172.16.0.200'], externalIPs: ['198.51.100.5'] }), '172.16.0.200,198.51.100.5'],
    ['ExternalName', service({ type: 'ExternalName', clusterIP: undefined, externalName: 'db.example.com' }), 'db.example.com'],
  ])('EXTERNAL-IP of %s', (_name, s, text) => {
    expect(serviceExternalIP(s)).toBe(text);
  });

  it.each([
    ['allocated', service({}), '10.96.12.34'],
    ['headless', service({ headless: true, clusterIP: undefined }), 'None'],
    ['ExternalName', service({ type: 'ExternalName', clusterIP: undefined }), '<none>'],
  ])('CLUSTER-IP when %s', (_name, s, text) => {
    expect(serviceClusterIP(s)).toBe(text);
  });

  it.each([
    ['no ports', [], '<none>'],
    ['a ClusterIP port', [{ protocol: 'TCP' as const, port: 80, targetPort: 8080 }], '80/TCP'],
    ['a nodePort', [{ protocol: 'TCP' as const, port: 80, targetPort: 8080, nodePort: 30080 }], '80:30080/TCP'],
    ['two ports', [{ protocol: 'UDP' as const, port: 53, targetPort: 53 }, { protocol: 'TCP' as const, port: 53, targetPort: 53 }], '53/UDP,53/TCP'],
  ])('PORT(S) with %s', (_name, ports, text) => {
    expect(formatServicePorts(service({ ports }))).toBe(text);
  });

  it.each([
    ['no selector', undefined, '<none>'],
    ['keys sorted (labels.FormatLabels)', { tier: 'web', app: 'shop' }, 'app=shop,tier=web'],
  ])('SELECTOR with %s', (_name, labels, text) => {
    expect(formatLabels(labels)).toBe(text);
  });
});

describe('ENDPOINTS (kubectl formatEndpoints)', () => {
  it.each([
    ['no endpoints', [], '<none>'],
    ['ready addresses only, sorted by IP', [slice([8080], [['10.244.2.7', true], ['10.244.1.9', true], ['10.244.1.5', false]])], '10.244.1.9:8080,10.244.2.7:8080'],
    ['more than three', [slice([8080], [['10.244.1.2', true], ['10.244.1.3', true], ['10.244.1.4', true], ['10.244.1.5', true], ['10.244.1.6', true]])], '10.244.1.2:8080,10.244.1.3:8080,10.244.1.4:8080 + 2 more...'],
    ['every port of every address counts', [slice([53, 9153], [['10.244.0.2', true], ['10.244.0.3', true]])], '10.244.0.2:53,10.244.0.3:53,10.244.0.2:9153 + 1 more...'],
    ['only not-ready pods', [slice([80], [['10.244.1.5', false]])], '<none>'],
  ])('%s', (_name, endpointSlices, text) => {
    expect(formatEndpoints(service({ endpointSlices }))).toBe(text);
  });
});

describe('other columns', () => {
  it.each([
    ['an empty podSelector', { matchLabels: {}, matchExpressions: [] }, '<none>'],
    ['matchLabels sorted', { matchLabels: { tier: 'db', app: 'shop' }, matchExpressions: [] }, 'app=shop,tier=db'],
    ['an expression', { matchLabels: {}, matchExpressions: [{ key: 'env', operator: 'In' as const, values: ['dev', 'prod'] }] }, 'env in (dev,prod)'],
  ])('POD-SELECTOR with %s', (_name, selector, text) => {
    expect(formatPodSelector(selector)).toBe(text);
  });

  // kubectl derives ROLES from node-role.kubernetes.io/<role> labels; workers have none.
  it.each([
    ['a control plane', { 'node-role.kubernetes.io/control-plane': '' }, 'control-plane', 'control-plane'],
    ['a worker', { 'kubernetes.io/hostname': 'node-1' }, 'worker', '<none>'],
    ['a control plane without the label', {}, 'control-plane', 'control-plane'],
  ])('ROLES of %s', (_name, labels, role, text) => {
    expect(nodeRoles(labels, role)).toBe(text);
  });

  // kubectl printNode appends SchedulingDisabled for a cordoned node.
  it.each([
    ['an ordinary node', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }], 'Ready'],
    ['a cordoned node', [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const }], 'Ready,SchedulingDisabled'],
  ])('STATUS of %s', (_name, taints, text) => {
    expect(nodeStatus({ taints })).toBe(text);
  });
});

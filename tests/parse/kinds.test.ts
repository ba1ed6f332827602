import { describe, expect, it } from 'vitest';
import { groupOf, KINDS, listItemKind, lookupKind } from '../../src/parse/kinds.ts';

describe('lookupKind', () => {
  const cases: { apiVersion: string; kind: string; want: string; detail?: unknown }[] = [
    { apiVersion: 'v1', kind: 'Pod', want: 'simulated' },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', want: 'simulated' },
    { apiVersion: 'batch/v1', kind: 'CronJob', want: 'simulated' },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', want: 'simulated' },
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', want: 'simulated' },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', want: 'simulated' },
    { apiVersion: 'sim.kube-netsim.dev/v1alpha1', kind: 'Flow', want: 'simulated' },
    // Kubernetes 1.16 removed apps/v1beta1|v1beta2 and extensions/v1beta1 workloads; 1.22 the beta Ingress.
    { apiVersion: 'apps/v1beta2', kind: 'DaemonSet', want: 'wrong-version', detail: ['apps/v1'] },
    { apiVersion: 'batch/v1beta1', kind: 'CronJob', want: 'wrong-version', detail: ['batch/v1'] },
    { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', want: 'wrong-version', detail: ['networking.k8s.io/v1'] },
    { apiVersion: 'discovery.k8s.io/v1beta1', kind: 'EndpointSlice', want: 'wrong-version', detail: ['discovery.k8s.io/v1'] },
    { apiVersion: 'sim.kube-netsim.dev/v1', kind: 'Cluster', want: 'wrong-version', detail: ['sim.kube-netsim.dev/v1alpha1'] },
    { apiVersion: 'v1', kind: 'ServiceAccount', want: 'skipped' },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', want: 'skipped' },
    { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', want: 'skipped' },
    { apiVersion: 'extensions/v1beta1', kind: 'PodSecurityPolicy', want: 'skipped' },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', want: 'skipped' },
    { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', want: 'unsimulated' },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', want: 'unsimulated' },
    { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', want: 'unsimulated' },
    { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', want: 'unsimulated' },
    // CRDs that reuse a simulated kind's name are not a wrong apiVersion of it.
    { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', want: 'unsimulated' },
    { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'HTTPRoute', want: 'unsimulated' },
    { apiVersion: 'example.com/v1', kind: 'Service', want: 'skipped' },
    { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', want: 'unsimulated' },
    { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', want: 'unsimulated' },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Networkpolicy', want: 'unknown', detail: 'NetworkPolicy' },
    { apiVersion: 'v1', kind: 'Servce', want: 'unknown', detail: 'Service' },
    { apiVersion: 'v1', kind: 'configmap', want: 'unknown', detail: 'ConfigMap' },
    { apiVersion: 'v1', kind: 'Zebra', want: 'unknown', detail: undefined },
  ];
  it.each(cases)('$apiVersion $kind → $want', ({ apiVersion, kind, want, detail }) => {
    const got = lookupKind(apiVersion, kind);
    expect(got.type).toBe(want);
    if (got.type === 'wrong-version') expect(got.expected).toEqual(detail);
    if (got.type === 'unknown') expect(got.suggestion).toBe(detail);
    if (got.type === 'simulated') expect(got.info.kind).toBe(kind);
  });
});

describe('kind table', () => {
  it('has one entry per kind', () => {
    expect(new Set(KINDS.map((k) => k.kind)).size).toBe(KINDS.length);
  });

  it.each([
    ['Namespace', 'label'], ['Service', 'label1035'], ['Pod', 'subdomain'], ['Deployment', 'subdomain'],
  ])('%s names follow the %s rule', (kind, rule) => {
    expect(KINDS.find((k) => k.kind === kind)?.nameRule).toBe(rule);
  });

  it.each([
    ['PodList', 'Pod'], ['ServiceList', 'Service'], ['DeploymentList', 'Deployment'], ['ConfigMapList', 'ConfigMap'],
    ['List', undefined], ['Playlist', undefined], ['FooList', undefined],
  ])('listItemKind(%s) = %s', (kind, item) => {
    expect(listItemKind(kind)).toBe(item);
  });

  it.each([['v1', ''], ['apps/v1', 'apps'], ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io']])('groupOf(%s) = "%s"', (v, g) => {
    expect(groupOf(v)).toBe(g);
  });
});

// Built-in objects every kubeadm cluster has (namespaces, the API server and the `kubernetes`
// Service, CoreDNS behind `kube-dns`), plus an ingress-nginx controller when the scenario has
// Ingresses but no controller, and a proxy per Gateway (gateways.ts). They are ordinary objects flagged `system` with a source of
// document 0 (documents count from 1), so nothing links them to the user's text.
import type { ClusterSettings, OutsideWorld } from '../model/cluster.ts';
import { formatIPv4, nthAddress, parseCidr, parseIPv4 } from '../model/ip.ts';
import type { Labels } from '../model/labels.ts';
import type {
  Container, EndpointSlice, Gateway, HTTPRoute, Ingress, IngressClass, KubeObject, ObjectMeta, ObjectSource, Pod, PodSpec, Service, ServicePort, Toleration, Workload,
} from '../model/objects.ts';
import type { NodeDraft } from './draft.ts';
import { gatewayProxies } from './gateways.ts';
import { systemNamespaces } from './namespaces.ts';
import { controlPlaneTaint } from './settings.ts';

const zero = { doc: 0, startLine: 0, startCol: 0, endLine: 0, endCol: 0 };
export const builtInSource: ObjectSource = { doc: 0, range: zero, paths: {} };

export interface SystemObjects {
  readonly namespaces: readonly string[];
  readonly pods: readonly Pod[];
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
  readonly endpointSlices: readonly EndpointSlice[];
  readonly ingressClasses: readonly IngressClass[];
}

export const ingressNginx = {
  namespace: 'ingress-nginx',
  service: 'ingress-nginx-controller',
  controller: 'k8s.io/ingress-nginx',
  /** Selector labels of the official Helm chart's controller. */
  labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
} as const;

/** `app.kubernetes.io/name` values of ingress controllers a user may deploy themselves. */
const knownControllers = ['ingress-nginx', 'nginx-ingress', 'traefik', 'haproxy-ingress', 'kubernetes-ingress', 'contour', 'kong', 'envoy'];

const meta = (name: string, namespace: string, labels: Labels = {}, annotations: Labels = {}): ObjectMeta => ({ name, namespace, labels, annotations, ownerReferences: [] });

export const podSpecOf = (containers: Container[], extra: Partial<PodSpec> = {}): PodSpec => ({
  nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [], hostNetwork: false, dnsPolicy: 'ClusterFirst', containers, initContainers: [], ...extra,
});

const port = (name: string, p: number, protocol: ServicePort['protocol'] = 'TCP', targetPort: number | string = p): ServicePort => ({ name, port: p, protocol, targetPort });

export function serviceOf(name: string, namespace: string, labels: Labels, spec: Partial<Service['spec']> & Pick<Service['spec'], 'ports'>): Service {
  return {
    kind: 'Service', apiVersion: 'v1', metadata: meta(name, namespace, labels), source: builtInSource,
    spec: {
      type: 'ClusterIP', externalIPs: [], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None',
      sessionAffinityTimeoutSeconds: 10800, loadBalancerSourceRanges: [], publishNotReadyAddresses: false, ...spec,
    },
    status: { loadBalancer: { ingress: [] } },
  };
}

export function deploymentOf(name: string, namespace: string, labels: Labels, replicas: number, spec: PodSpec, selector: Labels = labels): Workload {
  return {
    kind: 'Deployment', apiVersion: 'apps/v1', metadata: meta(name, namespace, labels), source: builtInSource,
    spec: { replicas, selector: { matchLabels: selector, matchExpressions: [] }, template: { metadata: { labels, annotations: {} }, spec } },
  };
}

/** Whether the user deploys an ingress controller of their own (by its well-known name label). */
function userHasController(objects: readonly KubeObject[]): boolean {
  return objects.some((o) => {
    const labels = o.kind === 'Pod' ? o.metadata.labels
      : o.kind === 'Deployment' || o.kind === 'DaemonSet' || o.kind === 'StatefulSet' || o.kind === 'ReplicaSet' ? o.spec.template.metadata.labels : undefined;
    return labels !== undefined && knownControllers.includes(labels['app.kubernetes.io/name'] ?? '');
  });
}

export function systemObjects(settings: ClusterSettings, nodes: readonly NodeDraft[], user: readonly KubeObject[]): SystemObjects {
  // Every control-plane node runs an API server (without one, the first node stands in).
  const controlPlane = nodes.filter((n) => n.role === 'control-plane');
  const apiNodes = controlPlane.length ? controlPlane : nodes.slice(0, 1);
  const serviceCIDR = parseCidr(settings.serviceCIDR)!;
  // Static pods: the kubelet runs them on the host network; each mirror pod is owned by its Node.
  const pods: Pod[] = apiNodes.map((node) => ({
    kind: 'Pod', apiVersion: 'v1', source: builtInSource,
    metadata: { ...meta(`kube-apiserver-${node.name}`, 'kube-system', { component: 'kube-apiserver', tier: 'control-plane' }), ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, controller: true }] },
    spec: podSpecOf([{ name: 'kube-apiserver', image: 'registry.k8s.io/kube-apiserver:v1.33.0', ports: [] }], { nodeName: node.name, hostNetwork: true, nodeSelector: {}, tolerations: [{ operator: 'Exists', effect: 'NoExecute' }] }),
    status: { podIPs: [] },
  }));
  // The API servers keep the `kubernetes` Service's EndpointSlice themselves: <node address>:6443 each.
  const endpointSlices: EndpointSlice[] = apiNodes.length ? [{
    kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', source: builtInSource,
    metadata: meta('kubernetes', 'default', { 'kubernetes.io/service-name': 'kubernetes' }),
    addressType: 'IPv4',
    endpoints: apiNodes.map((node) => ({ addresses: [node.address], conditions: { ready: true, serving: true, terminating: false }, nodeName: node.name })),
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  }] : [];
  // kubeadm's CoreDNS (DATAPATH §6.1): it resolves outside names through the node's resolver.
  const dnsLabels = { 'k8s-app': 'kube-dns' };
  const dnsTolerations: Toleration[] = [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: controlPlaneTaint.key, operator: 'Exists', effect: 'NoSchedule' }];
  const workloads: Workload[] = [deploymentOf('coredns', 'kube-system', dnsLabels, 2, podSpecOf([{
    name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.12.0',
    ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }],
  }], { dnsPolicy: 'Default', tolerations: dnsTolerations }))];
  const services: Service[] = [
    serviceOf('kubernetes', 'default', { component: 'apiserver', provider: 'kubernetes' }, { clusterIP: formatIPv4(nthAddress(serviceCIDR, 1)), ports: [port('https', 443, 'TCP', 6443)] }),
    serviceOf('kube-dns', 'kube-system', { ...dnsLabels, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, {
      selector: dnsLabels, clusterIP: settings.dnsServiceIP, ports: [port('dns', 53, 'UDP'), port('dns-tcp', 53, 'TCP'), port('metrics', 9153, 'TCP')],
    }),
  ];
  const namespaces: string[] = [...systemNamespaces];
  const ingressClasses: IngressClass[] = [];
  if (user.some((o) => o.kind === 'Ingress') && !userHasController(user)) {
    namespaces.push(ingressNginx.namespace);
    workloads.push(deploymentOf(ingressNginx.service, ingressNginx.namespace, ingressNginx.labels, 1, podSpecOf([{
      name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1',
      ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }, { name: 'https', containerPort: 443, protocol: 'TCP' }],
    }])));
    services.push(serviceOf(ingressNginx.service, ingressNginx.namespace, ingressNginx.labels, {
      // The chart names both ports and sets appProtocol on them.
      type: 'LoadBalancer', selector: ingressNginx.labels,
      ports: [{ ...port('http', 80, 'TCP', 'http'), appProtocol: 'http' }, { ...port('https', 443, 'TCP', 'https'), appProtocol: 'https' }],
    }));
    const classes = user.filter((o): o is IngressClass => o.kind === 'IngressClass');
    if (!classes.some((c) => c.spec.controller === ingressNginx.controller || c.metadata.name === 'nginx')) {
      const isDefault = !classes.some((c) => c.isDefault);
      ingressClasses.push({
        kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', source: builtInSource,
        metadata: meta('nginx', '', { ...ingressNginx.labels }, isDefault ? { 'ingressclass.kubernetes.io/is-default-class': 'true' } : {}),
        spec: { controller: ingressNginx.controller }, isDefault,
      });
    }
  }
  const gateways = gatewayProxies(user);
  workloads.push(...gateways.workloads);
  services.push(...gateways.services);
  return { namespaces, pods, workloads, services, endpointSlices, ingressClasses };
}

/** Public names the simulated internet's resolver answers (documentation ranges, RFC 5737). */
export const publicHosts: Readonly<Record<string, string>> = {
  'example.com': '203.0.113.10',
  'www.example.com': '203.0.113.10',
  'example.org': '203.0.113.11',
  'kubernetes.io': '203.0.113.20',
  'registry.k8s.io': '203.0.113.21',
  'github.com': '198.51.100.10',
  'api.github.com': '198.51.100.11',
  'pypi.org': '198.51.100.20',
};

/** The default external client (DATAPATH §0.1). */
export const defaultClient = '203.0.113.7';

interface HostSources {
  readonly ingresses: readonly Ingress[];
  readonly gateways: readonly Gateway[];
  readonly httpRoutes: readonly HTTPRoute[];
  /** The ingress controller's LoadBalancer address, when there is one. */
  readonly ingressAddress?: string;
  /** A Gateway's status address: its proxy Service's LoadBalancer address (gateways.ts). */
  readonly gatewayAddress?: (gw: Gateway) => string | undefined;
}

/**
 * The outside world: public names, plus every host named in an Ingress rule (resolving to the
 * ingress controller's LoadBalancer address) and every Gateway/HTTPRoute hostname (resolving to
 * the Gateway's status address, else its spec.addresses). A wildcard host (`*.foo.com`) stands for a
 * wildcard record, as a DNS zone for such an Ingress would hold (see queryUpstream).
 */
export function outsideWorld(upstreamDNS: string, from: HostSources): OutsideWorld {
  const hosts: Record<string, string> = { ...publicHosts };
  const add = (host: string | undefined, address: string | undefined) => {
    if (host && address) hosts[host.toLowerCase()] = address;
  };
  for (const ing of from.ingresses) {
    for (const rule of ing.spec.rules) add(rule.host, from.ingressAddress);
    for (const tls of ing.spec.tls) for (const h of tls.hosts) add(h, from.ingressAddress);
  }
  for (const gw of from.gateways) {
    const address = from.gatewayAddress?.(gw) ?? gw.spec.addresses.find((a) => a.type === 'IPAddress' && parseIPv4(a.value) !== undefined)?.value;
    if (!address) continue;
    for (const l of gw.spec.listeners) add(l.hostname, address);
    for (const route of from.httpRoutes) {
      const attached = route.spec.parentRefs.some((p) => p.name === gw.metadata.name && (p.namespace ?? route.metadata.namespace) === gw.metadata.namespace);
      if (attached) for (const h of route.spec.hostnames) add(h, address);
    }
  }
  return { defaultClient, upstreamDNS, hosts };
}

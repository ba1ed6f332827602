// The Gateway API implementation's own objects (DATAPATH §7.4: "the data path is the same as
// Ingress: a proxy terminates and re-originates to endpoints"). Modelled on Istio's automated
// deployment, whose proxy is Envoy: for every Gateway of a GatewayClass that exists, a Deployment
// and a LoadBalancer Service named `<gateway>-<gatewayclass>` in the Gateway's own namespace,
// labelled `gateway.networking.k8s.io/gateway-name: <gateway>` (GEP-1762, in-cluster gateway
// deployments). One Service port per listener port; the proxy listens on the same port, and the
// Service's LoadBalancer address becomes the Gateway's status address. Scheduling, IPAM, the LB
// address and the EndpointSlices then go through the normal paths, like ingress-nginx's.
import type { ServiceState } from '../model/cluster.ts';
import { parseIPv4 } from '../model/ip.ts';
import type { Gateway, GatewayClass, KubeObject, Service, ServicePort, Workload } from '../model/objects.ts';
import { deploymentOf, podSpecOf, serviceOf } from './system.ts';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
export const GATEWAY_CLASS_LABEL = 'gateway.networking.k8s.io/gateway-class-name';

/** `<gateway>-<gatewayclass>`, Istio's name for the proxy's Deployment and Service. */
export function gatewayProxyName(gw: Gateway): string {
  return `${gw.metadata.name}-${gw.spec.gatewayClassName}`;
}

/** The GatewayClass that accepts `gw`: one must exist for any controller to program it. */
export function classOf(gw: Gateway, classes: readonly GatewayClass[]): GatewayClass | undefined {
  return classes.find((c) => c.metadata.name === gw.spec.gatewayClassName);
}

/** Listener ports, one Service port each (listeners sharing a port share the proxy's socket). */
function servicePorts(gw: Gateway): ServicePort[] {
  const byPort = new Map<number, ServicePort>();
  for (const l of gw.spec.listeners) {
    if (byPort.has(l.port) || l.protocol === 'UDP') continue;
    const appProtocol = l.protocol === 'HTTP' ? 'http' : l.protocol === 'HTTPS' ? 'https' : 'tcp';
    byPort.set(l.port, { name: l.name, port: l.port, protocol: 'TCP', targetPort: l.port, appProtocol });
  }
  return [...byPort.values()];
}

export interface GatewayProxies {
  readonly workloads: readonly Workload[];
  readonly services: readonly Service[];
}

export function gatewayProxies(user: readonly KubeObject[]): GatewayProxies {
  const classes = user.filter((o): o is GatewayClass => o.kind === 'GatewayClass');
  const workloads: Workload[] = [];
  const services: Service[] = [];
  for (const gw of user.filter((o): o is Gateway => o.kind === 'Gateway')) {
    if (!classOf(gw, classes)) continue;
    const ports = servicePorts(gw);
    if (ports.length === 0) continue;
    const name = gatewayProxyName(gw);
    const ns = gw.metadata.namespace;
    const labels = { [GATEWAY_NAME_LABEL]: gw.metadata.name, [GATEWAY_CLASS_LABEL]: gw.spec.gatewayClassName };
    const selector = { [GATEWAY_NAME_LABEL]: gw.metadata.name };
    workloads.push(deploymentOf(name, ns, labels, 1, podSpecOf([{
      name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.26.0',
      ports: ports.map((p) => ({ name: p.name ?? '', containerPort: p.port, protocol: 'TCP' as const })),
    }]), selector));
    // spec.addresses asks for an address: the implementation requests it as the Service's LB IP.
    const wanted = gw.spec.addresses.find((a) => a.type === 'IPAddress' && parseIPv4(a.value) !== undefined)?.value;
    services.push(serviceOf(name, ns, labels, { type: 'LoadBalancer', selector, ports, ...(wanted ? { loadBalancerIP: wanted } : {}) }));
  }
  return { workloads, services };
}

/** The Service fronting `gw`'s proxy, when the cluster runs one. */
export function gatewayService(gw: Gateway, services: readonly ServiceState[]): ServiceState | undefined {
  return services.find((s) => s.system && s.namespace === gw.metadata.namespace && s.name === gatewayProxyName(gw));
}

/** Gateway.status.addresses: the proxy Service's LoadBalancer address(es). */
export function gatewayAddresses(gw: Gateway, services: readonly ServiceState[]): readonly string[] {
  return gatewayService(gw, services)?.loadBalancerIPs ?? [];
}

// Kubernetes objects as the parser hands them on: validated, defaulted as the API server
// defaults them, with only the fields that matter for networking. Field names follow the API.
import type { Diagnostic, SourceRange } from './diagnostic.ts';
import type { LabelSelector, Labels } from './labels.ts';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Where an object came from: its document, and the source range of every field path in it. */
export interface ObjectSource {
  readonly file?: string;
  readonly doc: number;
  /** The whole document. */
  readonly range: SourceRange;
  /** `spec.ports[0].targetPort` → range of that node (key + value). Paths as in Diagnostic.path. */
  readonly paths: Readonly<Record<string, SourceRange>>;
  /**
   * Set for an item of a List (`items[3]`): `paths` are relative to the item, so `paths['spec']`
   * works for every object; the item's paths in the document (and in Diagnostic.path) are
   * `items[3].spec…`.
   */
  readonly pathPrefix?: string;
}

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly controller: boolean;
}

export interface ObjectMeta {
  readonly name: string;
  /** '' for cluster-scoped kinds; defaulted to `default` for namespaced kinds. */
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly ownerReferences: readonly OwnerReference[];
}

interface Base<K extends string> {
  readonly kind: K;
  readonly apiVersion: string;
  readonly metadata: ObjectMeta;
  readonly source: ObjectSource;
}

// ---- core/v1 -------------------------------------------------------------

export type Namespace = Base<'Namespace'>;

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly hostPort?: number;
  readonly hostIP?: string;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports: readonly ContainerPort[];
}

export interface Toleration {
  readonly key?: string;
  readonly operator: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export type DnsPolicy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';

export interface PodDnsConfig {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly { readonly name: string; readonly value?: string }[];
}

export interface PodSpec {
  readonly nodeName?: string;
  readonly nodeSelector: Labels;
  readonly tolerations: readonly Toleration[];
  readonly hostNetwork: boolean;
  /** Defaulted to ClusterFirst. */
  readonly dnsPolicy: DnsPolicy;
  readonly dnsConfig?: PodDnsConfig;
  readonly hostname?: string;
  readonly subdomain?: string;
  /** spec.hostAliases: extra lines kubelet appends to the pod's /etc/hosts (absent when none). */
  readonly hostAliases?: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
  readonly containers: readonly Container[];
  readonly initContainers: readonly Container[];
}

export interface PodStatus {
  readonly podIP?: string;
  readonly podIPs: readonly string[];
  readonly hostIP?: string;
  /** From status.conditions Ready, or the `sim.kube-netsim.dev/ready` annotation; undefined = ready. */
  readonly ready?: boolean;
}

export interface Pod extends Base<'Pod'> {
  readonly spec: PodSpec;
  readonly status: PodStatus;
}

export interface PodTemplate {
  readonly metadata: { readonly labels: Labels; readonly annotations: Labels };
  readonly spec: PodSpec;
}

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

export interface Workload extends Base<WorkloadKind> {
  readonly spec: {
    /** Deployment/ReplicaSet/StatefulSet replicas (default 1); Job/CronJob parallelism (default 1); DaemonSet: ignored. */
    readonly replicas: number;
    /** For CronJob and Job the selector is derived from the template labels when absent. */
    readonly selector: LabelSelector;
    /** CronJob: jobTemplate.spec.template. */
    readonly template: PodTemplate;
    /** StatefulSet governing (headless) Service. */
    readonly serviceName?: string;
  };
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServicePort {
  readonly name?: string;
  readonly protocol: Protocol;
  readonly port: number;
  /** Defaulted to `port`. */
  readonly targetPort: number | string;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

export interface Service extends Base<'Service'> {
  readonly spec: {
    readonly type: ServiceType;
    /** undefined: a Service without a selector (endpoints managed by hand). */
    readonly selector?: Labels;
    readonly ports: readonly ServicePort[];
    /** Requested address; 'None' = headless; undefined = allocate. */
    readonly clusterIP?: string;
    readonly externalName?: string;
    readonly externalIPs: readonly string[];
    readonly externalTrafficPolicy: 'Cluster' | 'Local';
    readonly internalTrafficPolicy: 'Cluster' | 'Local';
    readonly sessionAffinity: 'None' | 'ClientIP';
    /** sessionAffinityConfig.clientIP.timeoutSeconds, default 10800. */
    readonly sessionAffinityTimeoutSeconds: number;
    readonly loadBalancerIP?: string;
    readonly loadBalancerSourceRanges: readonly string[];
    readonly loadBalancerClass?: string;
    readonly publishNotReadyAddresses: boolean;
    readonly healthCheckNodePort?: number;
  };
  readonly status: { readonly loadBalancer: { readonly ingress: readonly { readonly ip?: string; readonly hostname?: string }[] } };
}

export interface EndpointAddress {
  readonly ip: string;
  readonly hostname?: string;
  readonly nodeName?: string;
  readonly targetRef?: { readonly kind: string; readonly name: string; readonly namespace?: string };
}

export interface EndpointPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** Legacy core/v1 Endpoints, honoured for Services without a selector. */
export interface Endpoints extends Base<'Endpoints'> {
  readonly subsets: readonly {
    readonly addresses: readonly EndpointAddress[];
    readonly notReadyAddresses: readonly EndpointAddress[];
    readonly ports: readonly EndpointPort[];
  }[];
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Node extends Base<'Node'> {
  readonly spec: { readonly podCIDR?: string; readonly taints: readonly Taint[]; readonly unschedulable: boolean };
  readonly status: { readonly addresses: readonly { readonly type: string; readonly address: string }[] };
}

/** Only the name and type are kept; the data is dropped on parse. */
export interface Secret extends Base<'Secret'> {
  readonly type: string;
}

// ---- discovery.k8s.io/v1 --------------------------------------------------

export interface EndpointSlice extends Base<'EndpointSlice'> {
  readonly addressType: 'IPv4' | 'IPv6' | 'FQDN';
  readonly endpoints: readonly {
    readonly addresses: readonly string[];
    readonly conditions: { readonly ready?: boolean; readonly serving?: boolean; readonly terminating?: boolean };
    readonly hostname?: string;
    readonly nodeName?: string;
    readonly zone?: string;
    readonly targetRef?: { readonly kind: string; readonly name: string; readonly namespace?: string };
  }[];
  readonly ports: readonly { readonly name?: string; readonly port?: number; readonly protocol: Protocol }[];
}

// ---- networking.k8s.io/v1 -------------------------------------------------

export interface NetworkPolicyPort {
  /** Defaulted to TCP. */
  readonly protocol: Protocol;
  /** Number, or a named container port; undefined = every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except: readonly string[] };
}

/** `from`/`to`/`ports` undefined means "all" (absent or empty in the YAML: the API treats both alike). */
export interface NetworkPolicyIngressRule {
  readonly from?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  readonly to?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicy extends Base<'NetworkPolicy'> {
  readonly spec: {
    readonly podSelector: LabelSelector;
    /** Defaulted as the API server does (NETPOL.md 2). */
    readonly policyTypes: readonly ('Ingress' | 'Egress')[];
    readonly ingress: readonly NetworkPolicyIngressRule[];
    readonly egress: readonly NetworkPolicyEgressRule[];
  };
}

export interface ServiceBackendPort {
  readonly number?: number;
  readonly name?: string;
}

export interface IngressBackend {
  readonly service?: { readonly name: string; readonly port: ServiceBackendPort };
  readonly resource?: { readonly apiGroup?: string; readonly kind: string; readonly name: string };
}

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface Ingress extends Base<'Ingress'> {
  readonly spec: {
    readonly ingressClassName?: string;
    readonly defaultBackend?: IngressBackend;
    readonly tls: readonly { readonly hosts: readonly string[]; readonly secretName?: string }[];
    readonly rules: readonly {
      readonly host?: string;
      readonly http?: { readonly paths: readonly { readonly path: string; readonly pathType: PathType; readonly backend: IngressBackend }[] };
    }[];
  };
}

export interface IngressClass extends Base<'IngressClass'> {
  readonly spec: { readonly controller: string };
  /** From the `ingressclass.kubernetes.io/is-default-class` annotation. */
  readonly isDefault: boolean;
}

// ---- gateway.networking.k8s.io/v1 -----------------------------------------

export interface GatewayClass extends Base<'GatewayClass'> {
  readonly spec: { readonly controllerName: string };
}

export interface GatewayListener {
  readonly name: string;
  readonly hostname?: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP';
  readonly tls?: { readonly mode: 'Terminate' | 'Passthrough'; readonly certificateRefs: readonly { readonly name: string; readonly namespace?: string }[] };
  /** allowedRoutes.namespaces.from, default Same. */
  readonly allowedNamespaces: 'Same' | 'All' | 'Selector';
  readonly allowedNamespaceSelector?: LabelSelector;
}

export interface Gateway extends Base<'Gateway'> {
  readonly spec: {
    readonly gatewayClassName: string;
    readonly listeners: readonly GatewayListener[];
    readonly addresses: readonly { readonly type: string; readonly value: string }[];
  };
}

export interface HTTPRouteMatch {
  /** Defaulted to PathPrefix `/`. */
  readonly path: { readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression'; readonly value: string };
  readonly headers: readonly { readonly type: 'Exact' | 'RegularExpression'; readonly name: string; readonly value: string }[];
  readonly queryParams: readonly { readonly type: 'Exact' | 'RegularExpression'; readonly name: string; readonly value: string }[];
  readonly method?: string;
}

export interface HTTPRoute extends Base<'HTTPRoute'> {
  readonly spec: {
    readonly parentRefs: readonly { readonly name: string; readonly namespace?: string; readonly sectionName?: string; readonly port?: number }[];
    readonly hostnames: readonly string[];
    readonly rules: readonly {
      /** Defaulted to one PathPrefix `/` match. */
      readonly matches: readonly HTTPRouteMatch[];
      readonly backendRefs: readonly { readonly name: string; readonly namespace?: string; readonly port?: number; readonly weight: number; readonly kind: string }[];
    }[];
  };
}

/** gateway.networking.k8s.io/v1beta1: lets objects of `from` in other namespaces reference objects of `to` in this one. */
export interface ReferenceGrant extends Base<'ReferenceGrant'> {
  readonly spec: {
    readonly from: readonly { readonly group: string; readonly kind: string; readonly namespace: string }[];
    /** `name` absent: every object of the kind. */
    readonly to: readonly { readonly group: string; readonly kind: string; readonly name?: string }[];
  };
}

// ---- simulator-only kinds (apiVersion sim.kube-netsim.dev/v1alpha1) -------

export const SIM_API_VERSION = 'sim.kube-netsim.dev/v1alpha1';

export type CniPlugin = 'flannel' | 'calico' | 'cilium';
/** flannel: vxlan|host-gw|wireguard; calico: ipip|vxlan|bgp|wireguard; cilium: vxlan|geneve|native|wireguard. */
export type CniMode = 'vxlan' | 'host-gw' | 'wireguard' | 'ipip' | 'bgp' | 'geneve' | 'native';
/** `replacement` = the CNI's own kube-proxy replacement (Cilium). */
export type ProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'replacement';

export const cniModes: Readonly<Record<CniPlugin, readonly CniMode[]>> = {
  flannel: ['vxlan', 'host-gw', 'wireguard'],
  calico: ['ipip', 'vxlan', 'bgp', 'wireguard'],
  cilium: ['vxlan', 'geneve', 'native', 'wireguard'],
};

export interface ClusterNodeSpec {
  readonly name: string;
  readonly role: 'control-plane' | 'worker';
  readonly zone?: string;
  /** eth0 / InternalIP; allocated from the node network when absent. */
  readonly address?: string;
  readonly labels: Labels;
  readonly taints?: readonly Taint[];
}

/** The scenario's cluster settings; every field optional, defaults in DESIGN.md "Defaults". */
export interface ClusterConfig extends Base<'Cluster'> {
  readonly spec: {
    readonly cni?: { readonly plugin?: CniPlugin; readonly mode?: CniMode; readonly networkPolicy?: boolean };
    readonly kubeProxy?: { readonly mode?: ProxyMode };
    readonly podCIDR?: string;
    readonly serviceCIDR?: string;
    readonly nodeCIDRMaskSize?: number;
    readonly clusterDomain?: string;
    readonly nodes?: readonly ClusterNodeSpec[];
    /** `first-last`, e.g. 172.16.0.200-172.16.0.250. */
    readonly loadBalancerPool?: string;
  };
}

export type FlowProtocol = Protocol | 'ICMP';

/** How a flow ends; `expect` in a Flow uses the same words. */
export type FlowVerdict = 'delivered' | 'dropped' | 'rejected' | 'nxdomain' | 'not-found' | 'unavailable' | 'unreachable';

export interface Flow extends Base<'Flow'> {
  readonly spec: {
    /** A reference as in the CLI contract: `pod`, `ns/pod`, `deploy/web`, `ns/svc/web`, `external`, `external:IP`. */
    readonly from: string;
    /** What a person would type: `curl http://web.shop:8080/api`, `nc -u 10.96.0.10 53`, `ping 10.244.2.7`, `nslookup db`. */
    readonly command?: string;
    /** Structured alternative to `command`: a URL, HOST:PORT, IP:PORT, host/IP or reference. */
    readonly to?: string;
    readonly port?: number;
    readonly protocol?: FlowProtocol;
    readonly expect?: FlowVerdict;
  };
}

export type KubeObject =
  | Namespace | Pod | Workload | Service | Endpoints | Node | Secret | EndpointSlice
  | NetworkPolicy | Ingress | IngressClass | GatewayClass | Gateway | HTTPRoute | ReferenceGrant
  | ClusterConfig | Flow;

export type Kind = KubeObject['kind'];

/** `Service shop/web`, `Node node-1`: how diagnostics and explanations name objects. */
export function objectName(o: { readonly kind: string; readonly metadata: { readonly name: string; readonly namespace: string } }): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

export interface SourceText {
  /** File path (CLI) or a label (`scenario.yaml` in the editor). */
  readonly name?: string;
  readonly text: string;
}

export interface ParseResult {
  readonly objects: readonly KubeObject[];
  readonly diagnostics: readonly Diagnostic[];
}

// ClusterState: what a real control plane would have produced from the objects, as immutable
// data the engine walks and the UI shows (DESIGN.md "Core contracts").
import type { Diagnostic } from './diagnostic.ts';
import type { Labels, LabelSelector } from './labels.ts';
import type {
  CniMode, CniPlugin, Container, Flow, Gateway, GatewayClass, HTTPRoute, Ingress, IngressClass, ReferenceGrant,
  NetworkPolicy, ObjectSource, Protocol, ProxyMode, Secret, ServicePort, ServiceType, Taint, WorkloadKind,
} from './objects.ts';

export interface ClusterSettings {
  readonly cni: { readonly plugin: CniPlugin; readonly mode: CniMode; readonly networkPolicy: boolean };
  readonly proxyMode: ProxyMode;
  readonly podCIDR: string;
  readonly serviceCIDR: string;
  /** Per-node pod CIDR mask (flannel/kube-controller-manager /24); Calico uses /26 blocks instead. */
  readonly nodeCIDRMaskSize: number;
  readonly clusterDomain: string;
  readonly nodePortRange: { readonly min: number; readonly max: number };
  readonly loadBalancerPool: { readonly first: string; readonly last: string };
  /** kube-dns ClusterIP (10th address of the Service CIDR). */
  readonly dnsServiceIP: string;
  /** The node's resolv.conf: upstream resolver in the simulated outside world, and search list. */
  readonly nodeResolvConf: ResolvConf;
  readonly mtu: number;
  /** Where the settings came from: the scenario's Cluster object, or the built-in defaults. */
  readonly source?: ObjectSource;
}

/** An object of the cluster: `kind`, namespace ('' when cluster-scoped) and name. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export type InterfaceKind = 'physical' | 'loopback' | 'bridge' | 'veth' | 'vxlan' | 'geneve' | 'ipip' | 'wireguard' | 'dummy';

export interface NetInterface {
  readonly name: string;
  readonly kind: InterfaceKind;
  readonly mac?: string;
  /** In CIDR form, `10.244.1.1/24`. */
  readonly addresses: readonly string[];
  readonly mtu: number;
  /** Bridge this interface is enslaved to (veth in cni0). */
  readonly master?: string;
  /** veth: the pod at the other end (`ns/name`). */
  readonly peerPod?: string;
  /** Tunnels: VNI and UDP port (VXLAN/Geneve), listen port (WireGuard). */
  readonly vni?: number;
  readonly port?: number;
  /** Sysctls / flags a student should see: `proxy_arp=1`, `hairpin`, `learning off`. */
  readonly flags: readonly string[];
}

export interface Route {
  /** `default` or a CIDR. */
  readonly dst: string;
  readonly via?: string;
  readonly dev?: string;
  readonly src?: string;
  readonly scope?: 'link' | 'host';
  readonly onlink?: boolean;
  readonly proto?: 'kernel' | 'static' | 'bird' | 'boot';
  readonly type?: 'unicast' | 'blackhole' | 'local';
}

export interface Neighbour {
  readonly ip: string;
  readonly mac: string;
  readonly dev: string;
  readonly permanent: boolean;
}

export interface FdbEntry {
  readonly mac: string;
  readonly dev: string;
  /** Remote VTEP (node address). */
  readonly dst: string;
}

/** Matches of one iptables rule, as data the engine evaluates. */
export interface RuleMatch {
  readonly protocol?: Protocol;
  readonly source?: string;
  readonly notSource?: string;
  readonly destination?: string;
  /** `! -d 224.0.0.0/4`. */
  readonly notDestination?: string;
  readonly dport?: number;
  /** `-m multiport --dports 8080,8443` (the CNI portmap plugin's hostPort dispatch). */
  readonly dports?: readonly number[];
  /** `-m addrtype --dst-type LOCAL`. */
  readonly dstTypeLocal?: boolean;
  /** `-m statistic --mode random --probability p`. */
  readonly probability?: number;
  /** `-m recent --rcheck/--set --name <chain>` (sessionAffinity ClientIP). */
  readonly recent?: { readonly op: 'set' | 'rcheck'; readonly name: string; readonly seconds?: number };
  /** `-m mark ! --mark 0x4000/0x4000` → `{ mark: 0x4000, negate: true }`. */
  readonly mark?: { readonly value: number; readonly negate: boolean };
  /** `-m addrtype --src-type LOCAL` (traffic from the node itself). */
  readonly srcTypeLocal?: boolean;
  /** `-m conntrack --ctstate NEW` / `RELATED,ESTABLISHED` / `INVALID`. */
  readonly ctstate?: readonly ('NEW' | 'RELATED' | 'ESTABLISHED' | 'INVALID')[];
  /** IPVS mode: `-m set --match-set KUBE-CLUSTER-IP dst,dst` (ipset name and direction flags). */
  readonly set?: { readonly name: string; readonly flags: string };
}

export interface IptablesRule {
  readonly match: RuleMatch;
  /** A chain name or a built-in target: DNAT, MARK, MASQUERADE, RETURN, REJECT, DROP, ACCEPT. */
  readonly jump: string;
  /** DNAT `--to-destination ip:port`; MARK `--or-mark`/`--xor-mark` value. */
  readonly toDestination?: string;
  readonly markOr?: number;
  readonly markXor?: number;
  /** MASQUERADE `--random-fully` (fully randomised source ports). */
  readonly randomFully?: boolean;
  readonly comment?: string;
  /** The Service (and endpoint pod) this rule was generated for. */
  readonly service?: ObjectRef;
  readonly endpoint?: ObjectRef;
}

export interface IptablesChain {
  readonly table: 'nat' | 'filter';
  readonly name: string;
  readonly rules: readonly IptablesRule[];
}

export interface IpvsVirtualServer {
  readonly address: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly scheduler: 'rr';
  /** sessionAffinity ClientIP: `ipvsadm -p <timeout>` persistence (per client IP). */
  readonly persistenceTimeout?: number;
  readonly realServers: readonly { readonly address: string; readonly port: number; readonly weight: number; readonly pod?: ObjectRef }[];
  readonly service: ObjectRef;
}

/** kube-proxy's programming of one node. iptables/nftables render the same logic; ipvs adds virtual servers. */
export type ProxyRules =
  | { readonly mode: 'iptables' | 'nftables'; readonly chains: readonly IptablesChain[] }
  | { readonly mode: 'ipvs'; readonly chains: readonly IptablesChain[]; readonly virtualServers: readonly IpvsVirtualServer[]; readonly ipsets: Readonly<Record<string, readonly string[]>> }
  | { readonly mode: 'replacement' };

export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly options: readonly { readonly name: string; readonly value?: string }[];
}

export interface NodeState {
  readonly name: string;
  readonly role: 'control-plane' | 'worker';
  readonly zone?: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  /** InternalIP, on eth0. */
  readonly address: string;
  /** node.spec.podCIDR (flannel/Cilium per-node range); Calico's /26 blocks are in ipamBlocks. */
  readonly podCIDR: string;
  readonly ipamBlocks: readonly string[];
  readonly interfaces: readonly NetInterface[];
  readonly routes: readonly Route[];
  readonly neighbours: readonly Neighbour[];
  readonly fdb: readonly FdbEntry[];
  readonly proxy: ProxyRules;
  readonly resolvConf: ResolvConf;
  /** Defined by a Node object or the Cluster object, or built in. */
  readonly source?: ObjectSource;
}

export interface NamespaceState {
  readonly name: string;
  /** Includes `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  readonly system: boolean;
  /** Undefined when created implicitly (referenced but not defined) or built in. */
  readonly source?: ObjectSource;
}

export interface PodState {
  readonly namespace: string;
  readonly name: string;
  /** `ns/name`. */
  readonly id: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** undefined while Pending (no node fits). */
  readonly nodeName?: string;
  readonly phase: 'Running' | 'Pending';
  /** undefined while Pending. For hostNetwork pods the node's address. */
  readonly ip?: string;
  readonly hostNetwork: boolean;
  readonly ready: boolean;
  readonly containers: readonly Container[];
  readonly hostname: string;
  readonly subdomain?: string;
  /** spec.hostAliases, for the pod's /etc/hosts (absent when none). */
  readonly hostAliases?: readonly { readonly ip: string; readonly hostnames: readonly string[] }[];
  /** The pod's own eth0, and the host-side peer (vethXXXXXXXX / caliXXXXXXXXXXX / lxcXXXXXXXXXXXX). */
  readonly eth0?: NetInterface;
  readonly hostVeth?: NetInterface;
  readonly routes: readonly Route[];
  readonly resolvConf: ResolvConf;
  /** The controller that made it: `{kind: 'ReplicaSet', name: 'web-7d4b9c6f5d'}`… */
  readonly owner?: ObjectRef;
  /** The workload it belongs to (Deployment, not its ReplicaSet). */
  readonly workload?: ObjectRef;
  /** Simulated system pod (CoreDNS, ingress controller, API server). */
  readonly system: boolean;
  /** The Pod's own document, or its workload's template. */
  readonly source?: ObjectSource;
}

export interface WorkloadState {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly selector: LabelSelector;
  /** Pod ids (`ns/name`) in creation order. */
  readonly pods: readonly string[];
  readonly system: boolean;
  readonly source?: ObjectSource;
}

export interface EndpointState {
  readonly ip: string;
  readonly pod?: string;
  readonly nodeName?: string;
  readonly zone?: string;
  readonly hostname?: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

export interface EndpointSliceState {
  readonly name: string;
  readonly addressType: 'IPv4';
  /** Resolved target ports for the endpoints of this slice (named targetPorts may differ per pod). */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: Protocol }[];
  readonly endpoints: readonly EndpointState[];
}

export interface ServiceState {
  readonly namespace: string;
  readonly name: string;
  readonly id: string;
  readonly type: ServiceType;
  readonly headless: boolean;
  /** undefined for headless and ExternalName. */
  readonly clusterIP?: string;
  /** ports with nodePort filled in for NodePort/LoadBalancer. */
  readonly ports: readonly ServicePort[];
  readonly selector?: Labels;
  readonly externalName?: string;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  readonly sessionAffinity: 'None' | 'ClientIP';
  readonly sessionAffinityTimeoutSeconds: number;
  readonly publishNotReadyAddresses: boolean;
  readonly healthCheckNodePort?: number;
  readonly endpointSlices: readonly EndpointSliceState[];
  readonly labels: Labels;
  readonly system: boolean;
  readonly source?: ObjectSource;
}

export type DnsRecord =
  | { readonly type: 'A'; readonly name: string; readonly address: string }
  | { readonly type: 'SRV'; readonly name: string; readonly port: number; readonly target: string; readonly priority: number; readonly weight: number }
  | { readonly type: 'CNAME'; readonly name: string; readonly target: string }
  | { readonly type: 'PTR'; readonly name: string; readonly target: string }
  | { readonly type: 'TXT'; readonly name: string; readonly text: string };

export interface DnsZone {
  readonly domain: string;
  /** CoreDNS `pods` mode; kubeadm's Corefile says `insecure`. */
  readonly podsMode: 'insecure' | 'verified' | 'disabled';
  readonly ttl: number;
  /** Names are lower-case FQDNs without the trailing dot. */
  readonly records: readonly DnsRecord[];
  /**
   * Namespaces CoreDNS knows. `<ns>.svc.<domain>` is NODATA (not NXDOMAIN) and `pods insecure`
   * answers `a-b-c-d.<ns>.pod.<domain>` only for an existing namespace. Undefined: any namespace.
   */
  readonly namespaces?: readonly string[];
}

/** The simulated internet on documentation ranges, and its DNS. */
export interface OutsideWorld {
  readonly defaultClient: string;
  readonly upstreamDNS: string;
  /** Public names the upstream resolver answers; all others are NXDOMAIN. */
  readonly hosts: Readonly<Record<string, string>>;
}

export interface ClusterIndex {
  readonly podById: ReadonlyMap<string, PodState>;
  /** Pod network IPs only (hostNetwork pods share their node's IP and are not in here). */
  readonly podByIp: ReadonlyMap<string, PodState>;
  readonly serviceById: ReadonlyMap<string, ServiceState>;
  readonly serviceByClusterIP: ReadonlyMap<string, ServiceState>;
  readonly nodeByName: ReadonlyMap<string, NodeState>;
  readonly nodeByAddress: ReadonlyMap<string, NodeState>;
  readonly namespaceByName: ReadonlyMap<string, NamespaceState>;
  readonly podsByNode: ReadonlyMap<string, readonly PodState[]>;
}

export interface ClusterState {
  readonly settings: ClusterSettings;
  readonly nodes: readonly NodeState[];
  readonly namespaces: readonly NamespaceState[];
  readonly workloads: readonly WorkloadState[];
  readonly pods: readonly PodState[];
  readonly services: readonly ServiceState[];
  readonly policies: readonly NetworkPolicy[];
  readonly ingresses: readonly Ingress[];
  readonly ingressClasses: readonly IngressClass[];
  readonly gatewayClasses: readonly GatewayClass[];
  readonly gateways: readonly Gateway[];
  readonly httpRoutes: readonly HTTPRoute[];
  readonly referenceGrants: readonly ReferenceGrant[];
  readonly secrets: readonly Secret[];
  readonly flows: readonly Flow[];
  readonly dns: DnsZone;
  readonly outside: OutsideWorld;
  /** Cross-object findings of the build (selector matches nothing, nodePort taken, …). */
  readonly diagnostics: readonly Diagnostic[];
  readonly index: ClusterIndex;
}

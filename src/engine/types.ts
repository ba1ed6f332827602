// The engine's contract (DESIGN.md "Core contracts"): a Trace is named phases of hops; every hop
// says where it happened, what it did, the whole packet after it, and the rules behind it.
import type { SourceRange } from '../model/diagnostic.ts';
import type { ObjectRef } from '../model/cluster.ts';
import type { FlowProtocol, FlowVerdict, Protocol } from '../model/objects.ts';

// ---- packets: a header stack, outermost first ------------------------------

export interface EthernetLayer {
  readonly type: 'ethernet';
  readonly src: string;
  readonly dst: string;
}

export interface IPv4Layer {
  readonly type: 'ipv4';
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  /** IP protocol of the payload: 4 = IP-in-IP. */
  readonly protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'IPIP';
  readonly df: boolean;
}

export interface TcpLayer { readonly type: 'tcp'; readonly sport: number; readonly dport: number; readonly flags: string }
export interface UdpLayer { readonly type: 'udp'; readonly sport: number; readonly dport: number }
export interface SctpLayer { readonly type: 'sctp'; readonly sport: number; readonly dport: number }
export interface IcmpLayer {
  readonly type: 'icmp';
  readonly icmpType: 'echo-request' | 'echo-reply' | 'port-unreachable' | 'host-unreachable';
  readonly id?: number;
  readonly seq?: number;
}

/** Encapsulation headers between the outer UDP/IP and the inner packet. */
export interface VxlanLayer { readonly type: 'vxlan'; readonly vni: number }
export interface GeneveLayer { readonly type: 'geneve'; readonly vni: number }
/** WireGuard transport data: the inner packet is encrypted (shown for teaching). */
export interface WireGuardLayer { readonly type: 'wireguard'; readonly receiverIndex: number }

export interface HttpLayer {
  readonly type: 'http';
  readonly method?: string;
  readonly host?: string;
  readonly path?: string;
  readonly status?: number;
  readonly headers: Readonly<Record<string, string>>;
  /** TLS: the request is inside TLS from the client to the terminating proxy. */
  readonly tls: boolean;
}

export interface DnsLayer {
  readonly type: 'dns';
  readonly id: number;
  readonly query: string;
  readonly qtype: 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT';
  readonly response: boolean;
  readonly rcode?: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  readonly answers: readonly string[];
  /** TC bit: the answer did not fit in a 512-byte UDP message, so the client asks again over TCP. */
  readonly truncated?: boolean;
}

export type Layer =
  | EthernetLayer | IPv4Layer | TcpLayer | UdpLayer | SctpLayer | IcmpLayer
  | VxlanLayer | GeneveLayer | WireGuardLayer | HttpLayer | DnsLayer;

/** The full header stack after a hop, outermost first (outer Ethernet/IP/UDP/VXLAN, then the inner packet). */
export interface PacketSnapshot {
  readonly layers: readonly Layer[];
}

// ---- where things happen ---------------------------------------------------

/**
 * Stable ids of the elements a hop can be at; the graph uses the same ids:
 * `node:node-1`, `iface:node-1/cni0`, `pod:shop/web-7d4b9c6f5d-x2kqp`, `svc:shop/web`,
 * `external:203.0.113.7`, `underlay`, `lb:172.16.0.200`, `internet`.
 */
export type ElementId = string;

export type Component =
  | 'pod-netns' | 'veth' | 'bridge' | 'routing' | 'netfilter' | 'conntrack' | 'ipvs' | 'ebpf'
  | 'tunnel' | 'underlay' | 'coredns' | 'upstream-dns' | 'ingress-controller' | 'gateway-proxy'
  | 'load-balancer' | 'external' | 'application';

/** What a hop's decision rests on, with a link back to the YAML or the node's generated rules. */
export interface RuleRef {
  readonly kind: 'NetworkPolicy' | 'iptables' | 'nftables' | 'ipvs' | 'ebpf' | 'route' | 'neighbour' | 'fdb' | 'conntrack'
    | 'Service' | 'EndpointSlice' | 'Ingress' | 'HTTPRoute' | 'Gateway' | 'ReferenceGrant' | 'dns' | 'resolv.conf' | 'Pod' | 'Cluster';
  /** The object behind it, when there is one. */
  readonly object?: ObjectRef;
  /** 1-based rule number (NetworkPolicy ingress/egress rule, iptables rule in its chain). */
  readonly rule?: number;
  /** The rule as a person reads it: `-A KUBE-SVC-… -m statistic … -j KUBE-SEP-…`, `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`. */
  readonly text: string;
  /** Source range in the user's YAML, when the rule comes from it. */
  readonly range?: SourceRange;
}

export type HopVerdict = 'pass' | 'nat' | 'encap' | 'decap' | 'deliver' | 'drop' | 'reject' | 'answer';

export interface Hop {
  readonly at: ElementId;
  /** The node it happened on, if any. */
  readonly node?: string;
  readonly component: Component;
  /** Interface or hook: `eth0`, `cni0`, `nat PREROUTING`, `filter FORWARD`. */
  readonly where: string;
  /** What happened, in a sentence a student understands. */
  readonly action: string;
  readonly packet: PacketSnapshot;
  readonly verdict: HopVerdict;
  readonly because: readonly RuleRef[];
}

export type PhaseKind = 'dns' | 'request' | 'reply' | 'proxy-request' | 'proxy-reply' | 'icmp';

export interface Phase {
  /** `DNS query 1: backend.shop.svc.cluster.local A (UDP)`, `connect`, `reply`, `proxy → backend`. */
  readonly name: string;
  readonly kind: PhaseKind;
  readonly hops: readonly Hop[];
}

// ---- flows and traces --------------------------------------------------------

/** A flow as the engine runs it: resolved from a Flow object, a CLI line or the UI pickers. */
export interface FlowSpec {
  /** Reference as in the CLI contract: `ns/pod`, `deploy/web`, `external`, `external:IP`. */
  readonly from: string;
  /** URL, HOST:PORT, IP:PORT, host/IP, or reference. */
  readonly to: string;
  readonly port?: number;
  readonly protocol: FlowProtocol;
  /** `nslookup`: only the DNS part. */
  readonly lookupOnly?: boolean;
  /** HTTP request details when the flow is a curl. */
  /** `headers`: extra request headers (curl -H), which HTTPRoute header matches can see. */
  readonly http?: { readonly method: string; readonly path: string; readonly host?: string; readonly tls: boolean; readonly headers?: Readonly<Record<string, string>> };
  /** curl `--resolve HOST:PORT:ADDRESS`: connect to ADDRESS for HOST:PORT without asking DNS (Host header and SNI stay HOST). */
  readonly resolve?: { readonly host: string; readonly port: number; readonly address: string };
  /**
   * Lookups: the server asked (`nslookup NAME SERVER`, `dig @SERVER`) instead of resolv.conf's nameserver,
   * the record type, and whether the search list applies (`dig` does not search unless `+search`).
   */
  readonly dns?: {
    readonly server?: string; readonly qtype?: DnsLayer['qtype']; readonly search?: boolean;
    /** `getent hosts`: the libc resolver reads /etc/hosts before DNS (nsswitch `hosts: files dns`). */
    readonly files?: boolean;
  };
}

export interface TraceOptions {
  /** Seed for every random choice (endpoint pick, source port). */
  readonly seed: number;
}

export interface Trace {
  readonly flow: FlowSpec;
  readonly phases: readonly Phase[];
  readonly verdict: FlowVerdict;
  /** Why it ended so, in a sentence naming the deciding rule. */
  readonly reason: string;
  /** The serving pod, when one got the request. */
  readonly servedBy?: string;
  readonly protocol?: Protocol | 'ICMP';
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

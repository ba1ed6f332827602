// A terminating L7 proxy's second connection (DATAPATH §7.1, §7.2, §7.4), shared by the ingress
// controller (trace-ingress.ts) and the Gateway API proxy (trace-gateway.ts): the proxy picks a
// ready endpoint of the backend Service itself (pod IP:port, not the ClusterIP), opens a new TCP
// connection to it from its own pod, and the backend answers over that connection. The backend,
// and its NetworkPolicy, see the proxy pod as the source (NETPOL.md 17).
import type { ClusterState, EndpointState, PodState, ServiceState } from '../model/cluster.ts';
import type { FlowVerdict, ServicePort } from '../model/objects.ts';
import type { ConntrackTable } from './conntrack.ts';
import { send } from './datapath.ts';
import type { Rng } from './random.ts';
import { capital, ephemeralPort, hop, lastPacket, reversed } from './trace-hops.ts';
import { podListener } from './trace-listen.ts';
import type { Hop, HttpLayer, Phase } from './types.ts';

export interface ProxyResult {
  readonly phases: readonly Phase[];
  readonly verdict: FlowVerdict;
  readonly reason: string;
  readonly servedBy?: string;
}

export function servicePortOf(svc: ServiceState, port: { readonly number?: number; readonly name?: string }): ServicePort | undefined {
  return svc.ports.find((p) => (port.number !== undefined ? p.port === port.number : p.name === port.name));
}

/** Ready endpoints of the Service port, each with its resolved target port. */
export function upstreams(svc: ServiceState, sp: ServicePort): { ep: EndpointState; port: number }[] {
  return svc.endpointSlices.flatMap((slice) => {
    const p = slice.ports.find((x) => x.name === (sp.name ?? '') && x.protocol === sp.protocol) ?? (slice.ports.length === 1 ? slice.ports[0] : undefined);
    return p ? slice.endpoints.filter((e) => e.ready).map((ep) => ({ ep, port: p.port })) : [];
  });
}

/** A proxy's answer without a second connection (404, 500, 503): one hop at the proxy, then the end. */
export function proxyAnswers(decision: Hop, verdict: FlowVerdict, reason: string): ProxyResult {
  return { phases: [{ name: 'proxy → backend', kind: 'proxy-request', hops: [decision] }], verdict, reason };
}

export interface SecondConnection {
  readonly proxy: PodState;
  /** The proxy as a sentence's subject (`the ingress controller (ingress-nginx)`), in an HTTP status line (`ingress-nginx`), as a source (`the controller pod`). */
  readonly name: string;
  readonly short: string;
  readonly role: string;
  /** What it matched, for the verdict: `rule 1 path 2 (…) of Ingress shop/web`. */
  readonly matched: string;
  /** The hop at the proxy where it decided (matching, endpoint choice); the connection's first hop. */
  readonly decision: Hop;
  readonly upstream: HttpLayer;
  readonly endpoint: { readonly ip: string; readonly port: number };
  /** The client address the proxy saw, as it tells the backend (X-Forwarded-For). */
  readonly forwardedFor: string;
  readonly ct: ConntrackTable;
  readonly rng: Rng;
}

export function secondConnection(state: ClusterState, c: SecondConnection): ProxyResult {
  const { proxy, rng, endpoint } = c;
  const tuple = { protocol: 'TCP' as const, src: proxy.ip ?? '', sport: ephemeralPort(rng), dst: endpoint.ip, dport: endpoint.port };
  const out = send(state, { from: { kind: 'pod', pod: proxy }, tuple, payload: c.upstream, ct: c.ct, rng, reply: false });
  const phases: Phase[] = [];
  if (out.outcome !== 'delivered') {
    phases.push({ name: 'proxy → backend', kind: 'proxy-request', hops: [c.decision, ...out.hops] });
    const verdict: FlowVerdict = out.outcome === 'dropped' ? 'dropped' : out.outcome === 'rejected' ? 'rejected' : 'unreachable';
    const why = out.reason.length > 0 ? out.reason[0]!.toLowerCase() + out.reason.slice(1) : out.reason;
    return { phases, verdict, reason: `${c.name} matched ${c.matched}, but its own connection to ${endpoint.ip}:${endpoint.port} failed: ${why}` };
  }
  const at = out.receivedBy;
  const backendPod = at?.kind === 'pod' ? at.pod : undefined;
  const listener = backendPod ? podListener(backendPod, out.tuple.dport, 'TCP') : undefined;
  if (!backendPod || !listener || listener.kind !== 'pod') {
    phases.push({ name: 'proxy → backend', kind: 'proxy-request', hops: [c.decision, ...out.hops] });
    return { phases, verdict: 'unavailable', reason: `HTTP 502 from ${c.short}: nothing listens on ${endpoint.ip}:${endpoint.port} (connection refused), so the proxy answers Bad Gateway.` };
  }
  const appHop = hop({
    at: `pod:${backendPod.id}`, node: backendPod.nodeName, component: 'application', where: `container ${listener.container ?? ''} TCP :${out.tuple.dport}`.replace('  ', ' '),
    action: `${capital(listener.what)}: it accepts the proxied request (source ${tuple.src}, ${c.role}; X-Forwarded-For ${c.forwardedFor})`,
    packet: lastPacket(out.hops), verdict: 'deliver', because: listener.because,
  });
  phases.push({ name: 'proxy → backend', kind: 'proxy-request', hops: [c.decision, ...out.hops, appHop] });
  const back = send(state, { from: { kind: 'pod', pod: backendPod }, tuple: reversed(out.tuple), ct: out.ct, rng, reply: true });
  phases.push({ name: 'proxy reply', kind: 'proxy-reply', hops: back.hops });
  return {
    phases, verdict: 'delivered', servedBy: backendPod.id,
    reason: `${c.name} matched ${c.matched} and proxied the request to pod ${backendPod.id} (${endpoint.ip}:${endpoint.port}) over a new connection from its own pod; ${listener.what}.`,
  };
}

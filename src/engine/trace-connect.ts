// The connection of a trace: the first packet (TCP SYN, the UDP datagram, SCTP INIT, ICMP echo
// request) from the client to the address it resolved, through `send`; what the receiving end does
// with it (a listening socket answers, a closed port refuses, the simulated internet stays silent);
// and the answer back through `send` as a reply, so conntrack reverses every NAT on the way
// (DATAPATH §4.3 R1–R3, §4.7).
import type { ClusterState, PodState, ResolvConf } from '../model/cluster.ts';
import type { FlowProtocol, FlowVerdict } from '../model/objects.ts';
import { ipInCidr } from '../model/ip.ts';
import type { ConntrackTable } from './conntrack.ts';
import { send, type Place, type SendOutput } from './datapath.ts';
import type { Rng } from './random.ts';
import type { IpClass } from './endpoints.ts';
import { externalIpEntry, loadBalancerLeader } from './trace-entry.ts';
import { ciliumNoServicePhase, icmpError, nodeErrorSource } from './trace-icmp.ts';
import { gatewayOf, proxyGateway, unservedGateway } from './trace-gateway.ts';
import { isIngressNginx, proxyToBackend } from './trace-ingress.ts';
import { capital, ephemeralPort, hop, httpRequest, lastPacket, reversed, socketPacket } from './trace-hops.ts';
import { declaredPorts, nodeListener, outsideListener, podListener, type Listener } from './trace-listen.ts';
import type { FlowSpec, Hop, Phase, PhaseKind } from './types.ts';

export interface Client {
  readonly place: Place;
  readonly ip: string;
  readonly label: string;
  /** Undefined for clients outside the cluster: they ask the internet's resolver directly. */
  readonly resolvConf?: ResolvConf;
  readonly pod?: PodState;
}

export interface ConnectInput {
  readonly client: Client;
  readonly dst: string;
  readonly port: number | undefined;
  readonly protocol: FlowProtocol;
  readonly flow: FlowSpec;
  /** The name the client typed, when it resolved one (curl's Host header). */
  readonly hostName: string | undefined;
  readonly kind: IpClass;
  readonly ct: ConntrackTable;
  readonly rng: Rng;
}

export interface ConnectResult {
  readonly phases: readonly Phase[];
  readonly verdict: FlowVerdict;
  readonly reason: string;
  readonly servedBy?: string;
}

const firstPacket: Readonly<Record<FlowProtocol, string>> = { TCP: 'TCP SYN', UDP: 'UDP datagram', SCTP: 'SCTP INIT', ICMP: 'ICMP echo request' };
const answerPacket: Readonly<Record<FlowProtocol, string>> = { TCP: 'SYN-ACK', UDP: 'UDP answer', SCTP: 'INIT-ACK', ICMP: 'echo reply' };

/** A hop's sentence continued mid-sentence: "The CNI portmap plugin …" → "the CNI portmap plugin …" (names like IPVS keep their case). */
function continued(s: string): string {
  return s.replace(/^(The|A) /, (w) => w.toLowerCase());
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function ended(phases: readonly Phase[], verdict: FlowVerdict, reason: string): ConnectResult {
  return { phases, verdict, reason: sentence(capital(reason)) };
}

/** Addresses the outside world cannot reach: they exist only inside the cluster. */
function insideOnly(input: ConnectInput): string | undefined {
  const k = input.kind;
  if (k.kind === 'pod') return `${input.dst} is the address of pod ${k.pod.id}; pod addresses are routed only inside the cluster, so a client outside has no route to it (expose it with a NodePort, a LoadBalancer or an Ingress)`;
  if (k.kind === 'cluster-ip') return `${input.dst} is the ClusterIP of Service ${k.service.namespace}/${k.service.name}; ClusterIPs are virtual and only kube-proxy on the nodes knows them, so a client outside cannot reach it (use a NodePort, a LoadBalancer or an Ingress)`;
  if (k.kind === 'unassigned-service-ip') return `${input.dst} is in the Service CIDR but no Service has it, and the outside world has no route to it`;
  if (k.kind === 'unassigned-pod-ip') return `${input.dst} is in the pod network, which the outside world has no route to (and no pod has that address)`;
  if (k.kind === 'loopback') return `${input.dst} is the client's own loopback address, not the cluster`;
  if (k.kind === 'outside') return `${input.dst} is outside the cluster, like the client; the simulator only follows traffic that touches the cluster`;
  return undefined;
}

export function connect(state: ClusterState, input: ConnectInput): ConnectResult {
  const { client, protocol, rng } = input;
  const phases: Phase[] = [];
  const requestKind: PhaseKind = protocol === 'ICMP' ? 'icmp' : 'request';
  const preHops: Hop[] = [];
  let from: Place = client.place;
  const sport = ephemeralPort(rng);

  // A Gateway's requested address that no proxy Service holds: say why nobody answers.
  const unserved = unservedGateway(state, input.dst);
  if (unserved) return ended(phases, 'unreachable', unserved);

  if (client.place.kind === 'external') {
    const problem = insideOnly(input);
    if (problem) return ended(phases, 'unreachable', problem);
    if (input.kind.kind === 'load-balancer' || input.kind.kind === 'external-ip') {
      const viaLb = input.kind.kind === 'load-balancer';
      const leader = (viaLb ? loadBalancerLeader : externalIpEntry)(state, input.kind.service, input.dst);
      if (!leader) return ended(phases, 'unreachable', `no node can ${viaLb ? 'announce' : 'take'} ${input.dst} for Service ${input.kind.service.id} (no usable worker node${input.kind.service.externalTrafficPolicy === 'Local' ? ' with a ready endpoint: externalTrafficPolicy Local' : ''}), so ${viaLb ? 'nobody answers ARP for it' : 'no node takes it'}`);
      from = { kind: 'external', ip: client.ip, entry: leader.node };
      preHops.push(hop({
        at: `lb:${input.dst}`, node: leader.node.name, component: 'load-balancer', where: viaLb ? 'ARP' : 'route', action: leader.sentence,
        packet: socketPacket({ protocol, src: client.ip, sport, dst: input.dst, dport: input.port ?? sport }), verdict: 'pass', because: [leader.because],
      }));
    }
  }

  if (client.pod && ipInCidr(input.dst, '127.0.0.0/8')) return loopback(client.pod, input);

  const tuple = { protocol, src: client.ip, sport, dst: input.dst, dport: input.port ?? sport };
  const host = input.hostName ?? input.dst;
  const defaultPort = input.flow.http?.tls ? 443 : 80;
  const payload = input.flow.http && protocol === 'TCP'
    ? httpRequest(input.flow.http, input.port !== undefined && input.port !== defaultPort ? `${host}:${input.port}` : host)
    : undefined;
  const out = send(state, { from, tuple, ...(payload ? { payload } : {}), ct: input.ct, rng, reply: false });
  const connectHops = [...preHops, ...out.hops];
  const connectName = protocol === 'ICMP' ? 'echo request' : 'connect';

  if (out.outcome === 'dropped' || out.outcome === 'rejected' || out.outcome === 'unreachable') {
    phases.push({ name: connectName, kind: requestKind, hops: connectHops });
    const error = nodeError(state, out, rng, client.pod);
    if (error) phases.push(error);
    return ended(phases, out.outcome, out.reason);
  }
  // The socket that answers is the one at the destination as received: after DNAT, the endpoint's targetPort.
  const port = protocol === 'ICMP' ? undefined : out.tuple.dport;
  const listener = listenerOf(state, out, port, protocol);
  const refusedAt = out.receivedBy;
  if (!listener) {
    phases.push({ name: connectName, kind: requestKind, hops: connectHops });
    if (refusedAt?.kind === 'pod' || refusedAt?.kind === 'node') return refused(state, out, input, phases, refusedAt);
    // A Service whose endpoint lies outside the cluster (§5.10) was translated; only an untranslated ClusterIP is "virtual".
    const why = out.dnat ? `on the way, ${continued(out.dnat.sentence.trim().replace(/\.$/, ''))}; ` : virtualIp(input, port);
    return ended(phases, 'unreachable', `${why}the ${firstPacket[protocol]} left the cluster to ${out.tuple.dst}, but nothing in the simulated internet answers on ${protocol}${port !== undefined ? ` ${port}` : ''} there, so the client times out`);
  }
  const appHop = hop({
    at: atOf(listener), node: listener.kind === 'pod' ? listener.pod.nodeName : listener.kind === 'node' ? listener.node.name : undefined,
    component: listener.kind === 'outside' ? 'external' : 'application', where: whereOf(listener, port, protocol),
    action: sentence(`${capital(listener.what)}${protocol === 'UDP' || protocol === 'ICMP' ? '' : `: it answers with ${answerPacket[protocol]}`}`),
    packet: lastPacket(out.hops), verdict: 'deliver', because: 'because' in listener ? listener.because : [],
  });
  phases.push({ name: connectName, kind: requestKind, hops: [...connectHops, appHop] });
  const servedBy = listener.kind === 'pod' ? listener.pod.id : listener.kind === 'node' ? listener.pod?.id : undefined;
  const via = out.dnat ? `; on the way, ${continued(out.dnat.sentence.trim().replace(/\.$/, ''))}` : '';
  const assumed = listener.kind === 'pod' && listener.assumed ? ' (assumed: the pod declares no ports)' : '';
  if (protocol === 'UDP') {
    // UDP has no handshake: the datagram arrived; whether the application answers is up to it.
    return { phases, verdict: 'delivered', reason: sentence(`The UDP datagram reached ${listener.what}${assumed}${via}`), ...(servedBy ? { servedBy } : {}) };
  }
  const back = send(state, { from: replyPlace(out), tuple: reversed(out.tuple), ct: out.ct, rng, reply: true });
  phases.push({ name: protocol === 'ICMP' ? 'echo reply' : 'reply', kind: protocol === 'ICMP' ? 'icmp' : 'reply', hops: back.hops });
  const backHome = back.outcome === 'delivered' || (back.outcome === 'left-cluster' && client.place.kind === 'external' && back.tuple.dst === client.ip);
  if (!backHome) return ended(phases, back.outcome === 'left-cluster' ? 'unreachable' : back.outcome, `the ${answerPacket[protocol]} did not get back to the client: ${back.reason}`);
  if (payload && listener.kind === 'pod' && isIngressNginx(listener.pod)) {
    // The controller terminates the client's connection and opens its own to the backend (DATAPATH §7.2).
    const proxied = proxyToBackend(state, { controller: listener.pod, request: payload, remoteAddr: out.tuple.src, serverPort: input.port ?? 80, ct: back.ct, rng });
    return { phases: [...phases, ...proxied.phases], verdict: proxied.verdict, reason: sentence(capital(proxied.reason)), ...(proxied.servedBy ? { servedBy: proxied.servedBy } : {}) };
  }
  const gateway = payload && listener.kind === 'pod' ? gatewayOf(state, listener.pod) : undefined;
  if (payload && gateway && listener.kind === 'pod') {
    // The Gateway's proxy terminates too and re-originates to the backend (DATAPATH §7.4).
    const proxied = proxyGateway(state, { proxy: listener.pod, gateway, request: payload, query: queryOf(input.flow.to), remoteAddr: out.tuple.src, serverPort: out.tuple.dport, ct: back.ct, rng });
    return { phases: [...phases, ...proxied.phases], verdict: proxied.verdict, reason: sentence(capital(proxied.reason)), ...(proxied.servedBy ? { servedBy: proxied.servedBy } : {}) };
  }
  return {
    phases, verdict: 'delivered',
    reason: sentence(`${capital(listener.what)}${assumed} and its ${answerPacket[protocol]} reached ${input.client.label}${via}`),
    ...(servedBy ? { servedBy } : {}),
  };
}

/** The URL's query string (`?v=2`), which the flow's http.path leaves out; '' without one. */
function queryOf(to: string): string {
  const q = /^[a-z]+:\/\/[^?#]*(\?[^#]*)/i.exec(to);
  return q?.[1] ?? '';
}

/** Why a Service address was not translated: kube-proxy's rules match only a Service's own ports and protocols (DATAPATH §4.8). */
function virtualIp(input: ConnectInput, port: number | undefined): string {
  const k = input.kind;
  if (k.kind === 'cluster-ip') {
    const ports = k.service.ports.map((p) => `${p.protocol} ${p.port}`).join(', ') || 'none';
    const what = input.protocol === 'ICMP' ? 'ICMP' : `${input.protocol} ${port}`;
    return `${input.dst} is the ClusterIP of Service ${k.service.id}, a virtual address: kube-proxy's rules match only its ports (${ports}), not ${what}, so nothing translates it; `;
  }
  if (k.kind === 'unassigned-service-ip') return `${input.dst} is in the Service CIDR but no Service has it, so no kube-proxy rule matches; `;
  return '';
}

function listenerOf(state: ClusterState, out: SendOutput, port: number | undefined, protocol: FlowProtocol): Listener | undefined {
  const at = out.receivedBy;
  if (at?.kind === 'pod') return podListener(at.pod, port, protocol);
  if (at?.kind === 'node') return nodeListener(state, at.node, port, protocol);
  return outsideListener(state, at?.kind === 'external' ? at.ip : out.tuple.dst, port, protocol);
}

function replyPlace(out: SendOutput): Place {
  return out.receivedBy ?? { kind: 'external', ip: out.tuple.dst };
}

function atOf(l: Listener): string {
  if (l.kind === 'pod') return `pod:${l.pod.id}`;
  if (l.kind === 'node') return l.pod ? `pod:${l.pod.id}` : `node:${l.node.name}`;
  return `external:${l.ip}`;
}

function whereOf(l: Listener, port: number | undefined, protocol: FlowProtocol): string {
  const p = port === undefined || protocol === 'ICMP' ? 'ICMP' : `${protocol} :${port}`;
  return l.kind === 'pod' && l.container ? `container ${l.container} ${p}` : p;
}

/** Nothing listens: TCP answers RST, SCTP ABORT, UDP an ICMP port unreachable; the client sees "connection refused". */
function refused(state: ClusterState, out: SendOutput, input: ConnectInput, phases: Phase[], at: Place): ConnectResult {
  const who = at.kind === 'pod' ? `pod ${at.pod.id}` : at.kind === 'node' ? `node ${at.node.name}` : out.tuple.dst;
  const ports = at.kind === 'pod' ? declaredPorts(at.pod) : '';
  const declared = ports ? ` (it declares ${ports})` : '';
  const p = input.protocol !== 'ICMP' ? ` ${out.tuple.dport}` : '';
  if (input.protocol === 'TCP') {
    const back = send(state, { from: at, tuple: reversed(out.tuple), ct: out.ct, rng: input.rng, reply: true });
    phases.push({ name: 'reply', kind: 'reply', hops: back.hops.map(asReset) });
  }
  if (input.protocol === 'UDP') {
    // RFC 1122 §4.1.3.1: a datagram for a port nobody listens on draws ICMP port-unreachable.
    phases.push(icmpError(state, { from: at, src: out.tuple.dst, quoted: out.tuple, type: 'port-unreachable', ct: out.ct, rng: input.rng }).phase);
  }
  const answer = input.protocol === 'TCP' ? 'TCP RST' : input.protocol === 'SCTP' ? 'SCTP ABORT' : 'ICMP port unreachable';
  return ended(phases, 'rejected', `connection refused: nothing listens on ${input.protocol}${p} in ${who}${declared}, so its kernel answers ${answer}`);
}

/**
 * The ICMP error a node sends back when it refuses or cannot forward the first packet: kube-proxy's
 * REJECT (no endpoints) answers port-unreachable (Cilium's load balancer too, its own way), a failed ARP for the next hop host-unreachable.
 * DROP and policy drops stay silent; a blackhole route discards without an error.
 */
function nodeError(state: ClusterState, out: SendOutput, rng: Rng, client: PodState | undefined): Phase | undefined {
  const last = out.hops[out.hops.length - 1];
  if (client && out.outcome === 'rejected' && last?.component === 'ebpf' && last.verdict === 'reject') return ciliumNoServicePhase(client, out.tuple);
  const node = last?.node !== undefined && last.at.startsWith('node:') ? state.index.nodeByName.get(last.node) : undefined;
  if (!node || !last) return undefined;
  const type = out.outcome === 'rejected' && last.component === 'netfilter' && last.verdict === 'reject' ? 'port-unreachable'
    : out.outcome === 'unreachable' && last.component === 'routing' && /No route to host/.test(out.reason) ? 'host-unreachable' : undefined;
  if (!type) return undefined;
  return icmpError(state, { from: { kind: 'node', node }, src: nodeErrorSource(node, out.tuple), quoted: out.tuple, type, ct: out.ct, rng }).phase;
}

/** The refusal travels the reply path of a SYN-ACK, but carries RST,ACK (RFC 9293 §3.10.7.1). */
function asReset(h: Hop): Hop {
  return { ...h, packet: { layers: h.packet.layers.map((l) => (l.type === 'tcp' ? { ...l, flags: 'RST,ACK' } : l)) } };
}

/** Containers of one pod share its network namespace: 127.0.0.1 never leaves the pod (DATAPATH §1.1.1). */
function loopback(pod: PodState, input: ConnectInput): ConnectResult {
  const tuple = { protocol: input.protocol, src: '127.0.0.1', sport: ephemeralPort(input.rng), dst: input.dst, dport: input.port ?? 0 };
  const listener = podListener(pod, input.port, input.protocol);
  const h = hop({
    at: `pod:${pod.id}`, node: pod.nodeName, component: 'pod-netns', where: 'lo',
    action: `${input.dst} is the pod's own loopback: every container of the pod shares one network namespace, so the packet never leaves it`,
    packet: socketPacket(tuple), verdict: listener ? 'deliver' : 'reject', because: listener?.kind === 'pod' ? listener.because : [],
  });
  const phases: Phase[] = [{ name: 'connect', kind: input.protocol === 'ICMP' ? 'icmp' : 'request', hops: [h] }];
  if (!listener) return ended(phases, 'rejected', `connection refused: no container of pod ${pod.id} listens on ${input.protocol} ${input.port ?? ''} (it declares ${declaredPorts(pod)})`);
  return { phases, verdict: 'delivered', reason: sentence(`${capital(listener.what)}, reached over localhost inside the pod`), servedBy: pod.id };
}

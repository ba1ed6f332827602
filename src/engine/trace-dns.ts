// The DNS phase of a trace (DATAPATH §6): the client's stub resolver walks its search list
// (resolv.conf, §6.2/§6.3), one phase per candidate name. Each query is a real UDP/53 packet sent
// through the datapath: to 10.96.0.10, DNATed by kube-proxy to a CoreDNS pod, answered there from
// the cluster zone, or forwarded by CoreDNS (dnsPolicy Default: the node's resolver, §6.1) to the
// upstream resolver of the simulated internet as its own phase; the answer returns as a reply and
// conntrack restores 10.96.0.10:53 as its source (§6.5). NXDOMAIN moves on to the next candidate,
// the first positive answer stops the walk (glibc). An egress policy without a DNS rule drops the
// query, so the flow fails here and not at the connect (NETPOL.md 18).
import type { ClusterState, DnsRecord, PodState, ResolvConf } from '../model/cluster.ts';
import type { FlowVerdict } from '../model/objects.ts';
import { queryCluster, queryUpstream, searchCandidates, type DnsAnswer, type DnsQueryType } from '../cluster/resolver.ts';
import type { ConntrackTable as Conntrack } from './conntrack.ts';
import { send, type Place, type SendOutput } from './datapath.ts';
import type { Rng } from './random.ts';
import { dnsQuery, dnsResponse, ephemeralPort, hop, reversed, socketPacket } from './trace-hops.ts';
import type { DnsLayer, Hop, Phase, RuleRef } from './types.ts';

export interface DnsClient {
  readonly place: Place;
  /** The address the resolver's socket sends from. */
  readonly ip: string;
  readonly resolvConf: ResolvConf;
}

export type DnsOutcome =
  | { readonly kind: 'answer'; readonly name: string; readonly addresses: readonly string[]; readonly records: readonly DnsRecord[]; readonly server: string }
  | { readonly kind: 'nxdomain'; readonly tried: readonly string[]; readonly reason: string }
  | { readonly kind: 'failed'; readonly verdict: FlowVerdict; readonly reason: string };

/** What `dig`/`nslookup` ask (FlowSpec.dns): another server, another record type, no search list, TCP. */
export interface LookupOptions {
  readonly server?: string;
  readonly qtype?: DnsLayer['qtype'];
  readonly search?: boolean;
  readonly transport?: 'UDP' | 'TCP';
}

export interface DnsResult {
  readonly phases: readonly Phase[];
  readonly outcome: DnsOutcome;
  readonly ct: Conntrack;
}

/** CoreDNS pods are the kube-dns Service's backends (`k8s-app: kube-dns`, DATAPATH §6.1). */
export function isCoreDns(pod: PodState): boolean {
  return pod.namespace === 'kube-system' && pod.labels['k8s-app'] === 'kube-dns';
}

export function recordText(r: DnsRecord, ttl: number): string {
  switch (r.type) {
    case 'A': return `${r.name}. ${ttl} IN A ${r.address}`;
    case 'CNAME': return `${r.name}. ${ttl} IN CNAME ${r.target}.`;
    case 'SRV': return `${r.name}. ${ttl} IN SRV ${r.priority} ${r.weight} ${r.port} ${r.target}.`;
    case 'PTR': return `${r.name}. ${ttl} IN PTR ${r.target}.`;
    case 'TXT': return `${r.name}. ${ttl} IN TXT "${r.text}"`;
  }
}

function answerStrings(records: readonly DnsRecord[], ttl: number): string[] {
  return records.map((r) => recordText(r, ttl));
}

/** One UDP exchange: the query through the datapath, then (if it arrived) the answer back as a reply. */
interface Exchange {
  readonly hops: readonly Hop[];
  readonly request: SendOutput;
}

function sendQuery(state: ClusterState, from: Place, src: string, server: string, query: DnsLayer, ct: Conntrack, rng: Rng, transport: 'UDP' | 'TCP' = 'UDP'): Exchange {
  const tuple = { protocol: transport, src, sport: ephemeralPort(rng), dst: server, dport: 53 };
  const request = send(state, { from, tuple, payload: query, ct, rng, reply: false });
  return { hops: request.hops, request };
}

function sendAnswer(state: ClusterState, ct: Conntrack, request: SendOutput, response: DnsLayer, rng: Rng): SendOutput {
  const from: Place = request.receivedBy ?? { kind: 'external', ip: request.tuple.dst };
  return send(state, { from, tuple: reversed(request.tuple), payload: response, ct, rng, reply: true });
}

function failed(verdict: FlowVerdict, reason: string): DnsOutcome {
  return { kind: 'failed', verdict, reason };
}

/** Walks the search list for `name` and returns the phases, the outcome and the new conntrack table. */
export function resolveName(state: ClusterState, client: DnsClient, name: string, ct0: Conntrack, rng: Rng, options: LookupOptions = {}): DnsResult {
  // dig does not use the search list unless +search (dig(1)); a trailing dot never searches.
  const candidates = options.search === false ? searchCandidates({ ...client.resolvConf, search: [] }, `${name.replace(/\.+$/, '')}.`) : searchCandidates(client.resolvConf, name);
  const server = options.server ?? client.resolvConf.nameservers[0];
  const qtype = options.qtype ?? 'A';
  const transport = options.transport ?? 'UDP';
  const phases: Phase[] = [];
  if (server === undefined || candidates.length === 0) {
    const why = server === undefined ? 'its resolv.conf lists no nameserver' : `"${name}" is not a name a resolver can look up`;
    return { phases, ct: ct0, outcome: failed('nxdomain', `The client cannot resolve "${name}": ${why}.`) };
  }
  let ct = ct0;
  const nodata: string[] = [];
  for (const [i, fqdnName] of candidates.entries()) {
    const ask1 = { state, client, server, name: fqdnName, qtype, rng };
    let ex = exchange(ask1, transport, ct, `DNS query ${i + 1}: ${fqdnName} ${qtype} (${transport})`, i + 1);
    phases.push(...ex.phases);
    ct = ex.ct;
    if (ex.kind === 'answered' && ex.truncated) {
      // TC bit: glibc asks the same server again over TCP 53 (kube-dns serves both; DATAPATH §6.5).
      ex = exchange(ask1, 'TCP', ct, `DNS query ${i + 1}: ${fqdnName} ${qtype} (TCP retry)`, i + 1);
      phases.push(...ex.phases);
      ct = ex.ct;
    }
    if (ex.kind === 'failed') return { phases, ct, outcome: ex.outcome };
    const answer = ex.answer;
    const addresses = answer.answers.flatMap((r) => (r.type === 'A' ? [r.address] : []));
    const wanted = qtype === 'A' ? addresses.length > 0 : answer.answers.some((r) => r.type === qtype);
    if (answer.rcode === 'NOERROR' && wanted) {
      return { phases, ct, outcome: { kind: 'answer', name: fqdnName, addresses, records: answer.answers, server } };
    }
    if (answer.rcode === 'NOERROR') nodata.push(fqdnName);
  }
  const tried = candidates;
  const some = nodata.length > 0 ? ` (${nodata.join(', ')} exist${nodata.length === 1 ? 's' : ''} but ha${nodata.length === 1 ? 's' : 've'} no ${qtype} record: NOERROR without data)` : '';
  return {
    phases, ct,
    outcome: {
      kind: 'nxdomain', tried,
      reason: nodata.length === 0
        ? `NXDOMAIN: none of the ${tried.length} names the resolver tried (${tried.join(', ')}) exists; the search list and ndots come from the client's resolv.conf (DATAPATH §6.3).`
        : `No answer: none of the ${tried.length} names the resolver tried (${tried.join(', ')}) has a ${qtype} record${some}; the search list and ndots come from the client's resolv.conf (DATAPATH §6.3).`,
    },
  };
}

interface Ask {
  readonly state: ClusterState;
  readonly client: DnsClient;
  readonly server: string;
  readonly name: string;
  readonly qtype: DnsLayer['qtype'];
  readonly rng: Rng;
}

type Exchanged =
  | { readonly kind: 'answered'; readonly phases: readonly Phase[]; readonly ct: Conntrack; readonly answer: DnsAnswer; readonly truncated: boolean }
  | { readonly kind: 'failed'; readonly phases: readonly Phase[]; readonly ct: Conntrack; readonly outcome: DnsOutcome };

/** Classic DNS over UDP carries at most 512 bytes (RFC 1035 §4.2.1; glibc sends no EDNS0 unless `options edns0`). */
export const UDP_DNS_LIMIT = 512;

/** Wire size of a response: header, question, and each record with a compressed owner name (RFC 1035 §4.1). */
export function dnsMessageSize(name: string, records: readonly DnsRecord[]): number {
  const rdata = (r: DnsRecord): number => {
    switch (r.type) {
      case 'A': return 4;
      case 'CNAME': case 'PTR': return r.target.length + 2;
      case 'SRV': return 6 + r.target.length + 2;
      case 'TXT': return r.text.length + 1;
    }
  };
  return 12 + (name.length + 2 + 4) + records.reduce((n, r) => n + 2 + 10 + rdata(r), 0);
}

/** One query and its answer over one transport; a UDP answer too big for 512 bytes comes back truncated (TC). */
function exchange(a: Ask, transport: 'UDP' | 'TCP', ct0: Conntrack, label: string, n: number): Exchanged {
  const { state, client, server, name, qtype, rng } = a;
  const query = dnsQuery(rng.int(1, 65535), name, qtype);
  const out = sendQuery(state, client.place, client.ip, server, query, ct0, rng, transport);
  const arrived = out.request;
  if (arrived.outcome === 'dropped' || arrived.outcome === 'rejected' || arrived.outcome === 'unreachable') {
    return {
      kind: 'failed', phases: [{ name: label, kind: 'dns', hops: out.hops }], ct: arrived.ct,
      outcome: failed(arrived.outcome, `The DNS query for ${name} to ${server}:53 never got an answer, so the name cannot be resolved and no connection is attempted: ${lowerFirst(arrived.reason)}`),
    };
  }
  const served = answerAt(state, arrived, name, qtype, rng);
  if (served.kind === 'no-server') return { kind: 'failed', phases: [{ name: label, kind: 'dns', hops: out.hops }], ct: arrived.ct, outcome: failed('unreachable', served.reason) };
  const all = served.answer.answers;
  const truncated = transport === 'UDP' && dnsMessageSize(name, all) > UDP_DNS_LIMIT;
  // The server keeps the records that fit and sets TC (CoreDNS: Msg.Truncate); the client discards them.
  const sent = truncated ? all.filter((_, k) => dnsMessageSize(name, all.slice(0, k + 1)) <= UDP_DNS_LIMIT) : all;
  const response: DnsLayer = { ...dnsResponse(query, served.answer.rcode, answerStrings(sent, state.dns.ttl)), ...(truncated ? { truncated } : {}) };
  const back = sendAnswer(state, served.ct, arrived, response, rng);
  // The answer hop shows the message as it leaves the server: the query's ID, the records that fit,
  // TC. A forwarded name is answered only after the upstream round trip (the "DNS answer" phase), so
  // that hop still holds the query CoreDNS received.
  const forwarded = served.extraPhases.length > 0;
  const answerHop = hop({
    ...served.answerHop,
    packet: forwarded ? socketPacket(arrived.tuple, query) : socketPacket(reversed(arrived.tuple), response),
    ...(truncated ? { action: `${served.answerHop.action}; the answer (${dnsMessageSize(name, all)} bytes) exceeds ${UDP_DNS_LIMIT} bytes of UDP, so only ${sent.length} of ${all.length} records are sent, with the TC (truncated) bit set` } : {}),
  });
  // Forwarded: the upstream round trip happens between the query and the answer, in time order.
  const phases: Phase[] = served.extraPhases.length === 0
    ? [{ name: label, kind: 'dns', hops: [...out.hops, answerHop, ...back.hops] }]
    : [{ name: label, kind: 'dns', hops: [...out.hops, answerHop] }, ...served.extraPhases, { name: `DNS answer ${n}: ${name} ${served.answer.rcode}`, kind: 'dns', hops: back.hops }];
  return { kind: 'answered', phases, ct: back.ct, answer: served.answer, truncated };
}

/** A server's answer hop before its packet: the caller adds the response it actually sends. */
type AnswerHop = Omit<Hop, 'packet'>;

type Served =
  | { readonly kind: 'answered'; readonly answer: DnsAnswer; readonly answerHop: AnswerHop; readonly extraPhases: readonly Phase[]; readonly ct: Conntrack }
  | { readonly kind: 'no-server'; readonly reason: string };

/** The simulated cluster is IPv4-only: AAAA is asked as A and answered without data (NODATA) when the name exists. */
function ask(answer: (type: DnsQueryType) => DnsAnswer, qtype: DnsLayer['qtype']): DnsAnswer {
  if (qtype !== 'AAAA') return answer(qtype);
  const a = answer('A');
  return { ...a, answers: [] };
}

/** Who got the query and what they answer: a CoreDNS pod (cluster zone, else forward) or the upstream resolver. */
function answerAt(state: ClusterState, arrived: SendOutput, name: string, qtype: DnsLayer['qtype'], rng: Rng): Served {
  const at = arrived.receivedBy;
  const dst = arrived.tuple.dst;
  if (at?.kind === 'pod' && isCoreDns(at.pod)) return coreDnsAnswer(state, at.pod, arrived, name, qtype, rng);
  if ((at?.kind === 'external' && at.ip === state.outside.upstreamDNS) || (at === undefined && dst === state.outside.upstreamDNS)) {
    const answer = ask((t) => queryUpstream(state.outside, name, t), qtype);
    return { kind: 'answered', answer, extraPhases: [], answerHop: upstreamHop(arrived, name, qtype, answer, state.dns.ttl), ct: arrived.ct };
  }
  return { kind: 'no-server', reason: `The DNS query reached ${dst}:53, but no DNS server the simulator knows runs there, so it is never answered (the resolver times out).` };
}

/** CoreDNS's `loadbalance` plugin (kubeadm Corefile, DATAPATH §6.1) rotates the A records of each answer; clients take the first. */
function loadbalance(answer: DnsAnswer, rng: Rng): DnsAnswer {
  const a = answer.answers.filter((r) => r.type === 'A');
  if (a.length < 2) return answer;
  const k = rng.int(0, a.length - 1);
  return { ...answer, answers: [...answer.answers.filter((r) => r.type !== 'A'), ...a.slice(k), ...a.slice(0, k)] };
}

function coreDnsAnswer(state: ClusterState, pod: PodState, arrived: SendOutput, name: string, qtype: DnsLayer['qtype'], rng: Rng): Served {
  const local = loadbalance(ask((t) => queryCluster(state.dns, name, t), qtype), rng);
  const cname = local.answers.find((r) => r.type === 'CNAME');
  const outside = !local.authoritative ? name : cname && local.answers.every((r) => r.type === 'CNAME') ? cname.target : undefined;
  if (outside === undefined) {
    const hop = coreDnsHop(state, pod, name, qtype, local, undefined);
    return { kind: 'answered', answer: local, answerHop: hop, extraPhases: [], ct: arrived.ct };
  }
  // `forward . /etc/resolv.conf`: CoreDNS runs with dnsPolicy Default, so its resolv.conf is the node's (§6.1).
  const upstream = pod.resolvConf.nameservers[0] ?? state.outside.upstreamDNS;
  const fwdQuery = dnsQuery(rng.int(1, 65535), outside, qtype);
  const fwd = sendQuery(state, { kind: 'pod', pod }, pod.ip ?? '', upstream, fwdQuery, arrived.ct, rng);
  const phaseName = `CoreDNS forward: ${outside} ${qtype} (UDP) → ${upstream}`;
  if (fwd.request.outcome !== 'left-cluster' && fwd.request.outcome !== 'delivered') {
    return { kind: 'no-server', reason: `CoreDNS forwards ${outside} to ${upstream}, but that query failed: ${lowerFirst(fwd.request.reason)}` };
  }
  const upAnswer = ask((t) => queryUpstream(state.outside, outside, t), cname ? 'A' : qtype);
  const fwdResponse = dnsResponse(fwdQuery, upAnswer.rcode, answerStrings(upAnswer.answers, state.dns.ttl));
  const upHop = hop({ ...upstreamHop(fwd.request, outside, cname ? 'A' : qtype, upAnswer, state.dns.ttl), packet: socketPacket(reversed(fwd.request.tuple), fwdResponse) });
  const back = sendAnswer(state, fwd.request.ct, fwd.request, fwdResponse, rng);
  const answer: DnsAnswer = cname
    ? { rcode: upAnswer.rcode === 'NOERROR' ? 'NOERROR' : 'NXDOMAIN', answers: [cname, ...upAnswer.answers], authoritative: true }
    : { ...upAnswer, authoritative: false };
  const phases: Phase[] = [{ name: phaseName, kind: 'dns', hops: [...fwd.hops, upHop, ...back.hops] }];
  return { kind: 'answered', answer, answerHop: coreDnsHop(state, pod, name, qtype, local, upstream), extraPhases: phases, ct: back.ct };
}

function coreDnsHop(state: ClusterState, pod: PodState, name: string, qtype: DnsLayer['qtype'], local: DnsAnswer, forwardedTo: string | undefined): AnswerHop {
  const because: RuleRef[] = local.answers.map((r) => ({ kind: 'dns', text: recordText(r, state.dns.ttl), ...serviceOf(state, r) }));
  const action = forwardedTo !== undefined
    ? local.answers.length > 0
      ? `CoreDNS's kubernetes plugin answers ${name} with a CNAME (ExternalName Service) and resolves its target through the upstream resolver ${forwardedTo} (forward . /etc/resolv.conf)`
      : `${name} is not in the cluster domain ${state.dns.domain}, so CoreDNS forwards it to the node's resolver ${forwardedTo} (forward . /etc/resolv.conf; CoreDNS pods run with dnsPolicy Default)`
    : local.rcode === 'NXDOMAIN'
      ? `CoreDNS's kubernetes plugin owns ${state.dns.domain} and has no record for ${name}: NXDOMAIN`
      : local.answers.length === 0
        ? `CoreDNS knows ${name} but has no ${qtype} record for it (NOERROR, no data)`
        : `CoreDNS's kubernetes plugin answers ${name}: ${local.answers.map((r) => (r.type === 'A' ? r.address : r.type === 'CNAME' || r.type === 'PTR' ? `${r.type} ${r.target}` : r.type === 'SRV' ? `SRV ${r.port} ${r.target}` : `TXT "${r.text}"`)).join(', ')}`;
  return {
    at: `pod:${pod.id}`, ...(pod.nodeName !== undefined ? { node: pod.nodeName } : {}), component: 'coredns', where: 'CoreDNS :53', action,
    verdict: 'answer', because: because.length > 0 ? because : [{ kind: 'dns', text: `${name}. IN ${qtype} → ${local.rcode}` }],
  };
}

function upstreamHop(arrived: SendOutput, name: string, qtype: DnsLayer['qtype'], answer: DnsAnswer, ttl: number): AnswerHop {
  const ip = arrived.tuple.dst;
  const action = answer.rcode === 'NXDOMAIN'
    ? `The upstream resolver ${ip} has no such name: NXDOMAIN`
    : answer.answers.length === 0
      ? `The upstream resolver ${ip} knows ${name} but has no ${qtype} record for it (NOERROR, no data)`
      : `The upstream resolver ${ip} answers ${name}: ${answer.answers.map((r) => (r.type === 'A' ? r.address : r.type === 'PTR' ? r.target : r.type)).join(', ')}`;
  return {
    at: `external:${ip}`, component: 'upstream-dns', where: 'DNS :53', action,
    verdict: 'answer', because: [{ kind: 'dns', text: answer.answers.length > 0 ? answerStrings(answer.answers, ttl).join('; ') : `${name}. IN ${qtype} → ${answer.rcode}` }],
  };
}

function serviceOf(state: ClusterState, r: DnsRecord): Pick<RuleRef, 'object' | 'range'> {
  const suffix = `.svc.${state.dns.domain}`;
  if (!r.name.endsWith(suffix)) return {};
  const labels = r.name.slice(0, -suffix.length).split('.');
  const [svcName, ns] = labels.slice(-2);
  const svc = state.index.serviceById.get(`${ns}/${svcName}`);
  if (!svc) return {};
  const range = svc.source && svc.source.doc > 0 ? svc.source.range : undefined;
  return { object: { kind: 'Service', namespace: svc.namespace, name: svc.name }, ...(range ? { range } : {}) };
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}

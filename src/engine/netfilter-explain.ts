// Turns a chain walk into a DnatResult: the Service, port and endpoint it reached, the RuleRefs
// and one sentence naming the deciding rule (DESIGN.md: "every verdict explains itself").
import type { ClusterState, EndpointState, IptablesRule, NodeState, PodState, ServiceState } from '../model/cluster.ts';
import type { ServicePort } from '../model/objects.ts';
import { MASQUERADE_MARK } from '../cluster/kubeproxy.ts';
import { HOSTPORT_MASQ_MARK } from '../cluster/proxy-hostport.ts';
import type { ConntrackTable } from './conntrack.ts';
import type { DnatResult, Tuple } from './netfilter.ts';
import { podOf, ruleRef, serviceOf } from './netfilter-rules.ts';
import type { Hit, Miss, WalkResult } from './netfilter-walk.ts';
import type { RuleRef } from './types.ts';

const MARK_CHAINS = new Set(['KUBE-MARK-MASQ', 'mark-for-masquerade']);

export const fmtTuple = (t: Tuple) => (t.protocol === 'ICMP' ? `ICMP ${t.src} → ${t.dst}` : `${t.protocol} ${t.src}:${t.sport} → ${t.dst}:${t.dport}`);
/** Probabilities as a student reads them: 0.3333333333 → 0.333, 0.5 → 0.5. */
export const fmtP = (p: number) => String(Number(p.toFixed(3)));

export function isServiceAddress(service: ServiceState, ip: string): boolean {
  return service.clusterIP === ip || service.externalIPs.includes(ip) || service.loadBalancerIPs.includes(ip);
}

/** The Service port a packet addressed: `port` on a Service address, else the nodePort. */
export function portFor(service: ServiceState, original: Tuple): ServicePort | undefined {
  const byProto = service.ports.filter((p) => p.protocol === original.protocol);
  if (isServiceAddress(service, original.dst)) return byProto.find((p) => p.port === original.dport);
  return byProto.find((p) => p.nodePort === original.dport);
}

export function endpointFor(service: ServiceState | undefined, ip: string): EndpointState | undefined {
  return service?.endpointSlices.flatMap((s) => s.endpoints).find((e) => e.ip === ip);
}

export function podFor(state: ClusterState, ep: EndpointState | undefined, ip: string): PodState | undefined {
  return (ep?.pod ? state.index.podById.get(ep.pod) : undefined) ?? state.index.podByIp.get(ip);
}

/** Why the rule that jumped to KUBE-MARK-MASQ matched, in words (DATAPATH §4.6). */
export function markReason(rule: IptablesRule, chain: string, t: Tuple): string {
  const m = rule.match;
  if (m.notSource) return `the source ${t.src} is outside the cluster CIDR ${m.notSource}, so replies must come back through this node`;
  if (m.source && !m.source.includes('/')) return `the client is the chosen endpoint itself (hairpin), so it must not see its own address as the source`;
  if (m.srcTypeLocal) return 'the packet comes from the node itself';
  if (m.set) return `${t.dst}:${t.dport} matches ipset ${m.set.name} (${rule.comment ?? 'kube-proxy'})`;
  if (chain.startsWith('KUBE-EXT-') || chain.startsWith('external-')) {
    // KUBE-EXT-… marks unconditionally (§4.6): a pod dialing a NodePort or LB IP is masqueraded too,
    // so the sentence must not say the client is outside.
    return 'it was addressed to the Service\'s NodePort, an externalIP or its LoadBalancer IP, and with externalTrafficPolicy Cluster kube-proxy masquerades all such traffic, from outside or from a pod: the endpoint it picks may be on another node, and the reply must come back through this one';
  }
  if (chain === 'KUBE-LOAD-BALANCER') return 'it reached a LoadBalancer IP with externalTrafficPolicy Cluster';
  return rule.comment ?? 'kube-proxy marks it';
}

/** The masquerade clause of a sentence, from the first rule that jumped to the mark chain. */
export function markClause(hits: readonly Hit[], original: Tuple, mark: number): string {
  if ((mark & MASQUERADE_MARK) === 0) return '';
  const jump = hits.find((h) => MARK_CHAINS.has(h.chain.rules[h.index]!.jump));
  if (!jump) return '; it carries the masquerade mark 0x4000';
  const n = jump.index + 1;
  return `; rule ${n} of ${jump.chain.name} marked it for masquerade (0x4000) because ${markReason(jump.chain.rules[jump.index]!, jump.chain.name, original)}`;
}

/** How the endpoint was chosen: the random rule (and the ones that missed before it), or affinity. */
function pickClause(hits: readonly Hit[], misses: readonly Miss[], sepChain: string | undefined): string {
  const pick = hits.find((h) => h.chain.rules[h.index]!.jump === sepChain);
  if (!pick) return '';
  const rule = pick.chain.rules[pick.index]!;
  const where = `rule ${pick.index + 1} of ${pick.chain.name}`;
  if (rule.match.recent?.op === 'rcheck') return `${where}: the client is in its recent list, sessionAffinity ClientIP`;
  if (pick.draw?.mod !== undefined) return `${pick.chain.name}: numgen random mod ${pick.draw.mod} gave ${pick.draw.value}`;
  const missed = misses.filter((m) => m.chain === pick.chain).map((m) => fmtP(m.probability));
  const after = missed.length > 0 ? ` after ${missed.join(' and ')} missed` : '';
  if (pick.draw?.probability !== undefined) return `${where}, probability ${fmtP(pick.draw.probability)}${after}`;
  const picks = pick.chain.rules.filter((r) => r.match.probability !== undefined).length;
  return picks === 0 ? `${where}, the only endpoint` : `${where}, the last rule${after}`;
}

export interface Extra {
  readonly refs?: readonly RuleRef[];
  /** How the endpoint was chosen, when not by a chain rule (IPVS scheduler, eBPF). */
  readonly how?: string;
  /** Who translated: `kube-proxy` by default. */
  readonly who?: string;
  readonly service?: ServiceState;
  readonly ct?: ConntrackTable;
}

function sameObject(ref: { namespace: string; name: string; kind: string } | undefined, service: ServiceState | undefined): boolean {
  return !!ref && !!service && ref.kind === 'Service' && ref.namespace === service.namespace && ref.name === service.name;
}

export function hitRefs(state: ClusterState, hits: readonly Hit[]): RuleRef[] {
  return hits.map((h) => ruleRef(state, h.syntax, h.chain, h.index));
}

/** DnatResult for a walk that ended in DNAT (or found nothing). */
export function dnatResult(state: ClusterState, node: NodeState, original: Tuple, w: WalkResult, extra: Extra = {}): DnatResult {
  const because = [...hitRefs(state, w.hits), ...(extra.refs ?? [])];
  const masqueradeMark = (w.mark & MASQUERADE_MARK) !== 0;
  const base = { tuple: w.tuple, masqueradeMark, mark: w.mark, because, ct: extra.ct ?? w.ct };
  const dnatHit = [...w.hits].reverse().find((h) => h.chain.rules[h.index]!.jump === 'DNAT');
  if (w.outcome !== 'dnat') {
    return { verdict: 'none', ...base, sentence: noneSentence(state, node, original, w) };
  }
  const serviceRule = [...w.hits].reverse().map((h) => h.chain.rules[h.index]!).find((r) => r.service);
  const service = extra.service ?? serviceOf(state, serviceRule?.service);
  const servicePort = service ? portFor(service, original) : undefined;
  // Rules without a port match (KUBE-SEP-…, KUBE-EXT-…) cannot tell a multi-port Service's ports
  // apart: the walk knows which port it came for.
  const portRange = service && servicePort ? service.source?.paths[`spec.ports[${service.ports.indexOf(servicePort)}]`] : undefined;
  const refs = portRange ? because.map((b) => (sameObject(b.object, service) ? { ...b, range: portRange } : b)) : because;
  const endpoint = endpointFor(service, w.tuple.dst);
  const pod = podFor(state, endpoint, w.tuple.dst) ?? podOf(state, dnatHit?.chain.rules[dnatHit.index]!.endpoint);
  const to = `${w.tuple.dst}:${w.tuple.dport}`;
  const mark = markClause(w.hits, original, w.mark);
  let sentence: string;
  if (service) {
    const how = extra.how ?? pickClause(w.hits, w.misses, dnatHit?.chain.name);
    sentence = `${extra.who ?? 'kube-proxy'} on ${node.name} picked endpoint ${to}${pod ? ` (pod ${pod.id})` : ''} of Service ${service.id}${how ? ` (${how})` : ''} and rewrote the destination ${original.dst}:${original.dport} to it (DNAT)${mark}.`;
  } else if (dnatHit && dnatHit.chain.name.startsWith('CNI-DN-')) {
    sentence = `The CNI portmap plugin on ${node.name} forwarded hostPort ${original.dport} to ${pod ? `pod ${pod.id} at ` : ''}${to} (DNAT, rule ${dnatHit.index + 1} of ${dnatHit.chain.name})${(w.mark & HOSTPORT_MASQ_MARK) !== 0 ? '; marked 0x2000 for masquerade because the client is the pod itself or localhost (hairpin)' : ''}.`;
  } else {
    sentence = `A DNAT rule on ${node.name} rewrote the destination ${original.dst}:${original.dport} to ${to}${mark}.`;
  }
  return {
    verdict: 'dnat', ...base, because: refs, sentence,
    ...(service ? { service } : {}), ...(servicePort ? { servicePort } : {}), ...(endpoint ? { endpoint } : {}), ...(pod ? { pod } : {}),
  };
}

function noneSentence(state: ClusterState, node: NodeState, t: Tuple, w: WalkResult): string {
  const svc = state.index.serviceByClusterIP.get(t.dst);
  if (svc && t.protocol === 'ICMP') {
    // §4.8: kube-proxy's rules match protocol and port, so ping to a ClusterIP matches nothing.
    return `kube-proxy on ${node.name} has no rule for ICMP: its rules for Service ${svc.id} match only ${svc.ports.map((p) => `${p.protocol} ${p.port}`).join(', ')}, so the ping to ClusterIP ${t.dst} is not translated and nothing answers it.`;
  }
  if (svc) {
    return `No kube-proxy rule on ${node.name} matches ${fmtTuple(t)}: Service ${svc.id} has no port ${t.dport}/${t.protocol}, so the destination is not translated.`;
  }
  const marked = markClause(w.hits, t, w.mark);
  return `No Service rule on ${node.name} matches ${fmtTuple(t)}; the destination stays as it is${marked}.`;
}

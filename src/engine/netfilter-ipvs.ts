// IPVS mode (DATAPATH §4.9): the nat chains only mark packets for masquerade (ipset matches);
// the translation is IPVS's — every Service IP is a local address on kube-ipvs0, and the virtual
// server for IP:port picks a real server with its scheduler (rr) or its persistence template
// (sessionAffinity ClientIP), then rewrites the destination.
import type { ClusterState, IpvsVirtualServer, NodeState, ProxyRules } from '../model/cluster.ts';
import type { ConntrackTable } from './conntrack.ts';
import { affinityOf, remember, withIpvsNext } from './conntrack.ts';
import type { DnatResult, NatHook, Tuple } from './netfilter.ts';
import { dnatResult, portFor } from './netfilter-explain.ts';
import { natWalk } from './netfilter-iptables.ts';
import { serviceOf } from './netfilter-rules.ts';
import type { Rng } from './random.ts';
import type { RuleRef } from './types.ts';

type IpvsRules = Extract<ProxyRules, { mode: 'ipvs' }>;

const protoFlag = (p: string) => (p === 'TCP' ? '-t' : p === 'UDP' ? '-u' : '--sctp-service');

/** `ipvsadm -Sn` lines: the virtual server and one real server. */
export function virtualServerText(vs: IpvsVirtualServer): string {
  return `-A ${protoFlag(vs.protocol)} ${vs.address}:${vs.port} -s ${vs.scheduler}${vs.persistenceTimeout !== undefined ? ` -p ${vs.persistenceTimeout}` : ''}`;
}

export function realServerText(vs: IpvsVirtualServer, i: number): string {
  const rs = vs.realServers[i]!;
  return `-a ${protoFlag(vs.protocol)} ${vs.address}:${vs.port} -r ${rs.address}:${rs.port} -m -w ${rs.weight}`;
}

function refs(state: ClusterState, vs: IpvsVirtualServer, real?: number): RuleRef[] {
  const service = serviceOf(state, vs.service);
  const port = service ? portFor(service, { protocol: vs.protocol, src: '', sport: 0, dst: vs.address, dport: vs.port }) : undefined;
  const i = service && port ? service.ports.indexOf(port) : -1;
  const range = service?.source?.paths[`spec.ports[${i}]`];
  const base = { kind: 'ipvs' as const, object: vs.service, ...(range ? { range } : {}) };
  const out: RuleRef[] = [{ ...base, text: virtualServerText(vs) }];
  if (real !== undefined) out.push({ ...base, rule: real + 1, text: realServerText(vs, real) });
  return out;
}

export function ipvsDnat(
  state: ClusterState, node: NodeState, proxy: IpvsRules, tuple: Tuple, hook: NatHook, rng: Rng, ct: ConntrackTable,
): DnatResult {
  const w = natWalk(state, node, tuple, hook, rng, ct);
  // The portmap plugin's hostPort DNAT happens in nat PREROUTING, before IPVS sees the packet.
  if (w.outcome === 'dnat') return dnatResult(state, node, tuple, w);
  const vs = proxy.virtualServers.find((v) => v.address === tuple.dst && v.port === tuple.dport && v.protocol === tuple.protocol);
  const onDummy = node.interfaces.some((i) => i.name === 'kube-ipvs0' && i.addresses.some((a) => a.split('/')[0] === tuple.dst));
  if (!vs) {
    const none = dnatResult(state, node, tuple, w);
    if (!onDummy) return none;
    // §4.9: the Service IP is a local address, so without a matching virtual server the node itself receives the packet.
    const what = tuple.protocol === 'ICMP' ? 'and answers the ping itself' : `but no IPVS virtual server serves ${tuple.protocol} ${tuple.dport}, so nothing listens there`;
    return { ...none, sentence: `${tuple.dst} is bound to kube-ipvs0 on ${node.name}, so the node takes the packet as its own ${what}.` };
  }
  const service = serviceOf(state, vs.service);
  const n = vs.realServers.length;
  if (n === 0) {
    // ip_vs_core.c ip_vs_leave: no destination → ICMP port unreachable to the client, packet dropped [D].
    const none = dnatResult(state, node, tuple, w);
    return {
      ...none, verdict: 'reject', because: [...none.because, ...refs(state, vs)],
      ...(service ? { service } : {}),
      sentence: `IPVS virtual server ${vs.address}:${vs.port} on ${node.name} has no real servers${service ? ` (Service ${service.id} has no usable endpoints here)` : ''}, so IPVS answers ICMP port unreachable: connection refused.`,
    };
  }
  const key = `${vs.address}:${vs.port}/${vs.protocol}`;
  let table = w.ct;
  let index: number;
  let how: string;
  const sticky = vs.persistenceTimeout !== undefined ? affinityOf(table, node.name, `ipvs:${key}`, tuple.src) : undefined;
  const stuck = sticky ? vs.realServers.findIndex((r) => `${r.address}:${r.port}` === sticky.endpoint) : -1;
  if (stuck >= 0) {
    index = stuck;
    how = `IPVS persistence ${vs.persistenceTimeout}s on virtual server ${key}: client ${tuple.src} stays on real server ${index + 1} (sessionAffinity ClientIP)`;
  } else {
    // rr: the kernel's position comes from earlier connections; the first one of a trace starts at a seeded position.
    const rrKey = `${node.name}|${key}`;
    const position = table.ipvsNext[rrKey] ?? rng.int(0, n - 1);
    index = position % n;
    table = withIpvsNext(table, rrKey, (index + 1) % n);
    how = `IPVS virtual server ${key}, scheduler rr: real server ${index + 1} of ${n}`;
  }
  const rs = vs.realServers[index]!;
  if (vs.persistenceTimeout !== undefined) {
    table = remember(table, { node: node.name, name: `ipvs:${key}`, client: tuple.src, endpoint: `${rs.address}:${rs.port}` });
  }
  const translated = { ...tuple, dst: rs.address, dport: rs.port };
  return dnatResult(state, node, tuple, { ...w, tuple: translated, outcome: 'dnat', ct: table }, {
    refs: refs(state, vs, index), how, who: 'IPVS (kube-proxy ipvs mode)', ct: table, ...(service ? { service } : {}),
  });
}

// kube-proxy's IPVS mode as data: one virtual server per Service IP:port (and NodePort on the node
// address) with the endpoints as real servers, the ipsets, and the iptables chains that still do
// the masquerade marking (kubernetes/kubernetes pkg/proxy/ipvs/proxier.go, ipset.go; DATAPATH §4.9).
// Simplified: the KUBE-EXTERNAL-IP physdev/addrtype ACCEPT rules and the filter chains other than
// KUBE-FORWARD (KUBE-IPVS-FILTER, KUBE-SOURCE-RANGES-FIREWALL …) are not modelled.
import type { IptablesChain, IpvsVirtualServer, PodState, ServiceState } from '../model/cluster.ts';
import type { NodeDraft } from './draft.ts';
import { ChainSet, MASQUERADE_MARK } from './proxy-iptables.ts';
import type { PortPlan, ProxyEndpoint } from './proxy-plan.ts';
import { planPort, proxiedPorts } from './proxy-plan.ts';

export interface IpvsProgramming {
  readonly chains: readonly IptablesChain[];
  readonly virtualServers: readonly IpvsVirtualServer[];
  readonly ipsets: Readonly<Record<string, readonly string[]>>;
}

/** ipset comments kube-proxy writes next to the rules that match them (ipvs/ipset.go). */
const SET_COMMENTS: Readonly<Record<string, string>> = {
  'KUBE-LOOP-BACK': 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose',
  'KUBE-CLUSTER-IP': 'Kubernetes service cluster ip + port for masquerade purpose',
  'KUBE-EXTERNAL-IP': 'Kubernetes service external ip + port for masquerade and filter purpose',
  'KUBE-LOAD-BALANCER': 'Kubernetes service lb portal',
  'KUBE-LOAD-BALANCER-LOCAL': 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local',
  'KUBE-NODE-PORT-TCP': 'Kubernetes nodeport TCP port for masquerade purpose',
  'KUBE-NODE-PORT-LOCAL-TCP': 'Kubernetes nodeport TCP port with externalTrafficPolicy=local',
  'KUBE-NODE-PORT-UDP': 'Kubernetes nodeport UDP port for masquerade purpose',
  'KUBE-NODE-PORT-LOCAL-UDP': 'Kubernetes nodeport UDP port with externalTrafficPolicy=local',
  'KUBE-NODE-PORT-SCTP': 'Kubernetes nodeport SCTP port for masquerade purpose',
  'KUBE-NODE-PORT-LOCAL-SCTP': 'Kubernetes nodeport SCTP port with externalTrafficPolicy=local',
  'KUBE-HEALTH-CHECK-NODE-PORT': 'Kubernetes health check node port',
};

function realServers(endpoints: readonly ProxyEndpoint[]): IpvsVirtualServer['realServers'] {
  return endpoints.map((e) => ({ address: e.ip, port: e.port, weight: 1, ...(e.pod ? { pod: e.pod } : {}) }));
}

export function ipvsProgramming(
  node: NodeDraft, services: readonly ServiceState[], podById: ReadonlyMap<string, PodState>, clusterCIDR: string,
  extra?: (set: ChainSet) => void,
): IpvsProgramming {
  const sets = new Map<string, string[]>(Object.keys(SET_COMMENTS).map((k) => [k, []]));
  const put = (set: string, entry: string) => { const s = sets.get(set)!; if (!s.includes(entry)) s.push(entry); };
  const virtualServers: IpvsVirtualServer[] = [];
  const plans: PortPlan[] = proxiedPorts(services).map((p) => planPort(p.service, p.port, p.clusterIP, node.name, podById));

  for (const p of plans) {
    const proto = p.protocol;
    const internal = p.internalLocal ? p.localEndpoints : p.clusterEndpoints;
    const external = p.externalLocal ? p.localEndpoints : p.clusterEndpoints;
    // sessionAffinity ClientIP becomes IPVS persistence with the affinity timeout (§5.7).
    const persistence = p.service.sessionAffinity === 'ClientIP' ? { persistenceTimeout: p.service.sessionAffinityTimeoutSeconds } : {};
    const vs = (address: string, port: number, eps: readonly ProxyEndpoint[]) => virtualServers.push({
      address, port, protocol: p.port.protocol, scheduler: 'rr', ...persistence, realServers: realServers(eps), service: p.ref,
    });
    // The virtual server exists even without endpoints; packets to it then go nowhere (§4.9).
    vs(p.clusterIP, p.port.port, internal);
    put('KUBE-CLUSTER-IP', `${p.clusterIP},${proto}:${p.port.port}`);
    for (const ip of p.service.externalIPs) {
      vs(ip, p.port.port, external);
      put('KUBE-EXTERNAL-IP', `${ip},${proto}:${p.port.port}`);
    }
    for (const ip of p.service.loadBalancerIPs) {
      vs(ip, p.port.port, external);
      put('KUBE-LOAD-BALANCER', `${ip},${proto}:${p.port.port}`);
      if (p.externalLocal) put('KUBE-LOAD-BALANCER-LOCAL', `${ip},${proto}:${p.port.port}`);
    }
    if (p.port.nodePort) {
      vs(node.address, p.port.nodePort, external);
      const upper = p.port.protocol;
      put(`KUBE-NODE-PORT-${upper}`, String(p.port.nodePort));
      if (p.externalLocal) put(`KUBE-NODE-PORT-LOCAL-${upper}`, String(p.port.nodePort));
    }
    if (p.service.healthCheckNodePort) put('KUBE-HEALTH-CHECK-NODE-PORT', String(p.service.healthCheckNodePort));
    // Hairpin: a local endpoint reaching itself via the Service is masqueraded (§4.5, §4.9).
    for (const ep of p.reachableEndpoints.filter((e) => e.local)) put('KUBE-LOOP-BACK', `${ep.ip},${proto}:${ep.port},${ep.ip}`);
  }
  const ipsets = Object.fromEntries([...sets].map(([k, v]) => [k, [...v].sort()]));
  return { chains: ipvsChains(ipsets, clusterCIDR, extra), virtualServers, ipsets };
}

function ipvsChains(
  ipsets: Readonly<Record<string, readonly string[]>>, clusterCIDR: string, extra?: (set: ChainSet) => void,
): readonly IptablesChain[] {
  const set = new ChainSet();
  const used = (name: string) => (ipsets[name]?.length ?? 0) > 0;
  const bySet = (name: string, flags: string) => ({ set: { name, flags } });
  set.add('nat', 'PREROUTING', { match: {}, jump: 'KUBE-SERVICES', comment: 'kubernetes service portals' });
  set.add('nat', 'OUTPUT', { match: {}, jump: 'KUBE-SERVICES', comment: 'kubernetes service portals' });
  set.add('nat', 'POSTROUTING', { match: {}, jump: 'KUBE-POSTROUTING', comment: 'kubernetes postrouting rules' });
  for (const c of ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ']) set.ensure('nat', c);
  // Ordered as proxier.go ipsetWithIptablesChain; a rule is written only when its set is non-empty.
  if (used('KUBE-LOOP-BACK')) {
    set.add('nat', 'KUBE-POSTROUTING', { match: bySet('KUBE-LOOP-BACK', 'dst,dst,src'), jump: 'MASQUERADE', comment: SET_COMMENTS['KUBE-LOOP-BACK'] });
  }
  if (used('KUBE-LOAD-BALANCER')) {
    set.add('nat', 'KUBE-SERVICES', { match: bySet('KUBE-LOAD-BALANCER', 'dst,dst'), jump: 'KUBE-LOAD-BALANCER', comment: SET_COMMENTS['KUBE-LOAD-BALANCER'] });
  }
  if (used('KUBE-LOAD-BALANCER-LOCAL')) {
    set.add('nat', 'KUBE-LOAD-BALANCER', { match: bySet('KUBE-LOAD-BALANCER-LOCAL', 'dst,dst'), jump: 'RETURN', comment: SET_COMMENTS['KUBE-LOAD-BALANCER-LOCAL'] });
  }
  for (const proto of ['TCP', 'UDP', 'SCTP'] as const) {
    for (const [name, jump] of [[`KUBE-NODE-PORT-LOCAL-${proto}`, 'RETURN'], [`KUBE-NODE-PORT-${proto}`, 'KUBE-MARK-MASQ']] as const) {
      if (used(name)) set.add('nat', 'KUBE-NODE-PORT', { match: { protocol: proto, ...bySet(name, 'dst') }, jump, comment: SET_COMMENTS[name] });
    }
  }
  if (used('KUBE-CLUSTER-IP')) {
    set.add('nat', 'KUBE-SERVICES', {
      match: { notSource: clusterCIDR, ...bySet('KUBE-CLUSTER-IP', 'dst,dst') }, jump: 'KUBE-MARK-MASQ', comment: SET_COMMENTS['KUBE-CLUSTER-IP'],
    });
  }
  if (used('KUBE-EXTERNAL-IP')) {
    set.add('nat', 'KUBE-SERVICES', { match: bySet('KUBE-EXTERNAL-IP', 'dst,dst'), jump: 'KUBE-MARK-MASQ', comment: SET_COMMENTS['KUBE-EXTERNAL-IP'] });
  }
  set.add('nat', 'KUBE-SERVICES', { match: { dstTypeLocal: true }, jump: 'KUBE-NODE-PORT' });
  if (used('KUBE-CLUSTER-IP')) set.add('nat', 'KUBE-SERVICES', { match: bySet('KUBE-CLUSTER-IP', 'dst,dst'), jump: 'ACCEPT' });
  if (used('KUBE-LOAD-BALANCER')) set.add('nat', 'KUBE-SERVICES', { match: bySet('KUBE-LOAD-BALANCER', 'dst,dst'), jump: 'ACCEPT' });
  set.add('nat', 'KUBE-LOAD-BALANCER', { match: {}, jump: 'KUBE-MARK-MASQ' });
  set.add('nat', 'KUBE-POSTROUTING', { match: { mark: { value: MASQUERADE_MARK, negate: true } }, jump: 'RETURN' });
  set.add('nat', 'KUBE-POSTROUTING', { match: {}, jump: 'MARK', markXor: MASQUERADE_MARK });
  set.add('nat', 'KUBE-POSTROUTING', { match: {}, jump: 'MASQUERADE', randomFully: true, comment: 'kubernetes service traffic requiring SNAT' });
  set.add('nat', 'KUBE-MARK-MASQ', { match: {}, jump: 'MARK', markOr: MASQUERADE_MARK });

  set.add('filter', 'FORWARD', { match: {}, jump: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules' });
  set.add('filter', 'KUBE-FORWARD', { match: { ctstate: ['INVALID'] }, jump: 'DROP' });
  set.add('filter', 'KUBE-FORWARD', { match: { mark: { value: MASQUERADE_MARK, negate: false } }, jump: 'ACCEPT', comment: 'kubernetes forwarding rules' });
  set.add('filter', 'KUBE-FORWARD', { match: { ctstate: ['RELATED', 'ESTABLISHED'] }, jump: 'ACCEPT', comment: 'kubernetes forwarding conntrack rule' });
  extra?.(set);
  return set.list();
}

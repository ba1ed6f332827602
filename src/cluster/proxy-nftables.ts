// kube-proxy's nftables mode as data (kubernetes/kubernetes pkg/proxy/nftables/proxier.go;
// DATAPATH §4.10). Everything lives in one `ip kube-proxy` table; here each chain is tagged
// 'nat' or 'filter' by its purpose. The verdict maps (`service-ips`, `service-nodeports`,
// `no-endpoint-services` …) are flattened into one rule per map element, and the
// `numgen random mod N vmap` endpoint pick into the equivalent 1/(n−i) rules, so the engine can
// walk all proxy modes alike; nftList() prints them back in nft syntax.
import type { ClusterSettings, IptablesChain, PodState, ServiceState } from '../model/cluster.ts';
import type { NodeDraft } from './draft.ts';
import { ChainSet, MASQUERADE_MARK } from './proxy-iptables.ts';
import type { PortPlan, ProxyEndpoint } from './proxy-plan.ts';
import { planPort, portProtoHash, probabilityText, proxiedPorts } from './proxy-plan.ts';

/** `<HASH8>-ns/svc/proto/portname` (proxier.go servicePortChainNameBase). */
function base(p: PortPlan): string {
  return `${portProtoHash(p.name, p.protocol).slice(0, 8)}-${p.service.namespace}/${p.service.name}/${p.protocol}/${p.port.name ?? ''}`;
}

export const nftChainName = {
  service: (p: PortPlan) => `service-${base(p)}`,
  local: (p: PortPlan) => `local-${base(p)}`,
  external: (p: PortPlan) => `external-${base(p)}`,
  firewall: (p: PortPlan) => `firewall-${base(p)}`,
  endpoint: (p: PortPlan, ep: ProxyEndpoint) =>
    `endpoint-${portProtoHash(p.name, p.protocol, ep.address).slice(0, 8)}-${p.service.namespace}/${p.service.name}/${p.protocol}/${p.port.name ?? ''}__${ep.ip}/${ep.port}`,
  affinity: (p: PortPlan, ep: ProxyEndpoint) => `affinity-${nftChainName.endpoint(p, ep).slice('endpoint-'.length)}`,
};

export function nftablesChains(
  settings: ClusterSettings, node: NodeDraft, services: readonly ServiceState[], podById: ReadonlyMap<string, PodState>,
): readonly IptablesChain[] {
  const set = new ChainSet();
  const fresh = { ctstate: ['NEW'] as const };
  set.add('nat', 'nat-prerouting', { match: {}, jump: 'services' });
  set.add('nat', 'nat-output', { match: {}, jump: 'services' });
  set.add('nat', 'nat-postrouting', { match: {}, jump: 'masquerading' });
  set.add('nat', 'masquerading', { match: { mark: { value: MASQUERADE_MARK, negate: true } }, jump: 'RETURN' });
  set.add('nat', 'masquerading', { match: {}, jump: 'MARK', markXor: MASQUERADE_MARK });
  set.add('nat', 'masquerading', { match: {}, jump: 'MASQUERADE', randomFully: true });
  set.add('nat', 'mark-for-masquerade', { match: {}, jump: 'MARK', markOr: MASQUERADE_MARK });
  set.ensure('nat', 'services');
  set.add('filter', 'filter-prerouting', { match: fresh, jump: 'firewall-check' });
  set.add('filter', 'filter-input', { match: fresh, jump: 'nodeport-endpoints-check' });
  set.add('filter', 'filter-input', { match: fresh, jump: 'service-endpoints-check' });
  set.add('filter', 'filter-forward', { match: fresh, jump: 'service-endpoints-check' });
  set.add('filter', 'filter-forward', { match: fresh, jump: 'cluster-ips-check' });
  set.add('filter', 'filter-output', { match: fresh, jump: 'service-endpoints-check' });
  set.add('filter', 'filter-output', { match: fresh, jump: 'cluster-ips-check' });
  for (const c of ['firewall-check', 'nodeport-endpoints-check', 'service-endpoints-check', 'cluster-ips-check']) set.ensure('filter', c);

  const plans = proxiedPorts(services).map((p) => planPort(p.service, p.port, p.clusterIP, node.name, podById));
  for (const p of plans) servicePort(set, p, node, settings.podCIDR);
  // §4.10: a ClusterIP on a port it does not serve is rejected; an unallocated one is dropped.
  for (const ip of [...new Set(plans.map((p) => p.clusterIP))]) {
    set.add('filter', 'cluster-ips-check', { match: { destination: ip }, jump: 'REJECT', comment: 'Reject traffic to invalid ports of ClusterIPs' });
  }
  set.add('filter', 'cluster-ips-check', { match: { destination: settings.serviceCIDR }, jump: 'DROP', comment: 'Drop traffic to unallocated ClusterIPs' });
  return set.list();
}

function servicePort(set: ChainSet, p: PortPlan, node: NodeDraft, clusterCIDR: string): void {
  const service = p.ref;
  const protocol = p.port.protocol;
  const svcChain = nftChainName.service(p);
  const localChain = nftChainName.local(p);
  const internalChain = p.internalLocal ? localChain : svcChain;
  const extChain = nftChainName.external(p);
  const filterVerdict = p.hasEndpoints ? 'DROP' : 'REJECT';
  const filterComment = p.hasEndpoints ? `${p.name} has no local endpoints` : `${p.name} has no endpoints`;

  const clusterMatch = { protocol, destination: p.clusterIP, dport: p.port.port };
  if (p.hasInternalEndpoints) set.add('nat', 'services', { match: clusterMatch, jump: internalChain, comment: `${p.name} cluster IP`, service });
  else set.add('filter', 'service-endpoints-check', { match: clusterMatch, jump: filterVerdict, comment: filterComment, service });
  const externals: { match: { protocol: typeof protocol; destination: string; dport: number }; lb: boolean }[] = [
    ...p.service.externalIPs.map((ip) => ({ match: { protocol, destination: ip, dport: p.port.port }, lb: false })),
    ...p.service.loadBalancerIPs.map((ip) => ({ match: { protocol, destination: ip, dport: p.port.port }, lb: true })),
    // NodePorts only on the node's primary IP by default, never 127.0.0.1 (§4.10).
    ...(p.port.nodePort ? [{ match: { protocol, destination: node.address, dport: p.port.nodePort }, lb: false }] : []),
  ];
  for (const e of externals) {
    if (p.hasEndpoints) set.add('nat', 'services', { match: e.match, jump: extChain, service });
    if (!p.hasExternalEndpoints) {
      const chain = e.match.destination === node.address ? 'nodeport-endpoints-check' : 'service-endpoints-check';
      set.add('filter', chain, { match: e.match, jump: filterVerdict, comment: filterComment, service });
    }
    if (e.lb && p.usesFirewallChain) {
      // loadBalancerSourceRanges: sources outside the ranges are dropped before DNAT.
      const fw = nftChainName.firewall(p);
      set.add('filter', 'firewall-check', { match: e.match, jump: fw, service });
      for (const cidr of p.service.loadBalancerSourceRanges) set.add('filter', fw, { match: { source: cidr }, jump: 'RETURN', service });
      set.add('filter', fw, { match: {}, jump: 'DROP', service });
    }
  }
  if (p.hasInternalEndpoints) {
    set.add('nat', internalChain, { match: { ...clusterMatch, notSource: clusterCIDR }, jump: 'mark-for-masquerade', service });
  }
  if (p.usesExternalChain) {
    if (!p.externalLocal) set.add('nat', extChain, { match: {}, jump: 'mark-for-masquerade', service });
    else {
      set.add('nat', extChain, { match: { source: clusterCIDR }, jump: svcChain, comment: 'short-circuit pod traffic', service });
      set.add('nat', extChain, { match: { srcTypeLocal: true }, jump: 'mark-for-masquerade', comment: 'masquerade local traffic', service });
      set.add('nat', extChain, { match: { srcTypeLocal: true }, jump: svcChain, comment: 'short-circuit local traffic', service });
    }
    if (p.hasExternalEndpoints) set.add('nat', extChain, { match: {}, jump: p.externalLocal ? localChain : svcChain, service });
  }
  if (p.usesClusterChain) dispatch(set, p, svcChain, p.clusterEndpoints);
  if (p.usesLocalChain) dispatch(set, p, localChain, p.localEndpoints);
  for (const ep of p.reachableEndpoints) {
    const chain = nftChainName.endpoint(p, ep);
    const endpoint = ep.pod ? { endpoint: ep.pod } : {};
    set.add('nat', chain, { match: { source: ep.ip }, jump: 'mark-for-masquerade', service, ...endpoint });
    set.add('nat', chain, {
      match: { protocol, ...(p.service.sessionAffinity === 'ClientIP' ? { recent: { op: 'set' as const, name: nftChainName.affinity(p, ep) } } : {}) },
      jump: 'DNAT', toDestination: ep.address, service, ...endpoint,
    });
  }
}

function dispatch(set: ChainSet, p: PortPlan, chain: string, endpoints: readonly ProxyEndpoint[]): void {
  set.ensure('nat', chain);
  if (p.service.sessionAffinity === 'ClientIP') {
    for (const ep of endpoints) {
      set.add('nat', chain, {
        match: { recent: { op: 'rcheck', name: nftChainName.affinity(p, ep), seconds: p.service.sessionAffinityTimeoutSeconds } },
        jump: nftChainName.endpoint(p, ep), service: p.ref, ...(ep.pod ? { endpoint: ep.pod } : {}),
      });
    }
  }
  endpoints.forEach((ep, i) => {
    set.add('nat', chain, {
      match: i === endpoints.length - 1 ? {} : { probability: Number(probabilityText(endpoints.length, i)) },
      jump: nftChainName.endpoint(p, ep), service: p.ref, ...(ep.pod ? { endpoint: ep.pod } : {}),
    });
  });
}

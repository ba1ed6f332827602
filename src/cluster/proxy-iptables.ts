// kube-proxy's iptables mode as data: the nat and filter chains syncProxyRules writes
// (kubernetes/kubernetes pkg/proxy/iptables/proxier.go, v1.30+ generation; DATAPATH §4.1, §4.2,
// §4.6, §4.8, §5.3–5.7). Rule order and comments follow the proxier so the listing reads like
// `iptables-save` on a real node.
import type { ChainSet } from './proxy-chainset.ts';
import type { PortPlan, ProxyEndpoint } from './proxy-plan.ts';
import { portProtoHash, probabilityText } from './proxy-plan.ts';

// The engine and the other rule writers take the chain set from here, beside the rules.
export { ChainSet } from './proxy-chainset.ts';

/** 1 << masqueradeBit, default bit 14 (DATAPATH §4.2, S34). */
export const MASQUERADE_MARK = 0x4000;
/** proxier.go largeClusterEndpointsThreshold: above it, per-endpoint comments are dropped (§4.2). */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

export const chainName = {
  svc: (p: PortPlan) => `KUBE-SVC-${portProtoHash(p.name, p.protocol).slice(0, 16)}`,
  svl: (p: PortPlan) => `KUBE-SVL-${portProtoHash(p.name, p.protocol).slice(0, 16)}`,
  ext: (p: PortPlan) => `KUBE-EXT-${portProtoHash(p.name, p.protocol).slice(0, 16)}`,
  fw: (p: PortPlan) => `KUBE-FW-${portProtoHash(p.name, p.protocol).slice(0, 16)}`,
  sep: (p: PortPlan, ep: ProxyEndpoint) => `KUBE-SEP-${portProtoHash(p.name, p.protocol, ep.address).slice(0, 16)}`,
};

/**
 * The chains every node starts with and every Service port appends to: the hooks in the
 * built-in chains and kube-proxy's own static chains, in the order the proxier creates them.
 */
export function commonChains(set: ChainSet): void {
  jumpChains(set);
  staticRules(set);
}

/** What the proxier writes into the common chains after all Service ports. */
export function commonTails(set: ChainSet): void {
  // Tail call to the NodePorts chain: must stay the last rule of KUBE-SERVICES (§4.2).
  set.add('nat', 'KUBE-SERVICES', {
    match: { dstTypeLocal: true }, jump: 'KUBE-NODEPORTS',
    comment: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain',
  });
  forwardRules(set);
}

/** The hooks kube-proxy installs in the built-in chains (proxier.go iptablesJumpChains). */
function jumpChains(set: ChainSet): void {
  const nat = (chain: string, comment: string, jump: string) => set.add('nat', chain, { match: {}, jump, comment });
  nat('PREROUTING', 'kubernetes service portals', 'KUBE-SERVICES');
  nat('OUTPUT', 'kubernetes service portals', 'KUBE-SERVICES');
  nat('POSTROUTING', 'kubernetes postrouting rules', 'KUBE-POSTROUTING');
  // Inserted with -I (prepend) in list order, so the last one ends up first in each chain.
  const fresh = { ctstate: ['NEW'] as const };
  set.add('filter', 'INPUT', { match: fresh, jump: 'KUBE-PROXY-FIREWALL', comment: 'kubernetes load balancer firewall' });
  set.add('filter', 'INPUT', { match: {}, jump: 'KUBE-NODEPORTS', comment: 'kubernetes health check service ports' });
  set.add('filter', 'INPUT', { match: fresh, jump: 'KUBE-EXTERNAL-SERVICES', comment: 'kubernetes externally-visible service portals' });
  set.add('filter', 'FORWARD', { match: fresh, jump: 'KUBE-PROXY-FIREWALL', comment: 'kubernetes load balancer firewall' });
  set.add('filter', 'FORWARD', { match: {}, jump: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules' });
  set.add('filter', 'FORWARD', { match: fresh, jump: 'KUBE-SERVICES', comment: 'kubernetes service portals' });
  set.add('filter', 'FORWARD', { match: fresh, jump: 'KUBE-EXTERNAL-SERVICES', comment: 'kubernetes externally-visible service portals' });
  set.add('filter', 'OUTPUT', { match: fresh, jump: 'KUBE-PROXY-FIREWALL', comment: 'kubernetes load balancer firewall' });
  set.add('filter', 'OUTPUT', { match: fresh, jump: 'KUBE-SERVICES', comment: 'kubernetes service portals' });
}

function staticRules(set: ChainSet): void {
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) set.ensure('filter', c);
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) set.ensure('nat', c);
  set.add('nat', 'KUBE-POSTROUTING', { match: { mark: { value: MASQUERADE_MARK, negate: true } }, jump: 'RETURN' });
  // Clear the mark so a packet that re-traverses the stack is not masqueraded twice.
  set.add('nat', 'KUBE-POSTROUTING', { match: {}, jump: 'MARK', markXor: MASQUERADE_MARK });
  set.add('nat', 'KUBE-POSTROUTING', { match: {}, jump: 'MASQUERADE', randomFully: true, comment: 'kubernetes service traffic requiring SNAT' });
  set.add('nat', 'KUBE-MARK-MASQ', { match: {}, jump: 'MARK', markOr: MASQUERADE_MARK });
}

function forwardRules(set: ChainSet): void {
  // Drop ctstate INVALID unless nf_conntrack_tcp_be_liberal is set (§4.7.4; default not set).
  set.add('filter', 'KUBE-FORWARD', { match: { ctstate: ['INVALID'] }, jump: 'DROP' });
  // Marked packets (NodePort …) are forwarded even when the FORWARD policy is DROP (§5.3 step 4).
  set.add('filter', 'KUBE-FORWARD', { match: { mark: { value: MASQUERADE_MARK, negate: false } }, jump: 'ACCEPT', comment: 'kubernetes forwarding rules' });
  set.add('filter', 'KUBE-FORWARD', { match: { ctstate: ['RELATED', 'ESTABLISHED'] }, jump: 'ACCEPT', comment: 'kubernetes forwarding conntrack rule' });
}

/**
 * syncProxyRules for one Service port: its rules in the common chains and its own chains.
 * `clusterCIDR` is detectLocalMode ClusterCIDR's range, the cluster pod CIDR (§4.6);
 * `nodeInRanges` whether the node's address is in the Service's loadBalancerSourceRanges.
 */
export function servicePortRules(set: ChainSet, p: PortPlan, clusterCIDR: string, large: boolean, nodeInRanges: boolean): void {
  const svc = p.service;
  const service = p.ref;
  const protocol = p.port.protocol;
  const dport = p.port.port;
  // Chain names hash the port's name: each hashed once here, not at every rule that names it.
  const hash = portProtoHash(p.name, p.protocol).slice(0, 16);
  // The cluster and local endpoints are among the reachable ones (the same objects).
  const sepOf = new Map(p.reachableEndpoints.map((ep) => [ep, chainName.sep(p, ep)]));
  const clusterChain = `KUBE-SVC-${hash}`;
  const localChain = `KUBE-SVL-${hash}`;
  const internalChain = p.internalLocal ? localChain : clusterChain;
  const externalPolicyChain = p.externalLocal ? localChain : clusterChain;
  const extChain = `KUBE-EXT-${hash}`;
  const fwChain = `KUBE-FW-${hash}`;
  const lbChain = p.usesFirewallChain ? fwChain : extChain;
  const noEndpoints = `${p.name} has no endpoints`;
  const noLocal = `${p.name} has no local endpoints`;
  const internalFilter = !p.hasEndpoints ? { jump: 'REJECT', comment: noEndpoints } : { jump: 'DROP', comment: noLocal };
  const externalFilter = internalFilter;

  // ClusterIP.
  const clusterMatch = { protocol, destination: p.clusterIP, dport };
  if (p.hasInternalEndpoints) {
    set.add('nat', 'KUBE-SERVICES', { match: clusterMatch, jump: internalChain, comment: `${p.name} cluster IP`, service });
  } else {
    set.add('filter', 'KUBE-SERVICES', { match: clusterMatch, ...internalFilter, service });
  }
  // externalIPs.
  for (const ip of svc.externalIPs) {
    const match = { protocol, destination: ip, dport };
    if (p.hasEndpoints) set.add('nat', 'KUBE-SERVICES', { match, jump: extChain, comment: `${p.name} external IP`, service });
    if (!p.hasExternalEndpoints) set.add('filter', 'KUBE-EXTERNAL-SERVICES', { match, ...externalFilter, service });
  }
  // LoadBalancer IPs: captured on the node, never sent to the external LB (§5.4).
  for (const ip of svc.loadBalancerIPs) {
    const match = { protocol, destination: ip, dport };
    if (p.hasEndpoints) set.add('nat', 'KUBE-SERVICES', { match, jump: lbChain, comment: `${p.name} loadbalancer IP`, service });
    if (p.usesFirewallChain) {
      set.add('filter', 'KUBE-PROXY-FIREWALL', { match, jump: 'DROP', comment: `${p.name} traffic not accepted by ${fwChain}`, service });
    }
  }
  if (!p.hasExternalEndpoints) {
    for (const ip of svc.loadBalancerIPs) {
      set.add('filter', 'KUBE-EXTERNAL-SERVICES', { match: { protocol, destination: ip, dport }, ...externalFilter, service });
    }
  }
  // NodePort.
  const nodePort = p.port.nodePort ?? 0;
  if (nodePort !== 0) {
    if (p.hasEndpoints) set.add('nat', 'KUBE-NODEPORTS', { match: { protocol, dport: nodePort }, jump: extChain, comment: p.name, service });
    if (!p.hasExternalEndpoints) {
      set.add('filter', 'KUBE-EXTERNAL-SERVICES', { match: { dstTypeLocal: true, protocol, dport: nodePort }, ...externalFilter, service });
    }
  }
  // healthCheckNodePort (LoadBalancer + Local): always accepted so kube-proxy can answer it (§5.3).
  if (svc.healthCheckNodePort) {
    set.add('filter', 'KUBE-NODEPORTS', {
      match: { protocol: 'TCP', dport: svc.healthCheckNodePort }, jump: 'ACCEPT', comment: `${p.name} health check node port`, service,
    });
  }

  // Off-cluster sources to the ClusterIP get masqueraded (detectLocalMode ClusterCIDR, §4.6).
  if (p.hasInternalEndpoints) {
    set.add('nat', internalChain, {
      match: { ...clusterMatch, notSource: clusterCIDR }, jump: 'KUBE-MARK-MASQ', comment: `${p.name} cluster IP`, service,
    });
  }

  if (p.usesExternalChain) {
    set.ensure('nat', extChain);
    if (!p.externalLocal) {
      // Cluster policy: may cross nodes, so always masquerade (§4.6).
      set.add('nat', extChain, { match: {}, jump: 'KUBE-MARK-MASQ', comment: `masquerade traffic for ${p.name} external destinations`, service });
    } else {
      // Local policy: pods short-circuit to the cluster-wide chain; the node itself is
      // masqueraded and also sent cluster-wide; everyone else keeps the source IP (§4.6, §5.3).
      set.add('nat', extChain, { match: { source: clusterCIDR }, jump: clusterChain, comment: `pod traffic for ${p.name} external destinations`, service });
      set.add('nat', extChain, { match: { srcTypeLocal: true }, jump: 'KUBE-MARK-MASQ', comment: `masquerade LOCAL traffic for ${p.name} external destinations`, service });
      set.add('nat', extChain, { match: { srcTypeLocal: true }, jump: clusterChain, comment: `route LOCAL traffic for ${p.name} external destinations`, service });
    }
    if (p.hasExternalEndpoints) set.add('nat', extChain, { match: {}, jump: externalPolicyChain, service });
  }

  if (p.usesFirewallChain) {
    // loadBalancerSourceRanges: allowed sources continue to the EXT chain; the rest fall through
    // un-DNATed and hit the KUBE-PROXY-FIREWALL DROP (§5.4).
    const fw = fwChain;
    set.ensure('nat', fw);
    const comment = `${p.name} loadbalancer IP`;
    for (const cidr of svc.loadBalancerSourceRanges) set.add('nat', fw, { match: { source: cidr }, jump: extChain, comment, service });
    if (nodeInRanges) {
      for (const ip of svc.loadBalancerIPs) set.add('nat', fw, { match: { source: ip }, jump: extChain, comment, service });
    }
  }

  if (p.usesClusterChain) endpointDispatch(set, p, clusterChain, p.clusterEndpoints, large, sepOf);
  if (p.usesLocalChain) endpointDispatch(set, p, localChain, p.localEndpoints, large, sepOf);

  for (const ep of p.reachableEndpoints) {
    const sep = sepOf.get(ep)!;
    const comment = large ? undefined : p.name;
    const endpoint = ep.pod;
    // Hairpin: an endpoint reaching itself through the Service must be masqueraded (§4.5).
    set.add('nat', sep, { match: { source: ep.ip }, jump: 'KUBE-MARK-MASQ', ...(comment ? { comment } : {}), service, ...(endpoint ? { endpoint } : {}) });
    set.add('nat', sep, {
      match: { protocol, ...(svc.sessionAffinity === 'ClientIP' ? { recent: { op: 'set' as const, name: sep } } : {}) },
      jump: 'DNAT', toDestination: ep.address, ...(comment ? { comment } : {}), service, ...(endpoint ? { endpoint } : {}),
    });
  }
}

/** writeServiceToEndpointRules: affinity checks first, then 1/(n−i) random picks (§4.2, §5.7). */
function endpointDispatch(
  set: ChainSet, p: PortPlan, chain: string, endpoints: readonly ProxyEndpoint[], large: boolean, sepOf: ReadonlyMap<ProxyEndpoint, string>,
): void {
  set.ensure('nat', chain);
  const service = p.ref;
  const commentFor = (ep: ProxyEndpoint) => (large ? {} : { comment: `${p.name} -> ${ep.address}` });
  if (p.service.sessionAffinity === 'ClientIP') {
    for (const ep of endpoints) {
      const sep = sepOf.get(ep)!;
      set.add('nat', chain, {
        match: { recent: { op: 'rcheck', name: sep, seconds: p.service.sessionAffinityTimeoutSeconds } },
        jump: sep, ...commentFor(ep), service, ...(ep.pod ? { endpoint: ep.pod } : {}),
      });
    }
  }
  endpoints.forEach((ep, i) => {
    const last = i === endpoints.length - 1;
    set.add('nat', chain, {
      match: last ? {} : { probability: Number(probabilityText(endpoints.length, i)) },
      jump: sepOf.get(ep)!, ...commentFor(ep), service, ...(ep.pod ? { endpoint: ep.pod } : {}),
    });
  });
}

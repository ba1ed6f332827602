// kube-proxy's iptables mode as data: the nat and filter chains syncProxyRules writes
// (kubernetes/kubernetes pkg/proxy/iptables/proxier.go, v1.30+ generation; DATAPATH §4.1, §4.2,
// §4.6, §4.8, §5.3–5.7). Rule order and comments follow the proxier so the listing reads like
// `iptables-save` on a real node.
import type { IptablesChain, IptablesRule, PodState, ServiceState } from '../model/cluster.ts';
import type { ServicePort } from '../model/objects.ts';
import type { NodeDraft } from './draft.ts';
import { ipInCidr } from '../model/ip.ts';
import type { PortEndpoint, PortPlan, ProxyEndpoint } from './proxy-plan.ts';
import { nodeDependent, nodeEndpoints, planPortFrom, portEndpoints, portProtoHash, probabilityText, proxiedPorts } from './proxy-plan.ts';
import { deepFreeze } from './freeze.ts';

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

type Table = 'nat' | 'filter';

/** Chains in creation order, rules appended as the proxier writes them. */
export class ChainSet {
  // A chain is either being written here, or a finished (frozen) one shared with other nodes.
  private readonly chains = new Map<string, { table: Table; name: string; rules: IptablesRule[] } | { shared: IptablesChain }>();
  ensure(table: Table, name: string): void {
    const key = `${table}/${name}`;
    if (!this.chains.has(key)) this.chains.set(key, { table, name, rules: [] });
  }
  /** How many chains exist so far. */
  get size(): number {
    return this.chains.size;
  }
  has(table: Table, name: string): boolean {
    return this.chains.has(`${table}/${name}`);
  }
  add(table: Table, name: string, rule: IptablesRule): void {
    this.rulesOf(table, name).push(rule);
  }
  /** Appends rules in order, as `add` one by one would. */
  append(table: Table, name: string, rules: readonly IptablesRule[]): void {
    const target = this.rulesOf(table, name);
    for (const r of rules) target.push(r);
  }
  /** `iptables -I`: insert at the top of the chain. */
  prepend(table: Table, name: string, rule: IptablesRule): void {
    this.rulesOf(table, name).unshift(rule);
  }
  /** Adds a finished chain as it is (the same object in list()), unless one of its name exists. */
  adopt(chain: IptablesChain): void {
    const key = `${chain.table}/${chain.name}`;
    if (this.chains.has(key)) this.append(chain.table, chain.name, chain.rules);
    else this.chains.set(key, { shared: chain });
  }
  list(): readonly IptablesChain[] {
    return [...this.chains.values()].map((c) => ('shared' in c ? c.shared : { table: c.table, name: c.name, rules: [...c.rules] }));
  }
  private rulesOf(table: Table, name: string): IptablesRule[] {
    const key = `${table}/${name}`;
    let c = this.chains.get(key);
    if (c === undefined) {
      c = { table, name, rules: [] };
      this.chains.set(key, c);
    } else if ('shared' in c) {
      // Written to after all: continue on a copy, the shared chain stays as it is.
      c = { table, name, rules: [...c.shared.rules] };
      this.chains.set(key, c);
    }
    return c.rules;
  }
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

export interface IptablesOptions {
  /** detectLocalMode ClusterCIDR: the cluster pod CIDR (§4.6). */
  readonly clusterCIDR: string;
  /** Other programs' rules in the same nat table (the CNI portmap plugin's hostPort chains). */
  readonly extra?: (set: ChainSet, node: NodeDraft) => void;
}

export function iptablesChains(
  node: NodeDraft, services: readonly ServiceState[], podById: ReadonlyMap<string, PodState>, opts: IptablesOptions,
): readonly IptablesChain[] {
  return iptablesProgrammer(services, podById, opts)(node);
}

/** One Service port's share of a node's rules: rules appended to the common chains, and its own chains. */
interface Fragment {
  readonly appends: readonly { readonly table: Table; readonly name: string; readonly rules: readonly IptablesRule[] }[];
  readonly chains: readonly IptablesChain[];
}

/** The chains jumpChains and staticRules create, which every Service port appends to. */
const COMMON = (() => {
  const set = new ChainSet();
  jumpChains(set);
  staticRules(set);
  return set;
})();

/**
 * iptablesChains for many nodes of one cluster. Most of a node's rules do not depend on the node:
 * they are written once, frozen, and the same chain objects are shared by every node. Only what
 * differs (Local traffic policy endpoints, the node's address in a firewall chain, the
 * large-cluster switch, the CNI's and portmap's rules) is written per node.
 */
export function iptablesProgrammer(
  services: readonly ServiceState[], podById: ReadonlyMap<string, PodState>, opts: IptablesOptions,
): (node: NodeDraft) => readonly IptablesChain[] {
  const ports: Port[] = proxiedPorts(services).map(({ service, port, clusterIP }) => {
    const endpoints = portEndpoints(service, port, podById);
    const dependent = nodeDependent(service, port);
    return {
      service, port, clusterIP, endpoints, dependent,
      // The same plan on every node: `local` is only read for Local traffic policies.
      shared: dependent ? undefined : planPortFrom(service, port, clusterIP, nodeEndpoints(endpoints, '')),
      fragments: new Map<string | number, Fragment>(),
    };
  });
  const sharedEndpoints = ports.reduce((n, p) => n + (p.shared?.reachableEndpoints.length ?? 0), 0);
  // Consecutive ports whose rules vary with nothing but the large-cluster switch are merged
  // into one fragment per value of it, so a node takes them in a few steps.
  const units: (Run | Port)[] = [];
  for (const p of ports) {
    if (p.dependent || p.shared!.usesFirewallChain) units.push(p);
    else {
      const last = units[units.length - 1];
      if (last && 'ports' in last) last.ports.push(p);
      else units.push({ ports: [p], merged: new Map() });
    }
  }
  // Every chain some fragment owns, for the check below.
  const owned = new Set<string>();
  const fragmentOf = (port: Port, plan: PortPlan, node: NodeDraft, large: boolean): Fragment => {
    const nodeInRanges = plan.usesFirewallChain && plan.service.loadBalancerSourceRanges.some((cidr) => ipInCidr(node.address, cidr));
    const variant = (large ? 1 : 0) + (nodeInRanges ? 2 : 0);
    const key = port.dependent ? `${variant}|${plan.localEndpoints.map((e) => e.address).join(',')}` : variant;
    let fragment = port.fragments.get(key);
    if (fragment === undefined) {
      fragment = portFragment(plan, node, opts, large);
      port.fragments.set(key, fragment);
      for (const c of fragment.chains) owned.add(`${c.table}/${c.name}`);
    }
    return fragment;
  };
  return (node) => {
    const set = new ChainSet();
    jumpChains(set);
    staticRules(set);
    const before = set.size;
    const plans = new Map<Port, PortPlan>();
    let totalEndpoints = sharedEndpoints;
    for (const p of ports) {
      if (!p.dependent) continue;
      const plan = planPortFrom(p.service, p.port, p.clusterIP, nodeEndpoints(p.endpoints, node.name));
      plans.set(p, plan);
      totalEndpoints += plan.reachableEndpoints.length;
    }
    const large = totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
    const blocks: (readonly IptablesChain[])[] = [];
    for (const unit of units) {
      let fragment: Fragment;
      if ('ports' in unit) {
        fragment = unit.merged.get(large) ?? mergeFragments(unit.ports.map((p) => fragmentOf(p, p.shared!, node, large)));
        unit.merged.set(large, fragment);
      } else {
        fragment = fragmentOf(unit, plans.get(unit) ?? unit.shared!, node, large);
      }
      for (const a of fragment.appends) set.append(a.table, a.name, a.rules);
      blocks.push(fragment.chains);
    }
    // Tail call to the NodePorts chain: must stay the last rule of KUBE-SERVICES (§4.2).
    set.add('nat', 'KUBE-SERVICES', {
      match: { dstTypeLocal: true }, jump: 'KUBE-NODEPORTS',
      comment: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain',
    });
    forwardRules(set);
    opts.extra?.(set, node);
    // The ports' own chains were created after the common ones and before the rest, which
    // cannot name them (CNI and portmap chains); should one do so, adopting them in order
    // gives what writing them all into one set would.
    const all = set.list();
    const out: IptablesChain[] = all.slice(0, before);
    for (const b of blocks) for (const c of b) out.push(c);
    const after = all.slice(before);
    if (after.some((c) => owned.has(`${c.table}/${c.name}`))) {
      const slow = new ChainSet();
      for (const c of out) slow.adopt(c);
      for (const c of after) slow.adopt(c);
      return slow.list();
    }
    for (const c of after) out.push(c);
    return out;
  };
}

/** A proxied Service port with what every node shares of it. */
interface Port {
  readonly service: ServiceState;
  readonly port: ServicePort;
  readonly clusterIP: string;
  readonly endpoints: readonly PortEndpoint[];
  readonly dependent: boolean;
  readonly shared: PortPlan | undefined;
  readonly fragments: Map<string | number, Fragment>;
}

/** Consecutive ports written alike on every node, merged per value of the large-cluster switch. */
interface Run {
  readonly ports: Port[];
  readonly merged: Map<boolean, Fragment>;
}

/** Fragments one after the other: each common chain's rules in order, the own chains in order. */
function mergeFragments(fragments: readonly Fragment[]): Fragment {
  const appends = new Map<string, { table: Table; name: string; rules: IptablesRule[] }>();
  const chains: IptablesChain[] = [];
  for (const f of fragments) {
    for (const a of f.appends) {
      const key = `${a.table}/${a.name}`;
      let target = appends.get(key);
      if (target === undefined) {
        target = { table: a.table, name: a.name, rules: [] };
        appends.set(key, target);
      }
      for (const r of a.rules) target.rules.push(r);
    }
    for (const c of f.chains) chains.push(c);
  }
  return { appends: [...appends.values()], chains };
}

/** servicePortRules written apart, frozen: what a port adds to the common chains, and its own chains. */
function portFragment(plan: PortPlan, node: NodeDraft, opts: IptablesOptions, large: boolean): Fragment {
  const scratch = new ChainSet();
  servicePortRules(scratch, plan, node, opts, large);
  const appends: { table: Table; name: string; rules: readonly IptablesRule[] }[] = [];
  const chains: IptablesChain[] = [];
  for (const c of scratch.list()) {
    if (COMMON.has(c.table, c.name)) appends.push({ table: c.table, name: c.name, rules: c.rules.map((r) => deepFreeze(r)) });
    else chains.push(deepFreeze(c));
  }
  return { appends, chains };
}

function servicePortRules(set: ChainSet, p: PortPlan, node: NodeDraft, opts: IptablesOptions, large: boolean): void {
  const svc = p.service;
  const service = p.ref;
  const protocol = p.port.protocol;
  const dport = p.port.port;
  const clusterChain = chainName.svc(p);
  const localChain = chainName.svl(p);
  const internalChain = p.internalLocal ? localChain : clusterChain;
  const externalPolicyChain = p.externalLocal ? localChain : clusterChain;
  const extChain = chainName.ext(p);
  const lbChain = p.usesFirewallChain ? chainName.fw(p) : extChain;
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
      set.add('filter', 'KUBE-PROXY-FIREWALL', { match, jump: 'DROP', comment: `${p.name} traffic not accepted by ${chainName.fw(p)}`, service });
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
      match: { ...clusterMatch, notSource: opts.clusterCIDR }, jump: 'KUBE-MARK-MASQ', comment: `${p.name} cluster IP`, service,
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
      set.add('nat', extChain, { match: { source: opts.clusterCIDR }, jump: clusterChain, comment: `pod traffic for ${p.name} external destinations`, service });
      set.add('nat', extChain, { match: { srcTypeLocal: true }, jump: 'KUBE-MARK-MASQ', comment: `masquerade LOCAL traffic for ${p.name} external destinations`, service });
      set.add('nat', extChain, { match: { srcTypeLocal: true }, jump: clusterChain, comment: `route LOCAL traffic for ${p.name} external destinations`, service });
    }
    if (p.hasExternalEndpoints) set.add('nat', extChain, { match: {}, jump: externalPolicyChain, service });
  }

  if (p.usesFirewallChain) {
    // loadBalancerSourceRanges: allowed sources continue to the EXT chain; the rest fall through
    // un-DNATed and hit the KUBE-PROXY-FIREWALL DROP (§5.4).
    const fw = chainName.fw(p);
    set.ensure('nat', fw);
    const comment = `${p.name} loadbalancer IP`;
    for (const cidr of svc.loadBalancerSourceRanges) set.add('nat', fw, { match: { source: cidr }, jump: extChain, comment, service });
    if (svc.loadBalancerSourceRanges.some((cidr) => ipInCidr(node.address, cidr))) {
      for (const ip of svc.loadBalancerIPs) set.add('nat', fw, { match: { source: ip }, jump: extChain, comment, service });
    }
  }

  if (p.usesClusterChain) endpointDispatch(set, p, clusterChain, p.clusterEndpoints, large);
  if (p.usesLocalChain) endpointDispatch(set, p, localChain, p.localEndpoints, large);

  for (const ep of p.reachableEndpoints) {
    const sep = chainName.sep(p, ep);
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
function endpointDispatch(set: ChainSet, p: PortPlan, chain: string, endpoints: readonly ProxyEndpoint[], large: boolean): void {
  set.ensure('nat', chain);
  const service = p.ref;
  const commentFor = (ep: ProxyEndpoint) => (large ? {} : { comment: `${p.name} -> ${ep.address}` });
  if (p.service.sessionAffinity === 'ClientIP') {
    for (const ep of endpoints) {
      const sep = chainName.sep(p, ep);
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
      jump: chainName.sep(p, ep), ...commentFor(ep), service, ...(ep.pod ? { endpoint: ep.pod } : {}),
    });
  });
}

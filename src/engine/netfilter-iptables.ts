// iptables and nftables mode: both are chains of RuleMatch data (nftables' verdict maps and numgen
// picks flattened, proxy-nftables.ts), walked from the mode's entry chains (DATAPATH §4.1, §4.10).
import type { ClusterState, IptablesChain, NodeState } from '../model/cluster.ts';
import { proxyEntryChains } from '../cluster/kubeproxy.ts';
import { ChainSet } from '../cluster/proxy-iptables.ts';
import { addHostPortRules } from '../cluster/proxy-hostport.ts';
import { addCniMasqueradeRules } from '../cluster/net-masq.ts';
import type { ConntrackTable } from './conntrack.ts';
import { emptyConntrack } from './conntrack.ts';
import type { DnatResult, FilterResult, NatHook, Tuple } from './netfilter.ts';
import { dnatResult, fmtTuple, hitRefs } from './netfilter-explain.ts';
import type { RuleSyntax } from './netfilter-rules.ts';
import { serviceOf } from './netfilter-rules.ts';
import type { WalkEnv, WalkResult } from './netfilter-walk.ts';
import { isLocalAddress, walk } from './netfilter-walk.ts';
import type { Rng } from './random.ts';

const legacyCache = new WeakMap<NodeState, readonly IptablesChain[]>();

/**
 * nftables mode: the CNI's masquerade rules and the portmap plugin's hostPort chains are not in
 * kube-proxy's nftables table but in iptables' own built-in chains on the same node (kubeproxy.ts
 * proxyRules). They are rebuilt here with the same builders, so nftables nodes still masquerade
 * pod → outside traffic and serve hostPorts.
 */
export function iptablesBesideNft(state: ClusterState, node: NodeState): readonly IptablesChain[] {
  const cached = legacyCache.get(node);
  if (cached) return cached;
  const set = new ChainSet();
  const draft = {
    name: node.name, role: node.role, labels: node.labels, taints: node.taints, address: node.address,
    podCIDR: node.podCIDR, ipamBlocks: node.ipamBlocks, ...(node.zone ? { zone: node.zone } : {}),
  };
  addCniMasqueradeRules(set, state.settings, draft);
  addHostPortRules(set, state.settings, node.name, state.index.podsByNode.get(node.name) ?? []);
  const chains = set.list();
  legacyCache.set(node, chains);
  return chains;
}

function env(state: ClusterState, node: NodeState, rng: Rng, syntax: RuleSyntax, chains: readonly IptablesChain[]): WalkEnv {
  const ipsets = node.proxy.mode === 'ipvs' ? node.proxy.ipsets : undefined;
  return { state, node, syntax, chains, rng, ...(ipsets ? { ipsets } : {}) };
}

function proxyChains(node: NodeState): readonly IptablesChain[] {
  return node.proxy.mode === 'replacement' ? [] : node.proxy.chains;
}

/** The nat walk from the hook's entry chain; in nftables mode then the iptables chains beside it. */
export function natWalk(
  state: ClusterState, node: NodeState, tuple: Tuple, hook: NatHook, rng: Rng, ct: ConntrackTable, mark = 0,
): WalkResult {
  const mode = node.proxy.mode;
  const entry = proxyEntryChains(mode).nat[hook === 'PREROUTING' ? 'prerouting' : 'output'];
  const w = entry ? walk(env(state, node, rng, mode === 'nftables' ? 'nftables' : 'iptables', proxyChains(node)), 'nat', entry, tuple, mark, ct)
    : { tuple, mark, hits: [], misses: [], outcome: 'end' as const, ct };
  if (mode !== 'nftables' || w.outcome !== 'end') return w;
  const beside = walk(env(state, node, rng, 'iptables', iptablesBesideNft(state, node)), 'nat', hook, w.tuple, w.mark, w.ct);
  return { ...beside, hits: [...w.hits, ...beside.hits], misses: [...w.misses, ...beside.misses] };
}

export function chainDnat(
  state: ClusterState, node: NodeState, tuple: Tuple, hook: NatHook, rng: Rng, ct: ConntrackTable,
): DnatResult {
  // nftables: the firewall (loadBalancerSourceRanges) runs before DNAT, at dstnat − 10 (§4.10).
  if (node.proxy.mode === 'nftables' && hook === 'PREROUTING') {
    const fw = filterWalk(state, node, tuple, 'filter-prerouting', 0);
    if (fw) return { ...fw, ct };
  }
  const w = natWalk(state, node, tuple, hook, rng, ct);
  const result = dnatResult(state, node, tuple, w);
  if (result.verdict !== 'none') return result;
  // Not translated: kube-proxy's filter rules for Services without usable endpoints come next (§4.8).
  // A locally addressed packet passes INPUT too (after OUTPUT, for the node's own packets).
  const local = isLocalAddress(node, tuple.dst);
  const hooks = hook === 'OUTPUT' ? ['OUTPUT' as const, ...(local ? ['INPUT' as const] : [])] : [local ? 'INPUT' as const : 'FORWARD' as const];
  for (const next of hooks) {
    const entry = filterEntry(node, next);
    const dropped = entry ? filterWalk(state, node, tuple, entry, w.mark) : undefined;
    if (dropped) return { ...result, ...dropped, because: [...result.because, ...dropped.because], ct: result.ct };
  }
  return result;
}

function filterEntry(node: NodeState, hook: 'INPUT' | 'FORWARD' | 'OUTPUT'): string | undefined {
  return proxyEntryChains(node.proxy.mode).filter[hook === 'INPUT' ? 'input' : hook === 'FORWARD' ? 'forward' : 'output'];
}

/** The filter chains of one hook; only kube-proxy's verdicts matter here (policy is decided elsewhere). */
export function chainFilter(state: ClusterState, node: NodeState, tuple: Tuple, hook: 'INPUT' | 'FORWARD' | 'OUTPUT', mark: number): FilterResult {
  const entry = filterEntry(node, hook);
  const dropped = entry ? filterWalk(state, node, tuple, entry, mark) : undefined;
  if (dropped) return { verdict: dropped.verdict === 'reject' ? 'reject' : 'drop', because: dropped.because, sentence: dropped.sentence };
  return { verdict: 'none', because: [], sentence: `kube-proxy's filter rules on ${node.name} let ${fmtTuple(tuple)} pass.` };
}

/** A filter walk that ended in DROP/REJECT, as a DnatResult; undefined when the packet passed. */
function filterWalk(state: ClusterState, node: NodeState, tuple: Tuple, entry: string, mark: number): DnatResult | undefined {
  const syntax: RuleSyntax = node.proxy.mode === 'nftables' ? 'nftables' : 'iptables';
  // No random rules in the filter table: a fixed generator keeps this walk independent of the caller's stream.
  const w = walk(env(state, node, FIXED, syntax, proxyChains(node)), 'filter', entry, tuple, mark, emptyConntrack);
  if (w.outcome !== 'drop' && w.outcome !== 'reject') return undefined;
  const last = w.hits[w.hits.length - 1]!;
  const rule = last.chain.rules[last.index]!;
  const service = serviceOf(state, rule.service);
  const what = w.outcome === 'reject' ? 'rejects it (the client gets ICMP port unreachable, a connection refused)' : 'drops it silently (the client times out)';
  const why = rule.comment ? `"${rule.comment}"` : service ? `Service ${service.id}` : 'kube-proxy';
  const sentence = `${fmtTuple(tuple)}: rule ${last.index + 1} of filter ${last.chain.name} on ${node.name} (${why}) ${what}.`;
  return {
    verdict: w.outcome, tuple, masqueradeMark: false, mark, ct: emptyConntrack, sentence,
    because: hitRefs(state, w.hits), ...(service ? { service } : {}),
  };
}

const FIXED: Rng = { next: () => 0, int: (min) => min, fork: () => FIXED };

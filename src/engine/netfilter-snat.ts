// nat POSTROUTING: kube-proxy's KUBE-POSTROUTING (masquerade what it marked), the portmap
// plugin's CNI-HOSTPORT-MASQ, and the CNI's own masquerade for pod → outside traffic
// (FLANNEL-POSTRTG, Calico natOutgoing). MASQUERADE writes the primary address of the interface
// the packet leaves by (DATAPATH §4.6 "Which address MASQUERADE writes").
import type { ClusterState, IptablesRule, NetInterface, NodeState } from '../model/cluster.ts';
import { MASQUERADE_MARK, proxyEntryChains } from '../cluster/kubeproxy.ts';
import { ipInCidr } from '../model/ip.ts';
import { emptyConntrack } from './conntrack.ts';
import type { PostroutingOptions, SnatResult, Tuple } from './netfilter.ts';
import { fmtTuple, hitRefs } from './netfilter-explain.ts';
import { iptablesBesideNft } from './netfilter-iptables.ts';
import type { Hit, WalkEnv, WalkResult } from './netfilter-walk.ts';
import { walk } from './netfilter-walk.ts';
import type { Rng } from './random.ts';
import type { RuleRef } from './types.ts';

/** The primary IPv4 address of the out interface; without one (a cali veth) the node address [U §11.2]. */
export function masqueradeAddress(node: NodeState, out: NetInterface): string {
  return out.addresses[0]?.split('/')[0] ?? node.address;
}

/**
 * The new source port: --random-fully draws one; otherwise the port is kept (assumed unique).
 * nf_nat_l4proto_unique_tuple keeps ports below 1024 below 1024 (512–1023 → 600–1023).
 */
function masqueradePort(t: Tuple, randomFully: boolean, rng: Rng): number {
  if (t.protocol === 'ICMP' || !randomFully) return t.sport;
  if (t.sport >= 1024) return rng.int(1024, 65535);
  return t.sport < 512 ? rng.int(1, 511) : rng.int(600, 1023);
}

function whose(out: NetInterface): string {
  return out.addresses.length > 0
    ? `the address of ${out.name}, the interface the packet leaves by`
    : `the node address, as ${out.name} (the interface the packet leaves by) has no IPv4 address [U]`;
}

function why(rule: IptablesRule, chain: string): string {
  if (chain === 'KUBE-POSTROUTING' || chain === 'masquerading') {
    if (rule.match.set) return ` because the client reaches itself through its Service (ipset ${rule.match.set.name}, hairpin)`;
    return ' because kube-proxy marked the packet for masquerade (0x4000)';
  }
  if (chain === 'CNI-HOSTPORT-MASQ') return ' because the portmap plugin marked it (0x2000): a hostPort reached from the pod itself or localhost';
  if (chain === 'cali-nat-outgoing') return ` because Calico's IP pool ${rule.match.source ?? ''} has natOutgoing and the destination is outside the pool`;
  if (chain.startsWith('FLANNEL-')) {
    return rule.match.notSource
      ? ` because flannel masquerades traffic from outside the cluster network (here the node) to remote pods`
      : ` because flannel masquerades pod traffic leaving the cluster network ${rule.match.source ?? ''}`;
  }
  return '';
}

function returnReason(hits: readonly Hit[]): string {
  const last = [...hits].reverse().find((h) => h.chain.rules[h.index]!.jump === 'RETURN');
  if (!last) return 'no masquerade rule matches';
  const rule = last.chain.rules[last.index]!;
  const where = `rule ${last.index + 1} of ${last.chain.name}`;
  const m = rule.match;
  if (m.mark && m.mark.negate) return `${where} returns: the packet carries no masquerade mark`;
  if (m.mark) return `${where} returns: kube-proxy already handles packets carrying mark ${`0x${m.mark.value.toString(16)}`}`;
  if (m.source && m.destination) return `${where} returns: traffic between pods inside the cluster network keeps its addresses`;
  if (m.notSource && m.destination) return `${where} returns: traffic from outside the cluster to a pod on this node keeps its client address`;
  return `${where} returns`;
}

function chainsWalk(state: ClusterState, node: NodeState, tuple: Tuple, mark: number, rng: Rng): WalkResult {
  const proxy = node.proxy;
  if (proxy.mode === 'replacement') return { tuple, mark, hits: [], misses: [], outcome: 'end', ct: emptyConntrack };
  const env = (syntax: 'iptables' | 'nftables', chains: WalkEnv['chains']): WalkEnv => ({
    state, node, syntax, chains, rng, ...(proxy.mode === 'ipvs' ? { ipsets: proxy.ipsets } : {}),
  });
  const entry = proxyEntryChains(proxy.mode).nat.postrouting ?? 'POSTROUTING';
  const w = walk(env(proxy.mode === 'nftables' ? 'nftables' : 'iptables', proxy.chains), 'nat', entry, tuple, mark, emptyConntrack);
  if (proxy.mode !== 'nftables' || w.outcome === 'masquerade') return w;
  // nftables mode: the CNI's rules sit in iptables' own POSTROUTING beside kube-proxy's table.
  const beside = walk(env('iptables', iptablesBesideNft(state, node)), 'nat', 'POSTROUTING', w.tuple, w.mark, emptyConntrack);
  return { ...beside, hits: [...w.hits, ...beside.hits] };
}

/**
 * Cilium masquerades pod → outside traffic itself (eBPF, or its CILIUM_POST_nat chain), which
 * NodeState.proxy does not hold (net-masq.ts): `-s <node podCIDR> ! -d <cluster CIDR> ! -o cilium_+`.
 */
function ciliumMasquerade(state: ClusterState, node: NodeState, t: Tuple, out: NetInterface): RuleRef | undefined {
  if (state.settings.cni.plugin !== 'cilium') return undefined;
  if (!ipInCidr(t.src, node.podCIDR) || ipInCidr(t.dst, state.settings.podCIDR) || out.name.startsWith('cilium_')) return undefined;
  return { kind: 'ebpf', text: `cilium masquerade: -s ${node.podCIDR} ! -d ${state.settings.podCIDR} ! -o cilium_+ -j MASQUERADE` };
}

export function postroutingSnat(state: ClusterState, node: NodeState, tuple: Tuple, opts: PostroutingOptions): SnatResult {
  const mark = opts.mark ?? (opts.masqueradeMark ? MASQUERADE_MARK : 0);
  const out = opts.outInterface;
  const address = masqueradeAddress(node, out);
  const w = chainsWalk(state, node, tuple, mark, opts.rng);
  const because = hitRefs(state, w.hits);
  if (w.outcome === 'masquerade') {
    const last = w.hits[w.hits.length - 1]!;
    const rule = last.chain.rules[last.index]!;
    const snat = { ...tuple, src: address, sport: masqueradePort(tuple, rule.randomFully === true, opts.rng) };
    const reason = why(rule, last.chain.name);
    const port = tuple.protocol === 'ICMP' ? '' : `:${snat.sport}`;
    return {
      tuple: snat, masqueraded: true, because,
      sentence: `Rule ${last.index + 1} of ${last.chain.name} on ${node.name} masqueraded the source ${tuple.src} to ${address}${port}, ${whose(out)}${reason ? `,${reason}` : ''}.`,
    };
  }
  // Cilium kube-proxy replacement: SNAT of NodePort/LoadBalancer traffic to a remote backend (§4.11).
  if (node.proxy.mode === 'replacement' && opts.masqueradeMark) {
    const snat = { ...tuple, src: address, sport: masqueradePort(tuple, true, opts.rng) };
    return {
      tuple: snat, masqueraded: true,
      because: [{ kind: 'ebpf', text: `cilium nodeport SNAT: ${fmtTuple(tuple)} -> source ${address}` }],
      sentence: `Cilium's eBPF NodePort program on ${node.name} SNATed the source ${tuple.src} to ${address}:${snat.sport} so the backend's reply comes back through this node.`,
    };
  }
  const cilium = ciliumMasquerade(state, node, tuple, out);
  if (cilium) {
    const snat = { ...tuple, src: address, sport: masqueradePort(tuple, true, opts.rng) };
    return {
      tuple: snat, masqueraded: true, because: [...because, cilium],
      sentence: `Cilium on ${node.name} masqueraded the pod source ${tuple.src} to ${address}:${snat.sport}, the address of ${out.name}, because the destination is outside the cluster network ${state.settings.podCIDR}.`,
    };
  }
  return {
    tuple, masqueraded: false, because,
    sentence: `No masquerade on ${node.name} for ${fmtTuple(tuple)}: ${returnReason(w.hits)}; the source ${tuple.src} is kept.`,
  };
}

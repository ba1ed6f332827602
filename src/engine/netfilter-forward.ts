// filter FORWARD for a packet kube-proxy marked for masquerade (NodePort, LoadBalancer or
// externalIP with externalTrafficPolicy Cluster, hairpin): `-A KUBE-FORWARD -m mark --mark
// 0x4000/0x4000 -j ACCEPT` forwards it even when the FORWARD policy is DROP (DATAPATH §4.1, §5.3
// step 4). Only iptables and IPVS mode have that chain; nftables mode and Cilium's replacement do not.
import type { ClusterState, NodeState } from '../model/cluster.ts';
import { MASQUERADE_MARK } from '../cluster/kubeproxy.ts';
import { emptyConntrack } from './conntrack.ts';
import type { Tuple } from './netfilter.ts';
import { hitRefs } from './netfilter-explain.ts';
import { walk } from './netfilter-walk.ts';
import type { Rng } from './random.ts';
import type { RuleRef } from './types.ts';

export interface ForwardAccept {
  readonly because: readonly RuleRef[];
  readonly sentence: string;
}

/** The KUBE-FORWARD rule that accepts a marked, forwarded first packet on `node`, or undefined. */
export function kubeForwardAccept(state: ClusterState, node: NodeState, tuple: Tuple, mark: number, rng: Rng): ForwardAccept | undefined {
  const proxy = node.proxy;
  if ((mark & MASQUERADE_MARK) === 0 || (proxy.mode !== 'iptables' && proxy.mode !== 'ipvs')) return undefined;
  const env = { state, node, syntax: 'iptables' as const, chains: proxy.chains, rng, ...(proxy.mode === 'ipvs' ? { ipsets: proxy.ipsets } : {}) };
  const w = walk(env, 'filter', 'FORWARD', tuple, mark, emptyConntrack);
  const last = w.hits[w.hits.length - 1];
  if (w.outcome !== 'accept' || last?.chain.name !== 'KUBE-FORWARD') return undefined;
  return {
    because: hitRefs(state, w.hits),
    sentence: `Rule ${last.index + 1} of KUBE-FORWARD on ${node.name} accepts the packet because kube-proxy marked it for masquerade (0x4000): Service traffic is forwarded even when the FORWARD policy is DROP.`,
  };
}

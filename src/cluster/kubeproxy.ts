// kube-proxy's programming of one node, per proxy mode (DATAPATH §4). Headless and ExternalName
// Services get no rules (§5.2, §5.5). The engine starts its walk at the entry chains below.
import type { ClusterSettings, PodState, ProxyRules, ServiceState } from '../model/cluster.ts';
import type { NodeDraft } from './draft.ts';
import type { ChainSet } from './proxy-chainset.ts';
import { iptablesProgrammer } from './proxy-iptables-nodes.ts';
import { addHostPortRules } from './proxy-hostport.ts';
import { addCniMasqueradeRules } from './net-masq.ts';
import { ipvsProgramming } from './proxy-ipvs.ts';
import { nftablesChains } from './proxy-nftables.ts';

export { chainName, MASQUERADE_MARK } from './proxy-iptables.ts';
export { nftChainName } from './proxy-nftables.ts';
export { portProtoHash, servicePortName } from './proxy-plan.ts';

export type NetfilterHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

/**
 * Where each netfilter hook enters kube-proxy's chains, per table: iptables/ipvs use the built-in
 * chains, nftables its own base chains (`nat-prerouting` …, §4.10).
 */
export function proxyEntryChains(mode: ProxyRules['mode']): Readonly<Record<'nat' | 'filter', Partial<Record<NetfilterHook, string>>>> {
  if (mode === 'nftables') {
    return {
      nat: { prerouting: 'nat-prerouting', output: 'nat-output', postrouting: 'nat-postrouting' },
      filter: { prerouting: 'filter-prerouting', input: 'filter-input', forward: 'filter-forward', output: 'filter-output' },
    };
  }
  if (mode === 'replacement') return { nat: {}, filter: {} };
  return {
    nat: { prerouting: 'PREROUTING', output: 'OUTPUT', postrouting: 'POSTROUTING' },
    filter: { input: 'INPUT', forward: 'FORWARD', output: 'OUTPUT' },
  };
}

export function proxyRules(
  settings: ClusterSettings, node: NodeDraft, services: readonly ServiceState[], podById: ReadonlyMap<string, PodState>,
): ProxyRules {
  return proxyProgrammer(settings, services, podById)(node);
}

/** proxyRules for each node of one cluster: what all nodes share is worked out once. */
export function proxyProgrammer(
  settings: ClusterSettings, services: readonly ServiceState[], podById: ReadonlyMap<string, PodState>,
): (node: NodeDraft) => ProxyRules {
  // The CNI's masquerade rules and the portmap plugin's hostPort chains (§4.6, §9.2) share the
  // nat/filter tables with kube-proxy's. In nftables mode they stay in iptables' own built-in
  // chains, outside kube-proxy's nftables table, and are not modelled here.
  const podsByNode = new Map<string, PodState[]>();
  for (const p of podById.values()) {
    if (p.nodeName === undefined) continue;
    const list = podsByNode.get(p.nodeName);
    if (list) list.push(p);
    else podsByNode.set(p.nodeName, [p]);
  }
  const cniRules = (set: ChainSet, node: NodeDraft) => {
    addCniMasqueradeRules(set, settings, node);
    addHostPortRules(set, settings, node.name, podsByNode.get(node.name) ?? []);
  };
  switch (settings.proxyMode) {
    case 'iptables': {
      const chains = iptablesProgrammer(services, podById, { clusterCIDR: settings.podCIDR, extra: cniRules });
      // The chains come frozen (shared ones among them): freezing the wrapper finishes the node's rules.
      return (node) => Object.freeze({ mode: 'iptables', chains: chains(node) });
    }
    case 'nftables':
      return (node) => ({ mode: 'nftables', chains: nftablesChains(settings, node, services, podById) });
    case 'ipvs':
      return (node) => ({ mode: 'ipvs', ...ipvsProgramming(node, services, podById, settings.podCIDR, (set) => cniRules(set, node)) });
    case 'replacement':
      // Cilium's eBPF replaces kube-proxy: no netfilter rules; translation at the socket (§4.11).
      return () => ({ mode: 'replacement' });
  }
}

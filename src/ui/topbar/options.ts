// What the CNI and kube-proxy selects offer: every plugin/mode pair the parser accepts
// (model/objects.ts cniModes) and the proxy modes, with the names people know them by.
import { cniModes } from '../../model/objects.ts';
import type { CniMode, CniPlugin, ProxyMode } from '../../model/objects.ts';
import type { ClusterSetting } from '../../state/scenarioEdit.ts';

export const PLUGIN_LABEL: Readonly<Record<CniPlugin, string>> = { flannel: 'Flannel', calico: 'Calico', cilium: 'Cilium' };

const MODE_LABEL: Readonly<Record<CniMode, string>> = {
  vxlan: 'VXLAN', 'host-gw': 'host-gw', wireguard: 'WireGuard', ipip: 'IPIP',
  bgp: 'BGP', geneve: 'Geneve', native: 'native routing',
};

export interface CniOption { readonly value: string; readonly label: string; readonly plugin: CniPlugin; readonly mode: CniMode }

/** One option per plugin/mode pair, grouped by plugin in cniModes order; value is `plugin/mode`. */
export const CNI_OPTIONS: readonly CniOption[] = (Object.keys(cniModes) as CniPlugin[]).flatMap((plugin) =>
  cniModes[plugin].map((mode) => ({ value: `${plugin}/${mode}`, label: `${PLUGIN_LABEL[plugin]} · ${MODE_LABEL[mode]}`, plugin, mode })));

export const cniValue = (plugin: CniPlugin, mode: CniMode): string => `${plugin}/${mode}`;

/** The setting a CNI option writes, or undefined for a value that is not an option. */
export function cniSetting(value: string): ClusterSetting | undefined {
  const o = CNI_OPTIONS.find((c) => c.value === value);
  return o && { kind: 'cni', plugin: o.plugin, mode: o.mode };
}

export interface ProxyOption { readonly value: ProxyMode; readonly label: string }

/** kube-proxy modes; the replacement only where the CNI offers one (Cilium, DATAPATH.md 4.11). */
export function proxyOptions(plugin: CniPlugin): readonly ProxyOption[] {
  const base: ProxyOption[] = [
    { value: 'iptables', label: 'iptables' },
    { value: 'ipvs', label: 'IPVS' },
    { value: 'nftables', label: 'nftables' },
  ];
  return plugin === 'cilium' ? [...base, { value: 'replacement', label: 'eBPF (Cilium)' }] : base;
}

/** The banner when policies exist but the CNI does not enforce them; undefined when there is nothing to say. */
export function policyWarning(plugin: CniPlugin, enforced: boolean, policies: number): string | undefined {
  if (enforced || policies === 0) return undefined;
  const n = policies === 1 ? '1 NetworkPolicy is' : `${policies} NetworkPolicies are`;
  return `${PLUGIN_LABEL[plugin]} does not enforce NetworkPolicy here (cni.networkPolicy: false): ${n} ignored, so all traffic is allowed.`;
}

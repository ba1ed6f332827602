// The CNI's own netfilter rules that decide pod → outside masquerading (DATAPATH §4.6 last row):
// - flannel `--ip-masq`: FLANNEL-POSTRTG / FLANNEL-FWD (flannel-io/flannel
//   pkg/trafficmngr/iptables/iptables.go, S13), exactly as flanneld writes them;
// - Calico `natOutgoing` on the default pool: cali-POSTROUTING → cali-nat-outgoing. Felix matches
//   the ipsets cali40masq-ipam-pools / cali40all-ipam-pools and tags rules `cali:<id>`; here the
//   sets are written as the pool CIDR and the tags are left out (simplified, same decision).
// Cilium masquerades in eBPF (or its own CILIUM_POST_nat chain) and is not modelled.
// They live in the same nat/filter tables as kube-proxy's chains, so they are added to them.
import type { ClusterSettings } from '../model/cluster.ts';
import type { NodeDraft } from './draft.ts';
import { MASQUERADE_MARK } from './proxy-iptables.ts';
import type { ChainSet } from './proxy-iptables.ts';

export function addCniMasqueradeRules(set: ChainSet, settings: ClusterSettings, node: NodeDraft): void {
  if (settings.cni.plugin === 'flannel') flannelRules(set, settings.podCIDR, node.podCIDR);
  else if (settings.cni.plugin === 'calico') calicoRules(set, settings.podCIDR);
}

function flannelRules(set: ChainSet, cluster: string, subnet: string): void {
  const masq = 'flanneld masq';
  set.add('nat', 'POSTROUTING', { match: {}, jump: 'FLANNEL-POSTRTG', comment: masq });
  // Packets kube-proxy marked are left to KUBE-POSTROUTING (no double NAT).
  set.add('nat', 'FLANNEL-POSTRTG', { match: { mark: { value: MASQUERADE_MARK, negate: false } }, jump: 'RETURN', comment: masq });
  // Pod ↔ pod inside the cluster CIDR keeps its addresses (§3.9.2).
  set.add('nat', 'FLANNEL-POSTRTG', { match: { source: subnet, destination: cluster }, jump: 'RETURN', comment: masq });
  set.add('nat', 'FLANNEL-POSTRTG', { match: { source: cluster, destination: subnet }, jump: 'RETURN', comment: masq });
  // External traffic DNATed to a local pod keeps its client address (externalTrafficPolicy Local, §5.3).
  set.add('nat', 'FLANNEL-POSTRTG', { match: { notSource: cluster, destination: subnet }, jump: 'RETURN', comment: masq });
  // Pods to the outside world (not multicast): masquerade to the egress interface address.
  set.add('nat', 'FLANNEL-POSTRTG', { match: { source: cluster, notDestination: '224.0.0.0/4' }, jump: 'MASQUERADE', randomFully: true, comment: masq });
  // The host (or anything outside the cluster) towards remote pods.
  set.add('nat', 'FLANNEL-POSTRTG', { match: { notSource: cluster, destination: cluster }, jump: 'MASQUERADE', randomFully: true, comment: masq });

  const fwd = 'flanneld forward';
  set.add('filter', 'FORWARD', { match: {}, jump: 'FLANNEL-FWD', comment: fwd });
  set.add('filter', 'FLANNEL-FWD', { match: { source: cluster }, jump: 'ACCEPT', comment: fwd });
  set.add('filter', 'FLANNEL-FWD', { match: { destination: cluster }, jump: 'ACCEPT', comment: fwd });
}

function calicoRules(set: ChainSet, pool: string): void {
  // Felix inserts its hooks at the top of the built-in chains (ChainInsertMode insert).
  set.prepend('nat', 'POSTROUTING', { match: {}, jump: 'cali-POSTROUTING' });
  set.add('nat', 'cali-POSTROUTING', { match: {}, jump: 'cali-nat-outgoing' });
  set.add('nat', 'cali-nat-outgoing', { match: { source: pool, notDestination: pool }, jump: 'MASQUERADE', randomFully: true });
}

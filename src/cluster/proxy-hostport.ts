// hostPort as the CNI portmap plugin programs it on the pod's node (DATAPATH §9.2;
// containernetworking/plugins plugins/meta/portmap/portmap_iptables.go). Not kube-proxy, but the
// same nat table, so it sits in the node's chains next to kube-proxy's. Flannel's and Calico's
// manifests chain portmap; Cilium implements hostPort in eBPF instead.
import type { ClusterSettings, IptablesRule, PodState } from '../model/cluster.ts';
import type { Protocol } from '../model/objects.ts';
import { formatCidr, parseCidr } from '../model/ip.ts';
import { sha256, toHex } from './hash.ts';
import type { ChainSet } from './proxy-iptables.ts';

/** portmap's default markMasqBit 13. */
export const HOSTPORT_MASQ_MARK = 0x2000;

/** The CNI network name in the plugin's config: flannel's kube-flannel.yml `cbr0`, Calico `k8s-pod-network`. */
function networkName(settings: ClusterSettings): string {
  return settings.cni.plugin === 'calico' ? 'k8s-pod-network' : 'cbr0';
}

/**
 * `CNI-DN-` + hash of network name and container ID, cut to iptables' 28 characters. portmap
 * hashes with SHA-512 over the sandbox container ID; the simulator has no container IDs, so the
 * pod id stands in and SHA-256 is used: the name is stable but will not equal a real node's.
 */
export function hostPortChainName(settings: ClusterSettings, pod: PodState): string {
  return `CNI-DN-${toHex(sha256(networkName(settings) + pod.id))}`.slice(0, 28);
}

interface PortMapping {
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly hostIP?: string;
}

function mappings(pod: PodState): readonly PortMapping[] {
  return pod.containers.flatMap((c) => c.ports.flatMap((p) => (p.hostPort
    ? [{ hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol, ...(p.hostIP ? { hostIP: p.hostIP } : {}) }]
    : [])));
}

/** Adds the portmap chains for the pods of this node that declare a hostPort. */
export function addHostPortRules(set: ChainSet, settings: ClusterSettings, nodeName: string, podsOnNode: readonly PodState[]): void {
  if (settings.cni.plugin === 'cilium') return;
  // Checked in place: most pods map no host port, and this runs for every pod on every build.
  const withPorts = podsOnNode.filter((p) => p.nodeName === nodeName && !p.hostNetwork && p.ip && p.containers.some((c) => c.ports.some((port) => port.hostPort)));
  if (withPorts.length === 0) return;
  // Appended after KUBE-SERVICES in PREROUTING/OUTPUT; the MASQ hook is prepended to POSTROUTING.
  set.add('nat', 'PREROUTING', { match: { dstTypeLocal: true }, jump: 'CNI-HOSTPORT-DNAT' });
  set.add('nat', 'OUTPUT', { match: { dstTypeLocal: true }, jump: 'CNI-HOSTPORT-DNAT' });
  set.prepend('nat', 'POSTROUTING', { match: {}, jump: 'CNI-HOSTPORT-MASQ', comment: 'CNI portfwd requiring masquerade' });
  set.add('nat', 'CNI-HOSTPORT-SETMARK', { match: {}, jump: 'MARK', markOr: HOSTPORT_MASQ_MARK, comment: 'CNI portfwd masquerade mark' });
  set.add('nat', 'CNI-HOSTPORT-MASQ', { match: { mark: { value: HOSTPORT_MASQ_MARK, negate: false } }, jump: 'MASQUERADE' });

  for (const pod of withPorts) {
    const chain = hostPortChainName(settings, pod);
    const endpoint = { kind: 'Pod', namespace: pod.namespace, name: pod.name };
    const comment = `dnat name: "${networkName(settings)}" id: "${pod.id}"`;
    const ports = mappings(pod);
    // Entry rules are inserted at the top one by one (chain.go setup), so the most recently
    // attached pod comes first and, within a pod, the protocols in reverse order.
    for (const protocol of [...new Set(ports.map((m) => m.protocol))].sort()) {
      const dports = ports.filter((m) => m.protocol === protocol).map((m) => m.hostPort);
      set.prepend('nat', 'CNI-HOSTPORT-DNAT', { match: { protocol, dports }, jump: chain, comment, endpoint });
    }
    // The pod's own address with its CNI mask: hairpin traffic from the pod network gets masqueraded.
    const mask = pod.eth0?.addresses[0]?.split('/')[1] ?? '32';
    const podNet = formatCidr(parseCidr(`${pod.ip}/${mask}`)!);
    for (const m of ports) {
      const base = { protocol: m.protocol, dport: m.hostPort, ...(m.hostIP && m.hostIP !== '0.0.0.0' ? { destination: m.hostIP } : {}) };
      const rules: IptablesRule[] = [
        { match: { ...base, source: podNet }, jump: 'CNI-HOSTPORT-SETMARK', endpoint },
        { match: { ...base, source: '127.0.0.1' }, jump: 'CNI-HOSTPORT-SETMARK', endpoint },
        { match: base, jump: 'DNAT', toDestination: `${pod.ip}:${m.containerPort}`, endpoint },
      ];
      for (const r of rules) set.add('nat', chain, r);
    }
  }
}

// The built-in scenarios, imported as text so the editor shows them exactly as written
// (comments included). Browser and Vitest read them through Vite's `?raw`; plain Node
// (the CLI, spawned processes) reads the files through ./files.ts.
// Each one is also a test (tests/scenarios/gallery.test.ts): it builds without errors and its
// Flow objects end with the verdict their `expect` names.
import clusterIpYaml from './clusterip-load-balancing.yaml?raw';
import defaultDenyYaml from './default-deny-tiers.yaml?raw';
import dnsConfigYaml from './dns-config.yaml?raw';
import egressYaml from './egress-ipblock-except.yaml?raw';
import exampleYaml from './example.yaml?raw';
import externalNameYaml from './externalname.yaml?raw';
import flannelNoPolicyYaml from './flannel-no-netpol.yaml?raw';
import headlessYaml from './headless-statefulset-dns.yaml?raw';
import ingressYaml from './ingress-host-path.yaml?raw';
import loadBalancerYaml from './loadbalancer.yaml?raw';
import namespaceYaml from './namespace-isolation.yaml?raw';
import nodePortYaml from './nodeport-traffic-policy.yaml?raw';
import calicoYaml from './pod-to-pod-calico.yaml?raw';
import ciliumYaml from './pod-to-pod-cilium.yaml?raw';
import flannelYaml from './pod-to-pod-flannel.yaml?raw';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** What to look at, in a sentence or two (the gallery shows it; the YAML's comments say more). */
  readonly notice: string;
  /** The CNI and mode the scenario's cluster runs, as the gallery labels it. */
  readonly cni: string;
  /** The file name beside this module. */
  readonly file: string;
  readonly yaml: string;
}

export const exampleScenario: Scenario = {
  id: 'example',
  title: 'Web shop: Ingress, three tiers, NetworkPolicies',
  notice: 'A browser reaches the shop through an Ingress; policies allow exactly frontend → backend → db. The /api flow shows why the ingress controller, not the browser, must be allowed.',
  cni: 'Flannel VXLAN',
  file: 'example.yaml',
  yaml: exampleYaml,
};

export const scenarios: readonly Scenario[] = [
  exampleScenario,
  {
    id: 'pod-to-pod-flannel',
    title: 'Pod to pod, same node and across nodes',
    notice: 'Same node: the cni0 bridge switches the frame, nothing is routed. Across nodes: flannel.1 wraps it in VXLAN (UDP 8472) between the node addresses.',
    cni: 'Flannel VXLAN',
    file: 'pod-to-pod-flannel.yaml',
    yaml: flannelYaml,
  },
  {
    id: 'pod-to-pod-calico',
    title: 'Pod to pod with Calico IPIP',
    notice: 'No bridge: a /32 route per pod and proxy ARP. Across nodes, tunl0 puts the IP packet inside another IP header (IP-in-IP).',
    cni: 'Calico IPIP',
    file: 'pod-to-pod-calico.yaml',
    yaml: calicoYaml,
  },
  {
    id: 'pod-to-pod-cilium',
    title: 'Pod to pod with Cilium',
    notice: 'eBPF on each lxc… veth swaps a ClusterIP for a pod, finds the pod in the endpoint map and skips netfilter; cilium_vxlan carries the sender\'s identity in the VNI.',
    cni: 'Cilium VXLAN',
    file: 'pod-to-pod-cilium.yaml',
    yaml: ciliumYaml,
  },
  {
    id: 'clusterip-load-balancing',
    title: 'ClusterIP load balancing across 3 replicas',
    notice: 'The Service IP belongs to no interface: kube-proxy\'s KUBE-SVC chain picks a replica at random (1/3, then 1/2) and DNATs to it.',
    cni: 'Flannel VXLAN',
    file: 'clusterip-load-balancing.yaml',
    yaml: clusterIpYaml,
  },
  {
    id: 'headless-statefulset-dns',
    title: 'Headless Service and StatefulSet DNS',
    notice: 'No ClusterIP: DNS answers with the pods\' own IPs, and each StatefulSet pod gets a stable name like db-1.db.',
    cni: 'Flannel VXLAN',
    file: 'headless-statefulset-dns.yaml',
    yaml: headlessYaml,
  },
  {
    id: 'nodeport-traffic-policy',
    title: 'NodePort: externalTrafficPolicy Cluster vs Local',
    notice: 'Cluster forwards to another node and hides the client\'s address (SNAT). Local keeps the address but drops on a node without a local pod.',
    cni: 'Flannel VXLAN',
    file: 'nodeport-traffic-policy.yaml',
    yaml: nodePortYaml,
  },
  {
    id: 'loadbalancer',
    title: 'LoadBalancer Service',
    notice: 'An address from the pool, answered by one node\'s ARP speaker; kube-proxy DNATs it to a pod on either node and masquerades the source.',
    cni: 'Flannel VXLAN',
    file: 'loadbalancer.yaml',
    yaml: loadBalancerYaml,
  },
  {
    id: 'ingress-host-path',
    title: 'Ingress with host and path rules',
    notice: 'The Host header picks the rule, the longest path picks the backend, and the controller opens a second connection. No match: HTTP 404.',
    cni: 'Flannel VXLAN',
    file: 'ingress-host-path.yaml',
    yaml: ingressYaml,
  },
  {
    id: 'default-deny-tiers',
    title: 'Default deny with frontend → backend → database allows',
    notice: 'Every connection needs egress on the client\'s side and ingress on the server\'s; skipping a tier is dropped, and DNS needs its own allow.',
    cni: 'Flannel VXLAN',
    file: 'default-deny-tiers.yaml',
    yaml: defaultDenyYaml,
  },
  {
    id: 'namespace-isolation',
    title: 'Namespace isolation',
    notice: 'podSelector: {} in a rule means pods of the policy\'s own namespace; another team is dropped, the monitoring namespace is let in by its label.',
    cni: 'Flannel VXLAN',
    file: 'namespace-isolation.yaml',
    yaml: namespaceYaml,
  },
  {
    id: 'egress-ipblock-except',
    title: 'Egress to an ipBlock with except',
    notice: 'The /24 is allowed except one host: example.org passes, example.com is dropped on the pod\'s own node, and DNS needs its own rule.',
    cni: 'Flannel VXLAN',
    file: 'egress-ipblock-except.yaml',
    yaml: egressYaml,
  },
  {
    id: 'externalname',
    title: 'ExternalName Service',
    notice: 'DNS only: CoreDNS answers with a CNAME to an outside name, and the connection goes straight there, without kube-proxy.',
    cni: 'Flannel VXLAN',
    file: 'externalname.yaml',
    yaml: externalNameYaml,
  },
  {
    id: 'dns-config',
    title: 'dnsPolicy and dnsConfig',
    notice: 'ndots:5 sends example.com down the search list first; ndots:1 asks once. dnsPolicy Default cannot see Services; None uses exactly dnsConfig.',
    cni: 'Flannel VXLAN',
    file: 'dns-config.yaml',
    yaml: dnsConfigYaml,
  },
  {
    id: 'flannel-no-netpol',
    title: 'Flannel does not enforce NetworkPolicy',
    notice: 'Default deny is in place, yet every flow is delivered: plain Flannel has no policy controller. Turn networkPolicy on and watch them drop.',
    cni: 'Flannel VXLAN, no NetworkPolicy',
    file: 'flannel-no-netpol.yaml',
    yaml: flannelNoPolicyYaml,
  },
];

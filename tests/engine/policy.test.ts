// One table per line of NETPOL.md ("Selection and isolation", "Rules and peers", "Where policy
// meets the rest of the data path"), each case a small YAML scenario on DATAPATH.md's address plan
// (node-1 172.16.0.11 with pods in 10.244.1.0/24, node-2 172.16.0.12 with 10.244.2.0/24).
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../src/engine/index.ts';
import type { PolicyOptions, PolicyPeer } from '../../src/engine/index.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import type { FlowProtocol } from '../../src/model/objects.ts';
import { allowed, cluster, external, netpol, node, pod } from './policy-fixture.ts';

/** A bare pod; `node` pins it (spec.nodeName) so IPs follow the address plan. */
function podYaml(ns: string, name: string, labels: Record<string, string>, extra: { node?: string; ports?: string; hostNetwork?: boolean } = {}): string {
  const l = Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {${l}}}\nspec:\n${extra.node ? `  nodeName: ${extra.node}\n` : ''}${extra.hostNetwork ? '  hostNetwork: true\n' : ''}  containers:\n  - name: app\n    image: nginx\n${extra.ports ? `    ports: ${extra.ports}\n` : ''}`;
}
const ns = (name: string, labels: Record<string, string> = {}): string =>
  `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}}\n`;

/** shop: web (node-1), db (node-2), api (node-1); other: client (node-2). */
const BASE = ns('shop', { team: 'a' }) + ns('other', { team: 'b' })
  + podYaml('shop', 'web', { app: 'web', tier: 'front' }, { node: 'node-1', ports: '[{name: http, containerPort: 8080}]' })
  + podYaml('shop', 'db', { app: 'db' }, { node: 'node-2', ports: '[{name: pg, containerPort: 5432}, {name: dns, containerPort: 5353, protocol: UDP}]' })
  + podYaml('shop', 'api', { app: 'api', tier: 'back' }, { node: 'node-1', ports: '[{name: http, containerPort: 9090}]' })
  + podYaml('other', 'client', { app: 'client' }, { node: 'node-2' });

interface Case {
  readonly name: string;
  readonly policies: string;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol?: FlowProtocol;
  readonly egress: boolean;
  readonly ingress: boolean;
  readonly options?: PolicyOptions;
  readonly extra?: string;
}

/** `ns/pod`, `node:NAME`, or an outside IP. */
function peer(state: ClusterState, ref: string): PolicyPeer {
  if (ref.startsWith('node:')) {
    // `node:node-1@10.244.1.0`: node traffic carrying another of the node's addresses (SNAT)
    const [name, ip] = ref.slice(5).split('@');
    const n = node(state, name!);
    return ip && n.kind === 'node' ? { ...n, ip } : n;
  }
  if (/^\d/.test(ref)) return external(ref);
  // The CoreDNS pods have generated names: find one by its label.
  if (ref === 'kube-system/coredns') return { kind: 'pod', pod: state.pods.find((p) => p.labels['k8s-app'] === 'kube-dns')! };
  return pod(state, ref);
}

function run(c: Case) {
  const state = cluster(BASE + (c.extra ?? '') + c.policies);
  const src = peer(state, c.from);
  const dst = peer(state, c.to);
  const e = checkPolicy(state, src, dst, c.port, c.protocol ?? 'TCP', 'egress', c.options);
  const i = checkPolicy(state, src, dst, c.port, c.protocol ?? 'TCP', 'ingress', c.options);
  // A failing case prints both sentences: they say why.
  expect({ egress: e.allowed, ingress: i.allowed }, `${e.sentence}\n${i.sentence}`).toEqual({ egress: c.egress, ingress: c.ingress });
  return { e, i };
}

const denyIngress = (namespace = 'shop') => netpol(namespace, 'deny-in', 'podSelector: {}\npolicyTypes: [Ingress]');
const denyEgress = (namespace = 'shop') => netpol(namespace, 'deny-out', 'podSelector: {}\npolicyTypes: [Egress]');

const tables: Record<string, readonly Case[]> = {
  'NETPOL.md 1: isolation is per direction': [
    { name: 'no policy: all allowed', policies: '', from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'ingress-only policy leaves egress open', policies: denyIngress(), from: 'shop/web', to: 'other/client', port: 80, egress: true, ingress: true },
    { name: 'ingress-only policy isolates ingress', policies: denyIngress(), from: 'other/client', to: 'shop/web', port: 8080, egress: true, ingress: false },
    { name: 'egress-only policy leaves ingress open', policies: denyEgress(), from: 'other/client', to: 'shop/web', port: 8080, egress: true, ingress: true },
    { name: 'egress-only policy isolates egress', policies: denyEgress(), from: 'shop/web', to: 'other/client', port: 80, egress: false, ingress: true },
  ],
  'NETPOL.md 2: policyTypes defaulting': [
    { name: 'egress: [] without policyTypes does not isolate egress', policies: netpol('shop', 'p', 'podSelector: {}\negress: []'), from: 'shop/web', to: 'other/client', port: 80, egress: true, ingress: true },
    { name: 'egress rules without policyTypes isolate egress', policies: netpol('shop', 'p', 'podSelector: {}\negress:\n- ports: [{port: 53, protocol: UDP}]'), from: 'shop/web', to: 'other/client', port: 80, egress: false, ingress: true },
    { name: 'egress rules without policyTypes isolate ingress too', policies: netpol('shop', 'p', 'podSelector: {}\negress:\n- ports: [{port: 53, protocol: UDP}]'), from: 'other/client', to: 'shop/web', port: 8080, egress: true, ingress: false },
    { name: 'policyTypes [Egress] with no rules does not isolate ingress', policies: netpol('shop', 'p', 'podSelector: {}\npolicyTypes: [Egress]'), from: 'other/client', to: 'shop/web', port: 8080, egress: true, ingress: true },
  ],
  'NETPOL.md 3: podSelector {} selects its own namespace only': [
    { name: 'shop pods isolated', policies: denyIngress(), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'other namespace untouched', policies: denyIngress(), from: 'shop/web', to: 'other/client', port: 80, egress: true, ingress: true },
  ],
  'NETPOL.md 4: policies are additive, a deny-all never overrides an allow': [
    { name: 'deny-all plus allow web → db', policies: denyIngress() + netpol('shop', 'db-from-web', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'allow listed before or after: order never matters', policies: netpol('shop', 'a-allow', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]') + denyIngress(), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'others still denied', policies: denyIngress() + netpol('shop', 'db-from-web', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]'), from: 'shop/api', to: 'shop/db', port: 5432, egress: true, ingress: false },
  ],
  'NETPOL.md 5: both ends must allow': [
    { name: 'egress allowed, ingress denied', policies: denyIngress(), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'ingress allowed, egress denied', policies: denyEgress('other'), from: 'other/client', to: 'shop/db', port: 5432, egress: false, ingress: true },
  ],
  'NETPOL.md 6: replies are not checked (the tracer skips both checks for them); the server\'s egress is not asked for a connection it accepts': [
    { name: 'db with deny-all egress still accepts web (its egress is only for connections it opens)', policies: netpol('shop', 'db-no-egress', 'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Egress]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: true },
  ],
  'NETPOL.md 7: empty rule lists and empty rules': [
    { name: 'ingress: [] with Ingress type allows nothing', policies: netpol('shop', 'p', 'podSelector: {}\npolicyTypes: [Ingress]\ningress: []'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'ingress: [{}] allows everything in the cluster', policies: netpol('shop', 'p', 'podSelector: {}\ningress: [{}]'), from: 'other/client', to: 'shop/db', port: 1, protocol: 'UDP', egress: true, ingress: true },
    { name: 'ingress: [{}] allows outside clients too', policies: netpol('shop', 'p', 'podSelector: {}\ningress: [{}]'), from: '203.0.113.7', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'absent from = every peer, ports limit', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: 5432}]'), from: '198.51.100.9', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'absent ports = every protocol: SCTP', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{namespaceSelector: {}}]'), from: 'other/client', to: 'shop/db', port: 9999, protocol: 'SCTP', egress: true, ingress: true },
  ],
  'NETPOL.md 8: a podSelector-only peer means the policy namespace': [
    { name: 'same labels in another namespace do not match', policies: denyIngress() + netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {matchLabels: {app: client}}}]'), extra: podYaml('shop', 'client', { app: 'client' }, { node: 'node-1' }), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'same labels in the policy namespace match', policies: denyIngress() + netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {matchLabels: {app: client}}}]'), extra: podYaml('shop', 'client', { app: 'client' }, { node: 'node-1' }), from: 'shop/client', to: 'shop/db', port: 5432, egress: true, ingress: true },
  ],
  'NETPOL.md 9: namespaceSelector {} means every pod, never outside addresses': [
    { name: 'pods of any namespace', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{namespaceSelector: {}}]'), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'not an outside client', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{namespaceSelector: {}}]'), from: '203.0.113.7', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'egress to namespaceSelector {} is not egress to the internet', policies: netpol('shop', 'p', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to: [{namespaceSelector: {}}]'), from: 'shop/web', to: '203.0.113.7', port: 443, egress: false, ingress: true },
  ],
  'NETPOL.md 10: one peer with both selectors is AND, two peers are OR': [
    { name: 'AND: team=b namespace but wrong pod label', policies: netpol('shop', 'p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: b}}\n    podSelector: {matchLabels: {app: other}}'), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'OR: the same two selectors as two peers', policies: netpol('shop', 'p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: b}}\n  - podSelector: {matchLabels: {app: other}}'), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: true },
  ],
  'NETPOL.md 11: namespaceSelector matches namespace labels, including kubernetes.io/metadata.name': [
    { name: 'by a label of the namespace', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{namespaceSelector: {matchLabels: {team: b}}}]'), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'pod labels are not namespace labels', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{namespaceSelector: {matchLabels: {app: client}}}]'), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'by the automatic name label', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}}]'), from: 'other/client', to: 'shop/db', port: 5432, egress: true, ingress: true },
  ],
  'NETPOL.md 12: matchLabels AND matchExpressions; In, NotIn, Exists, DoesNotExist': [
    { name: 'In', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}}]'), from: 'shop/api', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'NotIn excludes', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [back]}]}}]'), from: 'shop/api', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'NotIn is true when the key is absent (db has no tier)', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [back]}]}}]'), from: 'shop/db', to: 'shop/web', port: 8080, egress: true, ingress: true },
    { name: 'Exists', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {matchExpressions: [{key: tier, operator: Exists}]}}]'), from: 'shop/db', to: 'shop/web', port: 8080, egress: true, ingress: false },
    { name: 'DoesNotExist', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}}]'), from: 'shop/db', to: 'shop/web', port: 8080, egress: true, ingress: true },
    { name: 'matchLabels AND matchExpressions: both must hold', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [back]}]}}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: false },
  ],
  'NETPOL.md 13: ipBlock is cidr minus except, and matches pod IPs unless switched off': [
    { name: 'outside address inside the cidr', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]'), from: '203.0.113.7', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'outside address in the except', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]'), from: '203.0.113.200', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'pod IP matches by default (web 10.244.1.x)', policies: netpol('shop', 'p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{ipBlock: {cidr: 10.244.1.0/24}}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'pod IP does not match with ipBlockMatchesPods=false', policies: netpol('shop', 'p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{ipBlock: {cidr: 10.244.1.0/24}}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: false, options: { ipBlockMatchesPods: false } },
    { name: 'egress ipBlock to a pod IP (after DNAT) matches', policies: netpol('shop', 'p', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 10.244.2.0/24}}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'node traffic matches an ipBlock on the node address', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: 172.16.0.12/32}}]'), from: 'node:node-2', to: 'shop/web', port: 8080, egress: true, ingress: true },
  ],
  'NETPOL.md 14: ports': [
    { name: 'omitted protocol is TCP', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: 5432}]'), from: 'shop/web', to: 'shop/db', port: 5432, protocol: 'UDP', egress: true, ingress: false },
    { name: 'omitted port is every port of the protocol', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{protocol: UDP}]'), from: 'shop/web', to: 'shop/db', port: 65535, protocol: 'UDP', egress: true, ingress: true },
    { name: 'omitted port stays inside its protocol', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{protocol: UDP}]'), from: 'shop/web', to: 'shop/db', port: 5432, protocol: 'TCP', egress: true, ingress: false },
    { name: 'endPort is inclusive', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: 5000, endPort: 5432}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'one past endPort', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: 5000, endPort: 5431}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'SCTP is distinct from TCP', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: 5432, protocol: SCTP}]'), from: 'shop/web', to: 'shop/db', port: 5432, protocol: 'TCP', egress: true, ingress: false },
    { name: 'a UDP-only rule still isolates for TCP', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: 53, protocol: UDP}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: false },
  ],
  'NETPOL.md 15: named ports resolve on the destination pod by name and protocol': [
    { name: 'http is 8080 on web', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: http}]'), from: 'shop/db', to: 'shop/web', port: 8080, egress: true, ingress: true },
    { name: 'http is 9090 on api (same name, other number)', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: http}]'), from: 'shop/db', to: 'shop/api', port: 9090, egress: true, ingress: true },
    { name: 'so 8080 on api is closed', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: http}]'), from: 'shop/db', to: 'shop/api', port: 8080, egress: true, ingress: false },
    { name: 'a name the pod does not define matches nothing', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: pg}]'), from: 'shop/db', to: 'shop/web', port: 5432, egress: true, ingress: false },
    { name: 'name with the wrong protocol matches nothing (dns is UDP on db)', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- ports: [{port: dns}]'), from: 'shop/web', to: 'shop/db', port: 5353, protocol: 'UDP', egress: true, ingress: false },
    { name: 'egress: resolved on the pod connected to (pg on db)', policies: netpol('shop', 'p', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: pg}]'), from: 'shop/web', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'egress: not resolved on the sender (web has no pg)', policies: netpol('shop', 'p', 'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: http}]'), from: 'shop/db', to: 'shop/web', port: 8080, egress: true, ingress: true },
    { name: 'egress: a named port never matches an outside address', policies: netpol('shop', 'p', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- ports: [{port: http}]'), from: 'shop/web', to: '203.0.113.7', port: 8080, egress: false, ingress: true },
  ],
  'NETPOL.md 17: a rewritten source is what ingress sees (flannel.1 address after NodePort SNAT)': [
    { name: 'ipBlock on 10.244.1.0/32 admits node-1 traffic SNATed to flannel.1', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: 10.244.1.0/32}}]'), from: 'node:node-1@10.244.1.0', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'the same node by its InternalIP does not match that ipBlock', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: 10.244.1.0/32}}]'), from: 'node:node-1', to: 'shop/db', port: 5432, egress: true, ingress: false },
  ],
  'NETPOL.md 18: DNS is ordinary UDP/TCP 53 to the CoreDNS pods': [
    { name: 'egress deny-all blocks DNS', policies: denyEgress(), from: 'shop/web', to: 'kube-system/coredns', port: 53, protocol: 'UDP', egress: false, ingress: true },
    { name: 'a DNS rule to kube-system admits it', policies: denyEgress() + netpol('shop', 'dns', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n  ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]'), from: 'shop/web', to: 'kube-system/coredns', port: 53, protocol: 'UDP', egress: true, ingress: true },
  ],
  'NETPOL.md 19: a pod always reaches itself; its own node always reaches it': [
    { name: 'self under deny-all both ways', policies: denyIngress() + denyEgress(), from: 'shop/db', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'kubelet probe from the own node', policies: denyIngress(), from: 'node:node-2', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: 'another node is not exempt', policies: denyIngress(), from: 'node:node-1', to: 'shop/db', port: 5432, egress: true, ingress: false },
  ],
  'NETPOL.md 20: hostNetwork pods are node traffic, not selected by policies': [
    { name: 'a deny-all does not isolate a hostNetwork pod', policies: denyIngress(), extra: podYaml('shop', 'agent', { app: 'agent' }, { node: 'node-1', hostNetwork: true }), from: 'other/client', to: 'shop/agent', port: 9100, egress: true, ingress: true },
    { name: 'a podSelector peer does not match it as a source', policies: denyIngress() + netpol('shop', 'p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: agent}}}]'), extra: podYaml('shop', 'agent', { app: 'agent' }, { node: 'node-1', hostNetwork: true }), from: 'shop/agent', to: 'shop/db', port: 5432, egress: true, ingress: false },
    { name: 'its traffic to a pod on its own node counts as that node', policies: denyIngress(), extra: podYaml('shop', 'agent', { app: 'agent' }, { node: 'node-2', hostNetwork: true }), from: 'shop/agent', to: 'shop/db', port: 5432, egress: true, ingress: true },
    { name: "option hostNetwork: 'pod' selects and matches it like a pod", policies: denyIngress() + netpol('shop', 'p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: agent}}}]'), extra: podYaml('shop', 'agent', { app: 'agent' }, { node: 'node-1', hostNetwork: true }), from: 'shop/agent', to: 'shop/db', port: 5432, egress: true, ingress: true, options: { hostNetwork: 'pod' } },
    { name: "option hostNetwork: 'pod': from its own node it is still node traffic (the node's IP)", policies: denyIngress(), extra: podYaml('shop', 'agent', { app: 'agent' }, { node: 'node-2', hostNetwork: true }), from: 'shop/agent', to: 'shop/db', port: 5432, egress: true, ingress: true, options: { hostNetwork: 'pod' } },
    { name: "option hostNetwork: 'pod' isolates it", policies: denyIngress(), extra: podYaml('shop', 'agent', { app: 'agent' }, { node: 'node-1', hostNetwork: true }), from: 'other/client', to: 'shop/agent', port: 9100, egress: true, ingress: false, options: { hostNetwork: 'pod' } },
  ],
  'ICMP (DATAPATH.md §8.1 item 9): only a rule without ports admits it': [
    { name: 'deny-all drops ping', policies: denyIngress(), from: 'shop/web', to: 'shop/db', port: 0, protocol: 'ICMP', egress: true, ingress: false },
    { name: 'a rule without ports admits ping', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {}}]'), from: 'shop/web', to: 'shop/db', port: 0, protocol: 'ICMP', egress: true, ingress: true },
    { name: 'a rule with ports does not', policies: netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{podSelector: {}}]\n  ports: [{port: 5432}]'), from: 'shop/web', to: 'shop/db', port: 0, protocol: 'ICMP', egress: true, ingress: false },
    { name: 'not isolated: ping passes', policies: '', from: 'shop/web', to: 'shop/db', port: 0, protocol: 'ICMP', egress: true, ingress: true },
  ],
};

for (const [title, cases] of Object.entries(tables)) {
  describe(title, () => {
    it.each(cases)('$name', (c) => {
      run(c);
    });
  });
}

describe('NETPOL.md 21: labels are live', () => {
  it('relabelling the client changes the verdict', () => {
    const policy = denyIngress() + netpol('shop', 'p', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{namespaceSelector: {}, podSelector: {matchLabels: {role: reader}}}]');
    const before = cluster(BASE + policy);
    const after = cluster(BASE.replace('{app: client}', '{app: client, role: reader}') + policy);
    expect(allowed(before, pod(before, 'other/client'), pod(before, 'shop/db'), 5432)).toBe(false);
    expect(allowed(after, pod(after, 'other/client'), pod(after, 'shop/db'), 5432)).toBe(true);
  });
  it('relabelling the namespace changes the verdict', () => {
    const policy = netpol('shop', 'p', 'podSelector: {}\ningress:\n- from: [{namespaceSelector: {matchLabels: {team: a}}}]');
    const before = cluster(BASE + policy);
    const after = cluster(BASE.replace('{team: b}', '{team: a}') + policy);
    expect(allowed(before, pod(before, 'other/client'), pod(before, 'shop/db'), 5432)).toBe(false);
    expect(allowed(after, pod(after, 'other/client'), pod(after, 'shop/db'), 5432)).toBe(true);
  });
});

describe('NETPOL.md 22: a CNI without NetworkPolicy support ignores every policy', () => {
  const off = '---\napiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec: {cni: {networkPolicy: false}}\n';
  it('allowed, not isolated, not enforced, and the sentence says so', () => {
    const state = cluster(BASE + off + denyIngress());
    const d = checkPolicy(state, pod(state, 'other/client'), pod(state, 'shop/db'), 5432, 'TCP', 'ingress');
    expect(d).toMatchObject({ allowed: true, isolated: false, enforced: false, policies: [{ kind: 'NetworkPolicy', namespace: 'shop', name: 'deny-in' }] });
    expect(d.sentence).toBe("ingress allowed: the cluster's CNI (flannel) does not enforce NetworkPolicy, so the policy selecting pod shop/db for ingress (shop/deny-in) exists but has no effect.");
    expect(d.because[0]).toMatchObject({ kind: 'Cluster' });
  });
});

describe('explanations (NETPOL.md "Explanations")', () => {
  const policies = denyIngress()
    + netpol('shop', 'db-from-web', 'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: api}}}]\n- from: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: pg}]');
  const state = cluster(BASE + policies);

  it('an allow names the policy and the 1-based rule, with its source range', () => {
    const d = checkPolicy(state, pod(state, 'shop/web'), pod(state, 'shop/db'), 5432, 'TCP', 'ingress');
    expect(d.sentence).toBe('ingress allowed by NetworkPolicy shop/db-from-web ingress rule #2: it admits shop/web on TCP 5432.');
    expect(d.because).toHaveLength(1);
    expect(d.because[0]).toMatchObject({ kind: 'NetworkPolicy', rule: 2, object: { kind: 'NetworkPolicy', namespace: 'shop', name: 'db-from-web' } });
    // spec.ingress[1] is the second rule: `- from: [{podSelector: {matchLabels: {app: web}}}]`
    const line = (BASE + policies).split('\n')[d.because[0]!.range!.startLine - 1];
    expect(line).toContain('app: web');
  });

  it('a deny names the isolating policies, counts them, and shows the near miss', () => {
    const d = checkPolicy(state, pod(state, 'shop/web'), pod(state, 'shop/db'), 5433, 'TCP', 'ingress');
    expect(d.allowed).toBe(false);
    expect(d.isolated).toBe(true);
    expect(d.policies.map((p) => p.name)).toEqual(['db-from-web', 'deny-in']);
    expect(d.sentence).toBe('ingress denied: pod shop/db is isolated for ingress by shop/db-from-web and shop/deny-in, and no ingress rule of the 2 policies selecting it admits shop/web on TCP 5433 (rule #2 of shop/db-from-web names this peer but opens only TCP 5432).');
    expect(d.because.map((r) => r.object?.name)).toEqual(['db-from-web', 'deny-in']);
    expect(d.because.every((r) => r.range !== undefined)).toBe(true);
  });

  it('not isolated says which policyTypes are missing', () => {
    const d = checkPolicy(state, pod(state, 'shop/db'), pod(state, 'other/client'), 80, 'TCP', 'egress');
    expect(d).toMatchObject({ allowed: true, isolated: false, policies: [] });
    expect(d.sentence).toBe('egress allowed: pod shop/db is not isolated for egress: the 2 policies selecting it (shop/db-from-web and shop/deny-in) do not list Egress in policyTypes.');
  });

  it('an outside destination is not checked for ingress', () => {
    const d = checkPolicy(state, pod(state, 'shop/db'), external('203.0.113.7'), 443, 'TCP', 'ingress');
    expect(d).toMatchObject({ allowed: true, isolated: false, enforced: true, because: [] });
    expect(d.sentence).toBe('ingress not checked: the destination 203.0.113.7 is outside the cluster, and NetworkPolicy applies only to pods.');
  });
});

// The symbolic reach must equal a brute-force evaluation, port by port, on random small clusters.
// The brute force below is written straight from NETPOL.md over the NetworkPolicy objects and
// lives only in this test; it shares nothing with the engine but the label-selector and CIDR helpers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reach } from '../../src/engine/index.ts';
import type { Reachability } from '../../src/engine/index.ts';
import type { ClusterState, PodState } from '../../src/model/cluster.ts';
import { ipInCidr, parseIPv4 } from '../../src/model/ip.ts';
import { selectorMatches } from '../../src/model/labels.ts';
import type { NetworkPolicyPeer, NetworkPolicyPort, Protocol } from '../../src/model/objects.ts';
import { cluster } from './policy-fixture.ts';

type End = { pod: PodState } | { ip: string };

// hostNetwork pods are node traffic (NETPOL.md 20): never selected, matched only by ipBlocks on the node IP.
let hostAsNode = true; // the hostNetwork option under test: 'node' (default) or 'pod'
const asNode = (e: End): boolean => 'pod' in e && e.pod.hostNetwork && hostAsNode;

function peerMatches(state: ClusterState, peer: NetworkPolicyPeer, policyNs: string, other: End, ipBlockMatchesPods: boolean): boolean {
  if (peer.ipBlock) {
    if ('pod' in other && !asNode(other) && !ipBlockMatchesPods) return false;
    const ip = 'pod' in other ? other.pod.ip : other.ip;
    return ip !== undefined && ipInCidr(ip, peer.ipBlock.cidr) && !peer.ipBlock.except.some((e) => ipInCidr(ip, e));
  }
  if (!('pod' in other) || asNode(other)) return false;
  const nsLabels = state.namespaces.find((n) => n.name === other.pod.namespace)!.labels;
  if (peer.namespaceSelector ? !selectorMatches(peer.namespaceSelector, nsLabels) : other.pod.namespace !== policyNs) return false;
  return !peer.podSelector || selectorMatches(peer.podSelector, other.pod.labels);
}

function portMatches(ports: readonly NetworkPolicyPort[] | undefined, dst: End, port: number, protocol: Protocol): boolean {
  if (ports === undefined) return true;
  return ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.port <= port && port <= (p.endPort ?? p.port);
    if (!('pod' in dst)) return false;
    return dst.pod.containers.some((c) => c.ports.some((cp) => cp.name === p.port && cp.protocol === protocol && cp.containerPort === port));
  });
}

function side(state: ClusterState, subject: End, other: End, dst: End, direction: 'Ingress' | 'Egress', port: number, protocol: Protocol, ipm: boolean): boolean {
  if (!('pod' in subject) || asNode(subject)) return true;
  const selecting = state.policies.filter((p) => p.metadata.namespace === subject.pod.namespace && p.spec.policyTypes.includes(direction) && selectorMatches(p.spec.podSelector, subject.pod.labels));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (direction === 'Ingress' ? p.spec.ingress.map((r) => ({ peers: r.from, ports: r.ports })) : p.spec.egress.map((r) => ({ peers: r.to, ports: r.ports })))
    .some((r) => (r.peers === undefined || r.peers.some((peer) => peerMatches(state, peer, p.metadata.namespace, other, ipm))) && portMatches(r.ports, dst, port, protocol)));
}

function brute(state: ClusterState, src: End, dst: End, port: number, protocol: Protocol, ipm: boolean): boolean {
  // NETPOL.md 19: traffic from the destination's own node (a hostNetwork pod there) is always let in.
  if ('pod' in src && src.pod.hostNetwork && 'pod' in dst && src.pod.nodeName === dst.pod.nodeName) return side(state, src, dst, dst, 'Egress', port, protocol, ipm);
  return side(state, src, dst, dst, 'Egress', port, protocol, ipm) && side(state, dst, src, dst, 'Ingress', port, protocol, ipm);
}

// ---- random clusters ------------------------------------------------------------

const labelSel = fc.constantFrom('{}', '{matchLabels: {app: red}}', '{matchLabels: {app: blue}}', '{matchLabels: {tier: "1"}}', '{matchExpressions: [{key: app, operator: NotIn, values: [red]}]}', '{matchExpressions: [{key: tier, operator: Exists}]}');
const nsSel = fc.constantFrom('{}', '{matchLabels: {env: a}}', '{matchLabels: {kubernetes.io/metadata.name: n2}}');
const ipBlock = fc.constantFrom('{cidr: 10.244.1.0/24}', '{cidr: 10.244.0.0/16, except: [10.244.2.0/24]}', '{cidr: 203.0.113.0/24, except: [203.0.113.0/28]}', '{cidr: 0.0.0.0/0}');
const peer = fc.oneof(
  labelSel.map((s) => `{podSelector: ${s}}`),
  nsSel.map((s) => `{namespaceSelector: ${s}}`),
  fc.tuple(nsSel, labelSel).map(([n, p]) => `{namespaceSelector: ${n}, podSelector: ${p}}`),
  ipBlock.map((b) => `{ipBlock: ${b}}`),
);
const smallPort = fc.integer({ min: 1, max: 30 });
const portEntry = fc.oneof(
  fc.tuple(smallPort, fc.constantFrom('TCP', 'UDP', 'SCTP')).map(([p, proto]) => `{port: ${p}, protocol: ${proto}}`),
  fc.tuple(smallPort, fc.integer({ min: 0, max: 10 })).map(([p, w]) => `{port: ${p}, endPort: ${Math.min(p + w, 65535)}}`),
  fc.constantFrom('{protocol: UDP}', '{port: web}', '{port: web, protocol: UDP}', '{port: db}'),
);
const rule = (key: 'from' | 'to') => fc.record({
  peers: fc.option(fc.array(peer, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  ports: fc.option(fc.array(portEntry, { minLength: 1, maxLength: 2 }), { nil: undefined }),
}).map((r) => `  - {${[r.peers && `${key}: [${r.peers.join(', ')}]`, r.ports && `ports: [${r.ports.join(', ')}]`].filter(Boolean).join(', ')}}`);
const policy = fc.record({
  ns: fc.constantFrom('n1', 'n2'),
  selector: labelSel,
  types: fc.constantFrom('[Ingress]', '[Egress]', '[Ingress, Egress]'),
  ingress: fc.array(rule('from'), { maxLength: 2 }),
  egress: fc.array(rule('to'), { maxLength: 2 }),
});
const podSpec = fc.record({
  ns: fc.constantFrom('n1', 'n2'),
  app: fc.constantFrom('red', 'blue', undefined),
  tier: fc.constantFrom('1', undefined),
  web: fc.option(fc.tuple(smallPort, fc.constantFrom('TCP', 'UDP')), { nil: undefined }),
  node: fc.constantFrom('node-1', 'node-2'),
  host: fc.constantFrom(false, false, false, true),
});
const scenario = fc.record({ pods: fc.array(podSpec, { minLength: 2, maxLength: 4 }), policies: fc.array(policy, { maxLength: 3 }) });

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(s: Scenario): string {
  const docs = ['apiVersion: v1\nkind: Namespace\nmetadata: {name: n1, labels: {env: a}}', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n2, labels: {env: b}}'];
  s.pods.forEach((p, i) => {
    const labels = [p.app && `app: ${p.app}`, p.tier && `tier: "${p.tier}"`].filter(Boolean).join(', ');
    // hostNetwork pods bind ports on the node: none here, so two of them never collide.
    const ports = p.web && !p.host ? `[{name: web, containerPort: ${p.web[0]}, protocol: ${p.web[1]}}]` : '[]';
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${p.ns}, labels: {${labels}}}\nspec:\n  nodeName: ${p.node}\n${p.host ? '  hostNetwork: true\n' : ''}  containers: [{name: c, image: nginx, ports: ${ports}}]`);
  });
  s.policies.forEach((p, i) => {
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np${i}, namespace: ${p.ns}}\nspec:\n  podSelector: ${p.selector}\n  policyTypes: ${p.types}\n  ingress:\n${p.ingress.join('\n') || '  []'}\n  egress:\n${p.egress.join('\n') || '  []'}`.replace('  ingress:\n  []', '  ingress: []').replace('  egress:\n  []', '  egress: []'));
  });
  return docs.join('\n---\n');
}

const PROBES = [...Array.from({ length: 32 }, (_, i) => i + 1), 65535];
const OUTSIDE = ['203.0.113.7', '203.0.113.200', '8.8.8.8', '10.244.3.9'];

function symbolic(r: Reachability, src: string, dst: string, port: number, protocol: Protocol): boolean {
  const pair = r.pairs.find((p) => p.src === src && p.dst === dst);
  return pair !== undefined && pair.conns[protocol].some(([lo, hi]) => lo <= port && port <= hi);
}

/** The `a-b[External]` name whose range holds `ip`, on the given side of `pod`'s pairs. */
function externalName(r: Reachability, ip: string, podName: string, side: 'src' | 'dst'): string | undefined {
  const n = parseIPv4(ip)!;
  for (const p of r.pairs) {
    const name = side === 'src' ? p.src : p.dst;
    if ((side === 'src' ? p.dst : p.src) !== podName || !name.endsWith('[External]')) continue;
    const [a, b] = name.replace('[External]', '').split('-').map((x) => parseIPv4(x)!);
    if (a! <= n && n <= b!) return name;
  }
  return undefined;
}

describe('reach equals brute force on random clusters', () => {
  it.each([
    { name: 'ipBlocks match pods (default)', ipm: true, host: 'node' as const },
    { name: "np-guard's view: ipBlocks are outside-only", ipm: false, host: 'node' as const },
    { name: "hostNetwork pods treated as pods (option hostNetwork: 'pod')", ipm: true, host: 'pod' as const },
  ])('$name', ({ ipm, host }) => {
    hostAsNode = host === 'node';
    fc.assert(fc.property(scenario, (s) => {
      const yaml = yamlOf(s);
      const state = cluster(yaml);
      const r = reach(state, { by: 'pod', ipBlockMatchesPods: ipm, hostNetwork: host });
      const pods = state.pods.filter((p) => !p.system);
      for (const a of pods) {
        for (const b of pods) {
          if (a === b) continue;
          for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
            for (const port of PROBES) {
              expect(symbolic(r, `${a.id}[Pod]`, `${b.id}[Pod]`, port, protocol), `${yaml}\n${a.id} → ${b.id} ${protocol} ${port}`)
                .toBe(brute(state, { pod: a }, { pod: b }, port, protocol, ipm));
            }
          }
        }
        for (const ip of OUTSIDE) {
          for (const [src, dst] of [[{ pod: a }, { ip }], [{ ip }, { pod: a }]] as const) {
            const toOutside = 'ip' in dst;
            const ext = externalName(r, ip, `${a.id}[Pod]`, toOutside ? 'dst' : 'src');
            for (const port of [5, 30, 65535]) {
              const want = brute(state, src, dst, port, 'TCP', ipm);
              const got = ext !== undefined && symbolic(r, toOutside ? `${a.id}[Pod]` : ext, toOutside ? ext : `${a.id}[Pod]`, port, 'TCP');
              expect(got, `${yaml}\n${toOutside ? `${a.id} → ${ip}` : `${ip} → ${a.id}`} TCP ${port}`).toBe(want);
            }
          }
        }
      }
    }), { numRuns: 40 });
  });
});

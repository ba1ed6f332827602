// The classic scenarios of the upstream NetworkPolicy conformance suite
// (kubernetes/kubernetes test/e2e/network/netpol/network_policy.go) on its own model: namespaces
// x, y, z, pods a, b, c in each, ports 80/81 on TCP, UDP and SCTP. Expected results are truth
// tables as that suite prints them: rows are clients, columns servers, `.` allowed, `X` denied.
import { describe, expect, it } from 'vitest';
import { checkPolicy, reach } from '../../src/engine/index.ts';
import { XYZ, XYZ_PODS, allowed, cluster, external, netpol, pod, truthTable } from './policy-fixture.ts';

const ALL_ALLOWED = `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   .   .   .   .   .   .   .   .
x/b .   .   .   .   .   .   .   .   .
x/c .   .   .   .   .   .   .   .   .
y/a .   .   .   .   .   .   .   .   .
y/b .   .   .   .   .   .   .   .   .
y/c .   .   .   .   .   .   .   .   .
z/a .   .   .   .   .   .   .   .   .
z/b .   .   .   .   .   .   .   .   .
z/c .   .   .   .   .   .   .   .   .`;

interface Scenario {
  readonly name: string;
  readonly policies: string;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly table: string;
}

const scenarios: readonly Scenario[] = [
  {
    name: 'no policies: everything is allowed (NETPOL.md 1)',
    policies: '', port: 80, table: ALL_ALLOWED,
  },
  {
    // "should support a 'default-deny-ingress' policy"
    name: 'default-deny ingress in x isolates x for ingress only (NETPOL.md 1, 3, 7)',
    policies: netpol('x', 'deny-ingress', 'podSelector: {}\npolicyTypes: [Ingress]'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   X   X   .   .   .   .   .   .
x/b X   .   X   .   .   .   .   .   .
x/c X   X   .   .   .   .   .   .   .
y/a X   X   X   .   .   .   .   .   .
y/b X   X   X   .   .   .   .   .   .
y/c X   X   X   .   .   .   .   .   .
z/a X   X   X   .   .   .   .   .   .
z/b X   X   X   .   .   .   .   .   .
z/c X   X   X   .   .   .   .   .   .`,
  },
  {
    // "should enforce policy to allow traffic from pods within server namespace based on PodSelector"
    name: 'allow from the same namespace: podSelector {} as a peer means the policy namespace (NETPOL.md 8)',
    policies: netpol('x', 'allow-same-ns', 'podSelector: {}\ningress:\n- from:\n  - podSelector: {}'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   .   .   .   .   .   .   .   .
x/b .   .   .   .   .   .   .   .   .
x/c .   .   .   .   .   .   .   .   .
y/a X   X   X   .   .   .   .   .   .
y/b X   X   X   .   .   .   .   .   .
y/c X   X   X   .   .   .   .   .   .
z/a X   X   X   .   .   .   .   .   .
z/b X   X   X   .   .   .   .   .   .
z/c X   X   X   .   .   .   .   .   .`,
  },
  {
    // "should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector"
    name: 'allow x/a from namespaces labelled ns=y (NETPOL.md 9)',
    policies: netpol('x', 'allow-ns-y', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns: "y"}}'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   .   .   .   .   .   .   .   .
x/b X   .   .   .   .   .   .   .   .
x/c X   .   .   .   .   .   .   .   .
y/a .   .   .   .   .   .   .   .   .
y/b .   .   .   .   .   .   .   .   .
y/c .   .   .   .   .   .   .   .   .
z/a X   .   .   .   .   .   .   .   .
z/b X   .   .   .   .   .   .   .   .
z/c X   .   .   .   .   .   .   .   .`,
  },
  {
    // "should enforce policy based on NamespaceSelector with MatchExpressions"
    name: 'namespaceSelector matchExpressions NotIn [y] (NETPOL.md 12)',
    policies: netpol('x', 'not-y', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions: [{key: ns, operator: NotIn, values: ["y"]}]'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   .   .   .   .   .   .   .   .
x/b .   .   .   .   .   .   .   .   .
x/c .   .   .   .   .   .   .   .   .
y/a X   .   .   .   .   .   .   .   .
y/b X   .   .   .   .   .   .   .   .
y/c X   .   .   .   .   .   .   .   .
z/a .   .   .   .   .   .   .   .   .
z/b .   .   .   .   .   .   .   .   .
z/c .   .   .   .   .   .   .   .   .`,
  },
  {
    // "should enforce policy based on PodSelector and NamespaceSelector" (one peer: AND)
    name: 'one peer with namespaceSelector AND podSelector admits only y/b (NETPOL.md 10)',
    policies: netpol('x', 'and', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns: "y"}}\n    podSelector: {matchLabels: {pod: b}}'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   .   .   .   .   .   .   .   .
x/b X   .   .   .   .   .   .   .   .
x/c X   .   .   .   .   .   .   .   .
y/a X   .   .   .   .   .   .   .   .
y/b .   .   .   .   .   .   .   .   .
y/c X   .   .   .   .   .   .   .   .
z/a X   .   .   .   .   .   .   .   .
z/b X   .   .   .   .   .   .   .   .
z/c X   .   .   .   .   .   .   .   .`,
  },
  {
    // "should enforce policy based on any PodSelectors" / the one-dash difference: two peers are OR
    name: 'two peers (one dash more) admit all of y OR pod=b of x (NETPOL.md 10)',
    policies: netpol('x', 'or', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns: "y"}}\n  - podSelector: {matchLabels: {pod: b}}'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   .   .   .   .   .   .   .   .
x/b .   .   .   .   .   .   .   .   .
x/c X   .   .   .   .   .   .   .   .
y/a .   .   .   .   .   .   .   .   .
y/b .   .   .   .   .   .   .   .   .
y/c .   .   .   .   .   .   .   .   .
z/a X   .   .   .   .   .   .   .   .
z/b X   .   .   .   .   .   .   .   .
z/c X   .   .   .   .   .   .   .   .`,
  },
  {
    // "should allow ingress access from namespace on one named port": namespaces by their automatic name label
    name: 'namespaceSelector on kubernetes.io/metadata.name: z (NETPOL.md 11)',
    policies: netpol('x', 'from-z', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: z}}'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   .   .   .   .   .   .   .   .
x/b X   .   .   .   .   .   .   .   .
x/c X   .   .   .   .   .   .   .   .
y/a X   .   .   .   .   .   .   .   .
y/b X   .   .   .   .   .   .   .   .
y/c X   .   .   .   .   .   .   .   .
z/a .   .   .   .   .   .   .   .   .
z/b .   .   .   .   .   .   .   .   .
z/c .   .   .   .   .   .   .   .   .`,
  },
  {
    // "should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector"
    // and "should allow egress access to server in CIDR block" with its DNS rule: DNS only, so every TCP 80 from x is denied
    name: 'egress deny for x except DNS: x cannot reach anyone on TCP 80 but itself (NETPOL.md 2, 18)',
    policies: netpol('x', 'egress-dns-only', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - {protocol: UDP, port: 53}\n  - {protocol: TCP, port: 53}'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   X   X   X   X   X   X   X   X
x/b X   .   X   X   X   X   X   X   X
x/c X   X   .   X   X   X   X   X   X
y/a .   .   .   .   .   .   .   .   .
y/b .   .   .   .   .   .   .   .   .
y/c .   .   .   .   .   .   .   .   .
z/a .   .   .   .   .   .   .   .   .
z/b .   .   .   .   .   .   .   .   .
z/c .   .   .   .   .   .   .   .   .`,
  },
  {
    // "should enforce except clause while egress access to server in CIDR block": the pod network of
    // node-2 (10.244.2.0/24: x/b, y/a, y/c, z/b) is excepted from 10.244.0.0/16 (NETPOL.md 13)
    name: 'egress ipBlock cidr minus except matches pod IPs (NETPOL.md 13)',
    policies: netpol('x', 'cidr-except', 'podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 10.244.0.0/16, except: [10.244.2.0/24]}'),
    port: 80,
    table: `    x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a .   X   .   X   .   X   .   X   .
x/b .   .   .   .   .   .   .   .   .
x/c .   .   .   .   .   .   .   .   .
y/a .   .   .   .   .   .   .   .   .
y/b .   .   .   .   .   .   .   .   .
y/c .   .   .   .   .   .   .   .   .
z/a .   .   .   .   .   .   .   .   .
z/b .   .   .   .   .   .   .   .   .
z/c .   .   .   .   .   .   .   .   .`,
  },
];

/** x/a only is isolated, so every table below differs from ALL_ALLOWED in column x/a alone. */
const columnXA = (allowedFrom: readonly string[]): string => {
  const rows = [`    ${XYZ_PODS.join(' ')}`];
  for (const from of XYZ_PODS) {
    const cells = XYZ_PODS.map((to) => (to !== 'x/a' || from === 'x/a' || allowedFrom.includes(from) ? '.' : 'X').padEnd(3));
    rows.push(`${from} ${cells.join(' ')}`.trimEnd());
  }
  return rows.join('\n');
};
const nobody: string[] = [];

const portScenarios: readonly Scenario[] = [
  // "should allow ingress access on one named port"
  { name: 'named port serve-80-tcp opens TCP 80', policies: netpol('x', 'named', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: serve-80-tcp}]'), port: 80, table: ALL_ALLOWED },
  { name: 'named port serve-80-tcp keeps TCP 81 closed', policies: netpol('x', 'named', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: serve-80-tcp}]'), port: 81, table: columnXA(nobody) },
  // The name resolves by name AND protocol: serve-80-udp under the TCP default matches nothing (NETPOL.md 15)
  { name: 'named port serve-80-udp with the TCP default resolves to nothing', policies: netpol('x', 'named', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: serve-80-udp}]'), port: 80, table: columnXA(nobody) },
  { name: 'named port serve-80-udp with protocol UDP opens UDP 80', policies: netpol('x', 'named', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: serve-80-udp, protocol: UDP}]'), port: 80, protocol: 'UDP', table: ALL_ALLOWED },
  // "should enforce ingress policy allowing any port traffic to a server on a specific protocol" and endPort (NETPOL.md 14)
  { name: 'port 80 endPort 81 opens 81 (inclusive)', policies: netpol('x', 'range', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 80, endPort: 81}]'), port: 81, table: ALL_ALLOWED },
  { name: 'port 80 endPort 81 keeps 82 closed', policies: netpol('x', 'range', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 80, endPort: 81}]'), port: 82, table: columnXA(nobody) },
  // "should not allow access by TCP when a policy specifies only UDP" (NETPOL.md 14)
  { name: 'a UDP-only rule still isolates x/a for TCP', policies: netpol('x', 'udp', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 80, protocol: UDP}]'), port: 80, protocol: 'TCP', table: columnXA(nobody) },
  { name: 'a UDP-only rule opens UDP', policies: netpol('x', 'udp', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 80, protocol: UDP}]'), port: 80, protocol: 'UDP', table: ALL_ALLOWED },
  { name: 'SCTP is its own protocol: a TCP rule does not open SCTP 80', policies: netpol('x', 'tcp', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 80}]'), port: 80, protocol: 'SCTP', table: columnXA(nobody) },
  { name: 'an SCTP rule opens SCTP 80', policies: netpol('x', 'sctp', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- ports: [{port: 80, protocol: SCTP}]'), port: 80, protocol: 'SCTP', table: ALL_ALLOWED },
  // Ports AND peers in one rule: y only, and only on 80
  { name: 'from ns=y on port 81 only: 80 is closed to all', policies: netpol('x', 'y81', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]\n  ports: [{port: 81}]'), port: 80, table: columnXA(nobody) },
  { name: 'from ns=y on port 81 only: 81 is open to y', policies: netpol('x', 'y81', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]\n  ports: [{port: 81}]'), port: 81, table: columnXA(['y/a', 'y/b', 'y/c']) },
];

describe('upstream conformance model: truth tables', () => {
  it.each([...scenarios, ...portScenarios])('$name', ({ policies, port, protocol, table }) => {
    const state = cluster(XYZ + policies);
    expect(truthTable(state, port, protocol ?? 'TCP')).toBe(table);
  });
});

describe('upstream conformance model: reach agrees with the truth tables', () => {
  // The symbolic result must say the same as per-connection checks, cell by cell.
  it.each([...scenarios, ...portScenarios])('$name', ({ policies, port, protocol }) => {
    const state = cluster(XYZ + policies);
    const result = reach(state, { by: 'pod' });
    const proto = protocol ?? 'TCP';
    for (const from of XYZ_PODS) {
      for (const to of XYZ_PODS) {
        if (from === to) continue;
        const pair = result.pairs.find((p) => p.src === `${from}[Pod]` && p.dst === `${to}[Pod]`);
        const symbolic = pair !== undefined && pair.conns[proto].some(([lo, hi]) => lo <= port && port <= hi);
        expect(symbolic, `${from} → ${to} ${proto} ${port}`).toBe(allowed(state, pod(state, from), pod(state, to), port, proto));
      }
    }
  });
});

describe('upstream conformance model: outside the cluster', () => {
  it('ingress from 0.0.0.0/0 admits outside clients, a podSelector peer does not (NETPOL.md 9, 13)', () => {
    const state = cluster(XYZ
      + netpol('x', 'world', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from: [{ipBlock: {cidr: 0.0.0.0/0}}]')
      + netpol('x', 'cluster-only', 'podSelector: {matchLabels: {pod: b}}\ningress:\n- from: [{namespaceSelector: {}}]'));
    const client = external('203.0.113.7');
    expect(checkPolicy(state, client, pod(state, 'x/a'), 80, 'TCP', 'ingress').allowed).toBe(true);
    expect(checkPolicy(state, client, pod(state, 'x/b'), 80, 'TCP', 'ingress').allowed).toBe(false);
    expect(checkPolicy(state, pod(state, 'z/c'), pod(state, 'x/b'), 80, 'TCP', 'ingress').allowed).toBe(true);
  });
});

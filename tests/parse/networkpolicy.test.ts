import { describe, expect, it } from 'vitest';
import type { NetworkPolicy } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';
import { parseNetworkPolicy } from '../../src/parse/networkpolicy.ts';
import { fuzzParsers, runKindParser } from './kind-harness.ts';
import type { Reported } from './kind-harness.ts';



function run(text: string): { policy: NetworkPolicy | undefined; diagnostics: Reported[]; messages: string[] } {
  const { object, diagnostics, messages } = runKindParser(parseNetworkPolicy, { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', name: 'np', namespace: 'shop' }, text);
  return { policy: object, diagnostics, messages };
}

const all = { matchLabels: {}, matchExpressions: [] };
const app = (name: string) => ({ matchLabels: { app: name }, matchExpressions: [] });

describe('parseNetworkPolicy: policyTypes defaulting (NETPOL.md 2)', () => {
  // SetDefaults_NetworkPolicy: len(PolicyTypes) == 0 → [Ingress], + Egress iff len(spec.Egress) != 0.
  it.each([
    { name: 'absent, no rules → [Ingress] (a default-deny for ingress)', spec: '{podSelector: {}}', want: ['Ingress'] },
    { name: 'absent, ingress rules only → [Ingress]', spec: '{podSelector: {}, ingress: [{}]}', want: ['Ingress'] },
    { name: 'absent, egress: [] does NOT add Egress (len(egress) == 0)', spec: '{podSelector: {}, egress: []}', want: ['Ingress'] },
    { name: 'absent, one egress rule adds Egress', spec: '{podSelector: {}, egress: [{}]}', want: ['Ingress', 'Egress'] },
    { name: 'empty list is defaulted like absent', spec: '{podSelector: {}, policyTypes: [], egress: [{ports: [{port: 53, protocol: UDP}]}]}', want: ['Ingress', 'Egress'] },
    { name: 'egress-only policy must say [Egress]', spec: '{podSelector: {}, policyTypes: [Egress]}', want: ['Egress'] },
    { name: 'explicit [Ingress] with no ingress rules stays [Ingress]', spec: '{podSelector: {}, policyTypes: [Ingress]}', want: ['Ingress'] },
    { name: 'explicit both, order kept', spec: '{podSelector: {}, policyTypes: [Egress, Ingress]}', want: ['Egress', 'Ingress'] },
    { name: 'a repeated type counts once', spec: '{podSelector: {}, policyTypes: [Ingress, Ingress]}', want: ['Ingress'] },
  ])('$name', ({ spec, want }) => {
    const { policy, diagnostics } = run(`spec: ${spec}`);
    expect(policy?.spec.policyTypes).toEqual(want);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    { name: 'lower-case value is rejected', spec: '{podSelector: {}, policyTypes: [ingress]}', want: [['error', 'invalid-value', 'spec.policyTypes[0]']], types: [] },
    { name: 'more than two values is rejected', spec: '{podSelector: {}, policyTypes: [Ingress, Egress, Ingress]}', want: [['error', 'invalid-value', 'spec.policyTypes']], types: ['Ingress', 'Egress'] },
    { name: 'egress rules without Egress in policyTypes are ignored: warn', spec: '{podSelector: {}, policyTypes: [Ingress], egress: [{}]}', want: [['warning', 'invalid-value', 'spec.egress']], types: ['Ingress'] },
    // Defaulting runs before validation: a rejected egress rule still counts, and its peer list stays empty (matches nothing).
    { name: 'an egress rule with a rejected peer still adds Egress', spec: '{podSelector: {}, egress: [{to: [{}]}]}', want: [['error', 'missing-field', 'spec.egress[0].to[0]']], types: ['Ingress', 'Egress'] },
    { name: 'ingress rules without Ingress in policyTypes are ignored: warn', spec: '{podSelector: {}, policyTypes: [Egress], ingress: [{}], egress: [{}]}', want: [['warning', 'invalid-value', 'spec.ingress']], types: ['Egress'] },
  ])('$name', ({ spec, want, types }) => {
    const { policy, diagnostics } = run(`spec: ${spec}`);
    expect(diagnostics).toEqual(want);
    expect(policy?.spec.policyTypes).toEqual(types);
  });
});

describe('parseNetworkPolicy: podSelector', () => {
  it.each([
    { name: '{} selects every pod of the namespace (NETPOL.md 3)', spec: '{podSelector: {}}', selector: all, want: [] },
    { name: 'matchLabels kept', spec: '{podSelector: {matchLabels: {app: db}}}', selector: app('db'), want: [] },
    {
      name: 'matchExpressions kept with matchLabels (ANDed, NETPOL.md 12)',
      spec: '{podSelector: {matchLabels: {app: db}, matchExpressions: [{key: tier, operator: NotIn, values: [web]}]}}',
      selector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] },
      want: [],
    },
    // The API server never enforced podSelector; absent is the empty selector (kubernetes/kubernetes#131354).
    { name: 'absent → every pod, with a warning', spec: '{ingress: []}', selector: all, want: [['warning', 'missing-field', 'spec']] },
    { name: 'no spec at all → every pod, with a warning', spec: null, selector: all, want: [['warning', 'missing-field', 'spec']] },
  ])('$name', ({ spec, selector, want }) => {
    const { policy, diagnostics } = run(spec === null ? 'metadata: {name: np}' : `spec: ${spec}`);
    expect(policy?.spec.podSelector).toEqual(selector);
    expect(diagnostics).toEqual(want);
  });
});

describe('parseNetworkPolicy: fields the API server rejects', () => {
  // kubectl apply uses strict field validation: "strict decoding error: unknown field".
  it.each([
    { name: 'misspelt spec field', spec: '{podSelector: {}, ingres: [{}]}', want: [['error', 'unknown-field', 'spec.ingres']], hint: 'did you mean ingress?' },
    { name: 'misspelt rule field', spec: '{podSelector: {}, ingress: [{form: [{podSelector: {}}]}]}', want: [['error', 'unknown-field', 'spec.ingress[0].form']], hint: 'expected one of from, ports' },
    { name: '"to" in an ingress rule', spec: '{podSelector: {}, ingress: [{to: [{podSelector: {}}]}]}', want: [['error', 'unknown-field', 'spec.ingress[0].to']], hint: 'list their peers under from' },
    { name: 'misspelt port field', spec: '{podSelector: {}, ingress: [{ports: [{port: 1, endport: 2}]}]}', want: [['error', 'unknown-field', 'spec.ingress[0].ports[0].endport']], hint: 'did you mean endPort?' },
    { name: 'misspelt peer field', spec: '{podSelector: {}, ingress: [{from: [{namespaceSelecter: {}, podSelector: {}}]}]}', want: [['error', 'unknown-field', 'spec.ingress[0].from[0].namespaceSelecter']], hint: 'did you mean namespaceSelector?' },
    { name: 'misspelt ipBlock field', spec: '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, exclude: [10.1.0.0/16]}}]}]}', want: [['error', 'unknown-field', 'spec.egress[0].to[0].ipBlock.exclude']], hint: 'expected one of cidr, except' },
  ])('$name', ({ spec, want, hint }) => {
    const { diagnostics, messages } = run(`spec: ${spec}`);
    expect(diagnostics).toEqual(want);
    expect(messages[0]).toContain(hint);
  });

  it('labels straight under spec.podSelector (no matchLabels): error, and no policy rather than one that selects every pod', () => {
    const { policy, diagnostics, messages } = run('spec: {podSelector: {app: db}, ingress: []}');
    expect(diagnostics).toEqual([['error', 'unknown-field', 'spec.podSelector.app']]);
    expect(messages[0]).toContain('podSelector: {matchLabels: {app: "db"}}');
    expect(policy).toBeUndefined();
  });

  it.each([
    { name: 'labels straight under a peer podSelector', peers: '[{podSelector: {app: web}}]', want: [['error', 'unknown-field', 'spec.ingress[0].from[0].podSelector.app']] },
    { name: 'a matchLabels value that is a number', peers: '[{namespaceSelector: {matchLabels: {team: 1}}}]', want: [['error', 'wrong-type', 'spec.ingress[0].from[0].namespaceSelector.matchLabels.team']] },
    { name: 'a matchLabels value with a space', peers: '[{podSelector: {matchLabels: {app: "web server"}}}]', want: [['error', 'invalid-value', 'spec.ingress[0].from[0].podSelector.matchLabels.app']] },
    { name: 'a matchLabels key with two slashes', peers: '[{podSelector: {matchLabels: {a/b/c: x}}}]', want: [['error', 'invalid-value', 'spec.ingress[0].from[0].podSelector.matchLabels.a/b/c']] },
    { name: 'a matchExpressions key with a space', peers: '[{podSelector: {matchExpressions: [{key: "my app", operator: Exists}]}}]', want: [['error', 'invalid-value', 'spec.ingress[0].from[0].podSelector.matchExpressions[0].key']] },
    { name: 'a matchExpressions value too long', peers: `[{podSelector: {matchExpressions: [{key: app, operator: In, values: [${'a'.repeat(64)}]}]}}]`, want: [['error', 'invalid-value', 'spec.ingress[0].from[0].podSelector.matchExpressions[0].values[0]']] },
    { name: 'an unknown operator', peers: '[{podSelector: {matchExpressions: [{key: app, operator: Equals, values: [web]}]}}]', want: [['error', 'invalid-value', 'spec.ingress[0].from[0].podSelector.matchExpressions[0].operator']] },
    { name: 'a misspelt matchExpressions field', peers: '[{podSelector: {matchExpressions: [{key: app, operator: In, value: [web]}]}}]', want: [['error', 'unknown-field', 'spec.ingress[0].from[0].podSelector.matchExpressions[0].value'], ['error', 'invalid-value', 'spec.ingress[0].from[0].podSelector.matchExpressions[0].values']] },
  ])('a peer whose selector is rejected is dropped, never widened: $name', ({ peers, want }) => {
    const { policy, diagnostics } = run(`spec: {podSelector: {}, ingress: [{from: ${peers}}]}`);
    expect(diagnostics).toEqual(want);
    expect(policy?.spec.ingress[0]?.from).toEqual([]);
  });
});

describe('parseNetworkPolicy: rules and "all" (NETPOL.md 7)', () => {
  it.each([
    { name: 'ingress: [] allows nothing (no rules, not "all")', spec: '{podSelector: {}, ingress: []}', ingress: [] },
    { name: 'ingress: [{}] is one rule allowing everything', spec: '{podSelector: {}, ingress: [{}]}', ingress: [{}] },
    { name: 'from: [] means all sources, like absent', spec: '{podSelector: {}, ingress: [{from: []}]}', ingress: [{}] },
    { name: 'ports: [] means all ports, like absent', spec: '{podSelector: {}, ingress: [{ports: []}]}', ingress: [{}] },
    { name: 'from: null means all sources', spec: '{podSelector: {}, ingress: [{from: null}]}', ingress: [{}] },
    {
      name: 'from and ports both kept when given',
      spec: '{podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]}',
      ingress: [{ from: [{ podSelector: app('web') }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    },
  ])('$name', ({ spec, ingress }) => {
    const { policy, diagnostics } = run(`spec: ${spec}`);
    expect(policy?.spec.ingress).toEqual(ingress);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    { name: 'to: [] means all destinations', spec: '{podSelector: {}, egress: [{to: []}]}', egress: [{}] },
    { name: 'to with ipBlock', spec: '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]}', egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [] } }] }] },
  ])('egress: $name', ({ spec, egress }) => {
    const { policy, diagnostics } = run(`spec: ${spec}`);
    expect(policy?.spec.egress).toEqual(egress);
    expect(diagnostics).toEqual([]);
  });

  it('a bare "-" rule decodes to {} and allows everything: warn', () => {
    const { policy, diagnostics } = run('spec:\n  podSelector: {}\n  ingress:\n  -\n');
    expect(policy?.spec.ingress).toEqual([{}]);
    expect(diagnostics).toEqual([['warning', 'invalid-value', 'spec.ingress[0]']]);
  });

  it.each([
    { name: 'ingress not a list', spec: '{podSelector: {}, ingress: {from: []}}', want: [['error', 'wrong-type', 'spec.ingress']] },
    { name: 'a rule that is a string', spec: '{podSelector: {}, ingress: [allow]}', want: [['error', 'wrong-type', 'spec.ingress[0]']] },
    { name: 'from not a list', spec: '{podSelector: {}, ingress: [{from: {podSelector: {}}}]}', want: [['error', 'wrong-type', 'spec.ingress[0].from']] },
  ])('wrong types are reported once: $name', ({ spec, want }) => {
    expect(run(`spec: ${spec}`).diagnostics).toEqual(want);
  });
});

describe('parseNetworkPolicy: peers (NETPOL.md 8, 9, 10)', () => {
  const from = (peers: string) => run(`spec: {podSelector: {}, ingress: [{from: ${peers}}]}`);

  it.each([
    {
      name: 'one peer with namespaceSelector AND podSelector (one dash)',
      peers: '[{namespaceSelector: {matchLabels: {team: a}}, podSelector: {matchLabels: {app: web}}}]',
      want: [{ podSelector: app('web'), namespaceSelector: { matchLabels: { team: 'a' }, matchExpressions: [] } }],
    },
    {
      name: 'two peers are OR (two dashes)',
      peers: '[{namespaceSelector: {matchLabels: {team: a}}}, {podSelector: {matchLabels: {app: web}}}]',
      want: [{ namespaceSelector: { matchLabels: { team: 'a' }, matchExpressions: [] } }, { podSelector: app('web') }],
    },
    { name: 'podSelector: {} alone is a peer: every pod of the policy namespace', peers: '[{podSelector: {}}]', want: [{ podSelector: all }] },
    { name: 'namespaceSelector: {} alone is a peer: every pod in the cluster', peers: '[{namespaceSelector: {}}]', want: [{ namespaceSelector: all }] },
    {
      name: 'namespace by its automatic name label (NETPOL.md 11)',
      peers: '[{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]',
      want: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, matchExpressions: [] } }],
    },
  ])('$name', ({ peers, want }) => {
    const { policy, diagnostics } = from(peers);
    expect(policy?.spec.ingress[0]?.from).toEqual(want);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    // ValidateNetworkPolicyPeer: "must specify a peer".
    { name: 'an empty peer {} is an error', peers: '[{}]', want: [['error', 'missing-field', 'spec.ingress[0].from[0]']], kept: [] },
    { name: 'a null selector does not count as a peer', peers: '[{podSelector: null}]', want: [['error', 'missing-field', 'spec.ingress[0].from[0]']], kept: [] },
    // "may not specify both ipBlock and another peer".
    { name: 'ipBlock with podSelector', peers: '[{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]', want: [['error', 'ipblock-with-selector', 'spec.ingress[0].from[0]']], kept: [] },
    { name: 'ipBlock with namespaceSelector', peers: '[{ipBlock: {cidr: 10.0.0.0/8}, namespaceSelector: {}}]', want: [['error', 'ipblock-with-selector', 'spec.ingress[0].from[0]']], kept: [] },
    {
      // The broken peer must not turn the rule into "from everyone".
      name: 'an invalid peer is dropped, the valid one stays',
      peers: '[{}, {podSelector: {matchLabels: {app: web}}}]',
      want: [['error', 'missing-field', 'spec.ingress[0].from[0]']],
      kept: [{ podSelector: app('web') }],
    },
    {
      name: 'a selector expression error is reported at its path',
      peers: '[{podSelector: {matchExpressions: [{key: app, operator: In}]}}]',
      want: [['error', 'invalid-value', 'spec.ingress[0].from[0].podSelector.matchExpressions[0].values']],
      kept: [],
    },
  ])('$name', ({ peers, want, kept }) => {
    const { policy, diagnostics } = from(peers);
    expect(diagnostics).toEqual(want);
    expect(policy?.spec.ingress[0]?.from).toEqual(kept);
  });

  it('the ipblock-with-selector message says how to allow either', () => {
    const { messages } = from('[{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]');
    expect(messages[0]).toMatch(/two list items/);
  });
});

describe('parseNetworkPolicy: ipBlock (NETPOL.md 13)', () => {
  const block = (ipBlock: string) => run(`spec: {podSelector: {}, egress: [{to: [{ipBlock: ${ipBlock}}]}]}`);

  it.each([
    { name: 'cidr with except inside it', ipBlock: '{cidr: 172.16.0.0/16, except: [172.16.1.0/24, 172.16.2.0/24]}', want: { cidr: '172.16.0.0/16', except: ['172.16.1.0/24', '172.16.2.0/24'] } },
    { name: 'a /32 single address', ipBlock: '{cidr: 203.0.113.7/32}', want: { cidr: '203.0.113.7/32', except: [] } },
    { name: 'except may be a single address inside', ipBlock: '{cidr: 10.0.0.0/8, except: [10.1.2.3/32]}', want: { cidr: '10.0.0.0/8', except: ['10.1.2.3/32'] } },
  ])('$name', ({ ipBlock, want }) => {
    const { policy, diagnostics } = block(ipBlock);
    expect(policy?.spec.egress[0]?.to).toEqual([{ ipBlock: want }]);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    { name: 'cidr missing', ipBlock: '{except: [10.0.0.0/8]}', want: [['error', 'missing-field', 'spec.egress[0].to[0].ipBlock']], kept: [] },
    { name: 'cidr without a prefix length', ipBlock: '{cidr: 10.0.0.1}', want: [['error', 'invalid-value', 'spec.egress[0].to[0].ipBlock.cidr']], kept: [] },
    { name: 'cidr with a bad octet', ipBlock: '{cidr: 10.0.0.256/8}', want: [['error', 'invalid-value', 'spec.egress[0].to[0].ipBlock.cidr']], kept: [] },
    { name: 'except not a list', ipBlock: '{cidr: 10.0.0.0/8, except: 10.1.0.0/16}', want: [['error', 'wrong-type', 'spec.egress[0].to[0].ipBlock.except']], kept: [] },
    { name: 'IPv6 cidr is not simulated', ipBlock: '{cidr: "2001:db8::/32"}', want: [['warning', 'unsimulated-feature', 'spec.egress[0].to[0].ipBlock.cidr']], kept: [] },
    {
      // API: "must be a strict subset of `cidr`".
      name: 'except outside cidr',
      ipBlock: '{cidr: 10.0.0.0/16, except: [10.1.0.0/24]}',
      want: [['error', 'invalid-value', 'spec.egress[0].to[0].ipBlock.except[0]']],
      kept: [],
    },
    {
      name: 'except equal to cidr is not a strict subset',
      ipBlock: '{cidr: 10.0.0.0/16, except: [10.0.0.0/16]}',
      want: [['error', 'invalid-value', 'spec.egress[0].to[0].ipBlock.except[0]']],
      kept: [],
    },
    {
      // Dropping only the except would widen the block: the whole peer goes.
      name: 'except wider than cidr',
      ipBlock: '{cidr: 10.0.0.0/16, except: [10.0.0.0/8]}',
      want: [['error', 'invalid-value', 'spec.egress[0].to[0].ipBlock.except[0]']],
      kept: [],
    },
    {
      // The API accepts it (with a warning); most people meant the network.
      name: 'host bits set in cidr: warning, kept as written',
      ipBlock: '{cidr: 192.168.1.10/24}',
      want: [['warning', 'invalid-value', 'spec.egress[0].to[0].ipBlock.cidr']],
      kept: [{ ipBlock: { cidr: '192.168.1.10/24', except: [] } }],
    },
  ])('$name', ({ ipBlock, want, kept }) => {
    const { policy, diagnostics } = block(ipBlock);
    expect(diagnostics).toEqual(want);
    expect(policy?.spec.egress[0]?.to).toEqual(kept);
  });

  it('the host-bits warning names the network it means', () => {
    expect(block('{cidr: 192.168.1.10/24}').messages[0]).toContain('192.168.1.0/24');
  });
});

describe('parseNetworkPolicy: ports (NETPOL.md 14)', () => {
  const ports = (list: string) => run(`spec: {podSelector: {}, ingress: [{ports: ${list}}]}`);

  it.each([
    { name: 'protocol defaults to TCP', list: '[{port: 80}]', want: [{ protocol: 'TCP', port: 80 }] },
    { name: 'port omitted = every port of the protocol', list: '[{protocol: UDP}]', want: [{ protocol: 'UDP' }] },
    { name: 'SCTP is a protocol of its own', list: '[{protocol: SCTP, port: 9000}]', want: [{ protocol: 'SCTP', port: 9000 }] },
    { name: 'named port kept as a name (resolved on the destination pod)', list: '[{port: http}]', want: [{ protocol: 'TCP', port: 'http' }] },
    { name: 'endPort makes an inclusive range', list: '[{port: 32000, endPort: 32768}]', want: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] },
    { name: 'endPort equal to port is a one-port range', list: '[{port: 53, endPort: 53, protocol: UDP}]', want: [{ protocol: 'UDP', port: 53, endPort: 53 }] },
    { name: 'empty port entry {} = every TCP port', list: '[{}]', want: [{ protocol: 'TCP' }] },
  ])('$name', ({ list, want }) => {
    const { policy, diagnostics } = ports(list);
    expect(policy?.spec.ingress[0]?.ports).toEqual(want);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    { name: 'endPort with a named port', list: '[{port: http, endPort: 8090}]', want: [['error', 'endport-with-named-port', 'spec.ingress[0].ports[0].endPort']] },
    { name: 'endPort below port', list: '[{port: 8080, endPort: 8000}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].endPort']] },
    { name: 'endPort without port', list: '[{endPort: 8000}]', want: [['error', 'missing-field', 'spec.ingress[0].ports[0]']] },
    { name: 'endPort above 65535', list: '[{port: 1, endPort: 70000}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].endPort']] },
    { name: 'port 0', list: '[{port: 0}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].port']] },
    { name: 'port above 65535', list: '[{port: 65536}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].port']] },
    { name: 'a quoted number is a (bad) name to the API', list: '[{port: "80"}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].port']] },
    { name: 'upper-case port name', list: '[{port: HTTP}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].port']] },
    { name: 'port name longer than 15 characters', list: '[{port: metrics-endpoint-x}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].port']] },
    { name: 'ICMP is not a NetworkPolicy protocol (DATAPATH.md §8.1.9)', list: '[{protocol: ICMP}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].protocol']] },
    { name: 'lower-case protocol', list: '[{protocol: udp, port: 53}]', want: [['error', 'invalid-value', 'spec.ingress[0].ports[0].protocol']] },
  ])('$name', ({ list, want }) => {
    const { policy, diagnostics } = ports(list);
    expect(diagnostics).toEqual(want);
    // A broken entry must not widen the rule to "all ports".
    expect(policy?.spec.ingress[0]?.ports).toBeDefined();
  });

  it.each([
    { name: 'endPort with a name', list: '[{port: http, endPort: 8090}, {port: 443}]' },
    // Read as the TCP default, "udp" would open TCP 53, which nobody wrote.
    { name: 'a rejected protocol', list: '[{protocol: udp, port: 53}, {port: 443}]' },
  ])('an invalid port entry is dropped while the others stay: $name', ({ list }) => {
    expect(ports(list).policy?.spec.ingress[0]?.ports).toEqual([{ protocol: 'TCP', port: 443 }]);
  });
});

describe('parseNetworkPolicy: a whole policy', () => {
  it('parses the docs example (test-network-policy) without diagnostics', () => {
    // https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
    const { policy, diagnostics } = run(`
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 5978
`);
    expect(diagnostics).toEqual([]);
    expect(policy?.spec).toEqual({
      podSelector: { matchLabels: { role: 'db' }, matchExpressions: [] },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [
          { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
          { namespaceSelector: { matchLabels: { project: 'myproject' }, matchExpressions: [] } },
          { podSelector: { matchLabels: { role: 'frontend' }, matchExpressions: [] } },
        ],
        ports: [{ protocol: 'TCP', port: 6379 }],
      }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24', except: [] } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
    });
  });
});

describe('parseNetworkPolicy through parse(): diagnostics land on the line', () => {
  const yaml = [
    'apiVersion: networking.k8s.io/v1', // 1
    'kind: NetworkPolicy', //               2
    'metadata:', //                        3
    '  name: db', //                       4
    '  namespace: shop', //                5
    'spec:', //                            6
    '  podSelector: {}', //                7
    '  ingress:', //                       8
    '  - from:', //                        9
    '    - ipBlock:', //                  10
    '        cidr: 10.0.0.0/8', //        11
    '      podSelector: {}', //           12
    '    - ipBlock:', //                  13
    '        cidr: 192.168.1.10/24', //   14
    '        except: [10.0.0.0/8]', //    15
    '    ports:', //                      16
    '    - port: http', //                17
    '      endPort: 90', //               18
    '    - protocol: udp', //             19
  ].join('\n');

  it.each([
    { code: 'ipblock-with-selector', severity: 'error', path: 'spec.ingress[0].from[0]', line: 10, col: 7 },
    { code: 'invalid-value', severity: 'warning', path: 'spec.ingress[0].from[1].ipBlock.cidr', line: 14, col: 9 },
    { code: 'invalid-value', severity: 'error', path: 'spec.ingress[0].from[1].ipBlock.except[0]', line: 15, col: 18 },
    { code: 'endport-with-named-port', severity: 'error', path: 'spec.ingress[0].ports[0].endPort', line: 18, col: 7 },
    { code: 'invalid-value', severity: 'error', path: 'spec.ingress[0].ports[1].protocol', line: 19, col: 7 },
  ])('$code at $path → line $line, column $col', ({ code, severity, path, line, col }) => {
    const { diagnostics } = parse(yaml);
    const d = diagnostics.find((x) => x.path === path && x.code === code);
    expect(d).toMatchObject({ severity, object: 'NetworkPolicy shop/db', range: { startLine: line, startCol: col } });
  });

  it('reports nothing else', () => {
    expect(parse(yaml).diagnostics).toHaveLength(5);
  });

  it('keeps the policy, defaulted, with its source', () => {
    const policy = parse(yaml).objects[0] as NetworkPolicy;
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.source.paths['spec.ingress[0].from']).toMatchObject({ startLine: 9 });
  });
});

fuzzParsers('parseNetworkPolicy', ['spec', 'podSelector', 'namespaceSelector', 'matchLabels', 'matchExpressions', 'key', 'operator', 'values', 'policyTypes', 'ingress', 'egress', 'from', 'to', 'ports', 'port', 'endPort', 'protocol', 'ipBlock', 'cidr', 'except', 'app'], [['NetworkPolicy', parseNetworkPolicy]]);


// NetworkPolicies of every shape for the synthetic clusters (NETPOL.md): default-deny in each
// direction, podSelector / namespaceSelector / AND peers, matchExpressions with every operator,
// ipBlock with except, named ports, endPort ranges, UDP and SCTP, `ingress: []` and `ingress: [{}]`.
import type { createRng, Yaml } from './emit.ts';
import type { NamespacePlan } from './generate.ts';
import type { App } from './stack.ts';

type Rng = ReturnType<typeof createRng>;

interface Context {
  readonly plan: NamespacePlan;
  readonly plans: readonly NamespacePlan[];
  readonly apps: readonly App[];
  readonly rng: Rng;
  /** 0 the first time a shape is used in the namespace, 1 the second… */
  readonly round: number;
}

interface Shape {
  readonly name: string;
  readonly spec: (c: Context) => Yaml;
}

const labels = (m: Record<string, string>) => ({ matchLabels: m });
const nsName = (name: string) => labels({ 'kubernetes.io/metadata.name': name });
/** Another namespace than the plan's, picked at random (the plan's own when it is alone). */
const other = (c: Context) => c.plans.length > 1 ? c.plans.filter((p) => p !== c.plan)[Math.floor(c.rng.next() * (c.plans.length - 1))]! : c.plan;
/** An app of the namespace, preferring the given archetype. */
const appOf = (c: Context, archetype: string) => (c.apps.find((a) => a.archetype === archetype) ?? c.apps[0]!).name;

const SHAPES: readonly Shape[] = [
  { name: 'default-deny-ingress', spec: () => ({ podSelector: {}, policyTypes: ['Ingress'] }) },
  { name: 'default-deny-egress', spec: () => ({ podSelector: {}, policyTypes: ['Egress'] }) },
  {
    // AND peer: CoreDNS pods *in* kube-system; UDP and TCP 53 (NETPOL.md 18).
    name: 'allow-dns-egress',
    spec: () => ({
      podSelector: {}, policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: nsName('kube-system'), podSelector: labels({ 'k8s-app': 'kube-dns' }) }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    }),
  },
  {
    name: 'allow-ingress-controller',
    spec: () => ({
      podSelector: labels({ tier: 'frontend' }), policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: nsName('ingress-nginx'), podSelector: labels({ 'app.kubernetes.io/name': 'ingress-nginx' }) }], ports: [{ port: 'http' }] }],
    }),
  },
  {
    // podSelector peer, named ports resolved on each destination pod.
    name: 'allow-frontend-to-backend',
    spec: () => ({ podSelector: labels({ tier: 'backend' }), ingress: [{ from: [{ podSelector: labels({ tier: 'frontend' }) }], ports: [{ port: 'http' }, { protocol: 'TCP', port: 'grpc' }] }] }),
  },
  {
    // Two peers = OR: the team's namespaces, or the namespace's own web pods.
    name: 'allow-team',
    spec: (c) => ({
      podSelector: labels({ app: appOf(c, 'api') }),
      ingress: [{ from: [{ namespaceSelector: labels({ team: c.plan.team }) }, { podSelector: labels({ tier: 'frontend' }) }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    }),
  },
  {
    name: 'allow-monitoring',
    spec: () => ({
      podSelector: {},
      ingress: [{
        from: [{
          namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] },
          podSelector: { matchLabels: { tier: 'agent' }, matchExpressions: [{ key: 'app', operator: 'Exists' }, { key: 'canary', operator: 'DoesNotExist' }] },
        }],
        ports: [{ port: 'metrics' }],
      }],
    }),
  },
  {
    name: 'allow-internet-egress',
    spec: () => ({
      podSelector: labels({ tier: 'frontend' }), policyTypes: ['Egress'],
      // HTTPS to the internet (not to private ranges), and the namespace's backends by port name.
      egress: [
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
        { to: [{ podSelector: labels({ tier: 'backend' }) }], ports: [{ port: 'http' }] },
      ],
    }),
  },
  {
    name: 'allow-partner-range',
    spec: () => ({
      podSelector: labels({ tier: 'frontend' }),
      ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }, { ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
    }),
  },
  {
    // endPort ranges (NETPOL.md 14).
    name: 'allow-port-range',
    spec: (c) => {
      const base = 8000 + 100 * (c.round % 10);
      return { podSelector: labels({ tier: 'backend' }), ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: base, endPort: base + 99 }, { protocol: 'UDP', port: 30000, endPort: 32767 }] }] };
    },
  },
  {
    // UDP and SCTP from every namespace (namespaceSelector: {}).
    name: 'allow-media',
    spec: (c) => ({
      podSelector: labels({ app: appOf(c, 'media') }),
      ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'UDP', port: 5004 }, { protocol: 'SCTP', port: 3868 }, { protocol: 'UDP', port: 'rtp' }] }],
    }),
  },
  {
    name: 'allow-backend-to-data',
    spec: () => ({
      podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['data', 'cache'] }] },
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }, { key: 'version', operator: 'NotIn', values: ['v3'] }] } }], ports: [{ port: 'postgres' }, { port: 'redis' }] }],
    }),
  },
  {
    // Egress to the own data tier and to another namespace's API (AND peer by namespace name).
    name: 'backend-egress',
    spec: (c) => ({
      podSelector: labels({ tier: 'backend' }), policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['data', 'cache'] }] } }], ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 6379 }] },
        { to: [{ namespaceSelector: nsName(other(c).name), podSelector: labels({ app: 'api' }) }], ports: [{ protocol: 'TCP', port: 8080 }] },
      ],
    }),
  },
  {
    // `ingress: []` with Ingress listed: the workers accept nothing (NETPOL.md 7).
    name: 'isolate-workers',
    spec: (c) => ({ podSelector: labels({ app: appOf(c, 'worker') }), policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [{ to: [{ podSelector: labels({ tier: 'backend' }) }] }] }),
  },
  {
    // `ingress: [{}]`: everything, from anywhere (NETPOL.md 7).
    name: 'allow-all-to-web',
    spec: () => ({ podSelector: labels({ tier: 'frontend' }), ingress: [{}] }),
  },
  {
    name: 'allow-same-env',
    spec: (c) => ({
      podSelector: labels({ tier: 'backend' }),
      ingress: [{ from: [{ namespaceSelector: labels({ team: other(c).team, env: c.plan.env }), podSelector: labels({ tier: 'backend' }) }], ports: [{ port: 'grpc' }] }],
    }),
  },
];

/** `count` NetworkPolicies for the namespace; each namespace starts at a different shape, so all shapes occur. */
export function policyDocuments(plan: NamespacePlan, plans: readonly NamespacePlan[], apps: readonly App[], count: number, rng: Rng): Yaml[] {
  const out: Yaml[] = [];
  for (let j = 0; j < count; j++) {
    const k = j + plan.index;
    const shape = SHAPES[k % SHAPES.length]!;
    const round = Math.floor(j / SHAPES.length);
    const spec = shape.spec({ plan, plans, apps, rng, round });
    out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: round ? `${shape.name}-${round + 1}` : shape.name, namespace: plan.name }, spec });
  }
  return out;
}

export const policyShapes = SHAPES.map((s) => s.name);

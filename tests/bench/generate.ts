// A deterministic generator of synthetic clusters, as YAML text so that the benchmark measures the
// parser too. Namespaces belong to teams and environments; each holds an application stack of
// Deployments and StatefulSets (with a DaemonSet or two cluster-wide), Services of every type,
// NetworkPolicies of every shape (policies.ts), and Ingresses. The Cluster object declares enough
// nodes and a pod range large enough that IPAM never runs out.
import { LIMITS } from '../../src/parse/index.ts';
import { systemBand } from '../../src/cluster/ipam.ts';
import { createRng, toYaml, type Yaml } from './emit.ts';
import { policyDocuments } from './policies.ts';
import { stackFor } from './stack.ts';

export interface GenerateOptions {
  /** User pods, exactly (the simulator's own CoreDNS and ingress controller come on top). */
  readonly pods: number;
  readonly namespaces: number;
  readonly policies: number;
  readonly seed: number;
  /** Default: one object per document while that stays within LIMITS.maxDocuments, else one List per namespace. */
  readonly layout?: 'documents' | 'lists';
}

export interface Generated {
  readonly text: string;
  readonly counts: {
    readonly pods: number; readonly namespaces: number; readonly policies: number; readonly nodes: number;
    readonly workloads: number; readonly services: number; readonly ingresses: number;
    readonly objects: number; readonly documents: number;
  };
  /** `documents`: one object per YAML document; `lists`: one `kind: List` per namespace, when LIMITS.maxDocuments would be exceeded. */
  readonly layout: 'documents' | 'lists';
}

const TEAMS = ['payments', 'checkout', 'search', 'catalog', 'identity', 'billing', 'media', 'ads', 'analytics', 'mobile', 'ledger', 'risk', 'growth', 'support', 'logistics', 'pricing'];
const ENVS = ['prod', 'staging', 'dev'];
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
/** Pods per node the generator plans for (a node of kube-netsim's default size holds ~30). */
const PODS_PER_NODE = 30;
/** Mean replicas of a Deployment/StatefulSet. */
const MEAN_REPLICAS = 8;

export interface NamespacePlan { readonly name: string; readonly team: string; readonly env: string; readonly index: number }

function namespacePlans(count: number): NamespacePlan[] {
  return Array.from({ length: count }, (_, index) => {
    // 16 teams × 3 environments: the pairs repeat only every 48 namespaces.
    const team = TEAMS[index % TEAMS.length]!;
    const env = ENVS[index % ENVS.length]!;
    const round = Math.floor(index / (TEAMS.length * ENVS.length));
    return { name: `${team}-${env}${round ? `-${round + 1}` : ''}`, team, env, index };
  });
}

/** Splits `total` into `weights.length` parts of at least `min`, proportional to the weights (largest remainder). */
export function apportion(total: number, weights: readonly number[], min = 1): number[] {
  const spare = total - min * weights.length;
  if (spare < 0) throw new Error(`cannot split ${total} into ${weights.length} parts of at least ${min}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (spare * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = spare - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) if (left-- > 0) parts[i]!++;
  return parts.map((p) => p + min);
}

/** The smallest per-node range (largest mask) whose user addresses hold `perNode` pods with room to spare. */
function nodeMask(perNode: number): number {
  for (let mask = 24; mask >= 16; mask--) {
    const usable = 2 ** (32 - mask) - 3; // .0 network, .1 gateway, broadcast
    if (usable - systemBand(usable) >= Math.ceil(perNode * 1.2) + 4) return mask;
  }
  throw new Error(`${perNode} pods per node is more than a /16 per node holds`);
}

function clusterObject(workers: number, perNode: number): Yaml {
  const nodes: Yaml[] = [{ name: 'control-plane', role: 'control-plane' }];
  for (let i = 1; i <= workers; i++) nodes.push({ name: `node-${i}`, role: 'worker', zone: ZONES[(i - 1) % ZONES.length]! });
  return {
    apiVersion: 'sim.kube-netsim.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'bench' },
    spec: {
      cni: { plugin: 'flannel', mode: 'vxlan', networkPolicy: true }, kubeProxy: { mode: 'iptables' },
      // 10.128.0.0/12 stays clear of the Service CIDR 10.96.0.0/12 and holds 2,048 /23s.
      podCIDR: '10.128.0.0/12', serviceCIDR: '10.96.0.0/12', nodeCIDRMaskSize: nodeMask(perNode), nodes,
    },
  };
}

export function generate(options: GenerateOptions): Generated {
  const { pods, namespaces, policies, seed } = options;
  if (namespaces < 1) throw new Error('at least one namespace');
  const rng = createRng(seed);
  const workers = Math.min(LIMITS.maxNodes - 1, Math.max(2, Math.ceil(pods / PODS_PER_NODE)));
  // Node agents: a DaemonSet runs one pod per worker (the control plane is tainted); only when
  // they are a small share of the pods, so small clusters are still mostly application pods.
  const daemonSets = workers * 2 <= pods / 10 ? 2 : workers <= pods / 10 ? 1 : 0;
  const replicaPods = pods - daemonSets * workers;
  const workloadCount = Math.max(namespaces, Math.min(replicaPods, Math.round(replicaPods / MEAN_REPLICAS)));
  if (replicaPods < workloadCount) throw new Error(`${pods} pods cannot fill ${namespaces} namespaces with at least one pod each`);

  const plans = namespacePlans(namespaces);
  const perNamespace = apportion(workloadCount, plans.map(() => 0.5 + rng.next()));
  const replicas = apportion(replicaPods, Array.from({ length: workloadCount }, () => 0.2 + rng.next() * 1.6));
  // The default LoadBalancer pool has 51 addresses (one goes to the ingress controller) and the
  // NodePort range 2,768 ports: beyond them Services would stay <pending> or fail to allocate.
  const budget = { loadBalancers: Math.min(20, Math.max(1, Math.floor(namespaces / 4))), nodePorts: 200 };
  const policyCounts = policies > 0 ? apportion(policies, plans.map(() => 1), 0) : plans.map(() => 0);

  const perNs: Yaml[][] = [];
  const counts = { workloads: 0, services: 0, ingresses: 0 };
  let next = 0;
  plans.forEach((plan, i) => {
    const mine = replicas.slice(next, next + perNamespace[i]!);
    next += perNamespace[i]!;
    const stack = stackFor(plan, mine, rng, budget);
    counts.workloads += stack.workloads;
    counts.services += stack.services;
    counts.ingresses += stack.ingresses;
    perNs.push([namespaceObject(plan), ...stack.objects, ...policyDocuments(plan, plans, stack.apps, policyCounts[i]!, rng)]);
  });
  const daemons = daemonSetObjects(plans[0]!, daemonSets);
  perNs[0]!.push(...daemons);
  counts.workloads += daemons.length;

  const cluster = clusterObject(workers, Math.ceil(replicaPods / workers) + daemonSets);
  const objects = 1 + perNs.reduce((a, l) => a + l.length, 0);
  const layout = options.layout ?? (objects <= LIMITS.maxDocuments ? 'documents' : 'lists');
  const docs = layout === 'documents'
    ? [cluster, ...perNs.flat()]
    : [cluster, ...perNs.map((items): Yaml => ({ apiVersion: 'v1', kind: 'List', items }))];
  const text = docs.map(toYaml).join('---\n');
  if (objects > LIMITS.maxObjects) throw new Error(`${objects} objects is more than the parser's limit of ${LIMITS.maxObjects}; use fewer pods per namespace or a larger MEAN_REPLICAS`);
  if (text.length > LIMITS.maxChars) throw new Error(`${text.length} characters is more than the parser's limit of ${LIMITS.maxChars}`);
  return {
    text, layout,
    counts: { pods, namespaces, policies, nodes: workers + 1, ...counts, objects, documents: docs.length },
  };
}

function namespaceObject(plan: NamespacePlan): Yaml {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: plan.name, labels: { team: plan.team, env: plan.env } } };
}

/** Node agents: host metrics and log shipping, as most clusters run them. */
function daemonSetObjects(plan: NamespacePlan, count: number): Yaml[] {
  const agents = [
    { name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2', port: { name: 'metrics', containerPort: 9100 } },
    { name: 'fluent-bit', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1', port: { name: 'http', containerPort: 2020 } },
  ].slice(0, count);
  return agents.map((a) => {
    const labels = { app: a.name, tier: 'agent', version: 'v1', team: plan.team };
    return {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: a.name, namespace: plan.name, labels },
      spec: {
        selector: { matchLabels: { app: a.name } },
        template: { metadata: { labels }, spec: { containers: [{ name: a.name, image: a.image, ports: [a.port] }] } },
      },
    };
  });
}

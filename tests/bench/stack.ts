// One namespace's application stack for the synthetic clusters: workloads with realistic label
// sets (app, tier, version, team), named container ports, Services of every type, an Ingress.
import type { Yaml } from './emit.ts';
import type { createRng } from './emit.ts';
import type { NamespacePlan } from './generate.ts';

type Rng = ReturnType<typeof createRng>;
type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface AppPort { readonly name: string; readonly containerPort: number; readonly protocol: Protocol }

/** What the policy generator needs to know about a workload. */
export interface App {
  readonly name: string;
  readonly archetype: string;
  readonly tier: string;
  readonly ports: readonly AppPort[];
}

interface Archetype {
  readonly name: string;
  readonly tier: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly image: string;
  readonly ports: readonly AppPort[];
}

const tcp = (name: string, containerPort: number): AppPort => ({ name, containerPort, protocol: 'TCP' });

/** The order workloads appear in a namespace: most namespaces have a web front and an API. */
const ARCHETYPES: readonly Archetype[] = [
  { name: 'web', tier: 'frontend', kind: 'Deployment', image: 'nginx:1.27', ports: [tcp('http', 8080), tcp('metrics', 9100)] },
  { name: 'api', tier: 'backend', kind: 'Deployment', image: 'ghcr.io/example/api:2.4', ports: [tcp('http', 8080), tcp('grpc', 9090), tcp('metrics', 9100)] },
  { name: 'worker', tier: 'backend', kind: 'Deployment', image: 'ghcr.io/example/worker:2.4', ports: [tcp('metrics', 9100)] },
  { name: 'cache', tier: 'cache', kind: 'StatefulSet', image: 'redis:7.4', ports: [tcp('redis', 6379)] },
  { name: 'db', tier: 'data', kind: 'StatefulSet', image: 'postgres:16', ports: [tcp('postgres', 5432), tcp('metrics', 9187)] },
  {
    name: 'media', tier: 'backend', kind: 'Deployment', image: 'ghcr.io/example/media:1.9',
    ports: [tcp('http', 8080), { name: 'rtp', containerPort: 5004, protocol: 'UDP' }, { name: 'diameter', containerPort: 3868, protocol: 'SCTP' }],
  },
];

export interface Stack {
  readonly objects: Yaml[];
  readonly apps: App[];
  readonly workloads: number;
  readonly services: number;
  readonly ingresses: number;
}

/** Budgets shared by all namespaces: the LoadBalancer pool and the NodePort range are small. */
export interface Budget { loadBalancers: number; nodePorts: number }

export function stackFor(plan: NamespacePlan, replicas: readonly number[], rng: Rng, budget: Budget): Stack {
  const objects: Yaml[] = [];
  const apps: App[] = [];
  let services = 0;
  replicas.forEach((count, i) => {
    const arch = ARCHETYPES[i % ARCHETYPES.length]!;
    const round = Math.floor(i / ARCHETYPES.length);
    const name = round ? `${arch.name}-${round + 1}` : arch.name;
    const app: App = { name, archetype: arch.name, tier: arch.tier, ports: arch.ports };
    apps.push(app);
    objects.push(workload(plan, arch, app, count, rng));
    const svc = service(plan, arch, name, round, budget, rng);
    if (svc) {
      objects.push(svc);
      services++;
    }
  });
  // Every fourth namespace talks to a partner API through an ExternalName Service.
  if (plan.index % 4 === 3) {
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'partner-api', namespace: plan.name }, spec: { type: 'ExternalName', externalName: 'api.partner.example.com' } });
    services++;
  }
  const ingress = ingressFor(plan, apps);
  objects.push(...ingress);
  return { objects, apps, workloads: replicas.length, services, ingresses: ingress.filter((o) => (o as { kind: string }).kind === 'Ingress').length };
}

function workload(plan: NamespacePlan, arch: Archetype, app: App, replicas: number, rng: Rng): Yaml {
  const labels = { app: app.name, tier: arch.tier, version: rng.pick(['v1', 'v1', 'v2', 'v3']), team: plan.team, 'app.kubernetes.io/name': arch.name };
  const main = {
    name: arch.name, image: arch.image,
    ports: arch.ports.map((p) => (p.protocol === 'TCP' ? { name: p.name, containerPort: p.containerPort } : { ...p })),
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    readinessProbe: { tcpSocket: { port: arch.ports[0]!.name }, periodSeconds: 10 },
  };
  // A service-mesh sidecar in some pods: one more container with its own named port.
  const sidecar = rng.next() < 0.3 ? [{ name: 'envoy', image: 'envoyproxy/envoy:v1.31', ports: [{ name: 'envoy-admin', containerPort: 15000 }] }] : [];
  return {
    apiVersion: 'apps/v1', kind: arch.kind, metadata: { name: app.name, namespace: plan.name, labels },
    spec: {
      replicas,
      ...(arch.kind === 'StatefulSet' ? { serviceName: app.name } : {}),
      selector: { matchLabels: { app: app.name } },
      template: { metadata: { labels }, spec: { containers: [main, ...sidecar] } },
    },
  };
}

/** web: ClusterIP (some NodePort or LoadBalancer); api and media: ClusterIP with named targetPorts; StatefulSets: headless; workers: none. */
function service(plan: NamespacePlan, arch: Archetype, name: string, round: number, budget: Budget, rng: Rng): Yaml | undefined {
  const metadata = { name, namespace: plan.name, labels: { app: name, team: plan.team } };
  const selector = { app: name };
  if (arch.name === 'worker') return undefined;
  if (arch.kind === 'StatefulSet') {
    return { apiVersion: 'v1', kind: 'Service', metadata, spec: { clusterIP: 'None', selector, ports: arch.ports.map((p) => ({ name: p.name, port: p.containerPort })) } };
  }
  const ports = arch.ports.filter((p) => p.name !== 'metrics').map((p) => ({
    name: p.name, ...(p.protocol === 'TCP' ? {} : { protocol: p.protocol }),
    port: p.name === 'http' && arch.name === 'web' ? 80 : p.containerPort, targetPort: p.name,
  }));
  let type = 'ClusterIP';
  if (arch.name === 'web' && round === 0 && plan.env === 'prod' && budget.loadBalancers > 0) {
    budget.loadBalancers--;
    type = 'LoadBalancer';
  } else if (arch.name === 'web' && round === 0 && plan.env === 'staging' && budget.nodePorts > 0) {
    budget.nodePorts--;
    type = 'NodePort';
  }
  const local = type !== 'ClusterIP' && rng.next() < 0.5 ? { externalTrafficPolicy: 'Local' } : {};
  return { apiVersion: 'v1', kind: 'Service', metadata, spec: { ...(type === 'ClusterIP' ? {} : { type }), ...local, selector, ports } };
}

/** An Ingress per namespace with a web front: `/` to web, `/api` to api, an Exact health path; TLS in every third. */
function ingressFor(plan: NamespacePlan, apps: readonly App[]): Yaml[] {
  if (!apps.some((a) => a.name === 'web')) return [];
  const host = `${plan.name}.example.com`;
  const backend = (name: string, number: number) => ({ service: { name, port: { number } } });
  const paths: Yaml[] = [{ path: '/', pathType: 'Prefix', backend: backend('web', 80) }, { path: '/healthz', pathType: 'Exact', backend: backend('web', 80) }];
  if (apps.some((a) => a.name === 'api')) paths.push({ path: '/api', pathType: 'Prefix', backend: backend('api', 8080) });
  const tls = plan.index % 3 === 0;
  const secretName = `${plan.name}-tls`;
  const ingress: Yaml = {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: plan.name, namespace: plan.name },
    spec: { ingressClassName: 'nginx', ...(tls ? { tls: [{ hosts: [host], secretName }] } : {}), rules: [{ host, http: { paths } }] },
  };
  return tls ? [{ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: secretName, namespace: plan.name } }, ingress] : [ingress];
}

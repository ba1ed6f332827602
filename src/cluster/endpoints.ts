// The EndpointSlice controller: which pods back a Service, on which ports, and whether they are
// ready (DATAPATH §5.8–§5.10). Services without a selector take the Endpoints or EndpointSlices
// the user wrote, as the EndpointSlice mirroring controller and kube-proxy do.
import type { EndpointSliceState, EndpointState, PodState } from '../model/cluster.ts';
import type { EndpointSlice, Endpoints, Protocol, Service } from '../model/objects.ts';
import { objectName } from '../model/objects.ts';
import { generateName, type Reporter } from './names.ts';

/** The EndpointSlice controller's default --max-endpoints-per-slice. */
export const maxEndpointsPerSlice = 100;

export const serviceNameLabel = 'kubernetes.io/service-name';

export interface EndpointContext {
  /** All pods, in creation order. */
  readonly pods: readonly PodState[];
  /** Pods whose spec.hostname was set (StatefulSet pods, or explicitly): id → hostname. */
  readonly specHostnames: ReadonlyMap<string, string>;
  readonly zoneOf: (node: string) => string | undefined;
  readonly endpoints: readonly Endpoints[];
  readonly slices: readonly EndpointSlice[];
  /** EndpointSlice names in use per namespace; generated names are added. */
  readonly takenNames: (namespace: string) => Set<string>;
}

type SlicePort = EndpointSliceState['ports'][number];

/** Pods a Service's selector selects: same namespace, labels match (DATAPATH §5.1). */
export function selectedPods(svc: Service, pods: readonly PodState[]): PodState[] {
  return selecting(svc, pods, Infinity);
}

/** Whether the Service's selector selects any pod: selectedPods stopped at the first. */
export function selectsAnyPod(svc: Service, pods: readonly PodState[]): boolean {
  return selecting(svc, pods, 1).length > 0;
}

function selecting(svc: Service, pods: readonly PodState[], limit: number): PodState[] {
  const selector = svc.spec.selector;
  if (!selector) return [];
  // mapMatches, with the selector's keys listed once rather than once per pod.
  const keys = Object.keys(selector);
  const out: PodState[] = [];
  for (const p of podsByNamespace(pods).get(svc.metadata.namespace) ?? []) {
    let match = true;
    for (const k of keys) {
      if (p.labels[k] !== selector[k]) {
        match = false;
        break;
      }
    }
    if (match && out.push(p) >= limit) break;
  }
  return out;
}

/** Pods per namespace in list order: every Service looks in its own namespace only. */
function podsByNamespace(pods: readonly PodState[]): ReadonlyMap<string, readonly PodState[]> {
  const cached = namespaceIndex.get(pods);
  if (cached !== undefined && cached.length === pods.length) return cached.index;
  const index = new Map<string, PodState[]>();
  for (const p of pods) {
    const list = index.get(p.namespace);
    if (list) list.push(p);
    else index.set(p.namespace, [p]);
  }
  namespaceIndex.set(pods, { length: pods.length, index });
  return index;
}

// Keyed by the pod list build() made, which is not changed afterwards (the length guards a list
// someone appends to between calls).
const namespaceIndex = new WeakMap<readonly PodState[], { readonly length: number; readonly index: ReadonlyMap<string, readonly PodState[]> }>();

/** A named targetPort is looked up among the pod's container ports by name AND protocol (FindPort). */
export function resolveTargetPort(pod: PodState, targetPort: number | string, protocol: Protocol): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  for (const c of pod.containers) for (const p of c.ports) if (p.name === targetPort && p.protocol === protocol) return p.containerPort;
  return undefined;
}

const managedBy = 'endpointslice.kubernetes.io/managed-by';

/**
 * Slices the simulator computes itself (controller and mirroring) plus any the user manages;
 * kube-proxy reads every slice labelled with the Service's name. Slices a dump carries from the
 * two controllers are skipped, since they are recomputed here.
 */
export function endpointSlicesFor(svc: Service, ctx: EndpointContext, reporter: Reporter): EndpointSliceState[] {
  if (svc.spec.type === 'ExternalName') return [];
  const recomputed = svc.spec.selector ? 'endpointslice-controller.k8s.io' : 'endpointslicemirroring-controller.k8s.io';
  const own = userSlices(svc, ctx).filter((s) => s.managedBy !== recomputed).map((s) => s.slice);
  return [...(svc.spec.selector ? controllerSlices(svc, ctx, reporter) : mirroredSlices(svc, ctx)), ...own];
}

function controllerSlices(svc: Service, ctx: EndpointContext, reporter: Reporter): EndpointSliceState[] {
  const selected = selectedPods(svc, ctx.pods);
  svc.spec.ports.forEach((p, i) => {
    if (typeof p.targetPort !== 'string' || selected.length === 0) return;
    if (selected.some((pod) => resolveTargetPort(pod, p.targetPort, p.protocol) !== undefined)) return;
    const defined = [...new Set(selected.flatMap((pod) => pod.containers.flatMap((c) => c.ports.map((cp) => `${cp.name ?? '(unnamed)'} ${cp.containerPort}/${cp.protocol}`))))];
    reporter.report('warning', 'targetport-not-found',
      `spec.ports[${i}].targetPort is "${p.targetPort}", but no container of the ${selected.length} selected pod(s) has a port named "${p.targetPort}" with protocol ${p.protocol} (they define: ${defined.length ? defined.join(', ') : 'no ports'}). Traffic to port ${p.port} goes nowhere. Name a containerPort "${p.targetPort}" or use the port number.`,
      { source: svc.source, path: `spec.ports[${i}].targetPort`, object: objectName(svc) });
  });
  // Endpoints are grouped by their resolved port mapping: each mapping gets its own slices.
  // The mapping depends on the pod's containers only, which a workload's pods share: resolved
  // once per containers list.
  const groups = new Map<string, { ports: SlicePort[]; endpoints: EndpointState[] }>();
  const groupOf = new Map<PodState['containers'], { ports: SlicePort[]; endpoints: EndpointState[] }>();
  for (const pod of selected) {
    if (pod.ip === undefined) continue;
    let group = groupOf.get(pod.containers);
    if (group === undefined) {
      const ports: SlicePort[] = [];
      for (const p of svc.spec.ports) {
        const port = resolveTargetPort(pod, p.targetPort, p.protocol);
        if (port !== undefined) ports.push({ name: p.name ?? '', port, protocol: p.protocol });
      }
      const key = JSON.stringify(ports);
      group = groups.get(key) ?? groups.set(key, { ports, endpoints: [] }).get(key)!;
      groupOf.set(pod.containers, group);
    }
    group.endpoints.push(podEndpoint(svc, pod, ctx));
  }
  const out: EndpointSliceState[] = [];
  const taken = ctx.takenNames(svc.metadata.namespace);
  const id = `${svc.metadata.namespace}/${svc.metadata.name}`;
  for (const { ports, endpoints } of groups.values()) {
    for (let i = 0; i < endpoints.length; i += maxEndpointsPerSlice) {
      out.push({ name: generateName(`${svc.metadata.name}-`, `slice/${id}/${out.length}`, taken), addressType: 'IPv4', ports, endpoints: endpoints.slice(i, i + maxEndpointsPerSlice) });
    }
  }
  return out;
}

/**
 * pkg/controller/util/endpointslice podToEndpoint: ready = publishNotReadyAddresses || pod ready;
 * serving = pod ready; hostname only for pods whose spec.hostname is set and whose subdomain is
 * this Service's name.
 */
function podEndpoint(svc: Service, pod: PodState, ctx: EndpointContext): EndpointState {
  const hostname = ctx.specHostnames.get(pod.id);
  const zone = pod.nodeName ? ctx.zoneOf(pod.nodeName) : undefined;
  return {
    ip: pod.ip!,
    pod: pod.id,
    ...(pod.nodeName ? { nodeName: pod.nodeName } : {}),
    ...(zone ? { zone } : {}),
    ...(hostname && pod.subdomain === svc.metadata.name ? { hostname } : {}),
    ready: svc.spec.publishNotReadyAddresses || pod.ready,
    serving: pod.ready,
    terminating: false,
  };
}

const podByIp = (ctx: EndpointContext, ip: string) => ctx.pods.find((p) => p.ip === ip && !p.hostNetwork);

/** Endpoints of the same name: addresses are ready, notReadyAddresses are not (one slice per subset). */
function mirroredSlices(svc: Service, ctx: EndpointContext): EndpointSliceState[] {
  const ep = ctx.endpoints.find((e) => e.metadata.namespace === svc.metadata.namespace && e.metadata.name === svc.metadata.name);
  if (!ep || ep.metadata.labels['endpointslice.kubernetes.io/skip-mirror'] === 'true') return [];
  const taken = ctx.takenNames(svc.metadata.namespace);
  return ep.subsets.map((subset, i) => {
    const endpoint = (ready: boolean) => (a: Endpoints['subsets'][number]['addresses'][number]): EndpointState => {
      const pod = a.targetRef?.kind === 'Pod' ? `${a.targetRef.namespace ?? svc.metadata.namespace}/${a.targetRef.name}` : podByIp(ctx, a.ip)?.id;
      const zone = a.nodeName ? ctx.zoneOf(a.nodeName) : undefined;
      return { ip: a.ip, ...(pod ? { pod } : {}), ...(a.nodeName ? { nodeName: a.nodeName } : {}), ...(zone ? { zone } : {}), ...(a.hostname ? { hostname: a.hostname } : {}), ready, serving: ready, terminating: false };
    };
    return {
      name: generateName(`${svc.metadata.name}-`, `mirror/${svc.metadata.namespace}/${svc.metadata.name}/${i}`, taken),
      addressType: 'IPv4' as const,
      ports: subset.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol })),
      endpoints: [...subset.addresses.map(endpoint(true)), ...subset.notReadyAddresses.map(endpoint(false))],
    };
  });
}

/** EndpointSlices labelled kubernetes.io/service-name; `ready` unset means ready (discovery/v1 API docs). */
function userSlices(svc: Service, ctx: EndpointContext): { slice: EndpointSliceState; managedBy?: string }[] {
  return ctx.slices
    .filter((s) => s.addressType === 'IPv4' && s.metadata.namespace === svc.metadata.namespace && s.metadata.labels[serviceNameLabel] === svc.metadata.name)
    .map((s) => ({ managedBy: s.metadata.labels[managedBy], slice: {
      name: s.metadata.name,
      addressType: 'IPv4' as const,
      ports: s.ports.filter((p) => p.port !== undefined).map((p) => ({ name: p.name ?? '', port: p.port!, protocol: p.protocol })),
      endpoints: s.endpoints.filter((e) => e.addresses[0] !== undefined).map((e): EndpointState => {
        const ip = e.addresses[0]!;
        const pod = e.targetRef?.kind === 'Pod' ? `${e.targetRef.namespace ?? svc.metadata.namespace}/${e.targetRef.name}` : podByIp(ctx, ip)?.id;
        const ready = e.conditions.ready ?? true;
        const zone = e.zone ?? (e.nodeName ? ctx.zoneOf(e.nodeName) : undefined);
        return {
          ip, ...(pod ? { pod } : {}), ...(e.nodeName ? { nodeName: e.nodeName } : {}), ...(zone ? { zone } : {}), ...(e.hostname ? { hostname: e.hostname } : {}),
          ready, serving: e.conditions.serving ?? ready, terminating: e.conditions.terminating ?? false,
        };
      }),
    } }));
}

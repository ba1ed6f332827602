// The control plane in one call: parsed objects → an immutable ClusterState (DESIGN.md pipeline).
// Order of work: settings → nodes → built-in objects → namespaces → workload expansion →
// scheduling → pod IPs → pod networking and resolv.conf → Service allocation → EndpointSlices
// → node networking → outside world → index → freeze.
import type {
  ClusterIndex, ClusterState, EndpointSliceState, NamespaceState, NodeState, PodState, ResolvConf, ServiceState,
} from '../model/cluster.ts';
import type {
  ClusterConfig, EndpointSlice, Endpoints, Flow, Gateway, GatewayClass, HTTPRoute, Ingress, IngressClass, KubeObject,
  NetworkPolicy, Node, ParseResult, Pod, Secret, Service, Workload,
} from '../model/objects.ts';
import { objectName } from '../model/objects.ts';
import { dnsZone } from './dns.ts';
import { gatewayAddresses } from './gateways.ts';
import type { NodeDraft } from './draft.ts';
import { endpointSlicesFor, selectsAnyPod } from './endpoints.ts';
import { deepFreeze, plainCopy } from './freeze.ts';
import { allocatePodIPs } from './ipam.ts';
import { proxyProgrammer } from './kubeproxy.ts';
import { createReporter, type Reporter } from './names.ts';
import { buildNamespaces } from './namespaces.ts';
import { nodeNetworker, offLinkPeers, podNetworker } from './network.ts';
import { buildNodes } from './nodes.ts';
import { podResolvConf } from './resolvconf.ts';
import { schedule } from './scheduling.ts';
import { allocateServices } from './services.ts';
import { resolveSettings, upstreamDNS } from './settings.ts';
import { ingressNginx, outsideWorld, systemObjects, type SystemObjects } from './system.ts';
import { expandWorkloads, type Entry, type PodDraft } from './workloads.ts';

const isWorkload = (o: KubeObject): o is Workload =>
  o.kind === 'Deployment' || o.kind === 'ReplicaSet' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet' || o.kind === 'Job' || o.kind === 'CronJob';

function ofKind<K extends KubeObject['kind']>(objects: readonly KubeObject[], kind: K): Extract<KubeObject, { kind: K }>[] {
  return objects.filter((o): o is Extract<KubeObject, { kind: K }> => o.kind === kind);
}

/** The parser already reports duplicate names; the first object of a kind/namespace/name wins. */
function firstOfEachName(objects: readonly KubeObject[]): KubeObject[] {
  const seen = new Set<string>();
  return objects.filter((o) => {
    const key = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function build(input: ParseResult | readonly KubeObject[]): ClusterState {
  // The caller's objects are copied once, here, frozen as copied: everything the state takes from
  // them is then immutable already, so the finished state is frozen in place, not copied whole.
  const objects = firstOfEachName(plainCopy('objects' in input ? input.objects : input));
  const reporter = createReporter();
  const { settings, nodes: nodeSpecs } = resolveSettings(ofKind(objects, 'Cluster')[0] as ClusterConfig | undefined, reporter);
  const initialNodes = buildNodes(settings, nodeSpecs, ofKind(objects, 'Node') as Node[], reporter);
  const system = withoutOverridden(systemObjects(settings, initialNodes, objects), objects);
  const namespaces = buildNamespaces(objects, system.namespaces, reporter);

  // Pods and workloads: the user's in document order, then the built-in ones.
  const podSources: Entry<Pod | Workload>[] = [
    ...objects.filter((o): o is Pod | Workload => o.kind === 'Pod' || isWorkload(o)).map((object) => ({ object, system: false })),
    ...[...system.pods, ...system.workloads].map((object) => ({ object, system: true })),
  ];
  const expansion = expandWorkloads(podSources, initialNodes);
  const placement = schedule(expansion.pods, initialNodes, reporter);
  const ipam = allocatePodIPs(settings, initialNodes, expansion.pods, placement, reporter);
  const drafts: NodeDraft[] = initialNodes.map((n) => ({ ...n, ipamBlocks: ipam.blocks.get(n.name) ?? n.ipamBlocks }));
  const draftByName = new Map(drafts.map((n) => [n.name, n]));
  const podSide = podSides(settings);
  const pods = expansion.pods.map((d) => podState(d, placement.get(d.id), ipam.ips.get(d.id), draftByName, podSide));

  const services = buildServices(objects, system, pods, expansion.pods, drafts, settings, reporter);
  const policies = ofKind(objects, 'NetworkPolicy') as NetworkPolicy[];
  if (policies.length && !settings.cni.networkPolicy) {
    const first = policies[0]!;
    reporter.report('warning', 'policy-not-enforced',
      `${policies.length} NetworkPolicy object(s) exist, but this cluster's CNI (${settings.cni.plugin}) runs without NetworkPolicy enforcement (the Cluster object sets cni.networkPolicy: false), so none of them has any effect: all traffic is allowed. Set cni.networkPolicy: true to enforce them.`,
      { source: first.source, path: '', object: objectName(first) });
  }

  const podById = new Map(pods.map((p) => [p.id, p]));
  const serviceIPs = services.flatMap((s) => [...(s.clusterIP ? [s.clusterIP] : []), ...s.externalIPs, ...s.loadBalancerIPs]);
  const podsOnNode = new Map<string, PodState[]>(drafts.map((d) => [d.name, []]));
  for (const p of pods) if (p.nodeName !== undefined) podsOnNode.get(p.nodeName)?.push(p);
  const proxyRules = proxyProgrammer(settings, services, podById);
  offLinkPeers(settings, drafts, reporter);
  const network = nodeNetworker(settings, drafts, serviceIPs);
  const nodes: NodeState[] = drafts.map((d) => ({
    name: d.name, role: d.role, ...(d.zone ? { zone: d.zone } : {}), labels: d.labels, taints: d.taints, address: d.address,
    podCIDR: d.podCIDR, ipamBlocks: d.ipamBlocks,
    ...frozenParts(network(d, podsOnNode.get(d.name) ?? [])),
    // Built here from fresh objects only: frozen as it is, never copied (the chains all nodes
    // share are frozen already and skipped).
    proxy: deepFreeze(proxyRules(d)),
    resolvConf: settings.nodeResolvConf,
    ...(d.source ? { source: d.source } : {}),
  }));

  const ingresses = ofKind(objects, 'Ingress') as Ingress[];
  const gateways = ofKind(objects, 'Gateway') as Gateway[];
  const httpRoutes = ofKind(objects, 'HTTPRoute') as HTTPRoute[];
  const controller = services.find((s) => s.system && s.namespace === ingressNginx.namespace && s.name === ingressNginx.service);
  const state = {
    settings,
    nodes,
    namespaces,
    workloads: expansion.workloads,
    pods,
    services,
    policies,
    ingresses,
    ingressClasses: [...(ofKind(objects, 'IngressClass') as IngressClass[]), ...system.ingressClasses],
    gatewayClasses: ofKind(objects, 'GatewayClass') as GatewayClass[],
    gateways,
    httpRoutes,
    referenceGrants: ofKind(objects, 'ReferenceGrant'),
    secrets: ofKind(objects, 'Secret') as Secret[],
    flows: ofKind(objects, 'Flow') as Flow[],
    // Records made of strings and numbers only: frozen as built, not copied.
    dns: deepFreeze(dnsZone(settings, services, pods, namespaces.map((n) => n.name))),
    outside: outsideWorld(upstreamDNS, { ingresses, gateways, httpRoutes, ingressAddress: controller?.loadBalancerIPs[0] ?? userControllerAddress(services, podById), gatewayAddress: (gw) => gatewayAddresses(gw, services)[0] }),
    diagnostics: reporter.diagnostics,
  };
  // Everything not frozen yet was made by this call (or is a module constant): frozen in place.
  const frozen = deepFreeze(state);
  return Object.freeze({ ...frozen, index: buildIndex(frozen) });
}

/**
 * Each field of a part build() made itself from strings and numbers (pod and node networking):
 * frozen once now; the final deepFreeze sees it frozen and does not walk it again.
 */
function frozenParts<T extends object>(part: T): T {
  for (const value of Object.values(part)) deepFreeze(value);
  return part;
}

/** A user object with a built-in object's kind, namespace and name replaces it (as `kubectl apply` would). */
function withoutOverridden(system: SystemObjects, user: readonly KubeObject[]): SystemObjects {
  const key = (o: KubeObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
  const taken = new Set(user.map(key));
  const keep = <T extends KubeObject>(list: readonly T[]) => list.filter((o) => !taken.has(key(o)));
  return {
    namespaces: system.namespaces, pods: keep(system.pods), workloads: keep(system.workloads), services: keep(system.services),
    endpointSlices: keep(system.endpointSlices), ingressClasses: keep(system.ingressClasses),
  };
}

/** What podState needs per pod that pods share: each node's pod side, and resolv.conf per kind of pod. */
interface PodSides {
  readonly interfaces: ReturnType<typeof podNetworker>;
  readonly resolvConf: (pod: PodDraft) => ResolvConf;
}

function podSides(settings: ReturnType<typeof resolveSettings>['settings']): PodSides {
  // Without a dnsConfig, a pod's resolv.conf depends on its namespace, dnsPolicy and hostNetwork
  // only: one frozen object for all pods alike.
  const shared = new Map<string, ResolvConf>();
  return {
    interfaces: podNetworker(settings),
    resolvConf: (d) => {
      const { namespace, spec: { hostNetwork, dnsPolicy, dnsConfig } } = d;
      if (dnsConfig) return podResolvConf(settings, { namespace, hostNetwork, dnsPolicy, dnsConfig });
      const key = `${namespace}\n${dnsPolicy}\n${hostNetwork}`;
      let rc = shared.get(key);
      if (rc === undefined) {
        rc = deepFreeze(podResolvConf(settings, { namespace, hostNetwork, dnsPolicy }));
        shared.set(key, rc);
      }
      return rc;
    },
  };
}

function podState(d: PodDraft, nodeName: string | undefined, ip: string | undefined, nodes: ReadonlyMap<string, NodeDraft>, sides: PodSides): PodState {
  const node = nodeName !== undefined ? nodes.get(nodeName) : undefined;
  const running = node !== undefined && ip !== undefined;
  const net = running ? sides.interfaces(node, { id: d.id, namespace: d.namespace, name: d.name, ip, hostNetwork: d.spec.hostNetwork }) : { routes: [] };
  return {
    namespace: d.namespace, name: d.name, id: d.id, labels: d.labels, annotations: d.annotations,
    ...(node ? { nodeName: node.name } : {}),
    phase: running ? 'Running' : 'Pending',
    ...(running ? { ip } : {}),
    hostNetwork: d.spec.hostNetwork,
    // A pod that is not running cannot pass its readiness probe.
    ready: running && (d.status.ready ?? true),
    containers: d.spec.containers,
    // The kernel hostname: spec.hostname, else the pod name, which the kubelet cuts to 63
    // characters and strips of trailing '-' and '.' (truncatePodHostnameIfNeeded).
    hostname: d.spec.hostname ?? d.name.slice(0, 63).replace(/[-.]+$/, ''),
    ...(d.spec.subdomain ? { subdomain: d.spec.subdomain } : {}),
    ...(d.spec.hostAliases ? { hostAliases: d.spec.hostAliases } : {}),
    ...frozenParts(net),
    resolvConf: sides.resolvConf(d),
    ...(d.owner ? { owner: d.owner } : {}),
    ...(d.workload ? { workload: d.workload } : {}),
    system: d.system,
    ...(d.system ? {} : { source: d.source }),
  };
}

function buildServices(
  objects: readonly KubeObject[], system: SystemObjects, pods: readonly PodState[], drafts: readonly PodDraft[],
  nodes: readonly NodeDraft[], settings: ReturnType<typeof resolveSettings>['settings'], reporter: Reporter,
): ServiceState[] {
  const entries: Entry<Service>[] = [
    ...(ofKind(objects, 'Service') as Service[]).map((object) => ({ object, system: false })),
    ...system.services.map((object) => ({ object, system: true })),
  ];
  const allocations = allocateServices(settings, entries, reporter);
  const userSlices = ofKind(objects, 'EndpointSlice') as EndpointSlice[];
  const allSlices = [...userSlices, ...system.endpointSlices];
  const taken = new Map<string, Set<string>>();
  const zones = new Map(nodes.map((n) => [n.name, n.zone]));
  const ctx = {
    pods,
    specHostnames: new Map(drafts.filter((d) => d.spec.hostname).map((d) => [d.id, d.spec.hostname!])),
    zoneOf: (node: string) => zones.get(node),
    endpoints: ofKind(objects, 'Endpoints') as Endpoints[],
    slices: allSlices,
    takenNames: (ns: string) => taken.get(ns) ?? taken.set(ns, new Set(allSlices.filter((s) => s.metadata.namespace === ns).map((s) => s.metadata.name))).get(ns)!,
  };
  return entries.map(({ object: svc, system: isSystem }) => {
    const id = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const a = allocations.get(id)!;
    if (svc.spec.selector && !isSystem && !selectsAnyPod(svc, pods)) reportEmptySelector(svc, pods, reporter);
    const slices: EndpointSliceState[] = endpointSlicesFor(svc, ctx, reporter);
    const s = svc.spec;
    return {
      namespace: svc.metadata.namespace, name: svc.metadata.name, id, type: s.type,
      headless: s.clusterIP === 'None' && s.type !== 'ExternalName',
      ...(a.clusterIP ? { clusterIP: a.clusterIP } : {}),
      ports: a.ports,
      ...(s.selector ? { selector: s.selector } : {}),
      ...(s.externalName ? { externalName: s.externalName } : {}),
      externalIPs: s.externalIPs, loadBalancerIPs: a.loadBalancerIPs, loadBalancerSourceRanges: s.loadBalancerSourceRanges,
      externalTrafficPolicy: s.externalTrafficPolicy, internalTrafficPolicy: s.internalTrafficPolicy,
      sessionAffinity: s.sessionAffinity, sessionAffinityTimeoutSeconds: s.sessionAffinityTimeoutSeconds,
      publishNotReadyAddresses: s.publishNotReadyAddresses,
      ...(a.healthCheckNodePort !== undefined ? { healthCheckNodePort: a.healthCheckNodePort } : {}),
      endpointSlices: slices, labels: svc.metadata.labels, system: isSystem,
      ...(isSystem ? {} : { source: svc.source }),
    };
  });
}

/** `selector-matches-nothing`, naming pods elsewhere that would match: Services only select in their namespace. */
function reportEmptySelector(svc: Service, pods: readonly PodState[], reporter: Reporter): void {
  const selector = Object.entries(svc.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const elsewhere = pods.filter((p) => p.namespace !== svc.metadata.namespace && Object.entries(svc.spec.selector ?? {}).every(([k, v]) => p.labels[k] === v));
  const hint = elsewhere.length
    ? ` Pod ${elsewhere[0]!.id} has these labels, but a Service only selects pods in its own namespace (${svc.metadata.namespace}).`
    : ' Check the labels in the pod template (spec.template.metadata.labels) against spec.selector.';
  reporter.report('warning', 'selector-matches-nothing',
    `${objectName(svc)} selects ${selector}, but no pod in namespace ${svc.metadata.namespace} has these labels, so the Service has no endpoints and connections to it fail.${hint}`,
    { source: svc.source, path: 'spec.selector', object: objectName(svc) });
}

/** Without the built-in controller: the first LoadBalancer Service fronting a user-deployed ingress controller. */
function userControllerAddress(services: readonly ServiceState[], podById: ReadonlyMap<string, PodState>): string | undefined {
  return services.find((s) => s.type === 'LoadBalancer' && s.loadBalancerIPs.length > 0 && s.endpointSlices.some((sl) => sl.endpoints.some((e) => {
    const pod = e.pod !== undefined ? podById.get(e.pod) : undefined;
    return pod !== undefined && /ingress|traefik|haproxy|contour|kong|envoy/.test(pod.labels['app.kubernetes.io/name'] ?? '');
  })))?.loadBalancerIPs[0];
}

function buildIndex(state: Omit<ClusterState, 'index'>): ClusterIndex {
  const podsByNode = new Map<string, PodState[]>(state.nodes.map((n) => [n.name, []]));
  for (const p of state.pods) if (p.nodeName !== undefined) podsByNode.get(p.nodeName)?.push(p);
  for (const list of podsByNode.values()) Object.freeze(list);
  return Object.freeze({
    podById: new Map(state.pods.map((p) => [p.id, p])),
    podByIp: new Map(state.pods.filter((p) => p.ip !== undefined && !p.hostNetwork).map((p) => [p.ip!, p])),
    serviceById: new Map(state.services.map((s) => [s.id, s])),
    serviceByClusterIP: new Map(state.services.filter((s) => s.clusterIP).map((s) => [s.clusterIP!, s])),
    nodeByName: new Map(state.nodes.map((n) => [n.name, n])),
    nodeByAddress: new Map(state.nodes.map((n) => [n.address, n])),
    namespaceByName: new Map(state.namespaces.map((n) => [n.name, n] as [string, NamespaceState])),
    podsByNode,
  });
}

// Which apiVersion + kind the simulator reads, and what it says about everything else.
import { SIM_API_VERSION } from '../model/objects.ts';
import type { Kind } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import { parseEndpoints, parseEndpointSlice } from './endpoints.ts';
import { parseGateway, parseGatewayClass, parseHTTPRoute, parseReferenceGrant } from './gateway.ts';
import { parseIngress, parseIngressClass } from './ingress.ts';
import { closest } from './meta.ts';
import type { NameRule } from './meta.ts';
import { parseNamespace } from './namespace.ts';
import { parseNetworkPolicy } from './networkpolicy.ts';
import { parseNode } from './node.ts';
import { parsePod } from './pod.ts';
import { parseSecret } from './secret.ts';
import { parseService } from './service.ts';
import { parseCluster, parseFlow } from './simulator.ts';
import { parseCronJob, parseDaemonSet, parseDeployment, parseJob, parseReplicaSet, parseStatefulSet } from './workload.ts';

export interface KindInfo {
  readonly kind: Kind;
  /** Served versions, preferred first. */
  readonly apiVersions: readonly string[];
  readonly clusterScoped: boolean;
  /** The API server's rule for metadata.name of this kind. */
  readonly nameRule: NameRule;
  /** Top-level fields besides apiVersion, kind and metadata. */
  readonly fields: readonly string[];
  // Each entry pairs a kind with its own parser; the table erases the kind parameter.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly parser: KindParser<any>;
}

const GATEWAY = ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'];

const info = (kind: Kind, apiVersions: readonly string[], parser: KindInfo['parser'], extra: Partial<Pick<KindInfo, 'clusterScoped' | 'nameRule' | 'fields'>> = {}): KindInfo =>
  ({ kind, apiVersions, parser, clusterScoped: extra.clusterScoped ?? false, nameRule: extra.nameRule ?? 'subdomain', fields: extra.fields ?? ['spec', 'status'] });

/** The kinds the simulator reads, in the order the docs list them. */
export const KINDS: readonly KindInfo[] = [
  info('Namespace', ['v1'], parseNamespace, { clusterScoped: true, nameRule: 'label' }),
  info('Node', ['v1'], parseNode, { clusterScoped: true }),
  info('Pod', ['v1'], parsePod),
  // Service names become DNS labels and must start with a letter (RFC 1035).
  info('Service', ['v1'], parseService, { nameRule: 'label1035' }),
  info('Endpoints', ['v1'], parseEndpoints, { fields: ['subsets'] }),
  info('Secret', ['v1'], parseSecret, { fields: ['type', 'data', 'stringData', 'immutable'] }),
  info('Deployment', ['apps/v1'], parseDeployment),
  info('ReplicaSet', ['apps/v1'], parseReplicaSet),
  info('StatefulSet', ['apps/v1'], parseStatefulSet),
  info('DaemonSet', ['apps/v1'], parseDaemonSet),
  info('Job', ['batch/v1'], parseJob),
  info('CronJob', ['batch/v1'], parseCronJob),
  info('EndpointSlice', ['discovery.k8s.io/v1'], parseEndpointSlice, { fields: ['addressType', 'endpoints', 'ports'] }),
  info('NetworkPolicy', ['networking.k8s.io/v1'], parseNetworkPolicy),
  info('Ingress', ['networking.k8s.io/v1'], parseIngress),
  info('IngressClass', ['networking.k8s.io/v1'], parseIngressClass, { clusterScoped: true }),
  info('GatewayClass', GATEWAY, parseGatewayClass, { clusterScoped: true }),
  info('Gateway', GATEWAY, parseGateway),
  info('HTTPRoute', GATEWAY, parseHTTPRoute),
  info('ReferenceGrant', ['gateway.networking.k8s.io/v1beta1'], parseReferenceGrant),
  info('Cluster', [SIM_API_VERSION], parseCluster, { clusterScoped: true, fields: ['spec'] }),
  info('Flow', [SIM_API_VERSION], parseFlow, { fields: ['spec'] }),
];

const BY_KIND = new Map(KINDS.map((k) => [k.kind as string, k]));

/** Built-in API groups ('' = core) and the kinds in them that do not change the data path. */
const SKIPPED: Readonly<Record<string, readonly string[]>> = {
  '': ['ConfigMap', 'ServiceAccount', 'PersistentVolume', 'PersistentVolumeClaim', 'Event', 'LimitRange', 'ResourceQuota',
    'ReplicationController', 'PodTemplate', 'ComponentStatus', 'Binding'],
  apps: ['ControllerRevision'],
  batch: [],
  autoscaling: ['HorizontalPodAutoscaler'],
  policy: ['PodDisruptionBudget', 'PodSecurityPolicy'],
  'rbac.authorization.k8s.io': ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'CSIStorageCapacity', 'VolumeAttachment', 'VolumeAttributesClass'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'admissionregistration.k8s.io': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'],
  'scheduling.k8s.io': ['PriorityClass'],
  'coordination.k8s.io': ['Lease', 'LeaseCandidate'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'node.k8s.io': ['RuntimeClass'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'events.k8s.io': ['Event'],
  'apiregistration.k8s.io': ['APIService'],
  'resource.k8s.io': ['ResourceClaim', 'ResourceClaimTemplate', 'DeviceClass', 'ResourceSlice'],
  'discovery.k8s.io': [],
  'networking.k8s.io': ['IPAddress'],
  'gateway.networking.k8s.io': [],
  'authentication.k8s.io': ['TokenReview', 'SelfSubjectReview'],
  'authorization.k8s.io': ['SubjectAccessReview', 'SelfSubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectRulesReview'],
  'metrics.k8s.io': ['PodMetrics', 'NodeMetrics'],
  'snapshot.storage.k8s.io': ['VolumeSnapshot', 'VolumeSnapshotClass', 'VolumeSnapshotContent'],
  // Retired groups: their networking kinds moved (Ingress → networking.k8s.io, Deployment → apps).
  extensions: [],
  'sim.kube-netsim.dev': [],
};

/** Kinds that change what traffic is allowed or where it goes, but that the simulator does not model. */
const CALICO = ['NetworkPolicy', 'GlobalNetworkPolicy', 'NetworkSet', 'GlobalNetworkSet', 'IPPool'];
const TRAEFIK = ['IngressRoute', 'IngressRouteTCP', 'IngressRouteUDP', 'Middleware'];
const UNSIMULATED: Readonly<Record<string, readonly string[]>> = {
  'cilium.io': ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'CiliumLoadBalancerIPPool', 'CiliumEgressGatewayPolicy', 'CiliumLocalRedirectPolicy'],
  'projectcalico.org': CALICO,
  'crd.projectcalico.org': CALICO,
  'networking.istio.io': ['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'WorkloadEntry', 'WorkloadGroup'],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'policy.linkerd.io': ['Server', 'ServerAuthorization', 'AuthorizationPolicy', 'HTTPRoute', 'MeshTLSAuthentication', 'NetworkAuthentication'],
  'traefik.io': TRAEFIK,
  'traefik.containo.us': TRAEFIK,
  'projectcontour.io': ['HTTPProxy'],
  'metallb.io': ['IPAddressPool', 'L2Advertisement', 'BGPAdvertisement', 'BGPPeer'],
  'policy.networking.k8s.io': ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'],
  'networking.k8s.io': ['ServiceCIDR'],
  'gateway.networking.k8s.io': ['GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'BackendTLSPolicy'],
};

export type KindLookup =
  | { readonly type: 'simulated'; readonly info: KindInfo }
  | { readonly type: 'wrong-version'; readonly expected: readonly string[] }
  | { readonly type: 'skipped' }
  | { readonly type: 'unsimulated' }
  | { readonly type: 'unknown'; readonly suggestion?: string };

/** `apps/v1` → `apps`; `v1` → '' (the core group). */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

const ALL_SKIPPED = new Set(Object.values(SKIPPED).flat());
const ALL_KNOWN = [...new Set([...KINDS.map((k) => k.kind as string), ...Object.values(SKIPPED).flat(), ...Object.values(UNSIMULATED).flat()])];

export function lookupKind(apiVersion: string, kind: string): KindLookup {
  const group = groupOf(apiVersion);
  const known = BY_KIND.get(kind);
  if (known) {
    if (known.apiVersions.includes(apiVersion)) return { type: 'simulated', info: known };
    // A wrong version of the kind's own group, or a built-in group (extensions/v1beta1 Ingress,
    // v1 Deployment). Elsewhere the name belongs to a CRD: Calico's NetworkPolicy, Istio's Gateway.
    const ownGroup = known.apiVersions.some((v) => groupOf(v) === group);
    if (ownGroup || group in SKIPPED || !group.includes('.')) return { type: 'wrong-version', expected: known.apiVersions };
  }
  if (UNSIMULATED[group]?.includes(kind)) return { type: 'unsimulated' };
  if (SKIPPED[group]?.includes(kind)) return { type: 'skipped' };
  // A skipped kind under an old built-in group (extensions/v1beta1 PodSecurityPolicy) is still skipped.
  if (group in SKIPPED && ALL_SKIPPED.has(kind)) return { type: 'skipped' };
  // Built-in groups have a fixed list of kinds; core-looking groups (no dot) are not CRDs either.
  if (group in SKIPPED || !group.includes('.')) return { type: 'unknown', suggestion: closest(kind, ALL_KNOWN) };
  // Any other dotted group is a CustomResourceDefinition's: valid in a cluster, not ours to simulate.
  return { type: 'skipped' };
}

/** `Foo` of `FooList`, when `kind` is a typed list of a kind in any group we know. */
export function listItemKind(kind: string): string | undefined {
  if (kind === 'List' || !kind.endsWith('List')) return undefined;
  const item = kind.slice(0, -'List'.length);
  return ALL_KNOWN.includes(item) ? item : undefined;
}

/** Kinds the simulator reads, with their apiVersions, for docs and the UI. */
export const SIMULATED_KINDS: readonly { readonly kind: Kind; readonly apiVersions: readonly string[]; readonly clusterScoped: boolean }[] =
  KINDS.map(({ kind, apiVersions, clusterScoped }) => ({ kind, apiVersions, clusterScoped }));

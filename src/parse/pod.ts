// Pod and PodSpec (also used for workload templates), with the API server's defaults and the
// validation rules of k8s.io/kubernetes/pkg/apis/core/validation that matter for networking.
import type { Labels } from '../model/labels.ts';
import { parseIPv4 } from '../model/ip.ts';
import type { Container, ContainerPort, DnsPolicy, PodDnsConfig, PodSpec, PodStatus, Toleration } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import type { DocContext, Fields } from './reader.ts';
import { checkDnsName, isDns1123Label, isIanaSvcName, stringMap } from './meta.ts';
import { rejectUnknown } from './checks.ts';

/** Annotation a scenario may set to mark a pod not ready without writing a status (simulator-only). */
export const READY_ANNOTATION = 'sim.kube-netsim.dev/ready';

const isIPv6 = (s: string): boolean => s.includes(':');

// Field names of the core/v1 API (Kubernetes 1.33). kubectl apply's strict field validation
// rejects anything else, and a misspelt `port:` for `ports:` would silently drop the ports.
const POD_SPEC_FIELDS = [
  'activeDeadlineSeconds', 'affinity', 'automountServiceAccountToken', 'containers', 'dnsConfig', 'dnsPolicy',
  'enableServiceLinks', 'ephemeralContainers', 'hostAliases', 'hostIPC', 'hostNetwork', 'hostPID', 'hostUsers',
  'hostname', 'imagePullSecrets', 'initContainers', 'nodeName', 'nodeSelector', 'os', 'overhead', 'preemptionPolicy',
  'priority', 'priorityClassName', 'readinessGates', 'resourceClaims', 'resources', 'restartPolicy', 'runtimeClassName',
  'schedulerName', 'schedulingGates', 'securityContext', 'serviceAccount', 'serviceAccountName', 'setHostnameAsFQDN',
  'shareProcessNamespace', 'subdomain', 'terminationGracePeriodSeconds', 'tolerations', 'topologySpreadConstraints', 'volumes',
];
const CONTAINER_FIELDS = [
  'args', 'command', 'env', 'envFrom', 'image', 'imagePullPolicy', 'lifecycle', 'livenessProbe', 'name', 'ports',
  'readinessProbe', 'resizePolicy', 'resources', 'restartPolicy', 'securityContext', 'startupProbe', 'stdin', 'stdinOnce',
  'terminationMessagePath', 'terminationMessagePolicy', 'tty', 'volumeDevices', 'volumeMounts', 'workingDir',
];
const PORT_FIELDS = ['containerPort', 'hostIP', 'hostPort', 'name', 'protocol'];

/** Checks an address at `path`: IPv6 is reported as unsimulated, junk as invalid; returns the IPv4 text or undefined. */
export function ipv4At(ctx: DocContext, path: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (isIPv6(value)) {
    ctx.report('warning', 'unsimulated-feature', `${path} ${value} is IPv6; the simulator models IPv4 only, so this address is ignored and verdicts may differ from a dual-stack cluster.`, path);
    return undefined;
  }
  if (parseIPv4(value) === undefined) {
    ctx.report('error', 'invalid-value', `${path} "${value}" is not a valid IPv4 address (four numbers 0–255, like 10.244.1.5).`, path);
    return undefined;
  }
  return value;
}

export const ipv4Field = (f: Fields, key: string, value: string | undefined): string | undefined => ipv4At(f.ctx, f.at(key), value);

/**
 * The API docs say a port name is "unique within the pod", but the API server only rejects a
 * duplicate inside one container (validateContainerPorts keeps its set per container). Across
 * containers it is accepted, and a Service's named targetPort then resolves to the first match.
 */
function containerPorts(c: Fields, seenNames: Map<string, string>, hostNetwork: boolean): ContainerPort[] {
  const out: ContainerPort[] = [];
  const mine = new Set<string>();
  for (const p of c.objList('ports') ?? []) {
    rejectUnknown(p, PORT_FIELDS);
    const containerPort = p.int('containerPort', { required: true, min: 1, max: 65535, what: 'the port number the container listens on (1–65535)' });
    const protocol = p.protocol();
    const name = p.str('name');
    if (name !== undefined) {
      if (!isIanaSvcName(name)) {
        p.error('name', 'invalid-value', `${p.at('name')} "${name}" is not a valid port name: at most 15 lowercase letters, digits and "-", with at least one letter, no "--", not starting or ending with "-".`);
      } else if (mine.has(name)) {
        p.error('name', 'invalid-value', `${p.at('name')} "${name}" is already used by ${seenNames.get(name)}; port names must be unique within a container.`);
      } else if (seenNames.has(name)) {
        p.warn('name', 'invalid-value', `${p.at('name')} "${name}" is also used by ${seenNames.get(name)}; the API accepts this, but a Service targetPort "${name}" will always pick the first one. Give each port its own name.`);
      } else seenNames.set(name, p.path);
      mine.add(name);
    }
    let hostPort = p.int('hostPort', { min: 1, max: 65535 });
    // hostNetwork pods listen on the node itself: the API server defaults hostPort to containerPort
    // (SetDefaults_Pod, defaultHostNetworkPorts) and rejects any other value ("must match
    // `containerPort` when `hostNetwork` is true", validateHostNetwork).
    if (hostNetwork && containerPort !== undefined) {
      if (hostPort !== undefined && hostPort !== containerPort) {
        p.error('hostPort', 'invalid-value', `${p.at('hostPort')} ${hostPort} must match containerPort ${containerPort} when hostNetwork is true: the container listens on the node's own port.`);
      }
      hostPort = containerPort;
    }
    const hostIP = ipv4Field(p, 'hostIP', p.str('hostIP'));
    if (containerPort === undefined) continue;
    out.push({
      containerPort, protocol,
      ...(name !== undefined && isIanaSvcName(name) ? { name } : {}),
      ...(hostPort !== undefined ? { hostPort } : {}),
      ...(hostIP !== undefined ? { hostIP } : {}),
    });
  }
  return out;
}

function containers(spec: Fields, key: 'containers' | 'initContainers', seen: { names: Set<string>; ports: Map<string, string> }, hostNetwork: boolean): Container[] {
  const out: Container[] = [];
  for (const c of spec.objList(key) ?? []) {
    rejectUnknown(c, CONTAINER_FIELDS);
    const name = c.str('name', { required: true, what: 'a container name' });
    if (name !== undefined && checkDnsName(c, 'name', name, 'label')) {
      if (seen.names.has(name)) c.error('name', 'invalid-value', `${c.at('name')} "${name}" is used by another container of this pod; container names must be unique.`);
      seen.names.add(name);
    }
    // The API server requires an image; the simulator never pulls it, but a real apply fails.
    const image = c.str('image');
    if (image === undefined && !c.has('image')) c.ctx.report('error', 'missing-field', `${c.at('image')} is required: the container image to run, e.g. nginx:1.27.`, c.path);
    const ports = containerPorts(c, seen.ports, hostNetwork);
    if (name === undefined) continue;
    out.push({ name, ...(image !== undefined ? { image } : {}), ports });
  }
  return out;
}

function tolerations(spec: Fields): Toleration[] {
  const out: Toleration[] = [];
  for (const t of spec.objList('tolerations') ?? []) {
    rejectUnknown(t, ['key', 'operator', 'value', 'effect', 'tolerationSeconds']);
    const key = t.str('key');
    const operator = t.oneOf('operator', ['Exists', 'Equal'] as const, 'Equal');
    const value = t.str('value');
    const effect = t.oneOf('effect', ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const);
    if (operator === 'Exists' && value) {
      t.error('value', 'invalid-value', `${t.at('value')} must be empty when operator is Exists (Exists matches any value).`);
      continue;
    }
    if (key === undefined && operator !== 'Exists') {
      t.error('operator', 'invalid-value', `${t.at('operator')} must be Exists when key is empty (an empty key with Exists tolerates every taint).`);
      continue;
    }
    out.push({ operator, ...(key !== undefined ? { key } : {}), ...(value !== undefined ? { value } : {}), ...(effect !== undefined ? { effect } : {}) });
  }
  return out;
}

function dnsConfig(spec: Fields, policy: DnsPolicy): PodDnsConfig | undefined {
  const d = spec.obj('dnsConfig');
  const nameservers: string[] = [];
  if (d) {
    rejectUnknown(d, ['nameservers', 'searches', 'options']);
    const items = d.list('nameservers') ?? [];
    // kubelet's limit: resolv.conf holds at most 3 nameservers (MAXNS in glibc).
    if (items.length > 3) d.error('nameservers', 'invalid-value', `${d.at('nameservers')} has ${items.length} entries; a pod may have at most 3 nameservers.`);
    for (const item of items.slice(0, 3)) {
      if (typeof item.value !== 'string') {
        d.ctx.report('error', 'wrong-type', `${item.path} must be a string IP address.`, item.path);
        continue;
      }
      const ip = ipv4At(d.ctx, item.path, item.value);
      if (ip !== undefined) nameservers.push(ip);
    }
  }
  if (policy === 'None' && nameservers.length === 0) {
    // The API server: "must provide at least one DNS nameserver when dnsPolicy is None".
    const where = d ? d.at('nameservers') : spec.at('dnsConfig');
    spec.ctx.report('error', d ? 'invalid-value' : 'missing-field', `${where} needs at least one nameserver when dnsPolicy is None: with None the pod gets no DNS settings except dnsConfig.`, d ? d.path : spec.at('dnsPolicy'));
  }
  if (!d) return undefined;
  const searches = d.strList('searches');
  if (searches.length > 32) d.error('searches', 'invalid-value', `${d.at('searches')} has ${searches.length} entries; at most 32 search domains are allowed.`);
  const options: { name: string; value?: string }[] = [];
  for (const o of d.objList('options') ?? []) {
    const name = o.str('name', { required: true });
    const value = o.str('value');
    if (name !== undefined) options.push({ name, ...(value !== undefined ? { value } : {}) });
  }
  return { nameservers, searches: searches.slice(0, 32), options };
}

/** spec.hostAliases: `{ip, hostnames}` entries kubelet writes into the pod's /etc/hosts (ip required, IPv4 here). */
function aliases(spec: Fields): { ip: string; hostnames: string[] }[] {
  const out: { ip: string; hostnames: string[] }[] = [];
  for (const a of spec.objList('hostAliases') ?? []) {
    const ip = ipv4Field(a, 'ip', a.str('ip', { required: true }));
    const hostnames = a.strList('hostnames');
    if (ip !== undefined) out.push({ ip, hostnames });
  }
  return out;
}

/** A PodSpec with the API server's defaults (dnsPolicy ClusterFirst, hostNetwork false). */
export function parsePodSpec(spec: Fields): PodSpec {
  rejectUnknown(spec, POD_SPEC_FIELDS);
  const seen = { names: new Set<string>(), ports: new Map<string, string>() };
  const list = spec.list('containers');
  if (list === undefined && !spec.has('containers')) spec.ctx.report('error', 'missing-field', `${spec.at('containers')} is required: a pod needs at least one container.`, spec.path);
  else if (list && list.length === 0) spec.error('containers', 'invalid-value', `${spec.at('containers')} is empty: a pod needs at least one container.`);
  const hostNetwork = spec.bool('hostNetwork', false);
  const main = containers(spec, 'containers', seen, hostNetwork);
  const init = containers(spec, 'initContainers', seen, hostNetwork);
  const dnsPolicy = spec.oneOf('dnsPolicy', ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const, 'ClusterFirst');
  spec.oneOf('restartPolicy', ['Always', 'OnFailure', 'Never'] as const);
  const dns = dnsConfig(spec, dnsPolicy);
  const nodeName = spec.str('nodeName');
  if (nodeName !== undefined && nodeName !== '') checkDnsName(spec, 'nodeName', nodeName, 'subdomain');
  const hostname = spec.str('hostname');
  if (hostname !== undefined && hostname !== '') checkDnsName(spec, 'hostname', hostname, 'label');
  const subdomain = spec.str('subdomain');
  if (subdomain !== undefined && subdomain !== '') checkDnsName(spec, 'subdomain', subdomain, 'label');
  const hostAliases = aliases(spec);
  return {
    ...(nodeName ? { nodeName } : {}),
    nodeSelector: stringMap(spec, 'nodeSelector'),
    tolerations: tolerations(spec),
    hostNetwork,
    dnsPolicy,
    ...(dns ? { dnsConfig: dns } : {}),
    ...(hostname && isDns1123Label(hostname) ? { hostname } : {}),
    ...(subdomain && isDns1123Label(subdomain) ? { subdomain } : {}),
    ...(hostAliases.length > 0 ? { hostAliases } : {}),
    containers: main,
    initContainers: init,
  };
}

function podStatus(doc: Fields, annotations: Labels): PodStatus {
  const s = doc.obj('status');
  const podIP = s ? ipv4Field(s, 'podIP', s.str('podIP')) : undefined;
  const podIPs: string[] = [];
  for (const p of s?.objList('podIPs') ?? []) {
    const ip = ipv4Field(p, 'ip', p.str('ip'));
    if (ip !== undefined) podIPs.push(ip);
  }
  if (podIP !== undefined && !podIPs.includes(podIP)) podIPs.unshift(podIP);
  const hostIP = s ? ipv4Field(s, 'hostIP', s.str('hostIP')) : undefined;
  let ready: boolean | undefined;
  for (const c of s?.objList('conditions') ?? []) {
    if (c.str('type') === 'Ready') ready = c.str('status') === 'True';
  }
  // Simulator-only: `sim.kube-netsim.dev/ready: "false"` marks a pod not ready without a status
  // block, so a scenario can show what a failing readiness probe does to endpoints and DNS.
  if (annotations[READY_ANNOTATION] === 'false') ready = false;
  else if (annotations[READY_ANNOTATION] === 'true' && ready === undefined) ready = true;
  return {
    ...(podIP !== undefined ? { podIP } : {}),
    podIPs,
    ...(hostIP !== undefined ? { hostIP } : {}),
    ...(ready !== undefined ? { ready } : {}),
  };
}

export const parsePod: KindParser<'Pod'> = (doc, base) => {
  const spec = doc.obj('spec', { required: true });
  if (!spec) return undefined;
  return { ...base, spec: parsePodSpec(spec), status: podStatus(doc, base.metadata.annotations) };
};

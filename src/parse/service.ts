// core/v1 Service: defaulting and validation as the API server does it (DATAPATH.md §5;
// https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/).
import type { ServicePort, ServiceType } from '../model/objects.ts';
import { parseIPv4 } from '../model/ip.ts';
import type { KindParser } from './base.ts';
import { checkCidr, checkIPv4, portOrName, rejectUnknown } from './checks.ts';
import { isDns1123Label as isDnsLabel, isDns1123Subdomain as isDnsSubdomain, labels } from './meta.ts';
import { Fields, isMapping } from './reader.ts';

/** The default --service-node-port-range of kube-apiserver. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

const TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

// ServiceSpec and ServicePort fields of the v1 API.
const SPEC_FIELDS = [
  'type', 'selector', 'ports', 'clusterIP', 'clusterIPs', 'externalName', 'externalIPs', 'externalTrafficPolicy',
  'internalTrafficPolicy', 'sessionAffinity', 'sessionAffinityConfig', 'loadBalancerIP', 'loadBalancerSourceRanges',
  'loadBalancerClass', 'publishNotReadyAddresses', 'healthCheckNodePort', 'ipFamilies', 'ipFamilyPolicy',
  'allocateLoadBalancerNodePorts', 'trafficDistribution',
];
const PORT_FIELDS = ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'];

export const parseService: KindParser<'Service'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  rejectUnknown(spec, SPEC_FIELDS);
  const type = spec.oneOf('type', TYPES, 'ClusterIP');
  const externallyReachable = type === 'NodePort' || type === 'LoadBalancer';
  const selector = parseSelector(spec, type);

  const clusterIP = parseClusterIP(spec, type);
  const headless = clusterIP === 'None';
  const ports = parsePorts(spec, type, headless);

  const externalIPs = parseExternalIPs(spec);
  const externalName = parseExternalName(spec, type);

  // The API server defaults externalTrafficPolicy only for Services reachable from outside and
  // rejects it elsewhere: "may only be set for externally-accessible services" (ClusterIP counts
  // as externally accessible when it has externalIPs, kubernetes/kubernetes#119150).
  if (spec.has('externalTrafficPolicy') && !externallyReachable && externalIPs.length === 0) {
    spec.error('externalTrafficPolicy', 'invalid-value', `${spec.at('externalTrafficPolicy')} may only be set for Services of type NodePort or LoadBalancer (or with externalIPs); this Service is type ${type}. Remove it.`);
  }
  const externalTrafficPolicy = spec.oneOf('externalTrafficPolicy', ['Cluster', 'Local'] as const, 'Cluster');
  const internalTrafficPolicy = spec.oneOf('internalTrafficPolicy', ['Cluster', 'Local'] as const, 'Cluster');
  const { sessionAffinity, timeoutSeconds } = parseAffinity(spec);

  const loadBalancerIP = spec.str('loadBalancerIP');
  if (loadBalancerIP !== undefined && loadBalancerIP !== '') checkIPv4(spec, 'loadBalancerIP', loadBalancerIP);
  const loadBalancerSourceRanges = spec.strList('loadBalancerSourceRanges');
  loadBalancerSourceRanges.forEach((r, i) => checkCidr(spec, `loadBalancerSourceRanges[${i}]`, r));
  const loadBalancerClass = spec.str('loadBalancerClass');
  for (const key of ['loadBalancerSourceRanges', 'loadBalancerClass'] as const) {
    if (spec.has(key) && type !== 'LoadBalancer') {
      spec.error(key, 'invalid-value', `${spec.at(key)} may only be used when type is LoadBalancer; this Service is type ${type}.`);
    }
  }
  const healthCheckNodePort = parseHealthCheckNodePort(spec, type, externalTrafficPolicy);
  checkIPFamilies(spec);

  return {
    ...base,
    spec: {
      type,
      selector,
      ports,
      ...(clusterIP !== undefined && { clusterIP }),
      ...(externalName !== undefined && { externalName }),
      externalIPs,
      externalTrafficPolicy,
      internalTrafficPolicy,
      sessionAffinity,
      sessionAffinityTimeoutSeconds: timeoutSeconds,
      ...(loadBalancerIP && { loadBalancerIP }),
      loadBalancerSourceRanges,
      ...(loadBalancerClass !== undefined && { loadBalancerClass }),
      publishNotReadyAddresses: spec.bool('publishNotReadyAddresses', false),
      ...(healthCheckNodePort !== undefined && { healthCheckNodePort }),
    },
    status: { loadBalancer: { ingress: parseLoadBalancerStatus(doc) } },
  };
};

/**
 * Absent → undefined: a Service without a selector, whose endpoints are managed by hand (DATAPATH.md §5.10).
 * `selector: {}` is treated the same way, because that is what a real cluster does: the field is
 * `map[string]string` with `omitempty`, so an empty map is not stored and reads back as nil, and the
 * EndpointSlice controller skips Services whose selector is nil. An empty selector therefore selects
 * no pods at all, not every pod; we say so, since people often expect the opposite.
 */
function parseSelector(spec: Fields, type: ServiceType): Record<string, string> | undefined {
  if (!spec.has('selector')) return undefined;
  const raw = spec.value.selector;
  const selector = labels(spec, 'selector');
  if (!isMapping(raw)) return undefined; // reported as wrong-type
  // An entry was rejected (and reported): select nothing rather than the wider set the rest would match.
  if (Object.keys(selector).length < Object.keys(raw).length) return undefined;
  if (Object.keys(raw).length === 0) {
    spec.warn('selector', 'selector-matches-nothing', `${spec.at('selector')} is empty: Kubernetes stores an empty selector as no selector, so this Service selects no pods and gets no endpoints. Add the labels of the pods it should send to, or remove the field and create an EndpointSlice by hand.`);
    return undefined;
  }
  if (type === 'ExternalName') {
    spec.warn('selector', 'invalid-value', `${spec.at('selector')} is ignored for type ExternalName: the Service is only a DNS CNAME to spec.externalName.`);
  }
  return selector;
}

function parseClusterIP(spec: Fields, type: ServiceType): string | undefined {
  const clusterIPs = spec.strList('clusterIPs');
  let clusterIP = spec.str('clusterIP');
  if (clusterIP === undefined && clusterIPs.length > 0) clusterIP = clusterIPs[0];
  else if (clusterIP !== undefined && clusterIPs.length > 0 && clusterIPs[0] !== clusterIP) {
    spec.error('clusterIPs', 'invalid-value', `${spec.at('clusterIPs')}[0] must equal spec.clusterIP ("${clusterIP}"), not "${clusterIPs[0]}".`);
  }
  if (clusterIPs.length > 1) {
    spec.warn('clusterIPs', 'unsimulated-feature', `${spec.at('clusterIPs')} lists a second address (dual-stack); the simulator uses only the IPv4 address.`);
  }
  if (clusterIP === undefined || clusterIP === '') return undefined;
  if (type === 'ExternalName') {
    spec.error('clusterIP', 'invalid-value', `${spec.at('clusterIP')} must not be set for type ExternalName: such a Service has no virtual IP, only a DNS CNAME. Remove it.`);
    return undefined;
  }
  if (clusterIP === 'None') {
    // A headless Service has no virtual IP, so nothing could accept traffic on a node port.
    if (type === 'NodePort' || type === 'LoadBalancer') {
      spec.error('clusterIP', 'invalid-value', `${spec.at('clusterIP')} may not be "None" (headless) for type ${type}: node ports and load balancers forward to the cluster IP.`);
      return undefined;
    }
    return 'None';
  }
  if (parseIPv4(clusterIP) === undefined) {
    const v6 = clusterIP.includes(':');
    if (v6) spec.warn('clusterIP', 'unsimulated-feature', `${spec.at('clusterIP')} "${clusterIP}" is an IPv6 address; the simulator is IPv4-only and will allocate an IPv4 cluster IP instead.`);
    else spec.error('clusterIP', 'invalid-value', `${spec.at('clusterIP')} must be "None" (headless) or an IPv4 address such as 10.96.0.20, not "${clusterIP}".`);
    return undefined;
  }
  return clusterIP;
}

function parsePorts(spec: Fields, type: ServiceType, headless: boolean): ServicePort[] {
  const items = spec.objList('ports') ?? [];
  // "spec.ports: Required value" unless the Service is headless or ExternalName.
  const written = spec.value.ports;
  if ((written === undefined || written === null || (Array.isArray(written) && written.length === 0)) && type !== 'ExternalName' && !headless) {
    spec.ctx.report('error', 'missing-field', `${spec.at('ports')} is required: a ${type} Service needs at least one port, e.g. "ports: [{port: 80, targetPort: 8080}]".`, spec.path || 'spec');
  }
  const out: ServicePort[] = [];
  const names = new Set<string>();
  const portKeys = new Set<string>();
  const nodePortKeys = new Set<string>();
  for (const p of items) {
    rejectUnknown(p, PORT_FIELDS);
    const name = p.str('name');
    if (name !== undefined && name !== '') {
      if (!isDnsLabel(name)) p.error('name', 'invalid-value', `${p.at('name')} "${name}" must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.`);
      else if (names.has(name)) p.error('name', 'invalid-value', `${p.at('name')} "${name}" is used by another port of this Service; port names must be unique.`);
      names.add(name);
    } else if (items.length > 1) {
      p.ctx.report('error', 'missing-field', `${p.at('name')} is required: when a Service has more than one port, every port needs a unique name (e.g. "http", "metrics").`, p.path);
    }
    const protocol = p.protocol();
    const port = p.int('port', { required: true, min: 1, max: 65535, what: 'the port number the Service listens on (1-65535)' });
    const targetPort = parseTargetPort(p);
    const nodePort = parseNodePort(p, type);
    const appProtocol = p.str('appProtocol');
    // A rejected targetPort or protocol is not replaced by the default: traffic would go to a port nobody wrote.
    if (port === undefined || targetPort === null || (p.has('protocol') && p.value.protocol !== protocol)) continue;
    const key = `${port}/${protocol}`;
    if (portKeys.has(key)) {
      p.error('port', 'invalid-value', `${p.at('port')} ${port}/${protocol} is already used by another port of this Service.`);
      continue;
    }
    portKeys.add(key);
    if (headless && targetPort !== undefined && targetPort !== port) {
      // ServicePort API docs: "This field is ignored for services with clusterIP=None, and should be
      // omitted or set equal to the 'port' field" (DATAPATH.md §5.2): there is no NAT to translate.
      p.warn('targetPort', 'invalid-value', `${p.at('targetPort')} is ignored for a headless Service (clusterIP: None): clients connect straight to the pod IPs on the port they dial, ${port}. Omit targetPort or set it to ${port}.`);
    }
    if (nodePort !== undefined) {
      const nkey = `${nodePort}/${protocol}`;
      if (nodePortKeys.has(nkey)) p.error('nodePort', 'invalid-value', `${p.at('nodePort')} ${nodePort}/${protocol} is already used by another port of this Service.`);
      nodePortKeys.add(nkey);
    }
    out.push({
      ...(name && { name }),
      protocol,
      port,
      targetPort: targetPort ?? port,
      ...(nodePort !== undefined && { nodePort }),
      ...(appProtocol !== undefined && { appProtocol }),
    });
  }
  return out;
}

/**
 * A number 1–65535 or a container port name (IANA_SVC_NAME); undefined (absent, 0 or "") means
 * "same as port", as the API server defaults it; null when rejected (reported).
 */
function parseTargetPort(p: Fields): number | string | null | undefined {
  const v = p.value.targetPort;
  if (v === undefined || v === null || v === 0 || v === '') return undefined;
  return portOrName(p, 'targetPort') ?? null;
}

function parseNodePort(p: Fields, type: ServiceType): number | undefined {
  if (!p.has('nodePort') || p.value.nodePort === 0) return undefined;
  if (type !== 'NodePort' && type !== 'LoadBalancer') {
    p.error('nodePort', 'invalid-value', `${p.at('nodePort')} may only be used when type is NodePort or LoadBalancer; this Service is type ${type}. Remove it or change the type.`);
    return undefined;
  }
  const nodePort = p.int('nodePort');
  if (nodePort === undefined) return undefined;
  if (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX) {
    p.error('nodePort', 'nodeport-out-of-range', `${p.at('nodePort')} ${nodePort} is outside the node port range ${NODE_PORT_MIN}-${NODE_PORT_MAX}; pick a port in that range or leave nodePort out to have one allocated.`);
    return undefined;
  }
  return nodePort;
}

function parseExternalIPs(spec: Fields): string[] {
  const out: string[] = [];
  spec.strList('externalIPs').forEach((ip, i) => {
    if (checkIPv4(spec, `externalIPs[${i}]`, ip, { special: true })) out.push(ip);
  });
  return out;
}

function parseExternalName(spec: Fields, type: ServiceType): string | undefined {
  const name = spec.str('externalName');
  if (type !== 'ExternalName') {
    if (name) spec.warn('externalName', 'invalid-value', `${spec.at('externalName')} is ignored for type ${type}; set type: ExternalName to make this Service a DNS alias.`);
    return undefined;
  }
  if (name === undefined || name === '') {
    spec.ctx.report('error', 'missing-field', `${spec.at('externalName')} is required for type ExternalName: the DNS name the Service is an alias for, e.g. db.example.com.`, spec.path || 'spec');
    return undefined;
  }
  // The API server accepts one trailing dot (a fully qualified name).
  if (!isDnsSubdomain(name.replace(/\.$/, ''))) {
    spec.error('externalName', 'invalid-value', `${spec.at('externalName')} "${name}" must be a lowercase DNS name such as db.example.com (no scheme, port or path).`);
    return undefined;
  }
  return name;
}

function parseAffinity(spec: Fields): { sessionAffinity: 'None' | 'ClientIP'; timeoutSeconds: number } {
  const sessionAffinity = spec.oneOf('sessionAffinity', ['None', 'ClientIP'] as const, 'None');
  const config = spec.obj('sessionAffinityConfig');
  if (config) rejectUnknown(config, ['clientIP']);
  if (config && sessionAffinity === 'None') {
    spec.error('sessionAffinityConfig', 'invalid-value', `${spec.at('sessionAffinityConfig')} must not be set when sessionAffinity is None; set sessionAffinity: ClientIP or remove it.`);
  }
  // 10800 s (3 h) is the API default; the API accepts 1..86400 (DATAPATH.md §5.7).
  const clientIP = config?.obj('clientIP');
  if (clientIP) rejectUnknown(clientIP, ['timeoutSeconds']);
  const timeout = clientIP?.int('timeoutSeconds', { min: 1, max: 86400 });
  return { sessionAffinity, timeoutSeconds: timeout ?? 10800 };
}

function parseHealthCheckNodePort(spec: Fields, type: ServiceType, etp: 'Cluster' | 'Local'): number | undefined {
  if (!spec.has('healthCheckNodePort') || spec.value.healthCheckNodePort === 0) return undefined;
  if (type !== 'LoadBalancer' || etp !== 'Local') {
    spec.error('healthCheckNodePort', 'invalid-value', `${spec.at('healthCheckNodePort')} may only be set when type is LoadBalancer and externalTrafficPolicy is Local.`);
    return undefined;
  }
  const port = spec.int('healthCheckNodePort');
  if (port !== undefined && (port < NODE_PORT_MIN || port > NODE_PORT_MAX)) {
    spec.error('healthCheckNodePort', 'nodeport-out-of-range', `${spec.at('healthCheckNodePort')} ${port} is outside the node port range ${NODE_PORT_MIN}-${NODE_PORT_MAX}.`);
    return undefined;
  }
  return port;
}

function checkIPFamilies(spec: Fields): void {
  const families = spec.strList('ipFamilies');
  families.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') spec.error(`ipFamilies[${i}]`, 'invalid-value', `${spec.at('ipFamilies')}[${i}] must be IPv4 or IPv6, not "${f}".`);
  });
  if (families.includes('IPv6')) {
    spec.warn('ipFamilies', 'unsimulated-feature', `${spec.at('ipFamilies')} asks for IPv6; the simulator is IPv4-only, so the Service gets only an IPv4 address.`);
  }
  const policy = spec.oneOf('ipFamilyPolicy', ['SingleStack', 'PreferDualStack', 'RequireDualStack'] as const);
  if (policy === 'PreferDualStack' || policy === 'RequireDualStack') {
    spec.warn('ipFamilyPolicy', 'unsimulated-feature', `${spec.at('ipFamilyPolicy')} ${policy} asks for dual-stack; the simulator is IPv4-only, so the Service gets only an IPv4 address.`);
  }
}

function parseLoadBalancerStatus(doc: Fields): { ip?: string; hostname?: string }[] {
  const out: { ip?: string; hostname?: string }[] = [];
  for (const item of doc.obj('status')?.obj('loadBalancer')?.objList('ingress') ?? []) {
    const ip = item.str('ip');
    const hostname = item.str('hostname');
    if (ip !== undefined && !checkIPv4(item, 'ip', ip)) continue;
    if (ip === undefined && hostname === undefined) continue;
    out.push({ ...(ip !== undefined && { ip }), ...(hostname !== undefined && { hostname }) });
  }
  return out;
}

// networking.k8s.io/v1 Ingress and IngressClass (DATAPATH.md §7.1–7.3;
// https://kubernetes.io/docs/concepts/services-networking/ingress/).
import { parseIPv4 } from '../model/ip.ts';
import type { Ingress, IngressBackend, PathType } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import { Fields } from './reader.ts';
import { isDns1035Label, isDns1123Subdomain as isDnsSubdomain, isIanaSvcName } from './meta.ts';
import { rejectUnknown } from './checks.ts';

/** The annotation that marks the cluster's default IngressClass. */
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
/** The pre-1.18 way to pick a controller; ingress-nginx still honours it. */
export const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

// Fields of IngressSpec and the objects under it (networking.k8s.io/v1).
const SPEC_FIELDS = ['ingressClassName', 'defaultBackend', 'tls', 'rules'];

type Rule = Ingress['spec']['rules'][number];
type HTTPPath = NonNullable<Rule['http']>['paths'][number];

/**
 * Why `host` is not a valid Ingress or Gateway hostname, or undefined when it is. DATAPATH.md §7.3.2:
 * an exact DNS name, or `*.` followed by one; no lone `*`, no IP address, no port.
 */
export function hostnameProblem(host: string): string | undefined {
  if (host === '*') return 'a lone "*" is not allowed; leave the host out to match every host, or write "*.example.com"';
  if (parseIPv4(host) !== undefined || host.includes(':') && /^[\d.:a-f[\]]+$/i.test(host)) return 'it must be a DNS name, not an IP address';
  if (/:\d+$/.test(host)) return 'it must not include a port';
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (name.includes('*')) return 'a wildcard is only allowed as the whole first label, as in "*.example.com"';
  if (!isDnsSubdomain(name)) return 'it must be a lowercase DNS name such as shop.example.com';
  return undefined;
}

/** `*.example.com` covers `shop.example.com` (exactly one more leftmost label, DATAPATH.md §7.3.2). */
function wildcardCovers(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === pattern.slice(2);
}

export const parseIngress: KindParser<'Ingress'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  rejectUnknown(spec, SPEC_FIELDS);
  const defaultBackendFields = spec.obj('defaultBackend');
  const defaultBackend = defaultBackendFields && parseBackend(defaultBackendFields);
  const ruleItems = spec.objList('rules') ?? [];
  const rules = ruleItems.map(parseRule).filter((r) => r !== undefined);
  if (!defaultBackendFields && ruleItems.length === 0) {
    spec.ctx.report('error', 'missing-field', `${spec.at('rules')} is required: an Ingress needs rules or a defaultBackend, or it routes nothing.`, spec.path || 'spec');
  }
  const tls = (spec.objList('tls') ?? []).map((t) => {
    rejectUnknown(t, ['hosts', 'secretName']);
    const hosts = t.strList('hosts').filter((h, i) => checkHost(t, `hosts[${i}]`, h));
    const secretName = t.str('secretName');
    if (secretName !== undefined && !isDnsSubdomain(secretName)) t.error('secretName', 'invalid-value', `${t.at('secretName')} "${secretName}" must be the name of a Secret (lowercase letters, digits, '-' and '.').`);
    hosts.forEach((h, i) => {
      // DATAPATH.md §7.3.7: the certificate is chosen by SNI among the rules' hosts; the API accepts
      // any host here, but one that no rule (and no defaultBackend or host-less rule) serves gets no route.
      const served = defaultBackend !== undefined || rules.some((r) => r.host === undefined || r.host === h || wildcardCovers(h, r.host) || wildcardCovers(r.host, h));
      if (!served) t.warn(`hosts[${i}]`, 'invalid-value', `${t.at('hosts')}[${i}] "${h}" is not the host of any rule, so requests for it reach the controller's own default backend (ingress-nginx answers 404); add a rule with host: ${h}.`);
    });
    return { hosts, ...(secretName !== undefined && { secretName }) };
  });
  const ingressClassName = parseClassName(spec, base.metadata.annotations);
  return {
    ...base,
    spec: { ...(ingressClassName !== undefined && { ingressClassName }), ...(defaultBackend && { defaultBackend }), tls, rules },
  };
};

export const parseIngressClass: KindParser<'IngressClass'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  rejectUnknown(spec, ['controller', 'parameters']);
  const controller = spec.str('controller', { required: true, what: 'the controller that implements this class, e.g. k8s.io/ingress-nginx' });
  // IsDomainPrefixedPath: "example.com/name", at most 250 characters.
  if (controller !== undefined && (controller.length > 250 || !/^[a-z0-9.-]+\/\S+$/.test(controller) || !isDnsSubdomain(controller.split('/')[0]!))) {
    spec.error('controller', 'invalid-value', `${spec.at('controller')} "${controller}" must be a domain-prefixed path such as k8s.io/ingress-nginx.`);
  }
  // Only the exact string "true" makes a class the default (the admission plugin compares strings).
  const isDefault = base.metadata.annotations[DEFAULT_CLASS_ANNOTATION] === 'true';
  return { ...base, spec: { controller: controller ?? '' }, isDefault };
};

function checkHost(f: Fields, key: string, host: string): boolean {
  const problem = hostnameProblem(host);
  if (problem) f.error(key, 'invalid-value', `${f.at(key)} "${host}" is not a valid host: ${problem}.`);
  return problem === undefined;
}

function parseClassName(spec: Fields, annotations: Readonly<Record<string, string>>): string | undefined {
  const field = spec.str('ingressClassName');
  const legacy = annotations[LEGACY_CLASS_ANNOTATION];
  if (field !== undefined && legacy !== undefined && legacy !== field) {
    spec.ctx.report('error', 'invalid-value', `metadata.annotations["${LEGACY_CLASS_ANNOTATION}"] "${legacy}" must match spec.ingressClassName "${field}" when both are set; remove the annotation.`, 'metadata.annotations');
  }
  return field ?? legacy;
}

function parseRule(r: Fields): Rule | undefined {
  rejectUnknown(r, ['host', 'http']);
  const host = r.str('host') || undefined;
  const hostOk = host === undefined || checkHost(r, 'host', host);
  const http = r.obj('http');
  if (http) rejectUnknown(http, ['paths']);
  const paths = http?.objList('paths', { required: true }) ?? [];
  if (paths.length === 0 && http?.has('paths')) http.ctx.report('error', 'missing-field', `${http.at('paths')} must list at least one path.`, http.at('paths'));
  const parsed = paths.map(parsePath).filter((p) => p !== undefined);
  // A rule without host matches every host: one whose host was rejected is left out instead.
  if (!hostOk) return undefined;
  return { ...(host !== undefined && { host }), ...(http && { http: { paths: parsed } }) };
}

const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];

function parsePath(p: Fields): HTTPPath | undefined {
  rejectUnknown(p, ['path', 'pathType', 'backend']);
  // networking.k8s.io/v1 has no default pathType: "pathType must be specified".
  const pathType = p.oneOf<PathType>('pathType', ['Exact', 'Prefix', 'ImplementationSpecific']);
  if (pathType === undefined && !p.has('pathType')) {
    p.ctx.report('error', 'missing-field', `${p.at('pathType')} is required: Prefix (matches /path and everything below it), Exact, or ImplementationSpecific.`, p.path);
  }
  const path = p.str('path') ?? '';
  const backendFields = p.obj('backend', { required: true });
  const backend = backendFields && parseBackend(backendFields);
  if ((path !== '' && !path.startsWith('/')) || (path === '' && pathType !== 'ImplementationSpecific' && pathType !== undefined)) {
    p.error('path', 'invalid-value', `${p.at('path')} "${path}" must be an absolute path starting with "/", e.g. /api.`);
    return undefined;
  }
  if (pathType === 'Exact' || pathType === 'Prefix') {
    const bad = BAD_SEQUENCES.find((s) => path.includes(s)) ?? (path.endsWith('/..') || path.endsWith('/.') ? path.slice(path.lastIndexOf('/')) : undefined);
    if (bad !== undefined) {
      p.error('path', 'invalid-value', `${p.at('path')} "${path}" must not contain "${bad}" when pathType is ${pathType}.`);
      return undefined;
    }
  }
  if (pathType === undefined || backend === undefined) return undefined;
  return { path, pathType, backend };
}

/** Exactly one of service or resource; a service port is exactly one of number or name. */
function parseBackend(b: Fields): IngressBackend | undefined {
  const legacy = 'serviceName' in b.value || 'servicePort' in b.value;
  if (legacy) {
    // Old tutorials still show the extensions/v1beta1 shape, removed in Kubernetes 1.22.
    b.ctx.report('error', 'unknown-field', `${b.path} uses serviceName/servicePort, the old v1beta1 form removed in Kubernetes 1.22; in networking.k8s.io/v1 write "service: {name: web, port: {number: 80}}".`, b.path);
  }
  rejectUnknown(new Fields(b.ctx, Object.fromEntries(Object.entries(b.value).filter(([k]) => k !== 'serviceName' && k !== 'servicePort')), b.path), ['service', 'resource']);
  if (legacy && !b.has('service') && !b.has('resource')) return undefined;
  const service = b.obj('service');
  const resource = b.obj('resource');
  if (service && resource) {
    b.ctx.report('error', 'invalid-value', `${b.path} sets both service and resource; a backend is one or the other.`, b.path);
    return undefined;
  }
  if (resource) {
    rejectUnknown(resource, ['apiGroup', 'kind', 'name']);
    const kind = resource.str('kind', { required: true });
    const name = resource.str('name', { required: true });
    const apiGroup = resource.str('apiGroup');
    return kind === undefined || name === undefined ? undefined : { resource: { kind, name, ...(apiGroup !== undefined && { apiGroup }) } };
  }
  if (!service) {
    b.ctx.report('error', 'missing-field', `${b.at('service')} is required: the Service (name and port) that receives the requests.`, b.path);
    return undefined;
  }
  rejectUnknown(service, ['name', 'port']);
  const name = service.str('name', { required: true, what: 'the name of a Service in the same namespace' });
  // Service names are RFC 1035 labels: they must start with a letter.
  if (name !== undefined && !isDns1035Label(name)) {
    service.error('name', 'invalid-value', `${service.at('name')} "${name}" is not a valid Service name (lowercase letters, digits and '-', starting with a letter).`);
    return undefined;
  }
  const port = service.obj('port', { required: true });
  if (!port || name === undefined) return undefined;
  rejectUnknown(port, ['name', 'number']);
  const hasNumber = port.has('number');
  const hasName = port.has('name');
  if (hasNumber === hasName) {
    port.ctx.report('error', hasNumber ? 'invalid-value' : 'missing-field', `${port.path} must set exactly one of number (the Service port, e.g. 80) or name (the Service port's name)${hasNumber ? ', not both' : ''}.`, port.path);
    return undefined;
  }
  if (hasNumber) {
    const number = port.int('number', { min: 1, max: 65535 });
    return number === undefined ? undefined : { service: { name, port: { number } } };
  }
  const portName = port.str('name');
  if (portName === undefined) return undefined;
  if (!isIanaSvcName(portName)) {
    port.error('name', 'invalid-value', `${port.at('name')} "${portName}" is not a valid port name (at most 15 lowercase letters, digits and '-', with at least one letter); use number for a numeric port.`);
    return undefined;
  }
  return { service: { name, port: { name: portName } } };
}

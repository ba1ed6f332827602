// gateway.networking.k8s.io/v1 GatewayClass, Gateway and HTTPRoute, with the defaults and checks
// of the Gateway API CRDs (DATAPATH.md §7.4; https://gateway-api.sigs.k8s.io/reference/spec/).
import type { GatewayListener, HTTPRoute, HTTPRouteMatch, ReferenceGrant } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import { Fields } from './reader.ts';
import { hostnameProblem } from './ingress.ts';
import { isDns1123Subdomain as isDnsSubdomain } from './meta.ts';
import { labelSelector } from './networkpolicy.ts';
import { rejectUnknown } from './checks.ts';

type Listener = GatewayListener;
type RouteRule = HTTPRoute['spec']['rules'][number];
type BackendRef = RouteRule['backendRefs'][number];
type ParentRef = HTTPRoute['spec']['parentRefs'][number];

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const PROTOCOLS = ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'] as const;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;

// Fields of the v1 (standard and experimental channel) types. Gateway API adds fields from release to
// release, so an unknown one is a warning here rather than an error.
const FIELDS = {
  gatewayClass: ['controllerName', 'description', 'parametersRef'],
  gateway: ['gatewayClassName', 'listeners', 'addresses', 'infrastructure', 'backendTLS', 'allowedListeners'],
  listener: ['name', 'hostname', 'port', 'protocol', 'tls', 'allowedRoutes'],
  tls: ['mode', 'certificateRefs', 'options', 'frontendValidation'],
  allowedRoutes: ['namespaces', 'kinds'],
  namespaces: ['from', 'selector'],
  address: ['type', 'value'],
  ref: ['group', 'kind', 'name', 'namespace'],
  route: ['parentRefs', 'hostnames', 'rules'],
  parentRef: ['group', 'kind', 'namespace', 'name', 'sectionName', 'port'],
  rule: ['name', 'matches', 'filters', 'backendRefs', 'timeouts', 'retry', 'sessionPersistence'],
  match: ['path', 'headers', 'queryParams', 'method'],
  path: ['type', 'value'],
  nameValue: ['type', 'name', 'value'],
  backendRef: ['group', 'kind', 'name', 'namespace', 'port', 'weight', 'filters'],
} as const;

const checkFields = (f: Fields, known: readonly string[]): void => rejectUnknown(f, known, 'warning');

/** A domain-prefixed path such as `example.net/gateway-controller` (GatewayController). */
function checkControllerName(f: Fields, key: string, value: string): void {
  const [domain, ...rest] = value.split('/');
  if (rest.length === 0 || rest.join('/') === '' || !isDnsSubdomain(domain ?? '')) {
    f.error(key, 'invalid-value', `${f.at(key)} "${value}" must be a domain-prefixed path such as example.net/gateway-controller.`);
  }
}

function checkHostname(f: Fields, key: string, host: string): boolean {
  const problem = hostnameProblem(host);
  if (problem) f.error(key, 'invalid-value', `${f.at(key)} "${host}" is not a valid hostname: ${problem}.`);
  return problem === undefined;
}

export const parseGatewayClass: KindParser<'GatewayClass'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  checkFields(spec, FIELDS.gatewayClass);
  const controllerName = spec.str('controllerName', { required: true, what: 'the controller that manages Gateways of this class, e.g. example.net/gateway-controller' });
  if (controllerName !== undefined) checkControllerName(spec, 'controllerName', controllerName);
  return { ...base, spec: { controllerName: controllerName ?? '' } };
};

export const parseGateway: KindParser<'Gateway'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  checkFields(spec, FIELDS.gateway);
  const gatewayClassName = spec.str('gatewayClassName', { required: true, what: 'the name of the GatewayClass that implements this Gateway' });
  const items = spec.objList('listeners', { required: true }) ?? [];
  if (items.length === 0 && spec.has('listeners')) spec.ctx.report('error', 'missing-field', `${spec.at('listeners')} must list at least one listener.`, spec.at('listeners'));
  const listeners: Listener[] = [];
  const names = new Set<string>();
  const endpoints = new Set<string>();
  for (const l of items) {
    const listener = parseListener(l);
    if (!listener) continue;
    if (names.has(listener.name)) {
      l.error('name', 'invalid-value', `${l.at('name')} "${listener.name}" is used by another listener; listener names must be unique within a Gateway.`);
      continue;
    }
    names.add(listener.name);
    const key = `${listener.port}/${listener.protocol}/${listener.hostname ?? ''}`;
    if (endpoints.has(key)) {
      l.ctx.report('error', 'invalid-value', `${l.path} repeats the port, protocol and hostname of another listener; each combination must be unique.`, l.path);
      continue;
    }
    endpoints.add(key);
    listeners.push(listener);
  }
  const addresses = (spec.objList('addresses') ?? []).flatMap((a) => {
    checkFields(a, FIELDS.address);
    const value = a.str('value', { required: true });
    return value === undefined ? [] : [{ type: a.str('type') ?? 'IPAddress', value }];
  });
  return { ...base, spec: { gatewayClassName: gatewayClassName ?? '', listeners, addresses } };
};

function parseListener(l: Fields): Listener | undefined {
  checkFields(l, FIELDS.listener);
  const name = l.str('name', { required: true, what: 'a name for the listener, used by sectionName in routes' });
  if (name !== undefined && !isDnsSubdomain(name)) l.error('name', 'invalid-value', `${l.at('name')} "${name}" must be lowercase letters, digits, '-' and '.'.`);
  const port = l.int('port', { required: true, min: 1, max: 65535 });
  const protocol = l.oneOf('protocol', PROTOCOLS);
  if (!l.has('protocol')) l.ctx.report('error', 'missing-field', `${l.at('protocol')} is required: HTTP, HTTPS, TLS, TCP or UDP.`, l.path);
  const hostname = l.str('hostname');
  let hostnameOk = true;
  if (hostname !== undefined && (protocol === 'TCP' || protocol === 'UDP')) {
    l.error('hostname', 'invalid-value', `${l.at('hostname')} must not be set for protocol ${protocol}: there is no host name to match on.`);
  } else if (hostname !== undefined) hostnameOk = checkHostname(l, 'hostname', hostname);
  const tls = parseListenerTLS(l, protocol);
  const allowedRoutes = l.obj('allowedRoutes');
  if (allowedRoutes) checkFields(allowedRoutes, FIELDS.allowedRoutes);
  const allowed = allowedRoutes?.obj('namespaces');
  if (allowed) checkFields(allowed, FIELDS.namespaces);
  const from = allowed?.oneOf('from', ['Same', 'All', 'Selector'] as const, 'Same') ?? 'Same';
  const selector = allowed && labelSelector(allowed, 'selector');
  if (from === 'Selector' && selector === undefined) allowed?.ctx.report('error', 'missing-field', `${allowed.at('selector')} is required when from is Selector.`, allowed.path);
  // Without its rejected hostname the listener would accept every host: leave it out instead.
  if (name === undefined || port === undefined || protocol === undefined || !hostnameOk || tls === null) return undefined;
  // from: Selector with a missing or rejected selector: no namespace is known to be allowed.
  if (from === 'Selector' && !selector) return undefined;
  return {
    name,
    ...(hostname !== undefined && protocol !== 'TCP' && protocol !== 'UDP' && { hostname }),
    port,
    protocol,
    ...(tls && { tls }),
    allowedNamespaces: from,
    ...(from === 'Selector' && selector && { allowedNamespaceSelector: selector }),
  };
}

/**
 * tls is required for HTTPS and TLS and forbidden otherwise; mode defaults to Terminate, which needs
 * certificateRefs. null: a listener no Gateway accepts.
 */
function parseListenerTLS(l: Fields, protocol: Listener['protocol'] | undefined): Listener['tls'] | null {
  const t = l.obj('tls');
  const needsTLS = protocol === 'HTTPS' || protocol === 'TLS';
  if (!t) {
    if (needsTLS) l.ctx.report('error', 'missing-field', `${l.at('tls')} is required for protocol ${protocol}: give certificateRefs (mode Terminate) or mode: Passthrough.`, l.path);
    return undefined;
  }
  if (protocol !== undefined && !needsTLS) {
    l.error('tls', 'invalid-value', `${l.at('tls')} must not be set for protocol ${protocol}; use HTTPS or TLS to terminate TLS.`);
    return undefined;
  }
  checkFields(t, FIELDS.tls);
  const mode = t.oneOf('mode', ['Terminate', 'Passthrough'] as const, 'Terminate');
  const certificateRefs = (t.objList('certificateRefs') ?? []).flatMap((c) => {
    checkFields(c, FIELDS.ref);
    const name = c.str('name', { required: true });
    const namespace = c.str('namespace');
    return name === undefined ? [] : [{ name, ...(namespace !== undefined && { namespace }) }];
  });
  if (mode === 'Terminate' && certificateRefs.length === 0 && !t.has('options')) {
    t.ctx.report('error', 'missing-field', `${t.at('certificateRefs')} is required when mode is Terminate: name the Secret with the certificate.`, t.path);
  }
  if (mode === 'Passthrough' && protocol === 'HTTPS') {
    // Schema-valid, but no implementation accepts the listener: it must decrypt to route HTTP.
    t.warn('mode', 'invalid-value', `${t.at('mode')} Passthrough does not work with protocol HTTPS (the Gateway must decrypt to route HTTP), so Gateways do not accept this listener; use protocol TLS with a TLSRoute, or mode Terminate.`);
    return null;
  }
  return { mode, certificateRefs };
}

export const parseHTTPRoute: KindParser<'HTTPRoute'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  checkFields(spec, FIELDS.route);
  const parentRefs = (spec.objList('parentRefs') ?? []).map(parseParentRef).filter((p) => p !== undefined);
  const written = spec.strList('hostnames');
  const hostnames = written.filter((h, i) => checkHostname(spec, `hostnames[${i}]`, h));
  const items = spec.objList('rules');
  // The CRD defaults an absent rules list to one rule that matches PathPrefix "/" (DATAPATH.md §7.4).
  const rules: RouteRule[] = items === undefined ? [{ matches: [DEFAULT_MATCH], backendRefs: [] }] : items.map(parseRule).filter((r) => r !== undefined);
  // No hostnames means every host; a route whose every hostname was rejected must not become that.
  if (written.length > 0 && hostnames.length === 0) return undefined;
  return { ...base, spec: { parentRefs, hostnames, rules } };
};

/** Shared by every defaulted rule, so frozen. */
const DEFAULT_MATCH: HTTPRouteMatch = Object.freeze({
  path: Object.freeze({ type: 'PathPrefix', value: '/' } as const),
  headers: Object.freeze([]),
  queryParams: Object.freeze([]),
});

function parseParentRef(p: Fields): ParentRef | undefined {
  checkFields(p, FIELDS.parentRef);
  const group = p.str('group') ?? GATEWAY_GROUP;
  const kind = p.str('kind') ?? 'Gateway';
  const name = p.str('name', { required: true, what: 'the name of the Gateway this route attaches to' });
  if (group !== GATEWAY_GROUP || kind !== 'Gateway') {
    p.ctx.report('warning', 'unsimulated-feature', `${p.path} attaches to ${kind} (${group || 'core'}); only Gateways are simulated as parents, so this parentRef is ignored.`, p.path);
    return undefined;
  }
  const namespace = p.str('namespace');
  const sectionName = p.str('sectionName');
  const port = p.int('port', { min: 1, max: 65535 });
  if (name === undefined) return undefined;
  return { name, ...(namespace !== undefined && { namespace }), ...(sectionName !== undefined && { sectionName }), ...(port !== undefined && { port }) };
}

function parseRule(r: Fields): RouteRule | undefined {
  checkFields(r, FIELDS.rule);
  const items = r.objList('matches');
  // Absent or empty `matches` both mean the default single PathPrefix "/" match.
  const matches = items === undefined || items.length === 0 ? [DEFAULT_MATCH] : items.map(parseMatch).filter((m) => m !== undefined);
  if (r.has('filters')) {
    r.warn('filters', 'unsimulated-feature', `${r.at('filters')} (redirects, rewrites, header changes) are not simulated; requests go to the backendRefs unchanged.`);
  }
  const backendRefs = (r.objList('backendRefs') ?? []).map(parseBackendRef).filter((b) => b !== undefined);
  // Every match rejected: the rule is left out rather than read as the match-everything default.
  return matches.length === 0 ? undefined : { matches, backendRefs };
}

const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F', '#'];

function parseMatch(m: Fields): HTTPRouteMatch | undefined {
  checkFields(m, FIELDS.match);
  const p = m.obj('path');
  if (p) checkFields(p, FIELDS.path);
  const type = p?.oneOf('type', ['Exact', 'PathPrefix', 'RegularExpression'] as const, 'PathPrefix') ?? 'PathPrefix';
  const value = p?.str('value') ?? '/';
  // A rejected part is not replaced by a default or dropped: the match would accept more than written.
  let valid = !p?.has('type') || p.value.type === type;
  if (p && type !== 'RegularExpression') {
    const bad = !value.startsWith('/') ? 'it must start with "/"'
      : BAD_SEQUENCES.find((s) => value.includes(s)) !== undefined ? `it must not contain "${BAD_SEQUENCES.find((s) => value.includes(s))}"`
        : value.endsWith('/..') || value.endsWith('/.') ? 'it must not end with "/." or "/.."' : undefined;
    if (bad) {
      p.error('value', 'invalid-value', `${p.at('value')} "${value}" is not a valid ${type} path: ${bad}, e.g. /api.`);
      valid = false;
    }
  }
  const headers = nameValueMatches(m, 'headers');
  const queryParams = nameValueMatches(m, 'queryParams');
  const method = m.oneOf('method', METHODS);
  if (m.has('method') && method === undefined) valid = false;
  if (!valid || headers === undefined || queryParams === undefined) return undefined;
  return { path: { type, value }, headers, queryParams, ...(method !== undefined && { method }) };
}

/**
 * Header and query-param matches; type defaults to Exact. The lists are keyed by name, so the API
 * server rejects a repeated name. Header names are case-insensitive: of two that differ only in case
 * "only the first entry with an equivalent name MUST be considered" (HTTPRouteMatch spec).
 * undefined when an entry was rejected (reported).
 */
function nameValueMatches(m: Fields, key: 'headers' | 'queryParams'): HTTPRouteMatch['headers'][number][] | undefined {
  const out: HTTPRouteMatch['headers'][number][] = [];
  const seen = new Set<string>();
  let rejected = m.has(key) && !Array.isArray(m.value[key]);
  for (const h of m.objList(key) ?? []) {
    checkFields(h, FIELDS.nameValue);
    const type = h.oneOf('type', ['Exact', 'RegularExpression'] as const, 'Exact');
    const name = h.str('name', { required: true });
    const value = h.str('value', { required: true });
    if (name === undefined || value === undefined || (h.has('type') && h.value.type !== type)) {
      rejected = true;
      continue;
    }
    if (out.some((o) => o.name === name)) {
      h.error('name', 'invalid-value', `${h.at('name')} "${name}" appears twice in this match; each ${key === 'headers' ? 'header' : 'query parameter'} may be matched once.`);
      rejected = true;
      continue;
    }
    if (key === 'headers' && seen.has(name.toLowerCase())) {
      h.warn('name', 'invalid-value', `${h.at('name')} "${name}" is the same header as an earlier entry (header names ignore case), so this entry is ignored.`);
      continue;
    }
    seen.add(name.toLowerCase());
    out.push({ type, name, value });
  }
  return rejected ? undefined : out;
}

function parseBackendRef(b: Fields): BackendRef | undefined {
  checkFields(b, FIELDS.backendRef);
  const group = b.str('group') ?? '';
  const kind = b.str('kind') ?? 'Service';
  const name = b.str('name', { required: true, what: 'the name of the Service that receives the requests' });
  const namespace = b.str('namespace');
  const port = b.int('port', { min: 1, max: 65535 });
  // 0 is valid: the backend stays configured but receives no traffic.
  const weight = b.int('weight', { min: 0, max: 1000000 });
  const service = kind === 'Service' && group === '';
  if (service && !b.has('port')) {
    b.ctx.report('error', 'missing-field', `${b.at('port')} is required for a Service backend: the Service port to send to.`, b.path);
    return undefined;
  }
  if (!service) {
    b.ctx.report('warning', 'unsimulated-feature', `${b.path} points at ${kind}${group ? ` (${group})` : ''}; only Service backends are simulated, so this backend gets no traffic.`, b.path);
    return undefined;
  }
  // A rejected port or weight (reported) is not replaced by a default.
  if (name === undefined || port === undefined || (b.has('weight') && weight === undefined)) return undefined;
  return { name, ...(namespace !== undefined && { namespace }), port, weight: weight ?? 1, kind };
}

/**
 * ReferenceGrant (v1beta1): `from` (group, kind, namespace) and `to` (group, kind, optional name)
 * are required lists; entries of each list are ORed. An entry missing a required field is left
 * out (reported), so it never allows more than written.
 */
export const parseReferenceGrant: KindParser<'ReferenceGrant'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  checkFields(spec, ['from', 'to']);
  const from = (spec.objList('from', { required: true }) ?? []).flatMap((f) => {
    checkFields(f, ['group', 'kind', 'namespace']);
    const group = requiredGroup(f, 'the API group of the referencing kind, e.g. gateway.networking.k8s.io');
    const kind = f.str('kind', { required: true, what: 'the referencing kind, e.g. HTTPRoute' });
    const namespace = f.str('namespace', { required: true, what: 'the namespace the references come from' });
    return group === undefined || kind === undefined || namespace === undefined ? [] : [{ group, kind, namespace }];
  });
  const to = (spec.objList('to', { required: true }) ?? []).flatMap((t) => {
    checkFields(t, ['group', 'kind', 'name']);
    const group = requiredGroup(t, 'the API group of the referenced kind, "" for a Service');
    const kind = t.str('kind', { required: true, what: 'the referenced kind, e.g. Service' });
    const name = t.str('name');
    return group === undefined || kind === undefined ? [] : [{ group, kind, ...(name !== undefined && { name }) }];
  });
  const grant: ReferenceGrant['spec'] = { from, to };
  return { ...base, spec: grant };
};

/** `group` is required but may be "" (the core group), which Fields.str's `required` rejects. */
function requiredGroup(f: Fields, what: string): string | undefined {
  if (!f.has('group')) {
    f.ctx.report('error', 'missing-field', `${f.at('group')} is required: ${what}.`, f.path);
    return undefined;
  }
  return f.str('group');
}

// The Gateway proxy's half of a Gateway API flow (DATAPATH §7.4): the proxy pod the cluster runs
// for the Gateway (src/cluster/gateways.ts, Istio's Envoy) terminates the client's connection,
// picks the listener and the HTTPRoute rule (trace-gateway-match.ts), picks a backendRef by weight,
// and opens a new connection to a ready endpoint of that Service (trace-proxy.ts). Failures answer
// as the Gateway API spec (HTTPRouteRule.backendRefs) and Envoy do: no listener or rule matches →
// 404; a rule without usable backendRefs, a missing Service or a cross-namespace reference no
// ReferenceGrant allows → 500; a Service without ready endpoints → 503 ("no healthy upstream").
import { GATEWAY_NAME_LABEL, gatewayAddresses } from '../cluster/gateways.ts';
import type { ClusterState, PodState } from '../model/cluster.ts';
import type { FlowVerdict, Gateway, GatewayListener, HTTPRoute } from '../model/objects.ts';
import type { ConntrackTable } from './conntrack.ts';
import type { Rng } from './random.ts';
import { matchGateway, type RouteMatch } from './trace-gateway-match.ts';
import { hop } from './trace-hops.ts';
import { proxyAnswers, secondConnection, servicePortOf, upstreams, type ProxyResult } from './trace-proxy.ts';
import type { Hop, HttpLayer, RuleRef } from './types.ts';

/** A proxy pod the cluster runs for a Gateway (labelled with the Gateway's name, GEP-1762). */
export function gatewayOf(state: ClusterState, pod: PodState): Gateway | undefined {
  const name = pod.system ? pod.labels[GATEWAY_NAME_LABEL] : undefined;
  return name === undefined ? undefined : state.gateways.find((g) => g.metadata.namespace === pod.namespace && g.metadata.name === name);
}

/**
 * Why nothing answers at `dst` when it is a Gateway's spec.addresses entry but no proxy serves it:
 * without its GatewayClass no controller programs the Gateway. Undefined when a proxy has the address.
 */
export function unservedGateway(state: ClusterState, dst: string): string | undefined {
  const gw = state.gateways.find((g) => g.spec.addresses.some((a) => a.value === dst));
  if (!gw || gatewayAddresses(gw, state.services).includes(dst)) return undefined;
  const cls = state.gatewayClasses.some((c) => c.metadata.name === gw.spec.gatewayClassName);
  return cls
    ? `${dst} is requested by Gateway ${gw.metadata.namespace}/${gw.metadata.name} (spec.addresses), but its proxy Service did not get it, so nobody answers there`
    : `${dst} is an address of Gateway ${gw.metadata.namespace}/${gw.metadata.name}, but no GatewayClass ${gw.spec.gatewayClassName} exists, so no controller accepts the Gateway or runs a proxy for it and nobody answers there`;
}

export interface GatewayInput {
  readonly proxy: PodState;
  readonly gateway: Gateway;
  readonly request: HttpLayer;
  /** The request's query string (`?v=2`), for queryParams matches. */
  readonly query?: string;
  /** The source address the proxy saw and the port it accepted the connection on (= the listener port). */
  readonly remoteAddr: string;
  readonly serverPort: number;
  readonly ct: ConntrackTable;
  readonly rng: Rng;
}

function objectRef(o: Gateway | HTTPRoute, kind: 'Gateway' | 'HTTPRoute', field: string, text: string, rule?: number): RuleRef {
  const range = o.source.doc > 0 ? o.source.paths[field] ?? o.source.range : undefined;
  return { kind, object: { kind, namespace: o.metadata.namespace, name: o.metadata.name }, text, ...(rule !== undefined ? { rule } : {}), ...(range ? { range } : {}) };
}

/**
 * The ReferenceGrant in `ns` that lets HTTPRoutes of the route's namespace reference Service `name`
 * (ReferenceGrant: from group gateway.networking.k8s.io kind HTTPRoute, to group "" kind Service,
 * with no name or this name; entries are ORed).
 */
function grantFor(state: ClusterState, route: HTTPRoute, ns: string, name: string): RuleRef | undefined {
  for (const g of state.referenceGrants) {
    if (g.metadata.namespace !== ns) continue;
    const from = g.spec.from.findIndex((f) => f.group === 'gateway.networking.k8s.io' && f.kind === 'HTTPRoute' && f.namespace === route.metadata.namespace);
    const to = g.spec.to.findIndex((t) => t.group === '' && t.kind === 'Service' && (t.name === undefined || t.name === name));
    if (from < 0 || to < 0) continue;
    const range = g.source.doc > 0 ? g.source.paths[`spec.to[${to}]`] ?? g.source.range : undefined;
    return {
      kind: 'ReferenceGrant', object: { kind: 'ReferenceGrant', namespace: ns, name: g.metadata.name },
      text: `from HTTPRoute in ${route.metadata.namespace} to Service ${g.spec.to[to]!.name ?? '*'}`, ...(range ? { range } : {}),
    };
  }
  return undefined;
}

/** Picks a backendRef in proportion to the weights (HTTPBackendRef.weight; 0 = never); undefined when all weigh 0. */
function byWeight<T extends { readonly weight: number }>(refs: readonly T[], rng: Rng): { ref: T; index: number } | undefined {
  const total = refs.reduce((n, r) => n + r.weight, 0);
  if (total === 0) return undefined;
  let x = rng.int(0, total - 1);
  for (const [index, ref] of refs.entries()) {
    if (x < ref.weight) return { ref, index };
    x -= ref.weight;
  }
  return undefined;
}

const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.)/.test(ip);

/**
 * The request Envoy sends upstream (Istio gateways run with use_remote_address): Host unchanged;
 * X-Forwarded-For gets the address Envoy saw appended (curl sends none, so it is that address);
 * X-Forwarded-Proto; a fresh X-Request-Id (UUID v4); X-Envoy-Attempt-Count; and
 * X-Envoy-External-Address only for a remote address outside the private ranges Envoy trusts as
 * internal. Envoy does not add X-Forwarded-Host, X-Forwarded-Port or X-Real-IP (ingress-nginx does).
 */
export function envoyUpstream(request: HttpLayer, remoteAddr: string, rng: Rng): HttpLayer {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  const id = `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
  const headers: Record<string, string> = {
    ...request.headers, 'X-Forwarded-For': remoteAddr, 'X-Forwarded-Proto': request.tls ? 'https' : 'http', 'X-Request-Id': id, 'X-Envoy-Attempt-Count': '1',
    ...(isPrivate(remoteAddr) ? {} : { 'X-Envoy-External-Address': remoteAddr }),
  };
  return { ...request, headers, tls: false };
}

export function proxyGateway(state: ClusterState, input: GatewayInput): ProxyResult {
  const { proxy, gateway: gw, request } = input;
  const host = (request.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const path = request.path ?? '/';
  const gwName = `${gw.metadata.namespace}/${gw.metadata.name}`;
  const name = `the Gateway proxy (Envoy) of Gateway ${gwName}`;
  const decide = (action: string, because: readonly RuleRef[], verdict: Hop['verdict'] = 'pass', status?: number): Hop => hop({
    at: `pod:${proxy.id}`, node: proxy.nodeName, component: 'gateway-proxy', where: `envoy :${input.serverPort}`, action, verdict, because,
    packet: { layers: [{ ...request, ...(status !== undefined ? { status } : {}) }] },
  });
  const fail = (status: 404 | 500 | 503, action: string, because: readonly RuleRef[], reason: string): ProxyResult => {
    const verdict: FlowVerdict = status === 404 ? 'not-found' : status === 503 ? 'unavailable' : 'rejected';
    const text = { 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' }[status];
    return proxyAnswers(decide(`${action}: Envoy answers ${status} ${text}.`, because, 'reject', status), verdict, `HTTP ${status} from the Gateway proxy of ${gwName}: ${reason}`);
  };
  const nsLabels = (ns: string) => state.index.namespaceByName.get(ns)?.labels ?? {};
  const req = { port: input.serverPort, tls: request.tls, host, path: `${path}${input.query ?? ''}`, method: request.method ?? 'GET', headers: request.headers };
  const m = matchGateway(gw, state.httpRoutes, req, nsLabels);
  if (m.kind === 'no-listener') {
    const ports = gw.spec.listeners.map((l) => `${l.name} ${l.protocol} :${l.port}${l.hostname ? ` ${l.hostname}` : ''}`).join(', ');
    return fail(404, `No listener of Gateway ${gwName} takes ${req.tls ? 'HTTPS' : 'HTTP'} on port ${req.port} for host ${host} (listeners: ${ports})`, [],
      `no listener takes ${req.tls ? 'HTTPS' : 'HTTP'} :${req.port} for host ${host} (Gateway API: a listener's hostname must match the request's host).`);
  }
  const listenerRef = objectRef(gw, 'Gateway', `spec.listeners[${m.listenerIndex}]`, `listener ${m.listener.name}: ${m.listener.protocol} :${m.listener.port}${m.listener.hostname ? ` hostname ${m.listener.hostname}` : ''}`);
  if (m.kind === 'no-route') {
    const why = m.attached === 0 ? `no HTTPRoute attaches to listener ${m.listener.name} (parentRefs, sectionName and allowedRoutes namespaces ${m.listener.allowedNamespaces})` : `none of the ${m.attached} HTTPRoute(s) attached to listener ${m.listener.name} has a hostname and match for host ${host}, path ${path}`;
    return fail(404, `Listener ${m.listener.name} takes the request, but ${why}`, [listenerRef], `${why} (Gateway API: no rule matches → 404).`);
  }
  return toBackend(state, input, m.found, listenerRef, { name, gwName, host, path, decide, fail, listener: m.listener });
}

interface Ctx {
  readonly listener: GatewayListener;
  readonly name: string;
  readonly gwName: string;
  readonly host: string;
  readonly path: string;
  readonly decide: (action: string, because: readonly RuleRef[]) => Hop;
  readonly fail: (status: 404 | 500 | 503, action: string, because: readonly RuleRef[], reason: string) => ProxyResult;
}

function toBackend(state: ClusterState, input: GatewayInput, found: RouteMatch, listenerRef: RuleRef, ctx: Ctx): ProxyResult {
  const { route } = found;
  const routeName = `${route.metadata.namespace}/${route.metadata.name}`;
  const rule = route.spec.rules[found.rule]!;
  const m = rule.matches[found.match]!;
  const what = `${m.path.type} ${m.path.value}${m.method ? ` ${m.method}` : ''}${m.headers.map((h) => ` ${h.name}=${h.value}`).join('')}${m.queryParams.map((q) => ` ?${q.name}=${q.value}`).join('')}`;
  const where = `rule ${found.rule + 1} match ${found.match + 1} (${what}${found.hostname ? ` on ${found.hostname}` : ''}) of HTTPRoute ${routeName}`;
  const routeRef = objectRef(route, 'HTTPRoute', `spec.rules[${found.rule}].matches[${found.match}]`, `${found.hostname || '*'} ${what}`, found.rule + 1);
  const because: RuleRef[] = [listenerRef, routeRef];
  const picked = byWeight(rule.backendRefs, input.rng);
  if (!picked) {
    const why = rule.backendRefs.length === 0 ? 'the rule has no backendRefs' : 'every backendRef of the rule has weight 0';
    return ctx.fail(500, `Host ${ctx.host}, path ${ctx.path} match ${where}, but ${why}`, because, `${where} matches, but ${why}, so nothing receives the request (HTTPRouteRule.backendRefs).`);
  }
  const ref = picked.ref;
  const refRef = objectRef(route, 'HTTPRoute', `spec.rules[${found.rule}].backendRefs[${picked.index}]`, `backendRef ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}:${ref.port ?? ''} weight ${ref.weight}`, found.rule + 1);
  const ns = ref.namespace ?? route.metadata.namespace;
  const weights = rule.backendRefs.length > 1 ? ` (picked by weight: ${ref.weight} of ${rule.backendRefs.reduce((n, r) => n + r.weight, 0)})` : '';
  if (ns !== route.metadata.namespace) {
    const grant = grantFor(state, route, ns, ref.name);
    if (!grant) {
      const why = `backendRef ${picked.index + 1} points at Service ${ns}/${ref.name} in another namespace, and no ReferenceGrant in ${ns} lets HTTPRoutes of namespace ${route.metadata.namespace} reference it (the route's ResolvedRefs condition is False, reason RefNotPermitted)`;
      return ctx.fail(500, `Host ${ctx.host}, path ${ctx.path} match ${where}${weights}; ${why}`, [...because, refRef], `${where} matches, but ${why}.`);
    }
    because.push(grant);
  }
  const svc = state.index.serviceById.get(`${ns}/${ref.name}`);
  const sp = svc && ref.port !== undefined ? servicePortOf(svc, { number: ref.port }) : undefined;
  if (!svc || !sp) {
    const why = !svc ? `Service ${ns}/${ref.name} does not exist (ResolvedRefs False, BackendNotFound)` : `Service ${svc.id} has no port ${ref.port ?? ''}`;
    return ctx.fail(500, `Host ${ctx.host}, path ${ctx.path} match ${where}${weights}, but ${why}`, [...because, refRef], `${where} sends to an invalid backend: ${why}.`);
  }
  const ups = upstreams(svc, sp);
  if (ups.length === 0) {
    return ctx.fail(503, `Host ${ctx.host}, path ${ctx.path} match ${where}${weights} → Service ${svc.id} port ${sp.port}, which has no ready endpoints ("no healthy upstream")`, [...because, refRef],
      `${where} sends to Service ${svc.id}, which has no ready endpoints.`);
  }
  // Envoy balances over the endpoints itself (Istio's default LEAST_REQUEST; the seed stands in for its state).
  const pick = ups[input.rng.int(0, ups.length - 1)]!;
  const upstream = envoyUpstream(input.request, input.remoteAddr, input.rng);
  const cert = ctx.listener.tls?.certificateRefs[0];
  const tls = input.request.tls ? `terminates TLS with ${cert ? `the certificate of Secret ${cert.namespace ?? input.gateway.metadata.namespace}/${cert.name}` : 'its certificate'} (certificateRefs of listener ${ctx.listener.name}), ` : '';
  const decision = ctx.decide(
    `Envoy ${tls}reads Host ${ctx.host} and path ${ctx.path}: ${where}${weights} → Service ${svc.id} port ${sp.port}; it picks the endpoint ${pick.ep.ip}:${pick.port} itself (not the ClusterIP) and opens a new connection to it, appending ${input.remoteAddr} (the address it saw) to X-Forwarded-For`,
    [...because, refRef],
  );
  return secondConnection(state, {
    proxy: input.proxy, name: ctx.name, short: `the Gateway proxy of ${ctx.gwName}`, role: 'the Gateway proxy pod', matched: where,
    decision, upstream, endpoint: { ip: pick.ep.ip, port: pick.port }, forwardedFor: input.remoteAddr, ct: input.ct, rng: input.rng,
  });
}

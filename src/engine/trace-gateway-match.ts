// Which HTTPRoute rule of a Gateway serves a request (DATAPATH §7.4; Gateway API v1 spec,
// https://gateway-api.sigs.k8s.io/reference/spec/). In order:
// 1. the listener: the request's port and protocol, then the most specific listener hostname
//    (GatewaySpec.listeners: exact, then the longest wildcard, then none);
// 2. the routes attached to that listener: parentRefs (name, namespace, sectionName, port) and the
//    listener's allowedRoutes.namespaces (Same, All, Selector);
// 3. hostnames: the route's hostnames (none = every host) intersected with the listener's;
// 4. the matches of every rule of every such route (path Exact / PathPrefix / RegularExpression,
//    method, headers, query params, all ANDed), ranked by HTTPRouteRule's precedence: characters
//    in a matching non-wildcard hostname, in a matching hostname, in the matching path (Exact
//    before PathPrefix on a tie), method match, most header matches, most query-param matches;
//    then the oldest route (scenarios carry no creationTimestamp, so all are equally old), then
//    `namespace/name` alphabetically, then the first rule and match in list order.
import type { LabelSelector, Labels } from '../model/labels.ts';
import { selectorMatches } from '../model/labels.ts';
import type { Gateway, GatewayListener, HTTPRoute, HTTPRouteMatch } from '../model/objects.ts';
import { pathMatches } from './trace-ingress-match.ts';

export interface GatewayRequest {
  readonly port: number;
  readonly tls: boolean;
  readonly host: string;
  /** With the query string, as the client sent it. */
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RouteMatch {
  readonly route: HTTPRoute;
  readonly rule: number;
  readonly match: number;
  /** The hostname that matched (route's, else listener's); '' when neither names one. */
  readonly hostname: string;
}

export type GatewayMatch =
  | { readonly kind: 'no-listener' }
  | { readonly kind: 'no-route'; readonly listener: GatewayListener; readonly listenerIndex: number; readonly attached: number }
  | { readonly kind: 'match'; readonly listener: GatewayListener; readonly listenerIndex: number; readonly found: RouteMatch };

/**
 * Gateway API hostname matching (Listener.hostname, HTTPRoute.hostnames): `*.example.com` matches
 * `foo.example.com` and `foo.bar.example.com` — one or more labels, unlike an Ingress wildcard —
 * but not `example.com`. No hostname matches every host. Case-insensitive.
 */
export function gatewayHostMatches(pattern: string | undefined, host: string): 'exact' | 'wildcard' | 'any' | undefined {
  if (pattern === undefined || pattern === '') return 'any';
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1 ? 'wildcard' : undefined;
  return p === h ? 'exact' : undefined;
}

/** Higher = more specific: exact beats any wildcard, a longer wildcard beats a shorter one, none is last. */
function hostRank(pattern: string | undefined): number {
  if (!pattern) return 0;
  return pattern.startsWith('*.') ? pattern.length : 1000 + pattern.length;
}

/** The listener for the port and protocol with the most specific hostname matching `host`. */
export function pickListener(gw: Gateway, req: Pick<GatewayRequest, 'port' | 'tls' | 'host'>): number | undefined {
  let best: number | undefined;
  for (const [i, l] of gw.spec.listeners.entries()) {
    const protocol = req.tls ? 'HTTPS' : 'HTTP';
    if (l.port !== req.port || l.protocol !== protocol || !gatewayHostMatches(l.hostname, req.host)) continue;
    if (best === undefined || hostRank(l.hostname) > hostRank(gw.spec.listeners[best]!.hostname)) best = i;
  }
  return best;
}

/** Whether `route` attaches to `listener` of `gw`: a parentRef names it and allowedRoutes lets the route's namespace in. */
export function attaches(route: HTTPRoute, gw: Gateway, listener: GatewayListener, nsLabels: (ns: string) => Labels): boolean {
  const ns = route.metadata.namespace;
  const referenced = route.spec.parentRefs.some((p) => p.name === gw.metadata.name && (p.namespace ?? ns) === gw.metadata.namespace
    && (p.sectionName === undefined || p.sectionName === listener.name) && (p.port === undefined || p.port === listener.port));
  if (!referenced) return false;
  if (listener.allowedNamespaces === 'All') return true;
  if (listener.allowedNamespaces === 'Same') return ns === gw.metadata.namespace;
  return selectorMatches(listener.allowedNamespaceSelector as LabelSelector, nsLabels(ns));
}

/** Full-string match, as Envoy's RE2 safe_regex does; an expression JavaScript cannot read matches nothing. */
function regexMatches(expression: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${expression})$`).test(value);
  } catch {
    return false;
  }
}

export function matchMatches(m: HTTPRouteMatch, req: GatewayRequest): boolean {
  const [path = '/', query = ''] = req.path.split('?', 2);
  const p = m.path;
  const pathOk = p.type === 'RegularExpression' ? regexMatches(p.value, path) : pathMatches(p.value, p.type === 'Exact' ? 'Exact' : 'Prefix', path);
  if (!pathOk) return false;
  if (m.method !== undefined && m.method !== req.method.toUpperCase()) return false;
  const headers = new Map(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (const h of m.headers) {
    const v = headers.get(h.name.toLowerCase());
    if (v === undefined || !(h.type === 'Exact' ? v === h.value : regexMatches(h.value, v))) return false;
  }
  const params = new URLSearchParams(query);
  for (const q of m.queryParams) {
    const v = params.get(q.name);
    if (v === null || !(q.type === 'Exact' ? v === q.value : regexMatches(q.value, v))) return false;
  }
  return true;
}

/** The precedence key of a match, compared element by element, larger first. */
function precedence(m: HTTPRouteMatch, hostname: string): number[] {
  const path = m.path.type === 'RegularExpression' ? -1 : m.path.value.length;
  return [hostname.startsWith('*.') ? 0 : hostname.length, hostname.length, path, m.path.type === 'Exact' ? 1 : 0, m.method ? 1 : 0, m.headers.length, m.queryParams.length];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

/** The route hostname matching `host` (the most specific), '' for a route without hostnames, undefined for none. */
function routeHostname(route: HTTPRoute, host: string): string | undefined {
  if (route.spec.hostnames.length === 0) return '';
  const matching = route.spec.hostnames.filter((h) => gatewayHostMatches(h, host));
  return matching.sort((a, b) => hostRank(b) - hostRank(a))[0];
}

export function matchGateway(gw: Gateway, routes: readonly HTTPRoute[], req: GatewayRequest, nsLabels: (ns: string) => Labels): GatewayMatch {
  const listenerIndex = pickListener(gw, req);
  if (listenerIndex === undefined) return { kind: 'no-listener' };
  const listener = gw.spec.listeners[listenerIndex]!;
  const attached = routes.filter((r) => attaches(r, gw, listener, nsLabels))
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  let found: RouteMatch | undefined;
  let bestKey: number[] | undefined;
  for (const route of attached) {
    const own = routeHostname(route, req.host);
    if (own === undefined) continue;
    const hostname = own || listener.hostname || '';
    for (const [ri, rule] of route.spec.rules.entries()) {
      for (const [mi, m] of rule.matches.entries()) {
        if (!matchMatches(m, req)) continue;
        const key = precedence(m, hostname);
        // Strictly better only: on a tie the earlier route (alphabetical), rule and match stay.
        if (bestKey === undefined || compareKeys(key, bestKey) < 0) {
          found = { route, rule: ri, match: mi, hostname };
          bestKey = key;
        }
      }
    }
  }
  return found ? { kind: 'match', listener, listenerIndex, found } : { kind: 'no-route', listener, listenerIndex, attached: attached.length };
}

// HTTPRoute matching as the Gateway API v1 spec orders it (trace-gateway-match.ts); each table
// names the spec section it is written from (https://gateway-api.sigs.k8s.io/reference/spec/).
import { describe, expect, it } from 'vitest';
import { attaches, gatewayHostMatches, matchGateway, matchMatches, pickListener, type GatewayRequest } from '../../src/engine/trace-gateway-match.ts';
import type { HTTPRouteMatch } from '../../src/model/objects.ts';
import { edge, objects, route } from './gateway-fixtures.ts';

const req = (host: string, path: string, extra: Partial<GatewayRequest> = {}): GatewayRequest =>
  ({ port: 80, tls: false, host, path, method: 'GET', headers: { Host: host, 'User-Agent': 'curl/8.5.0', Accept: '*/*' }, ...extra });
const nsLabels = (ns: string) => ({ 'kubernetes.io/metadata.name': ns, ...(ns === 'infra' ? { edge: 'true' } : {}) });

describe('gatewayHostMatches (Listener.hostname, HTTPRoute.hostnames: a wildcard covers one or more labels)', () => {
  it.each([
    ['foo.example.com', 'foo.example.com', 'exact'],
    ['foo.example.com', 'FOO.Example.com', 'exact'],
    ['*.example.com', 'foo.example.com', 'wildcard'],
    ['*.example.com', 'foo.bar.example.com', 'wildcard'],
    ['*.example.com', 'example.com', undefined],
    ['foo.example.com', 'bar.example.com', undefined],
    [undefined, 'anything.test', 'any'],
  ] as const)('%s vs %s → %s', (pattern, host, expected) => {
    expect(gatewayHostMatches(pattern, host)).toBe(expected);
  });
});

describe('pickListener (GatewaySpec.listeners: the most specific hostname on the port wins)', () => {
  const gw = objects(edge).gateways[0]!;
  it.each([
    ['api.example.com', 80, false, 'api'],
    ['shop.example.com', 80, false, 'http'],
    ['shop.example.org', 80, false, undefined],
    ['api.example.com', 8080, false, undefined],
    ['api.example.com', 80, true, undefined],
  ] as const)('host %s port %i tls %s → %s', (host, port, tls, name) => {
    const i = pickListener(gw, { host, port, tls });
    expect(i === undefined ? undefined : gw.spec.listeners[i]!.name).toBe(name);
  });
});

describe('attaches (HTTPRoute parentRefs; Listener.allowedRoutes.namespaces)', () => {
  const gw = objects(edge).gateways[0]!;
  const [http, api] = gw.spec.listeners;
  it.each([
    ['parentRef names the Gateway, All namespaces', '{name: edge, namespace: infra}', 'app', true, false],
    ['parentRef without namespace means the route namespace', '{name: edge}', 'app', false, false],
    ['same namespace: the api listener (from: Same) lets it in too', '{name: edge}', 'infra', true, true],
    ['sectionName picks one listener', '{name: edge, namespace: infra, sectionName: api}', 'infra', false, true],
    ['port must equal the listener port', '{name: edge, namespace: infra, port: 8080}', 'infra', false, false],
    ['another Gateway', '{name: other, namespace: infra}', 'infra', false, false],
  ] as const)('%s', (_, parent, ns, onHttp, onApi) => {
    const r = objects(route('r', `  parentRefs: [${parent}]\n`, ns)).routes[0]!;
    expect([attaches(r, gw, http!, nsLabels), attaches(r, gw, api!, nsLabels)]).toEqual([onHttp, onApi]);
  });

  it('from: Selector admits namespaces whose labels match', () => {
    const sel = objects(edge.replace('{from: All}', '{from: Selector, selector: {matchLabels: {edge: "true"}}}')).gateways[0]!;
    const inInfra = objects(route('r', '  parentRefs: [{name: edge, namespace: infra}]\n', 'infra')).routes[0]!;
    const inApp = objects(route('r', '  parentRefs: [{name: edge, namespace: infra}]\n', 'app')).routes[0]!;
    expect([attaches(inInfra, sel, sel.spec.listeners[0]!, nsLabels), attaches(inApp, sel, sel.spec.listeners[0]!, nsLabels)]).toEqual([true, false]);
  });
});

describe('matchMatches (HTTPRouteMatch: path, method, headers and query params are ANDed)', () => {
  const m = (path: HTTPRouteMatch['path'], extra: Partial<HTTPRouteMatch> = {}): HTTPRouteMatch => ({ path, headers: [], queryParams: [], ...extra });
  it.each([
    ['PathPrefix /abc matches /abc/def', m({ type: 'PathPrefix', value: '/abc' }), req('h', '/abc/def'), true],
    ['PathPrefix /abc does not match /abcd (element-wise)', m({ type: 'PathPrefix', value: '/abc' }), req('h', '/abcd'), false],
    ['PathPrefix /abc/ matches /abc (trailing slash ignored)', m({ type: 'PathPrefix', value: '/abc/' }), req('h', '/abc'), true],
    ['Exact /abc does not match /abc/', m({ type: 'Exact', value: '/abc' }), req('h', '/abc/'), false],
    ['the query string is not part of the path', m({ type: 'Exact', value: '/abc' }), req('h', '/abc?x=1'), true],
    ['RegularExpression matches the whole path', m({ type: 'RegularExpression', value: '/v[0-9]+/.*' }), req('h', '/v2/items'), true],
    ['RegularExpression is anchored', m({ type: 'RegularExpression', value: '/v[0-9]+' }), req('h', '/v2/items'), false],
    ['method must equal', m({ type: 'PathPrefix', value: '/' }, { method: 'POST' }), req('h', '/'), false],
    ['header names ignore case', m({ type: 'PathPrefix', value: '/' }, { headers: [{ type: 'Exact', name: 'user-agent', value: 'curl/8.5.0' }] }), req('h', '/'), true],
    ['a header the request lacks', m({ type: 'PathPrefix', value: '/' }, { headers: [{ type: 'Exact', name: 'X-Canary', value: '1' }] }), req('h', '/'), false],
    ['query param Exact', m({ type: 'PathPrefix', value: '/' }, { queryParams: [{ type: 'Exact', name: 'v', value: '2' }] }), req('h', '/?v=2'), true],
    ['query param value differs', m({ type: 'PathPrefix', value: '/' }, { queryParams: [{ type: 'Exact', name: 'v', value: '2' }] }), req('h', '/?v=3'), false],
  ] as const)('%s', (_, match, request, expected) => {
    expect(matchMatches(match, request)).toBe(expected);
  });
});

describe('matchGateway precedence (HTTPRouteRule: hostname, path characters, method, headers, query; then route name, rule order)', () => {
  const parent = '  parentRefs: [{name: edge, namespace: infra}]\n';
  const rule = (match: string, svc: string) => `    - matches: [${match}]\n      backendRefs: [{name: ${svc}, port: 80}]\n`;
  const routes = objects([
    route('a-wild', `${parent}  hostnames: ["*.example.com"]\n  rules:\n${rule('{path: {type: PathPrefix, value: /api/v1/items}}', 'wild-long')}`),
    route('b-exact', `${parent}  hostnames: [shop.example.com]\n  rules:\n${rule('{path: {type: PathPrefix, value: /}}', 'root')}${rule('{path: {type: PathPrefix, value: /api}}', 'api')}${rule('{path: {type: Exact, value: /api}}', 'api-exact')}${rule('{path: {type: PathPrefix, value: /api}, method: POST}', 'api-post')}${rule('{path: {type: PathPrefix, value: /api}, headers: [{name: accept, value: "*/*"}]}', 'api-accept')}`),
    route('c-exact', `${parent}  hostnames: [shop.example.com]\n  rules:\n${rule('{path: {type: PathPrefix, value: /}}', 'root-c')}`),
    route('d-none', `${parent}  rules:\n${rule('{path: {type: PathPrefix, value: /}}', 'listener-host')}`),
  ].join('')).routes;
  const gw = objects(edge).gateways[0]!;
  it.each([
    ['a non-wildcard hostname beats a longer path on a wildcard one', req('shop.example.com', '/api/v1/items'), 'api-accept'],
    ['more path characters', req('shop.example.com', '/api/x', { headers: {} }), 'api'],
    ['Exact beats PathPrefix of the same length', req('shop.example.com', '/api', { headers: {} }), 'api-exact'],
    ['a method match beats none', req('shop.example.com', '/api/x', { method: 'POST', headers: {} }), 'api-post'],
    ['more header matches', req('shop.example.com', '/api/x'), 'api-accept'],
    ['full tie across routes: alphabetical namespace/name (b-exact before c-exact)', req('shop.example.com', '/'), 'root'],
    ['the wildcard route for another host', req('www.example.com', '/api/v1/items/7'), 'wild-long'],
    ['a route without hostnames takes the listener hostname', req('www.example.com', '/'), 'listener-host'],
  ] as const)('%s', (_, request, backend) => {
    const m = matchGateway(gw, routes, request, nsLabels);
    if (m.kind !== 'match') throw new Error(m.kind);
    expect(m.found.route.spec.rules[m.found.rule]!.backendRefs[0]!.name).toBe(backend);
  });

  it('no listener for the host; no route attached to the api listener (from: Same)', () => {
    expect(matchGateway(gw, routes, req('shop.example.org', '/'), nsLabels).kind).toBe('no-listener');
    expect(matchGateway(gw, routes, req('api.example.com', '/'), nsLabels)).toMatchObject({ kind: 'no-route', attached: 0 });
  });
});

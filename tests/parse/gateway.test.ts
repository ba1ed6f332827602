import { describe, expect, it } from 'vitest';
import type { Gateway, GatewayClass, HTTPRoute } from '../../src/model/objects.ts';
import type { KindParser } from '../../src/parse/base.ts';
import { parseGateway, parseGatewayClass, parseHTTPRoute } from '../../src/parse/gateway.ts';
import { parse } from '../../src/parse/index.ts';
import { fuzzParsers, runKindParser } from './kind-harness.ts';
import type { Reported } from './kind-harness.ts';



function run<K extends 'GatewayClass' | 'Gateway' | 'HTTPRoute'>(parser: KindParser<K>, kind: K, text: string) {
  const { object, diagnostics } = runKindParser(parser, { kind, apiVersion: 'gateway.networking.k8s.io/v1', name: 'shop', namespace: kind === 'GatewayClass' ? '' : 'shop' }, text);
  return { object, diagnostics };
}

const gatewayClass = (spec: string) => run(parseGatewayClass, 'GatewayClass', `spec: ${spec}`) as { object: GatewayClass | undefined; diagnostics: Reported[] };
const gateway = (spec: string) => run(parseGateway, 'Gateway', `spec: ${spec}`) as { object: Gateway | undefined; diagnostics: Reported[] };
const listener = (l: string) => gateway(`{gatewayClassName: eg, listeners: [${l}]}`);
const route = (spec: string) => run(parseHTTPRoute, 'HTTPRoute', `spec: ${spec}`) as { object: HTTPRoute | undefined; diagnostics: Reported[] };
const prefixSlash = { path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [] };

describe('parseGatewayClass', () => {
  it.each([
    { name: 'controllerName kept', spec: '{controllerName: gateway.envoyproxy.io/gatewayclass-controller}', want: [], controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
    { name: 'controllerName missing', spec: '{}', want: [['error', 'missing-field', 'spec']], controllerName: '' },
    { name: 'controllerName without a domain', spec: '{controllerName: envoy}', want: [['error', 'invalid-value', 'spec.controllerName']], controllerName: 'envoy' },
  ])('$name', ({ spec, want, controllerName }) => {
    const { object, diagnostics } = gatewayClass(spec);
    expect(diagnostics).toEqual(want);
    expect(object?.spec.controllerName).toBe(controllerName);
  });
});

describe('parseGateway: listeners (DATAPATH.md §7.4)', () => {
  it('reads a Gateway with defaults filled in', () => {
    const { object, diagnostics } = gateway(`
    gatewayClassName: eg
    listeners:
    - {name: http, port: 80, protocol: HTTP}
    - name: https
      port: 443
      protocol: HTTPS
      hostname: "*.example.com"
      tls: {certificateRefs: [{name: shop-tls}]}
      allowedRoutes: {namespaces: {from: All}}
    - name: tls
      port: 8443
      protocol: TLS
      tls: {mode: Passthrough}
      allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared-gateway: "true"}}}}
    addresses: [{value: 172.16.0.220}]
`);
    expect(diagnostics).toEqual([]);
    expect(object?.spec).toEqual({
      gatewayClassName: 'eg',
      listeners: [
        // allowedRoutes.namespaces.from defaults to Same.
        { name: 'http', port: 80, protocol: 'HTTP', allowedNamespaces: 'Same' },
        // tls.mode defaults to Terminate.
        { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-tls' }] }, allowedNamespaces: 'All' },
        {
          name: 'tls', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough', certificateRefs: [] },
          allowedNamespaces: 'Selector', allowedNamespaceSelector: { matchLabels: { 'shared-gateway': 'true' }, matchExpressions: [] },
        },
      ],
      // address type defaults to IPAddress.
      addresses: [{ type: 'IPAddress', value: '172.16.0.220' }],
    });
  });

  it.each([
    { name: 'gatewayClassName missing', spec: '{listeners: [{name: http, port: 80, protocol: HTTP}]}', want: [['error', 'missing-field', 'spec']] },
    { name: 'listeners missing', spec: '{gatewayClassName: eg}', want: [['error', 'missing-field', 'spec']] },
    { name: 'listeners empty', spec: '{gatewayClassName: eg, listeners: []}', want: [['error', 'missing-field', 'spec.listeners']] },
    { name: 'listener names repeat', spec: '{gatewayClassName: eg, listeners: [{name: web, port: 80, protocol: HTTP}, {name: web, port: 8080, protocol: HTTP}]}', want: [['error', 'invalid-value', 'spec.listeners[1].name']] },
    { name: 'same port, protocol and hostname twice', spec: '{gatewayClassName: eg, listeners: [{name: a, port: 80, protocol: HTTP}, {name: b, port: 80, protocol: HTTP}]}', want: [['error', 'invalid-value', 'spec.listeners[1]']] },
    { name: 'address without value', spec: '{gatewayClassName: eg, listeners: [{name: a, port: 80, protocol: HTTP}], addresses: [{type: IPAddress}]}', want: [['error', 'missing-field', 'spec.addresses[0]']] },
  ])('$name', ({ spec, want }) => {
    expect(gateway(spec).diagnostics).toEqual(want);
  });

  it('two listeners on one port with different hostnames are fine', () => {
    const { object, diagnostics } = gateway('{gatewayClassName: eg, listeners: [{name: a, port: 80, protocol: HTTP, hostname: a.example.com}, {name: b, port: 80, protocol: HTTP, hostname: b.example.com}]}');
    expect(diagnostics).toEqual([]);
    expect(object?.spec.listeners).toHaveLength(2);
  });

  const L = 'spec.listeners[0]';
  it.each([
    { name: 'name missing', l: '{port: 80, protocol: HTTP}', want: [['error', 'missing-field', L]] },
    { name: 'name with upper case', l: '{name: Web, port: 80, protocol: HTTP}', want: [['error', 'invalid-value', `${L}.name`]] },
    { name: 'port missing', l: '{name: web, protocol: HTTP}', want: [['error', 'missing-field', L]] },
    { name: 'port 0', l: '{name: web, port: 0, protocol: HTTP}', want: [['error', 'invalid-value', `${L}.port`]] },
    { name: 'port 65536', l: '{name: web, port: 65536, protocol: HTTP}', want: [['error', 'invalid-value', `${L}.port`]] },
    { name: 'protocol missing', l: '{name: web, port: 80}', want: [['error', 'missing-field', L]] },
    { name: 'protocol unknown', l: '{name: web, port: 80, protocol: GRPC}', want: [['error', 'invalid-value', `${L}.protocol`]] },
    { name: 'hostname on TCP', l: '{name: db, port: 5432, protocol: TCP, hostname: db.example.com}', want: [['error', 'invalid-value', `${L}.hostname`]] },
    { name: 'hostname is an IP', l: '{name: web, port: 80, protocol: HTTP, hostname: 172.16.0.220}', want: [['error', 'invalid-value', `${L}.hostname`]] },
    { name: 'hostname is a lone *', l: '{name: web, port: 80, protocol: HTTP, hostname: "*"}', want: [['error', 'invalid-value', `${L}.hostname`]] },
    { name: 'HTTPS without tls', l: '{name: web, port: 443, protocol: HTTPS}', want: [['error', 'missing-field', L]] },
    { name: 'tls on HTTP', l: '{name: web, port: 80, protocol: HTTP, tls: {certificateRefs: [{name: c}]}}', want: [['error', 'invalid-value', `${L}.tls`]] },
    { name: 'Terminate without certificateRefs', l: '{name: web, port: 443, protocol: HTTPS, tls: {mode: Terminate}}', want: [['error', 'missing-field', `${L}.tls`]] },
    { name: 'Passthrough with HTTPS', l: '{name: web, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}', want: [['warning', 'invalid-value', `${L}.tls.mode`]] },
    { name: 'unknown tls mode', l: '{name: web, port: 443, protocol: TLS, tls: {mode: Reencrypt, certificateRefs: [{name: c}]}}', want: [['error', 'invalid-value', `${L}.tls.mode`]] },
    { name: 'unknown allowedRoutes.namespaces.from', l: '{name: web, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Any}}}', want: [['error', 'invalid-value', `${L}.allowedRoutes.namespaces.from`]] },
    { name: 'unknown listener field warns', l: '{name: web, port: 80, protocol: HTTP, hostnames: [a.example.com]}', want: [['warning', 'unknown-field', `${L}.hostnames`]] },
    { name: 'labels straight under the namespace selector', l: '{name: web, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {team: a}}}}', want: [['error', 'unknown-field', `${L}.allowedRoutes.namespaces.selector.team`]] },
    { name: 'from Selector without selector', l: '{name: web, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector}}}', want: [['error', 'missing-field', `${L}.allowedRoutes.namespaces`]] },
  ])('listener: $name', ({ l, want }) => {
    expect(listener(l).diagnostics).toEqual(want);
  });

  it('a Passthrough HTTPS listener is left out: Gateways do not accept it', () => {
    const { object } = gateway('{gatewayClassName: eg, listeners: [{name: a, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}, {name: b, port: 80, protocol: HTTP}]}');
    expect(object?.spec.listeners.map((l) => l.name)).toEqual(['b']);
  });

  it('a listener with a rejected hostname is left out rather than accepting every host', () => {
    const { object } = gateway('{gatewayClassName: eg, listeners: [{name: a, port: 80, protocol: HTTP, hostname: "*"}, {name: b, port: 8080, protocol: HTTP}]}');
    expect(object?.spec.listeners.map((l) => l.name)).toEqual(['b']);
  });

  it.each([
    { name: 'missing', selector: '' },
    { name: 'rejected', selector: ', selector: {team: a}' },
  ])('a listener with from: Selector and a $name selector is left out', ({ selector }) => {
    const { object } = gateway(`{gatewayClassName: eg, listeners: [{name: a, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector${selector}}}}, {name: b, port: 8080, protocol: HTTP}]}`);
    expect(object?.spec.listeners.map((l) => l.name)).toEqual(['b']);
  });

  it('a listener with a fatal error is left out', () => {
    const { object } = gateway('{gatewayClassName: eg, listeners: [{name: a, port: 0, protocol: HTTP}, {name: b, port: 80, protocol: HTTP}]}');
    expect(object?.spec.listeners.map((l) => l.name)).toEqual(['b']);
  });
});

describe('parseHTTPRoute (DATAPATH.md §7.4)', () => {
  it('no rules → one rule matching PathPrefix / with no backends (the CRD default)', () => {
    const { object, diagnostics } = route('{parentRefs: [{name: gw}]}');
    expect(diagnostics).toEqual([]);
    expect(object?.spec).toEqual({ parentRefs: [{ name: 'gw' }], hostnames: [], rules: [{ matches: [prefixSlash], backendRefs: [] }] });
  });

  it.each([
    { name: 'matches absent → PathPrefix /', rule: '{backendRefs: [{name: web, port: 80}]}', matches: [prefixSlash] },
    { name: 'matches: [] → PathPrefix /', rule: '{matches: [], backendRefs: [{name: web, port: 80}]}', matches: [prefixSlash] },
    { name: 'a match without path → PathPrefix /', rule: '{matches: [{method: GET}], backendRefs: [{name: web, port: 80}]}', matches: [{ ...prefixSlash, method: 'GET' }] },
    { name: 'path type defaults to PathPrefix', rule: '{matches: [{path: {value: /api}}], backendRefs: [{name: web, port: 80}]}', matches: [{ ...prefixSlash, path: { type: 'PathPrefix', value: '/api' } }] },
    { name: 'path value defaults to /', rule: '{matches: [{path: {type: Exact}}], backendRefs: [{name: web, port: 80}]}', matches: [{ ...prefixSlash, path: { type: 'Exact', value: '/' } }] },
    {
      name: 'header and query matches default to Exact',
      rule: '{matches: [{headers: [{name: x-env, value: canary}, {type: RegularExpression, name: user-agent, value: ".*Firefox.*"}], queryParams: [{name: debug, value: "1"}]}], backendRefs: [{name: web, port: 80}]}',
      matches: [{
        path: { type: 'PathPrefix', value: '/' },
        headers: [{ type: 'Exact', name: 'x-env', value: 'canary' }, { type: 'RegularExpression', name: 'user-agent', value: '.*Firefox.*' }],
        queryParams: [{ type: 'Exact', name: 'debug', value: '1' }],
      }],
    },
    { name: 'RegularExpression paths are not checked as paths', rule: '{matches: [{path: {type: RegularExpression, value: "^/v[0-9]+"}}], backendRefs: [{name: web, port: 80}]}', matches: [{ ...prefixSlash, path: { type: 'RegularExpression', value: '^/v[0-9]+' } }] },
  ])('$name', ({ rule, matches }) => {
    const { object, diagnostics } = route(`{parentRefs: [{name: gw}], rules: [${rule}]}`);
    expect(diagnostics).toEqual([]);
    expect(object?.spec.rules[0]?.matches).toEqual(matches);
  });

  it('backendRefs: weight defaults to 1, kind to Service', () => {
    const { object, diagnostics } = route('{parentRefs: [{name: gw, namespace: infra, sectionName: https, port: 443}], hostnames: [shop.example.com, "*.shop.example.com"], rules: [{backendRefs: [{name: v1, port: 8080}, {name: v2, namespace: canary, port: 8080, weight: 0}]}]}');
    expect(diagnostics).toEqual([]);
    expect(object?.spec.parentRefs).toEqual([{ name: 'gw', namespace: 'infra', sectionName: 'https', port: 443 }]);
    expect(object?.spec.hostnames).toEqual(['shop.example.com', '*.shop.example.com']);
    expect(object?.spec.rules[0]?.backendRefs).toEqual([
      { name: 'v1', port: 8080, weight: 1, kind: 'Service' },
      { name: 'v2', namespace: 'canary', port: 8080, weight: 0, kind: 'Service' },
    ]);
  });

  const R = 'spec.rules[0]';
  it.each([
    { name: 'PathPrefix value not starting with /', rule: '{matches: [{path: {value: api}}]}', want: [['error', 'invalid-value', `${R}.matches[0].path.value`]] },
    { name: 'Exact value with //', rule: '{matches: [{path: {type: Exact, value: //api}}]}', want: [['error', 'invalid-value', `${R}.matches[0].path.value`]] },
    { name: 'path value with #', rule: '{matches: [{path: {value: "/a#b"}}]}', want: [['error', 'invalid-value', `${R}.matches[0].path.value`]] },
    { name: 'path value ending in /.', rule: '{matches: [{path: {value: /api/.}}]}', want: [['error', 'invalid-value', `${R}.matches[0].path.value`]] },
    { name: 'unknown path type', rule: '{matches: [{path: {type: Prefix, value: /api}}]}', want: [['error', 'invalid-value', `${R}.matches[0].path.type`]] },
    { name: 'unknown method', rule: '{matches: [{method: get}]}', want: [['error', 'invalid-value', `${R}.matches[0].method`]] },
    { name: 'header without value', rule: '{matches: [{headers: [{name: x-env}]}]}', want: [['error', 'missing-field', `${R}.matches[0].headers[0]`]] },
    // headers and queryParams are lists keyed by name: the API server rejects a repeated name.
    { name: 'header matched twice', rule: '{matches: [{headers: [{name: x-env, value: a}, {name: x-env, value: b}]}]}', want: [['error', 'invalid-value', `${R}.matches[0].headers[1].name`]] },
    { name: 'query param matched twice', rule: '{matches: [{queryParams: [{name: q, value: a}, {name: q, value: b}]}]}', want: [['error', 'invalid-value', `${R}.matches[0].queryParams[1].name`]] },
    // Header names ignore case; the spec says only the first equivalent entry counts.
    { name: 'header names differing only in case', rule: '{matches: [{headers: [{name: X-Env, value: a}, {name: x-env, value: b}]}]}', want: [['warning', 'invalid-value', `${R}.matches[0].headers[1].name`]] },
    { name: 'query param type unknown', rule: '{matches: [{queryParams: [{type: Prefix, name: q, value: a}]}]}', want: [['error', 'invalid-value', `${R}.matches[0].queryParams[0].type`]] },
    { name: 'Service backend without port', rule: '{backendRefs: [{name: web}]}', want: [['error', 'missing-field', `${R}.backendRefs[0]`]] },
    { name: 'backend without name', rule: '{backendRefs: [{port: 80}]}', want: [['error', 'missing-field', `${R}.backendRefs[0]`]] },
    { name: 'a backend that is not a Service', rule: '{backendRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: web, port: 80}]}', want: [['warning', 'unsimulated-feature', `${R}.backendRefs[0]`]] },
    { name: 'weight below 0', rule: '{backendRefs: [{name: web, port: 80, weight: -1}]}', want: [['error', 'invalid-value', `${R}.backendRefs[0].weight`]] },
    { name: 'weight above 1000000', rule: '{backendRefs: [{name: web, port: 80, weight: 1000001}]}', want: [['error', 'invalid-value', `${R}.backendRefs[0].weight`]] },
    // Gateway API grows fields from release to release: unknown ones warn rather than block.
    { name: 'unknown rule field warns', rule: '{backendRef: [{name: web, port: 80}]}', want: [['warning', 'unknown-field', `${R}.backendRef`]] },
    { name: 'unknown match field warns', rule: '{matches: [{paths: {value: /}}]}', want: [['warning', 'unknown-field', `${R}.matches[0].paths`]] },
    { name: 'filters are not simulated', rule: '{filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]}', want: [['warning', 'unsimulated-feature', `${R}.filters`]] },
  ])('rule: $name', ({ rule, want }) => {
    expect(route(`{parentRefs: [{name: gw}], rules: [${rule}]}`).diagnostics).toEqual(want);
  });

  it.each([
    { name: 'parentRef without name', spec: '{parentRefs: [{namespace: infra}]}', want: [['error', 'missing-field', 'spec.parentRefs[0]']] },
    { name: 'parentRef to a Service (mesh) is not simulated', spec: '{parentRefs: [{group: "", kind: Service, name: web}]}', want: [['warning', 'unsimulated-feature', 'spec.parentRefs[0]']] },
  ])('$name', ({ spec, want }) => {
    const { object, diagnostics } = route(spec);
    expect(diagnostics).toEqual(want);
    expect(object?.spec.parentRefs).toEqual([]);
  });

  it.each([
    { name: 'hostname is an IP', spec: '{hostnames: [203.0.113.7]}', want: [['error', 'invalid-value', 'spec.hostnames[0]']], hostnames: undefined },
    { name: 'hostname has a port', spec: '{hostnames: ["shop.example.com:80"]}', want: [['error', 'invalid-value', 'spec.hostnames[0]']], hostnames: undefined },
    { name: 'one bad hostname among good ones', spec: '{hostnames: [a.example.com, "*"]}', want: [['error', 'invalid-value', 'spec.hostnames[1]']], hostnames: ['a.example.com'] },
  ])('hostnames: $name', ({ spec, want, hostnames }) => {
    // No hostnames means every host, so a route whose hostnames were all rejected is left out.
    const { object, diagnostics } = route(spec);
    expect(diagnostics).toEqual(want);
    expect(object?.spec.hostnames).toEqual(hostnames);
  });

  it.each([
    { name: 'a bad path type', rule: '{matches: [{path: {type: Prefix, value: /api}}]}' },
    { name: 'a bad method', rule: '{matches: [{method: get}]}' },
    { name: 'a bad header match', rule: '{matches: [{headers: [{name: x-env}]}]}' },
    { name: 'a bad header type', rule: '{matches: [{headers: [{type: Prefix, name: x-env, value: a}]}]}' },
  ])('a rule whose only match is rejected is left out, not read as "match everything": $name', ({ rule }) => {
    expect(route(`{parentRefs: [{name: gw}], rules: [${rule}]}`).object?.spec.rules).toEqual([]);
  });

  it.each([
    { name: 'a rejected weight', refs: '[{name: a, port: 80, weight: -1}, {name: b, port: 80}]' },
    { name: 'a rejected port', refs: '[{name: a, port: 0}, {name: b, port: 80}]' },
  ])('a backend with $name is left out, not given a default', ({ refs }) => {
    const { object } = route(`{parentRefs: [{name: gw}], rules: [{backendRefs: ${refs}}]}`);
    expect(object?.spec.rules[0]?.backendRefs.map((b) => b.name)).toEqual(['b']);
  });

  it('of two header entries differing only in case, the first counts', () => {
    const { object } = route('{parentRefs: [{name: gw}], rules: [{matches: [{headers: [{name: X-Env, value: a}, {name: x-env, value: b}]}]}]}');
    expect(object?.spec.rules[0]?.matches[0]?.headers).toEqual([{ type: 'Exact', name: 'X-Env', value: 'a' }]);
  });

  it('query param names are case-sensitive', () => {
    const { object, diagnostics } = route('{parentRefs: [{name: gw}], rules: [{matches: [{queryParams: [{name: Q, value: a}, {name: q, value: b}]}]}]}');
    expect(diagnostics).toEqual([]);
    expect(object?.spec.rules[0]?.matches[0]?.queryParams).toHaveLength(2);
  });

  it('a rejected match is dropped, the others kept', () => {
    const { object } = route('{parentRefs: [{name: gw}], rules: [{matches: [{method: get}, {path: {value: /api}}]}]}');
    expect(object?.spec.rules[0]?.matches).toEqual([{ ...prefixSlash, path: { type: 'PathPrefix', value: '/api' } }]);
  });
});

describe('Gateway API through parse(): diagnostics land on the line', () => {
  const yaml = [
    'apiVersion: gateway.networking.k8s.io/v1', //  1
    'kind: Gateway', //                             2
    'metadata: {name: eg, namespace: infra}', //    3
    'spec:', //                                     4
    '  gatewayClassName: eg', //                    5
    '  listeners:', //                              6
    '  - name: https', //                           7
    '    port: 443', //                             8
    '    protocol: HTTPS', //                       9
    '---', //                                      10
    'apiVersion: gateway.networking.k8s.io/v1', // 11
    'kind: HTTPRoute', //                          12
    'metadata: {name: shop, namespace: shop}', //  13
    'spec:', //                                    14
    '  parentRefs: [{name: eg, namespace: infra}]', // 15
    '  rules:', //                                 16
    '  - matches:', //                             17
    '    - path: {type: PathPrefix, value: api}', // 18
    '    backendRefs:', //                         19
    '    - name: web', //                          20
  ].join('\n');

  it.each([
    { object: 'Gateway infra/eg', code: 'missing-field', path: 'spec.listeners[0]', line: 7, col: 5 },
    { object: 'HTTPRoute shop/shop', code: 'invalid-value', path: 'spec.rules[0].matches[0].path.value', line: 18, col: 32 },
    { object: 'HTTPRoute shop/shop', code: 'missing-field', path: 'spec.rules[0].backendRefs[0]', line: 20, col: 7 },
  ])('$code at $path → line $line, column $col', ({ object, code, path, line, col }) => {
    const d = parse(yaml).diagnostics.find((x) => x.path === path && x.code === code);
    expect(d).toMatchObject({ severity: 'error', object, range: { startLine: line, startCol: col } });
  });

  it('reports nothing else', () => {
    expect(parse(yaml).diagnostics).toHaveLength(3);
  });
});

fuzzParsers('Gateway API parsers', ['spec', 'controllerName', 'gatewayClassName', 'listeners', 'name', 'hostname', 'port', 'protocol', 'tls', 'mode', 'certificateRefs', 'allowedRoutes', 'namespaces', 'from', 'selector', 'addresses', 'value', 'parentRefs', 'hostnames', 'rules', 'matches', 'path', 'type', 'headers', 'queryParams', 'method', 'backendRefs', 'weight', 'kind', 'group'], [['GatewayClass', parseGatewayClass], ['Gateway', parseGateway], ['HTTPRoute', parseHTTPRoute]]);


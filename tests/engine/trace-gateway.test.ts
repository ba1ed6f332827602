// Gateway API flows end to end (DATAPATH §7.4): client → LB → node → kube-proxy → the Gateway's
// proxy pod → HTTPRoute → a new connection to the backend; and the proxy's own answers (404, 500,
// 503) as the Gateway API spec's HTTPRouteRule.backendRefs section says.
import { describe, expect, it } from 'vitest';
import { route, gatewayState, http, gatewayClass, edge } from './gateway-fixtures.ts';
import { dump, plan, run, state } from './trace-fixtures.ts';
import type { HttpLayer, Trace } from '../../src/engine/types.ts';
import { curl } from '../../src/engine/commands.ts';

const parent = '  parentRefs: [{name: edge, namespace: infra}]\n';
const backendsOf = (refs: string, ns = 'app') => route('split', `${parent}  hostnames: [split.example.com]\n  rules:\n    - backendRefs: ${refs}\n`, ns);
const emptySvc = `---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: app}
spec: {selector: {app: nothing}, ports: [{port: 80, targetPort: 8080}]}
`;
const upstreamHttp = (t: Trace): HttpLayer | undefined => t.phases.find((p) => p.kind === 'proxy-request')?.hops[1]?.packet.layers.find((l): l is HttpLayer => l.type === 'http');

describe('a request through the Gateway proxy', () => {
  const s = gatewayState();

  it('external client → LB → proxy pod → HTTPRoute shop rule 1 → web pod over a second connection', () => {
    const t = run(s, { from: 'external', to: 'http://shop.example.com/api/items', http: http('/api/items') });
    expect(t.verdict, dump(t)).toBe('delivered');
    expect(t.phases.map((p) => p.kind)).toEqual(['dns', 'request', 'reply', 'proxy-request', 'proxy-reply']);
    const decision = t.phases[3]!.hops[0]!;
    expect(decision).toMatchObject({ component: 'gateway-proxy', where: 'envoy :80' });
    expect(decision.because.map((b) => [b.kind, b.text])).toEqual([
      ['Gateway', 'listener http: HTTP :80 hostname *.example.com'], ['HTTPRoute', 'shop.example.com PathPrefix /api'], ['HTTPRoute', 'backendRef web:80 weight 1'],
    ]);
    expect(t.reason).toMatch(/rule 1 match 1 \(PathPrefix \/api on shop\.example\.com\) of HTTPRoute app\/shop/);
    // The second connection starts at the proxy pod, to a web pod directly (no ClusterIP).
    const proxyIp = s.pods.find((p) => p.namespace === 'infra')!.ip;
    const first = t.phases[3]!.hops[1]!.packet.layers.find((l) => l.type === 'ipv4');
    expect(first).toMatchObject({ src: proxyIp });
    expect(['10.244.1.9', '10.244.2.7']).toContain((first as { dst: string }).dst);
  });

  it('Envoy headers: X-Forwarded-For = the address it saw (the masqueraded node address), Proto, Request-Id; no X-Forwarded-Host', () => {
    const t = run(s, { from: 'external', to: 'http://shop.example.com/', http: http('/') });
    const seen = t.phases[1]!.hops.at(-1)!.packet.layers.find((l) => l.type === 'ipv4') as { src: string };
    const h = upstreamHttp(t)!.headers;
    expect(h['X-Forwarded-For']).toBe(seen.src);
    expect(h).toMatchObject({ Host: 'shop.example.com', 'X-Forwarded-Proto': 'http', 'X-Envoy-Attempt-Count': '1' });
    expect(h['X-Request-Id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(h['X-Forwarded-Host']).toBeUndefined();
    // 10.244.x.0 is private: Envoy treats it as internal and sets no external address.
    expect(h['X-Envoy-External-Address']).toBeUndefined();
  });

  it('HTTPS listener: Envoy terminates TLS with the listener certificateRefs Secret; plaintext upstream with X-Forwarded-Proto https', () => {
    const secure = `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: secure, namespace: app}
spec:
  gatewayClassName: istio
  listeners:
    - {name: https, port: 443, protocol: HTTPS, hostname: secure.example.com, tls: {certificateRefs: [{name: secure-cert}]}}
` + route('sec', '  parentRefs: [{name: secure}]\n  rules:\n    - backendRefs: [{name: web, port: 80}]\n');
    const t = run(gatewayState(secure), { from: 'external', to: 'https://secure.example.com/x', http: { method: 'GET', path: '/x', tls: true } });
    expect(t.verdict, dump(t)).toBe('delivered');
    expect(t.phases[3]!.hops[0]!.action).toMatch(/^Envoy terminates TLS with the certificate of Secret app\/secure-cert \(certificateRefs of listener https\)/);
    expect(upstreamHttp(t)).toMatchObject({ tls: false, headers: expect.objectContaining({ 'X-Forwarded-Proto': 'https' }) });
  });

  it('a pod inside the cluster reaches the Gateway by its hostname too (CoreDNS forwards, kube-proxy knows the LB IP)', () => {
    const t = run(s, { from: 'app/client', to: 'http://shop.example.com/api', http: http('/api') });
    expect(t.verdict, dump(t)).toBe('delivered');
    expect(t.phases.some((p) => p.hops.some((h) => h.component === 'gateway-proxy'))).toBe(true);
  });
});

describe('the proxy answers itself (HTTPRouteRule.backendRefs; Envoy)', () => {
  it.each([
    ['no listener takes the host → 404', '', 'nothing.example.org', 'not-found', 404, /no listener takes HTTP :80 for host nothing\.example\.org/],
    ['the api listener (from: Same) has no route → 404', '', 'api.example.com', 'not-found', 404, /no HTTPRoute attaches to listener api/],
    ['a host no route names → 404', '', 'other.example.com', 'not-found', 404, /none of the 1 HTTPRoute\(s\) attached to listener http has a hostname and match/],
    ['backendRef to another namespace without a ReferenceGrant → 500', backendsOf('[{name: web, namespace: app, port: 80}]', 'infra'), 'split.example.com', 'rejected', 500, /Service app\/web in another namespace.*ReferenceGrant.*RefNotPermitted/],
    ['backendRef to a missing Service → 500', backendsOf('[{name: nosuch, port: 80}]'), 'split.example.com', 'rejected', 500, /Service app\/nosuch does not exist \(ResolvedRefs False, BackendNotFound\)/],
    ['every weight 0 → 500', backendsOf('[{name: web, port: 80, weight: 0}]'), 'split.example.com', 'rejected', 500, /every backendRef of the rule has weight 0/],
    ['a Service without ready endpoints → 503', emptySvc + backendsOf('[{name: empty, port: 80}]'), 'split.example.com', 'unavailable', 503, /Service app\/empty, which has no ready endpoints/],
  ] as const)('%s', (_, extra, host, verdict, status, reason) => {
    // curl -H 'Host: …' to the Gateway's address: the names need no DNS entry.
    const s = gatewayState(extra);
    const address = s.outside.hosts['shop.example.com']!;
    const t = run(s, { from: 'external', to: `http://${address}/`, http: { ...http('/'), host } });
    expect(t.verdict, dump(t)).toBe(verdict);
    expect(t.reason).toMatch(reason);
    expect(t.reason).toMatch(new RegExp(`^HTTP ${status} from the Gateway proxy of infra/edge`));
    const last = t.phases.at(-1)!.hops.at(-1)!;
    expect(last).toMatchObject({ component: 'gateway-proxy', verdict: 'reject' });
    expect(last.packet.layers[0]).toMatchObject({ type: 'http', status });
  });

  it('weights split the requests: weight 0 never, 1:3 by seed', () => {
    const yaml = emptySvc + backendsOf('[{name: empty, port: 80, weight: 1}, {name: web, port: 80, weight: 3}, {name: nosuch, port: 80, weight: 0}]');
    const s = gatewayState(yaml);
    const verdicts = Array.from({ length: 40 }, (_, seed) => run(s, { from: 'external', to: 'http://split.example.com/', http: http('/') }, seed + 1).verdict);
    expect(s.outside.hosts['split.example.com']).toBe(s.outside.hosts['shop.example.com']);
    const delivered = verdicts.filter((v) => v === 'delivered').length;
    expect(verdicts.every((v) => v === 'delivered' || v === 'unavailable')).toBe(true);
    expect(delivered).toBeGreaterThan(20);
    expect(delivered).toBeLessThan(40);
  });
});

describe('header matches see the headers curl sends (HTTPRouteMatch.headers)', () => {
  const canary = emptySvc.replace(/empty/g, 'canary').replace('app: nothing', 'app: web') + route('canary', `${parent}  hostnames: [canary.example.com]
  rules:
    - matches: [{headers: [{name: X-Canary, value: "1"}]}]
      backendRefs: [{name: canary, port: 80}]
    - backendRefs: [{name: empty-too, port: 80}]
`);
  it.each([
    ['with -H X-Canary: 1 → rule 1', { 'X-Canary': '1' }, 'delivered', /rule 1 match 1/],
    ['without it → rule 2, whose Service does not exist → 500', undefined, 'rejected', /Service app\/empty-too does not exist/],
  ] as const)('%s', (_, headers, verdict, reason) => {
    const t = run(gatewayState(canary), { from: 'external', to: 'http://canary.example.com/', http: { ...http('/'), ...(headers ? { headers } : {}) } });
    expect(t.verdict, dump(t)).toBe(verdict);
    expect(t.reason).toMatch(reason);
  });

  it('a queryParams match sees the URL query, which the flow path leaves out', () => {
    const byQuery = route('q', `${parent}  hostnames: [q.example.com]
  rules:
    - matches: [{queryParams: [{name: v, value: "2"}]}]
      backendRefs: [{name: web, port: 80}]
`);
    const s = gatewayState(byQuery);
    expect(run(s, { from: 'external', to: 'http://q.example.com/?v=2', http: http('/') }).verdict).toBe('delivered');
    expect(run(s, { from: 'external', to: 'http://q.example.com/?v=3', http: http('/') }).verdict).toBe('not-found');
  });

  it('curl -H passes headers other than Host into the flow', () => {
    const r = curl(['-H', 'X-Canary: 1', '-H', 'Host: canary.example.com', 'http://172.16.0.250/']);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.http).toMatchObject({ host: 'canary.example.com', headers: { 'X-Canary': '1' } });
  });
});

describe('ReferenceGrant (Gateway API: every cross-namespace backendRef needs one in the target namespace)', () => {
  const grant = (from: string, to: string) => `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: allow-infra, namespace: app}
spec:
  from: [${from}]
  to: [${to}]
`;
  const cross = backendsOf('[{name: web, namespace: app, port: 80}]', 'infra');
  const fromInfra = '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: infra}';
  it.each([
    ['grant for every Service in app', grant(fromInfra, '{group: "", kind: Service}'), 'delivered'],
    ['grant naming Service web', grant(fromInfra, '{group: "", kind: Service, name: web}'), 'delivered'],
    ['grant naming another Service', grant(fromInfra, '{group: "", kind: Service, name: db}'), 'rejected'],
    ['grant from another namespace', grant('{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: other}', '{group: "", kind: Service}'), 'rejected'],
    ['grant for another kind (GRPCRoute)', grant('{group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: infra}', '{group: "", kind: Service}'), 'rejected'],
    ['grant in the wrong namespace', grant(fromInfra, '{group: "", kind: Service}').replace('namespace: app}', 'namespace: infra}'), 'rejected'],
  ] as const)('%s → %s', (_, yaml, verdict) => {
    const t = run(gatewayState(cross + yaml), { from: 'external', to: 'http://split.example.com/', http: http('/') });
    expect(t.verdict, dump(t)).toBe(verdict);
    const decision = t.phases.find((p) => p.kind === 'proxy-request')!.hops[0]!;
    expect(decision.because.some((b) => b.kind === 'ReferenceGrant')).toBe(verdict === 'delivered');
  });

  it('a ReferenceGrant missing a required field is reported and left out', () => {
    const s = gatewayState(cross + grant('{kind: HTTPRoute, namespace: infra}', '{group: "", kind: Service}'));
    expect(s.referenceGrants[0]!.spec.from).toEqual([]);
    expect(run(s, { from: 'external', to: 'http://split.example.com/', http: http('/') }).verdict).toBe('rejected');
  });
});

describe('a Gateway nobody implements', () => {
  it('without its GatewayClass: no proxy, and the requested address answers nothing, with the reason', () => {
    const s = state(plan(edge.replace('gatewayClassName: istio', 'gatewayClassName: istio\n  addresses: [{type: IPAddress, value: 172.16.0.222}]')));
    const t = run(s, { from: 'external', to: 'http://172.16.0.222/', http: http('/') });
    expect(t.verdict).toBe('unreachable');
    expect(t.reason).toMatch(/no GatewayClass istio exists, so no controller accepts the Gateway/);
  });

  it('with it: the requested address is the proxy Service LB address', () => {
    const s = state(plan(gatewayClass + edge.replace('gatewayClassName: istio', 'gatewayClassName: istio\n  addresses: [{type: IPAddress, value: 172.16.0.222}]')));
    const t = run(s, { from: 'external', to: 'http://172.16.0.222/', http: http('/') });
    expect(t.verdict, dump(t)).toBe('not-found');
  });
});

// Ingress: host and path matching exactly as DATAPATH.md §7.3 says, and the controller's second
// connection (§7.2) on the example scenario.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostMatches, matchIngress, pathMatches } from '../../src/engine/trace-ingress-match.ts';
import type { Ingress, PathType } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';
import type { Trace } from '../../src/engine/types.ts';
import { dump, run, state } from './trace-fixtures.ts';

describe('hostMatches (DATAPATH §7.3 item 2)', () => {
  it.each([
    ['foo.bar.com', 'foo.bar.com', 'exact'],
    ['foo.bar.com', 'FOO.bar.com', 'exact'],
    ['foo.bar.com', 'baz.bar.com', undefined],
    ['*.foo.com', 'bar.foo.com', 'wildcard'],
    ['*.foo.com', 'baz.bar.foo.com', undefined],
    ['*.foo.com', 'foo.com', undefined],
    [undefined, 'anything.example', 'any'],
  ] as const)('rule host %s vs Host %s → %s', (rule, host, expected) => {
    expect(hostMatches(rule, host)).toBe(expected);
  });
});

describe('pathMatches (DATAPATH §7.3 items 3 and 6, the Kubernetes docs examples table)', () => {
  it.each([
    ['Prefix', '/', '/anything/at/all', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo', '/bar', false],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/foo/bar', '/foo/barbaz', false],
    ['Prefix', '/Foo', '/foo', false],
    ['ImplementationSpecific', '/api', '/api/items', true],
  ] as const)('%s %s vs %s → %s', (type, p, path, expected) => {
    expect(pathMatches(p, type as PathType, path)).toBe(expected);
  });
});

const ingress = (name: string, rules: string, extra = '') => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: app}
spec:
${extra}  rules:
${rules}`;
const backend = (svc: string) => `{service: {name: ${svc}, port: {number: 80}}}`;

const ingresses = parse(
  ingress('paths', `    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: ${backend('root')}}
          - {path: /aaa, pathType: Prefix, backend: ${backend('aaa')}}
          - {path: /aaa/bbb, pathType: Prefix, backend: ${backend('aaabbb')}}
          - {path: /foo, pathType: Prefix, backend: ${backend('foo-prefix')}}
          - {path: /foo, pathType: Exact, backend: ${backend('foo-exact')}}
    - host: "*.example.com"
      http:
        paths: [{path: /, pathType: Prefix, backend: ${backend('wild')}}]
`) + ingress('fallback', `    - host: only.example.org
      http:
        paths: [{path: /exact, pathType: Exact, backend: ${backend('exact')}}]
`, `  defaultBackend: ${backend('fallback')}\n`),
).objects.filter((o): o is Ingress => o.kind === 'Ingress');

describe('matchIngress (DATAPATH §7.3)', () => {
  it.each([
    ['shop.example.com', '/aaa/bbb', 'aaabbb'], // longest match wins (item 4 / item 6)
    ['shop.example.com', '/aaa/ccc', 'aaa'],
    ['shop.example.com', '/foo', 'foo-exact'], // tie: Exact beats Prefix
    ['shop.example.com', '/foo/x', 'foo-prefix'],
    ['shop.example.com', '/other?q=1', 'root'],
    ['api.example.com', '/x', 'wild'], // wildcard: one extra label
    ['only.example.org', '/nomatch', 'fallback'], // nothing matches → the Ingress's defaultBackend (item 5)
    ['unknown.test', '/', 'fallback'],
  ])('Host %s path %s → Service %s', (host, path, svc) => {
    expect(matchIngress(ingresses, host, path)?.backend.service?.name).toBe(svc);
  });

  it('no rule and no defaultBackend: no match (the controller answers 404)', () => {
    expect(matchIngress(ingresses.slice(0, 1), 'unknown.test', '/')).toBeUndefined();
  });
});

describe('Ingress traces on the example scenario (DATAPATH §7.2)', () => {
  const text = readFileSync(new URL('../../src/scenarios/example.yaml', import.meta.url), 'utf8');
  const example = state(text);
  const curl = (url: string, host?: string): Trace => run(example, {
    from: 'external', to: url, http: { method: 'GET', path: new URL(url).pathname, tls: false, ...(host ? { host } : {}) },
  });

  it('browser → LB → ingress-nginx → new connection to a frontend pod, with X-Forwarded-For', () => {
    const t = curl('http://shop.example.com/');
    expect(t.verdict, dump(t)).toBe('delivered');
    expect(t.servedBy, dump(t)).toMatch(/^shop\/frontend-/);
    expect(t.phases.map((p) => p.name)).toEqual(['DNS query 1: shop.example.com A (UDP)', 'connect', 'reply', 'proxy → backend', 'proxy reply']);
    const proxied = t.phases[3]!.hops[1]!;
    const ctrl = example.pods.find((p) => p.namespace === 'ingress-nginx')!;
    // The backend sees the controller pod as the source (§7.1); XFF is the address nginx saw.
    expect(proxied.packet.layers.find((l) => l.type === 'ipv4')).toMatchObject({ src: ctrl.ip });
    const http = proxied.packet.layers.find((l) => l.type === 'http');
    const seen = t.phases[1]!.hops.filter((h) => h.verdict === 'deliver').at(-1)!.packet.layers.filter((l) => l.type === 'ipv4').at(-1);
    expect(http).toMatchObject({ host: 'shop.example.com', path: '/', headers: expect.objectContaining({ 'X-Forwarded-For': (seen as { src: string }).src, 'X-Forwarded-Proto': 'http', 'X-Forwarded-Port': '80' }) });
    expect(t.phases[3]!.hops[0]!.because[0]).toMatchObject({ kind: 'Ingress', rule: 1, object: { name: 'shop' } });
  });

  it('/api/items goes to the backend (longest path), whose policy admits only the frontend: dropped (NETPOL.md 17)', () => {
    const t = curl('http://shop.example.com/api/items');
    expect(t.verdict, dump(t)).toBe('dropped');
    expect(t.phases.at(-1)!.name).toBe('proxy → backend');
    expect(t.reason).toMatch(/allow-frontend-to-backend|default-deny-ingress/);
  });

  it('https: the controller terminates TLS on 443 (its fake certificate: no tls entry for the host) and tells the backend X-Forwarded-Proto https', () => {
    const t = run(example, { from: 'external', to: 'https://shop.example.com/', http: { method: 'GET', path: '/', tls: true } });
    expect(t.verdict, dump(t)).toBe('delivered');
    const decision = t.phases[3]!.hops[0]!;
    expect(decision.action).toMatch(/terminates TLS with its default self-signed "Kubernetes Ingress Controller Fake Certificate"/);
    expect(t.phases[3]!.hops[1]!.packet.layers.find((l) => l.type === 'http')).toMatchObject({ tls: false, headers: expect.objectContaining({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' }) });
  });

  it('an unknown Host header: 404 from the controller (verdict not-found)', () => {
    const lb = example.services.find((s) => s.namespace === 'ingress-nginx')!.loadBalancerIPs[0]!;
    const t = curl(`http://${lb}/`, 'nosuch.example.com');
    expect(t.verdict, dump(t)).toBe('not-found');
    expect(t.reason).toMatch(/404/);
  });
});

describe('a wildcard Ingress host (DATAPATH §7.3 item 2) is a wildcard DNS record (RFC 4592)', () => {
  const wild = state(`apiVersion: v1
kind: Namespace
metadata: {name: app}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: wild, namespace: app}
spec:
  ingressClassName: nginx
  rules: [{host: "*.foo.com", http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`);
  it.each([
    // One label under foo.com: resolves to the controller's LB address and matches the rule.
    ['http://bar.foo.com/', 'delivered'],
    // Two labels: DNS still answers (a DNS wildcard spans labels), but the Ingress wildcard covers one label only: 404.
    ['http://a.bar.foo.com/', 'not-found'],
    // foo.com itself is neither in the wildcard's DNS nor its Ingress match.
    ['http://foo.com/', 'nxdomain'],
  ])('%s → %s', (url, verdict) => {
    const t = run(wild, { from: 'external', to: url, http: { method: 'GET', path: '/', tls: false } });
    expect(t.verdict, dump(t)).toBe(verdict);
  });
});

describe('Gateway API', () => {
  it('a Gateway without its GatewayClass has no proxy: its address ends the trace with a sentence that says so (more in trace-gateway.test.ts)', () => {
    const s = state(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: example
  addresses: [{type: IPAddress, value: 172.16.0.240}]
  listeners: [{name: http, port: 80, protocol: HTTP, hostname: gw.example.com}]
`);
    const t = run(s, { from: 'external', to: 'http://gw.example.com/', http: { method: 'GET', path: '/', tls: false } });
    expect(t.verdict, dump(t)).toBe('unreachable');
    expect(t.reason).toMatch(/Gateway default\/gw, but no GatewayClass example exists/);
  });
});

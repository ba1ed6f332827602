// explain: the egress and ingress verdicts separately, and a Service target per endpoint after
// DNAT — policy sees the backend pod's labels and targetPort, never the Service port (NETPOL.md 16).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explain } from '../../src/engine/index.ts';
import type { ExplainTarget } from '../../src/engine/index.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import { cluster, netpol, pod } from './policy-fixture.ts';

const SHOP = readFileSync(new URL('../fixtures/netpol/shop.yaml', import.meta.url), 'utf8');
const shop = cluster(SHOP);

const firstId = (state: ClusterState, app: string): string => state.pods.filter((p) => p.labels.app === app).map((p) => p.id).sort()[0]!;
const first = (state: ClusterState, app: string) => pod(state, firstId(state, app));
const svc = (state: ClusterState, id: string): ExplainTarget => ({ kind: 'service', service: state.index.serviceById.get(id)! });

describe('explain a pod-to-pod connection', () => {
  it.each([
    { name: 'frontend → backend on 9090: both sides allow', from: 'frontend', to: 'backend', port: 9090, verdict: 'allowed', egress: true, ingress: true },
    { name: 'frontend → db on 5432: frontend may not send', from: 'frontend', to: 'db', port: 5432, verdict: 'denied', egress: false, ingress: false },
    { name: 'backend → db on 5432: allowed', from: 'backend', to: 'db', port: 5432, verdict: 'allowed', egress: true, ingress: true },
    { name: 'debug → backend on 9090: egress and ingress both deny', from: 'debug', to: 'backend', port: 9090, verdict: 'denied', egress: false, ingress: false },
  ])('$name', ({ from, to, port, verdict, egress, ingress }) => {
    const r = explain(shop, first(shop, from), first(shop, to), port, 'TCP');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [c] = r.value.connections;
    expect({ verdict: r.value.verdict, egress: c!.egress.allowed, ingress: c!.ingress.allowed }, r.value.text).toEqual({ verdict, egress, ingress });
    // The paragraph carries both sentences, egress first.
    expect(r.value.text.indexOf(c!.egress.sentence)).toBe(0);
    expect(r.value.text).toContain(c!.ingress.sentence);
  });

  it('names deciding rules with numbers (backend egress rule #1 admits db)', () => {
    const r = explain(shop, first(shop, 'backend'), first(shop, 'db'), 5432, 'TCP');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.connections[0]!.egress.sentence).toMatch(/^egress allowed by NetworkPolicy shop\/backend egress rule #1: it admits shop\/db-0 on TCP 5432\.$/);
    expect(r.value.connections[0]!.ingress.sentence).toBe('ingress allowed by NetworkPolicy shop/db ingress rule #1: it admits ' + firstId(shop, 'backend') + ' on TCP 5432.');
  });
});

describe('NETPOL.md 16: a Service is explained per endpoint, after DNAT', () => {
  it('Service port 80 becomes targetPort http = 9090 on each backend pod', () => {
    const r = explain(shop, first(shop, 'frontend'), svc(shop, 'shop/backend'), 80, 'TCP');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.verdict).toBe('allowed');
    expect(r.value.connections.map((c) => [c.dst.kind === 'pod' ? c.dst.pod.labels.app : c.dst.kind, c.port])).toEqual([['backend', 9090], ['backend', 9090]]);
    expect(r.value.summary).toContain('rewrites Service shop/backend port 80 to one of its 2 endpoints (DNAT)');
  });

  it('a policy on the Service port (80) instead of the targetPort admits nothing', () => {
    const state = cluster(SHOP.replace("  - from: [{podSelector: {matchLabels: {app: frontend}}}]\n    ports: [{port: http}]", '  - from: [{podSelector: {matchLabels: {app: frontend}}}]\n    ports: [{port: 80}]'));
    const r = explain(state, first(state, 'frontend'), svc(state, 'shop/backend'), 80, 'TCP');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.verdict).toBe('denied');
    expect(r.value.connections.every((c) => c.egress.allowed && !c.ingress.allowed)).toBe(true);
    expect(r.value.connections[0]!.ingress.sentence).toContain('on TCP 9090');
  });

  it('headless: the client dials the pod directly on the port it names', () => {
    const r = explain(shop, first(shop, 'backend'), svc(shop, 'shop/db'), 5432, 'TCP');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.verdict).toBe('allowed');
    expect(r.value.summary).toContain('headless');
  });

  it("partial: endpoints differ, so it depends on kube-proxy's pick", () => {
    // frontend may reach only the pod network of node-2 (ipBlock after DNAT), and backend runs on both nodes.
    const state = cluster(SHOP.replace("  - to: [{podSelector: {matchLabels: {app: backend}}}]\n    ports: [{port: http}]", '  - to: [{ipBlock: {cidr: 10.244.2.0/24}}]'));
    const r = explain(state, first(state, 'frontend'), svc(state, 'shop/backend'), 80, 'TCP');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.verdict).toBe('partial');
    expect(r.value.summary).toContain('1 of 2 endpoints accept it');
  });

  it.each([
    { name: 'a port the Service does not have', yaml: SHOP, service: 'shop/backend', port: 8080, error: 'Service shop/backend has no port 8080/TCP (its ports: 80/TCP)' },
    { name: 'an ExternalName Service', yaml: SHOP + '---\napiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: shop}\nspec: {type: ExternalName, externalName: example.com}\n', service: 'shop/ext', port: 443, error: 'ExternalName' },
  ])('error: $name', ({ yaml, service, port, error }) => {
    const state = cluster(yaml);
    const r = explain(state, first(state, 'frontend'), svc(state, service), port, 'TCP');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });

  it('internalTrafficPolicy: Local keeps to the endpoints on the client node (DATAPATH.md §5.6)', () => {
    const state = cluster(SHOP.replace('metadata: {name: backend, namespace: shop}\nspec:\n  selector: {app: backend}', 'metadata: {name: backend, namespace: shop}\nspec:\n  internalTrafficPolicy: Local\n  selector: {app: backend}'));
    const client = first(state, 'frontend');
    const r = explain(state, client, svc(state, 'shop/backend'), 80, 'TCP');
    if (!r.ok) throw new Error(r.error);
    const nodeOf = client.kind === 'pod' ? client.pod.nodeName : undefined;
    expect(r.value.connections.length).toBe(state.pods.filter((p) => p.labels.app === 'backend' && p.nodeName === nodeOf).length);
    expect(r.value.connections.every((c) => c.dst.kind === 'pod' && c.dst.pod.nodeName === nodeOf)).toBe(true);
    expect(r.value.summary).toContain(`on node ${nodeOf} (internalTrafficPolicy: Local)`);
  });

  it('an outside client cannot reach a ClusterIP', () => {
    const r = explain(shop, { kind: 'external', ip: '203.0.113.7' }, svc(shop, 'shop/frontend'), 80, 'TCP');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.verdict).toBe('denied');
    expect(r.value.summary).toContain('reachable only from inside the cluster');
  });

  it('no ready endpoints: denied, and the text says kube-proxy rejects it', () => {
    const state = cluster(SHOP + netpol('shop', 'unused', 'podSelector: {matchLabels: {app: nothing}}') + '---\napiVersion: v1\nkind: Service\nmetadata: {name: empty, namespace: shop}\nspec: {selector: {app: nothing}, ports: [{port: 80}]}\n');
    const r = explain(state, first(state, 'frontend'), svc(state, 'shop/empty'), 80, 'TCP');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.verdict).toBe('denied');
    expect(r.value.connections).toEqual([]);
    expect(r.value.summary).toContain('no ready endpoints');
  });
});

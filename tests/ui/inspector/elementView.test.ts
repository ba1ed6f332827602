import { describe, expect, it } from 'vitest';
import { elementView } from '../../../src/ui/inspector/elementView.ts';
import type { ObjectView, Section } from '../../../src/ui/inspector/objectView.ts';
import { exampleCluster } from './example.ts';

const cluster = exampleCluster();
const backend = cluster.pods.find((p) => p.labels.app === 'backend')!;
const frontend = cluster.pods.find((p) => p.labels.app === 'frontend')!;
const coredns = cluster.pods.find((p) => p.id.startsWith('kube-system/coredns-'))!;

const section = (v: ObjectView | undefined, title: string | RegExp): Section | undefined =>
  v?.sections.find((s) => (typeof title === 'string' ? s.title === title : title.test(s.title)));
const factOf = (s: Section | undefined, label: string): string | undefined => s?.facts?.find((f) => f.label === label)?.value;

describe('elementView', () => {
  it.each([
    { id: `pod:${backend.id}`, title: `Pod ${backend.id}`, yaml: true },
    { id: 'node:node-1', title: 'Node node-1', yaml: true },
    { id: 'iface:node-1/cni0', title: 'Interface node-1/cni0', yaml: false },
    { id: 'svc:shop/backend', title: 'Service shop/backend', yaml: true },
    { id: 'svc:default/kubernetes', title: 'Service default/kubernetes', yaml: false },
    { id: `external:${cluster.outside.defaultClient}`, title: `External ${cluster.outside.defaultClient}`, yaml: false },
    { id: 'underlay', title: 'Underlay network', yaml: false },
    { id: 'internet', title: 'The internet', yaml: false },
  ])('$id → $title', ({ id, title, yaml }) => {
    const v = elementView(cluster, id);
    expect(v?.title).toBe(title);
    expect(v?.range !== undefined).toBe(yaml);
  });

  it('a load balancer address names the Service it fronts and its node ports', () => {
    const svc = cluster.services.find((x) => x.loadBalancerIPs.length > 0)!;
    const v = elementView(cluster, `lb:${svc.loadBalancerIPs[0]}`);
    expect(factOf(section(v, 'Load balancer'), 'Services')).toContain(`${svc.id} (${svc.ports[0]!.port}\u2192${svc.ports[0]!.nodePort}`);
  });

  it.each(['pod:shop/nope', 'node:node-9', 'iface:node-1/nope', 'svc:shop/nope', 'gizmo:1', ''])('%s is nothing to inspect', (id) => {
    expect(elementView(cluster, id)).toBeUndefined();
  });
});

describe('pod view', () => {
  it('shows address, node, owner, labels and containers with ports', () => {
    const v = elementView(cluster, `pod:${backend.id}`);
    const pod = section(v, 'Pod');
    expect(factOf(pod, 'IP')).toBe(backend.ip);
    expect(factOf(pod, 'node')).toBe(backend.nodeName);
    expect(factOf(pod, 'owner')).toBe('Deployment backend');
    expect(section(v, 'Labels')?.chips).toContain('app=backend');
    expect(section(v, 'Containers')?.items?.[0]?.detail).toEqual(['8080/TCP (http)']);
  });

  it.each([
    // The example isolates every shop pod for ingress (default-deny-ingress) and opens one path each.
    { who: 'backend', pod: backend, policies: ['NetworkPolicy shop/allow-frontend-to-backend', 'NetworkPolicy shop/default-deny-ingress'], ingress: 'isolated by 2 policies' },
    { who: 'frontend', pod: frontend, policies: ['NetworkPolicy shop/allow-ingress-nginx-to-frontend', 'NetworkPolicy shop/default-deny-ingress'], ingress: 'isolated by 2 policies' },
    { who: 'coredns', pod: coredns, policies: [], ingress: 'not isolated' },
  ])('lists the policies selecting $who and what they admit', ({ pod, policies, ingress }) => {
    const s = section(elementView(cluster, `pod:${pod.id}`), 'NetworkPolicies');
    expect(s?.items?.map((i) => i.text)).toEqual(policies);
    expect(factOf(s, 'ingress')).toMatch(ingress);
    expect(factOf(s, 'egress')).toMatch('not isolated');
    for (const item of s?.items ?? []) expect(item.range).toBeDefined();
  });

  it('says what an allow rule admits and what a rule-less policy does', () => {
    const items = section(elementView(cluster, `pod:${backend.id}`), 'NetworkPolicies')?.items ?? [];
    expect(items[0]?.detail).toEqual(['ingress rule #1 (from podSelector app=frontend (namespace shop); TCP 8080)']);
    expect(items[1]?.detail).toEqual(['ingress: no rules, so it admits nothing by itself']);
  });
});

describe('node view', () => {
  const v = elementView(cluster, 'node:node-1');
  it('prints ip route, the interfaces and kube-proxy\u2019s nat table', () => {
    expect(factOf(section(v, 'Node'), 'address')).toBe('172.16.0.11');
    expect(section(v, 'Routes')?.output?.text.split('\n')[0]).toMatch(/^default via 172\.16\.0\.1 dev eth0/);
    expect(section(v, 'Interfaces')?.items?.map((i) => i.text)).toContain('flannel.1 (vxlan)');
    const nat = section(v, /^kube-proxy/)?.output;
    expect(nat?.command).toBe('iptables-save -t nat');
    expect(nat?.text).toMatch(/^\*nat\n/);
    expect(nat?.text).toContain(':KUBE-SERVICES - [0:0]');
    expect(nat?.text).toMatch(/COMMIT$/);
  });

  it('an interface shows itself, then its node', () => {
    const i = elementView(cluster, 'iface:node-1/flannel.1');
    expect(i?.sections[0]?.items?.[0]?.detail[0]).toContain('VNI 1, UDP port 8472');
    expect(section(i, 'Routes')).toBeDefined();
  });
});

describe('service view', () => {
  it('shows ClusterIP, DNS name, ports and every endpoint with its pod and node', () => {
    const v = elementView(cluster, 'svc:shop/backend');
    const svc = cluster.index.serviceById.get('shop/backend')!;
    expect(factOf(section(v, 'Service'), 'ClusterIP')).toBe(svc.clusterIP);
    expect(factOf(section(v, 'Service'), 'DNS name')).toBe('backend.shop.svc.cluster.local');
    expect(section(v, 'Ports')?.items?.map((i) => i.text)).toEqual(['http: 8080/TCP \u2192 targetPort http']);
    const endpoints = section(v, 'EndpointSlices')?.items?.flatMap((i) => i.detail) ?? [];
    expect(endpoints).toHaveLength(3);
    expect(endpoints.every((e) => / ready · pod shop\/backend-\S+ · node-\d$/.test(e))).toBe(true);
  });

  it('a headless Service says it has no ClusterIP', () => {
    expect(factOf(section(elementView(cluster, 'svc:shop/db'), 'Service'), 'ClusterIP')).toBe('None (headless)');
  });
});

import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { parse } from '../../src/parse/index.ts';
import { deployment, docs, service } from '../fixtures/objects.ts';

const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`;

describe('built-in system objects', () => {
  const s = build(parse(''));

  it('the kubernetes Service: 10.96.0.1:443 https → the API server at 172.16.0.10:6443', () => {
    const k = s.index.serviceById.get('default/kubernetes')!;
    expect([k.clusterIP, k.ports.map((p) => [p.name, p.port, p.targetPort]), k.system]).toEqual(['10.96.0.1', [['https', 443, 6443]], true]);
    expect(k.endpointSlices).toEqual([{ name: 'kubernetes', addressType: 'IPv4', ports: [{ name: 'https', port: 6443, protocol: 'TCP' }], endpoints: [expect.objectContaining({ ip: '172.16.0.10', nodeName: 'control-plane', ready: true })] }]);
  });

  it('the API server runs as a hostNetwork static pod on the control plane', () => {
    expect(s.index.podById.get('kube-system/kube-apiserver-control-plane')).toMatchObject({ nodeName: 'control-plane', ip: '172.16.0.10', hostNetwork: true, system: true, phase: 'Running' });
  });

  it('CoreDNS: Deployment coredns, 2 replicas labelled k8s-app=kube-dns, dnsPolicy Default, behind kube-dns 10.96.0.10 (DATAPATH §6.1)', () => {
    const coredns = s.pods.filter((p) => p.labels['k8s-app'] === 'kube-dns');
    expect(coredns).toHaveLength(2);
    for (const p of coredns) {
      expect(p.name).toMatch(/^coredns-[456789bcdf]{1,10}-[a-z2-9]{5}$/);
      expect(p.containers[0]!.ports.map((cp) => [cp.name, cp.containerPort, cp.protocol])).toEqual([['dns', 53, 'UDP'], ['dns-tcp', 53, 'TCP'], ['metrics', 9153, 'TCP']]);
      // dnsPolicy Default: the node's resolv.conf, so outside names go upstream.
      expect(p.resolvConf.nameservers).toEqual(['198.51.100.53']);
    }
    const dns = s.index.serviceById.get('kube-system/kube-dns')!;
    expect(dns.clusterIP).toBe('10.96.0.10');
    expect(dns.ports.map((p) => [p.name, p.port, p.protocol])).toEqual([['dns', 53, 'UDP'], ['dns-tcp', 53, 'TCP'], ['metrics', 9153, 'TCP']]);
    expect(dns.endpointSlices[0]!.endpoints.map((e) => e.ip).sort()).toEqual(coredns.map((p) => p.ip).sort());
    expect(s.workloads).toContainEqual(expect.objectContaining({ kind: 'Deployment', namespace: 'kube-system', name: 'coredns', system: true }));
  });

  it('every control-plane node runs an API server and is an endpoint of the kubernetes Service', () => {
    const ha = build(parse(`apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: ha}
spec:
  nodes: [{name: cp-1, role: control-plane}, {name: cp-2, role: control-plane}, {name: w, role: worker}]
`));
    expect(ha.pods.filter((p) => p.labels.component === 'kube-apiserver').map((p) => [p.name, p.ip])).toEqual([['kube-apiserver-cp-1', '172.16.0.10'], ['kube-apiserver-cp-2', '172.16.0.11']]);
    expect(ha.index.serviceById.get('default/kubernetes')!.endpointSlices[0]!.endpoints.map((e) => e.ip)).toEqual(['172.16.0.10', '172.16.0.11']);
  });

  it('a user object named like a built-in one replaces it', () => {
    const st = build(parse(`apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system}
spec: {clusterIP: 10.96.0.10, selector: {k8s-app: kube-dns}, ports: [{name: dns, port: 53, protocol: UDP}]}
`));
    const dns = st.services.filter((v) => v.id === 'kube-system/kube-dns');
    expect(dns.map((v) => [v.system, v.ports.length, v.clusterIP])).toEqual([[false, 1, '10.96.0.10']]);
    expect(st.diagnostics).toEqual([]);
  });

  it('no Ingress: no ingress controller', () => {
    expect(s.namespaces.map((n) => n.name)).toEqual(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
    expect(s.ingressClasses).toEqual([]);
    expect(s.diagnostics).toEqual([]);
  });

  it('an Ingress brings ingress-nginx: chart labels, LoadBalancer Service, default IngressClass nginx; its host resolves to the LB address', () => {
    const st = build(parse(docs(deployment('web'), service('web'), ingress)));
    const pod = st.pods.find((p) => p.namespace === 'ingress-nginx')!;
    expect(pod.labels).toMatchObject({ 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' });
    expect(pod.containers[0]!.ports.map((p) => [p.name, p.containerPort])).toEqual([['http', 80], ['https', 443]]);
    const svc = st.index.serviceById.get('ingress-nginx/ingress-nginx-controller')!;
    expect([svc.type, svc.loadBalancerIPs]).toEqual(['LoadBalancer', ['172.16.0.250']]);
    expect(st.ingressClasses.map((c) => [c.metadata.name, c.spec.controller, c.isDefault])).toEqual([['nginx', 'k8s.io/ingress-nginx', true]]);
    expect(st.outside.hosts['shop.example.com']).toBe('172.16.0.250');
    expect(st.index.namespaceByName.get('ingress-nginx')!.system).toBe(true);
  });

  it('adding an Ingress renumbers no user pod, ClusterIP or NodePort', () => {
    const base = docs(deployment('web', { replicas: 3 }), service('web', { spec: 'type: NodePort\nports: [{port: 80, targetPort: 8080}]' }));
    const before = build(parse(base));
    const after = build(parse(docs(base, ingress)));
    const view = (st: typeof before) => [st.pods.filter((p) => !p.system).map((p) => [p.name, p.nodeName, p.ip]), st.services.filter((v) => !v.system).map((v) => [v.clusterIP, v.ports])];
    expect(view(after)).toEqual(view(before));
  });

  it.each([
    // Small ranges fill up: the controller pod must still land in the built-in band, not on a user pod's address.
    ['calico', 29],
    ['flannel', 28],
    ['cilium', 28],
  ])('adding an Ingress to a crowded %s cluster moves no user pod', (plugin, mask) => {
    const cluster = `apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec: {cni: {plugin: ${plugin}}, nodeCIDRMaskSize: ${mask}}\n`;
    const base = docs(cluster, deployment('web', { replicas: 16 }));
    const view = (st: ReturnType<typeof build>) => st.pods.filter((p) => !p.system).map((p) => [p.name, p.nodeName, p.ip]);
    expect(view(build(parse(docs(base, ingress))))).toEqual(view(build(parse(base))));
  });

  it('a user-deployed controller replaces the built-in one', () => {
    const own = `apiVersion: apps/v1
kind: Deployment
metadata: {name: traefik}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: traefik}}
  template:
    metadata: {labels: {app.kubernetes.io/name: traefik}}
    spec: {containers: [{name: t, image: traefik, ports: [{containerPort: 80}]}]}
`;
    const st = build(parse(docs(own, `apiVersion: v1\nkind: Service\nmetadata: {name: traefik}\nspec: {type: LoadBalancer, selector: {app.kubernetes.io/name: traefik}, ports: [{port: 80}]}\n`, ingress)));
    expect(st.pods.some((p) => p.namespace === 'ingress-nginx')).toBe(false);
    expect(st.outside.hosts['shop.example.com']).toBe('172.16.0.200');
  });

  it('Gateway listener and HTTPRoute hostnames resolve to the Gateway address; a wildcard hostname becomes a wildcard record', () => {
    const st = build(parse(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: example
  addresses: [{type: IPAddress, value: 172.16.0.240}]
  listeners: [{name: http, port: 80, protocol: HTTP, hostname: "*.example.net"}, {name: api, port: 8080, protocol: HTTP, hostname: api.example.net}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw}]
  hostnames: [shop.example.net]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`));
    expect(st.outside.hosts['api.example.net']).toBe('172.16.0.240');
    expect(st.outside.hosts['shop.example.net']).toBe('172.16.0.240');
    expect(st.outside.hosts['*.example.net']).toBe('172.16.0.240');
  });

  it('the outside world: default client 203.0.113.7, upstream resolver, public names on documentation ranges', () => {
    expect(s.outside.defaultClient).toBe('203.0.113.7');
    expect(s.outside.upstreamDNS).toBe('198.51.100.53');
    for (const address of Object.values(s.outside.hosts)) expect(address).toMatch(/^(203\.0\.113|198\.51\.100)\./);
    expect(s.outside.hosts['example.com']).toBeDefined();
  });
});

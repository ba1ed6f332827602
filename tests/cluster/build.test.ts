import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { parse } from '../../src/parse/index.ts';
import { deployment, docs, objects, service } from '../fixtures/objects.ts';

const policy = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}}\nspec: {podSelector: {}}\n`;
const noEnforcement = `apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec: {cni: {networkPolicy: false}}\n`;

describe('build', () => {
  it.each([
    ['selector-matches-nothing on spec.selector', docs(deployment('web'), service('api')), [['warning', 'selector-matches-nothing', 'spec.selector']]],
    ['policy-not-enforced once, on the first NetworkPolicy, when the CNI does not enforce', docs(noEnforcement, policy('a'), policy('b')), [['warning', 'policy-not-enforced', '']]],
    ['no policy-not-enforced when enforcement is on (the default)', docs(policy('a')), []],
    ['a selector matching pods: no diagnostics', docs(deployment('web'), service('web')), []],
  ])('%s', (_name, yaml, expected) => {
    expect(build(parse(yaml)).diagnostics.map((d) => [d.severity, d.code, d.path])).toEqual(expected);
  });

  it('nodeport-out-of-range on the port (for objects that bypass the parser, which reports it too)', () => {
    const [web, svc] = objects(docs(deployment('web'), service('web', { spec: 'type: NodePort\nports: [{port: 80, targetPort: 8080}]' })));
    if (svc?.kind !== 'Service') throw new Error('fixture');
    const bad = { ...svc, spec: { ...svc.spec, ports: [{ ...svc.spec.ports[0]!, nodePort: 29999 }] } };
    const s = build([web!, bad]);
    expect(s.diagnostics.map((d) => [d.severity, d.code, d.path])).toEqual([['error', 'nodeport-out-of-range', 'spec.ports[0].nodePort']]);
    expect(s.services.find((v) => v.name === 'web')!.ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
  });

  it('selector-matches-nothing names a matching pod in another namespace: Services select only in their own', () => {
    const yaml = docs(`apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n`, deployment('web', { namespace: 'shop' }), service('web'));
    const [d] = build(parse(yaml)).diagnostics;
    expect(d!.code).toBe('selector-matches-nothing');
    expect(d!.message).toMatch(/Pod shop\/web-.* only selects pods in its own namespace \(default\)/);
    expect(d!.range.startLine).toBeGreaterThan(1);
  });

  it('diagnostics about List items carry the item prefix in their path (ObjectSource.pathPrefix)', () => {
    const s = build(parse(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: web}
  spec: {selector: {app: nothing}, ports: [{port: 80}]}
`));
    expect(s.diagnostics.map((d) => [d.code, d.path, d.range.startLine])).toEqual([['selector-matches-nothing', 'items[0].spec.selector', 7]]);
  });

  it('a kubectl dump keeps its pods as they are: node, IP, owners; nothing is expanded twice', () => {
    const text = readFileSync(new URL('../fixtures/dump.yaml', import.meta.url), 'utf8');
    const parsed = parse({ name: 'dump.yaml', text });
    const s = build(parsed);
    const view = (id: string) => { const p = s.index.podById.get(id)!; return [p.nodeName, p.ip, p.workload?.kind]; };
    expect(view('shop/web-6d4cf56db6-x7k2p')).toEqual(['node-1', '10.244.1.9', 'Deployment']);
    expect(view('shop/db-0')).toEqual(['node-2', '10.244.2.7', 'StatefulSet']);
    expect(s.pods.filter((p) => !p.system)).toHaveLength(parsed.objects.filter((o) => o.kind === 'Pod').length);
    expect(s.index.serviceById.get('shop/web')!.endpointSlices.flatMap((sl) => sl.endpoints.map((e) => e.ip))).toContain('10.244.1.9');
  });

  it('accepts a ParseResult or the objects alone, with the same result', () => {
    const yaml = docs(deployment('web', { replicas: 2 }), service('web'));
    expect(build(objects(yaml))).toEqual(build(parse(yaml)));
  });

  it('pods: Running with node, IP, eth0, routes and resolv.conf; ready from status (default true)', () => {
    const s = build(parse(docs(deployment('web'), `apiVersion: v1
kind: Pod
metadata: {name: slow, labels: {app: slow}}
spec: {containers: [{name: c, image: x}]}
status: {conditions: [{type: Ready, status: "False"}]}
`)));
    const web = s.pods.find((p) => p.labels.app === 'web')!;
    expect(web).toMatchObject({ phase: 'Running', nodeName: 'node-1', ip: '10.244.1.2', ready: true, system: false, hostname: web.name });
    expect(web.eth0?.addresses).toEqual(['10.244.1.2/24']);
    expect(web.hostVeth?.name).toMatch(/^veth[0-9a-f]{8}$/);
    expect(web.routes.length).toBeGreaterThan(0);
    // DATAPATH §6.2: ClusterFirst → kube-dns, the namespace search list, ndots:5.
    expect(web.resolvConf).toEqual({ nameservers: ['10.96.0.10'], search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{ name: 'ndots', value: '5' }] });
    expect(web.source?.doc).toBe(1);
    expect(s.index.podById.get('default/slow')!.ready).toBe(false);
  });

  it.each([
    ['a short name', 'web', 'web'],
    // kubelet truncatePodHostnameIfNeeded: 63 characters, then trailing '-' and '.' removed.
    ['a name longer than 63 characters', `${'a'.repeat(62)}-bc`, 'a'.repeat(62)],
  ])('the hostname of a pod with %s', (_n, podName, hostname) => {
    const s = build(parse(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${podName}}\nspec: {containers: [{name: c, image: x}]}\n`));
    expect(s.index.podById.get(`default/${podName}`)!.hostname).toBe(hostname);
  });

  it('a Pending pod has no node, no IP, and is not ready', () => {
    const s = build(parse(deployment('web', { extraSpec: 'nodeSelector: {disk: ssd}' })));
    expect(s.pods.find((p) => p.labels.app === 'web')).toMatchObject({ phase: 'Pending', ready: false, routes: [] });
    expect(s.pods.find((p) => p.labels.app === 'web')!.ip).toBeUndefined();
  });

  it('the index: pods by id/IP (hostNetwork pods not by IP), Services by ClusterIP, nodes by name/address, pods by node', () => {
    const s = build(parse(docs(deployment('web', { replicas: 2 }), service('web'))));
    const web = s.pods.find((p) => p.labels.app === 'web')!;
    expect(s.index.podByIp.get(web.ip!)).toBe(web);
    expect(s.index.podByIp.get('172.16.0.10')).toBeUndefined();
    const svc = s.services.find((v) => v.name === 'web')!;
    expect(s.index.serviceByClusterIP.get(svc.clusterIP!)).toBe(svc);
    expect(s.index.nodeByAddress.get('172.16.0.11')!.name).toBe('node-1');
    expect(s.index.podsByNode.get('node-1')).toContain(web);
    expect(s.index.namespaceByName.get('kube-system')!.system).toBe(true);
  });

  it('nodes carry interfaces, routes, kube-proxy rules and the node resolv.conf', () => {
    const node = build(parse(docs(deployment('web'), service('web')))).index.nodeByName.get('node-1')!;
    expect(node.interfaces.map((i) => i.name)).toEqual(expect.arrayContaining(['eth0', 'cni0', 'flannel.1']));
    expect(node.proxy.mode).toBe('iptables');
    expect(node.resolvConf).toEqual({ nameservers: ['198.51.100.53'], search: [], options: [] });
    expect([node.podCIDR, node.ipamBlocks]).toEqual(['10.244.1.0/24', ['10.244.1.0/24']]);
  });

  it('the state is deep-frozen; the input objects are not touched', () => {
    const input = objects(docs(deployment('web'), service('web'), policy('p')));
    const s = build(input);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.pods[0]!.labels)).toBe(true);
    expect(Object.isFrozen(s.services[0]!.endpointSlices)).toBe(true);
    expect(Object.isFrozen(s.policies[0]!.spec)).toBe(true);
    expect(() => { (s.pods as unknown as unknown[]).push(1); }).toThrow(TypeError);
    expect(Object.isFrozen(input[0]!.metadata)).toBe(false);
  });

  it('the same objects give deep-equal states', () => {
    const yaml = docs(deployment('web', { replicas: 3 }), service('web', { spec: 'type: LoadBalancer\nports: [{port: 80, targetPort: 8080}]' }));
    expect(build(parse(yaml))).toEqual(build(parse(yaml)));
  });

  it('DNS records and policies pass through', () => {
    const s = build(parse(docs(deployment('web'), service('web'), policy('deny'))));
    expect(s.dns.domain).toBe('cluster.local');
    expect(s.dns.records).toContainEqual(expect.objectContaining({ type: 'A', name: 'web.default.svc.cluster.local' }));
    expect(s.policies.map((p) => p.metadata.name)).toEqual(['deny']);
  });

  it('Calico end to end: pods in the node /26 blocks, /32 on eth0', () => {
    const s = build(parse(docs(`apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: c}\nspec: {cni: {plugin: calico}}\n`, deployment('web'))));
    const web = s.pods.find((p) => p.labels.app === 'web')!;
    const node = s.index.nodeByName.get(web.nodeName!)!;
    expect(node.ipamBlocks[0]).toMatch(/^192\.168\.\d+\.\d+\/26$/);
    expect(web.eth0?.addresses).toEqual([`${web.ip}/32`]);
  });
});

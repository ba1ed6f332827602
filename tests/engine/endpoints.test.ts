import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { classifyIp, describeIpClass, resolveSource } from '../../src/engine/endpoints.ts';
import type { IpClass } from '../../src/engine/endpoints.ts';
import { parse } from '../../src/parse/index.ts';
import { scenarioUrl } from '../../src/scenarios/files.ts';

const example = build(parse({ name: 'example.yaml', text: readFileSync(scenarioUrl('example'), 'utf8') }));

/** One line per class, so a failing case prints what the address turned out to be. */
const summary = (c: IpClass): string => describeIpClass(c);

// The example scenario on DATAPATH.md §0.1's plan: node-1 172.16.0.11 (cni0 10.244.1.1, flannel.1
// 10.244.1.0), Service CIDR 10.96.0.0/12 with kube-dns at 10.96.0.10, LB pool from 172.16.0.200.
describe('classifyIp in the example scenario', () => {
  const pod = (prefix: string) => example.pods.find((p) => p.name.startsWith(prefix))!;
  it.each([
    ['a pod IP', pod('db-0').ip!, 'pod shop/db-0'],
    ['a CoreDNS pod (system pods are pods)', pod('coredns-').ip!, `pod ${pod('coredns-').id}`],
    ['the kube-dns ClusterIP (DATAPATH.md §6.1)', '10.96.0.10', 'the ClusterIP of Service kube-system/kube-dns'],
    ['the kubernetes ClusterIP, first of the range (§0.1)', '10.96.0.1', 'the ClusterIP of Service default/kubernetes'],
    ["a node's InternalIP", '172.16.0.11', 'node node-1'],
    // hostNetwork pods use their node's address (§9.1): the API server's address is the control plane's.
    ["a hostNetwork pod's address is its node's", '172.16.0.10', 'node control-plane'],
    ["a node's cni0 address is the node's own (§0.1)", '10.244.1.1', 'node node-1'],
    ["a node's flannel.1 address is the node's own (§0.1)", '10.244.2.0', 'node node-2'],
    ['the LoadBalancer IP of shop/frontend (§5.4)', '172.16.0.200', 'the load-balancer IP of Service shop/frontend'],
    ['the ingress controller LoadBalancer IP', '172.16.0.250', 'the load-balancer IP of Service ingress-nginx/ingress-nginx-controller'],
    ['loopback', '127.0.0.1', 'loopback'],
    ['anything in 127.0.0.0/8 is loopback', '127.1.2.3', 'loopback'],
    ['an unused Service CIDR address: kube-proxy has no rule for it', '10.100.0.1', 'an unused address of the Service CIDR'],
    ["an unused address of node-2's pod range", '10.244.2.99', 'an unused pod address of node node-2'],
    ['a pod-CIDR address no node owns', '10.244.77.5', 'an unused pod address'],
    ['the default external client (DESIGN.md Defaults)', '203.0.113.7', 'outside the cluster'],
    ['the upstream DNS server', example.outside.upstreamDNS, 'outside the cluster'],
    ['a public host', '198.51.100.10', 'outside the cluster'],
  ])('%s: %s', (_name, ip, expected) => {
    expect(summary(classifyIp(example, ip))).toBe(expected);
  });
});

// externalIPs: kube-proxy's KUBE-SERVICES rule matches `-d IP --dport port` (DATAPATH.md §5.4), so an
// externalIP that is also a node address is the Service only on the Service's ports.
describe('classifyIp with externalIPs and a Pending pod', () => {
  const yaml = `apiVersion: v1
kind: Service
metadata:
  name: legacy
spec:
  selector:
    app: legacy
  externalIPs: [198.51.100.77, 172.16.0.12]
  ports:
    - port: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: huge
spec:
  # No such node: the scheduler never places it, so it stays Pending without an IP.
  nodeName: node-9
  containers:
    - name: c
      image: busybox
`;
  const parsed = parse({ name: 'external.yaml', text: yaml });
  const cluster = build(parsed);

  it('the fixture parses', () => {
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each([
    ['an externalIP outside the cluster', '198.51.100.77', undefined, 'an externalIP of Service default/legacy'],
    ['an externalIP on a node, the Service port', '172.16.0.12', 8080, 'an externalIP of Service default/legacy'],
    ['an externalIP on a node, another port: the node', '172.16.0.12', 22, 'node node-2'],
    ['an externalIP on a node, no port given: the node', '172.16.0.12', undefined, 'node node-2'],
  ])('%s', (_name, ip, port, expected) => {
    expect(summary(classifyIp(cluster, ip, port))).toBe(expected);
  });

  it('a Pending pod cannot send', () => {
    const pending = cluster.pods.find((p) => p.name === 'huge');
    expect(pending?.phase).toBe('Pending');
    expect(resolveSource(cluster, 'huge')).toEqual({ ok: false, error: 'pod default/huge is Pending (no node fits it), so it has no network to send from' });
  });
});

describe('resolveSource', () => {
  it.each([
    ['a pod by NS/NAME', 'shop/db-0', 'default', { kind: 'pod', id: 'shop/db-0' }],
    ['a workload by its first pod', 'sts/db', 'shop', { kind: 'pod', id: 'shop/db-0' }],
    ['a node', 'node/node-1', 'default', { kind: 'node', id: 'node-1' }],
    // kubectl exec --help: "kubectl exec svc/myservice -- date" runs in a pod of the Service.
    ['a Service by its first pod by name', 'svc/backend', 'shop', { kind: 'pod', id: [...example.pods].filter((p) => p.name.startsWith('backend-')).map((p) => p.id).sort()[0] }],
    // DESIGN.md Defaults: the default external client is 203.0.113.7.
    ['external', 'external', 'default', { kind: 'external', id: '203.0.113.7' }],
    ['external:IP', 'external:198.51.100.9', 'default', { kind: 'external', id: '198.51.100.9' }],
  ])('%s', (_name, ref, ns, expected) => {
    const r = resolveSource(example, ref, ns);
    if (!r.ok) throw new Error(r.error);
    const v = r.value;
    expect({ kind: v.kind, id: v.kind === 'pod' ? v.pod.id : v.kind === 'node' ? v.node.name : v.ip }).toEqual(expected);
  });

  it.each([
    // The kubernetes Service has no selector: its endpoint is the API server, kept by the control plane.
    ['a Service without a selector', 'svc/kubernetes', 'default', 'Service default/kubernetes selects no running pod to send from; a Service is an address, not a program. Start from a pod or workload, e.g. default/deploy/NAME'],
    ['an "external" address inside the cluster', 'external:10.244.2.4', 'default', '10.244.2.4 is inside the cluster (pod shop/db-0); an external client needs an outside address such as 203.0.113.7'],
    ['an external node address', 'external:172.16.0.11', 'default', '172.16.0.11 is inside the cluster (node node-1); an external client needs an outside address such as 203.0.113.7'],
    ['an unknown pod', 'backend', 'shop', 'no pod named backend in namespace shop; did you mean deploy/backend or svc/backend?'],
  ])('rejects %s', (_name, ref, ns, error) => {
    expect(resolveSource(example, ref, ns)).toEqual({ ok: false, error });
  });
});

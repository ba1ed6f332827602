// NetworkPolicy at the hop where each CNI enforces it (DATAPATH §8.2, DESIGN.md "Defaults"):
// flannel's policy controller in filter FORWARD (egress on the source node, ingress on the
// destination node, after DNAT), Calico in cali-fw/cali-tw, Cilium in the lxc eBPF program;
// enforcement off says so. A deny ends the send with 'dropped' at that hop, naming the policy.
import { describe, expect, it } from 'vitest';
import type { CniMode, CniPlugin } from '../../src/model/objects.ts';
import { reverse } from '../../src/engine/conntrack.ts';
import { formatHops, fromPod, plan, pod, sendFrom, sym, tcp } from './datapath-helpers.ts';

const denyIngressWeb = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-deny, namespace: app}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`;
const denyEgressClient = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-deny, namespace: app}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
`;
const allowClientToWeb = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-allow-client, namespace: app}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: 8080}]
`;

type Case = { name: string; plugin: CniPlugin; mode: CniMode; policy: string; dst: 'web-a' | 'web-b'; node: string; where: string; at: string; object: string };

describe('a denying policy drops the packet at the CNI\'s enforcement hop (§8.2)', () => {
  it.each<Case>([
    { name: 'flannel: ingress on the destination node, filter FORWARD', plugin: 'flannel', mode: 'vxlan', policy: denyIngressWeb, dst: 'web-b', node: 'node-2', where: 'filter FORWARD', at: 'node:node-2', object: 'web-deny' },
    { name: 'flannel: egress on the source node, filter FORWARD, before anything leaves node1', plugin: 'flannel', mode: 'vxlan', policy: denyEgressClient, dst: 'web-b', node: 'node-1', where: 'filter FORWARD', at: 'node:node-1', object: 'client-deny' },
    { name: 'flannel same node: bridged traffic is filtered through br_netfilter', plugin: 'flannel', mode: 'vxlan', policy: denyIngressWeb, dst: 'web-a', node: 'node-1', where: 'br_netfilter filter FORWARD', at: 'node:node-1', object: 'web-deny' },
    { name: 'Calico: egress in cali-fw-<client device>', plugin: 'calico', mode: 'ipip', policy: denyEgressClient, dst: 'web-b', node: 'node-1', where: 'filter FORWARD cali-fw-{hv:client}', at: 'iface:node-1/{hv:client}', object: 'client-deny' },
    { name: 'Calico: ingress in cali-tw-<web-b device> on node2', plugin: 'calico', mode: 'ipip', policy: denyIngressWeb, dst: 'web-b', node: 'node-2', where: 'filter FORWARD cali-tw-{hv:web-b}', at: 'iface:node-2/{hv:web-b}', object: 'web-deny' },
    { name: 'Cilium: egress in the source lxc program', plugin: 'cilium', mode: 'vxlan', policy: denyEgressClient, dst: 'web-b', node: 'node-1', where: '{hv:client} (from-container)', at: 'iface:node-1/{hv:client}', object: 'client-deny' },
    { name: 'Cilium: ingress at the destination endpoint after decapsulation', plugin: 'cilium', mode: 'vxlan', policy: denyIngressWeb, dst: 'web-b', node: 'node-2', where: '{hv:web-b} (to-container)', at: 'iface:node-2/{hv:web-b}', object: 'web-deny' },
  ])('$name', (c) => {
    const state = plan({ plugin: c.plugin, mode: c.mode, extra: c.policy });
    const client = pod(state, 'client');
    const out = sendFrom(state, fromPod(client), tcp(client.ip!, pod(state, c.dst).ip!, 8080));
    const dump = formatHops(out.hops);
    const last = out.hops[out.hops.length - 1]!;
    expect(out.outcome, dump).toBe('dropped');
    expect([last.node, last.where, last.at, last.verdict], dump).toEqual([c.node, sym(state, c.where), sym(state, c.at), 'drop']);
    expect(last.because.map((b) => b.object?.name), dump).toContain(c.object);
    expect(out.reason).toContain(`app/${c.object}`);
    expect(out.receivedBy).toBeUndefined();
  });
});

describe('policies see the translated packet (NETPOL.md 16) and never the reply (NETPOL.md 6)', () => {
  it('a Service connection is checked against the backend pod and targetPort 8080, after DNAT', () => {
    const state = plan({ extra: [denyIngressWeb, '---\n', allowClientToWeb].join('') });
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', '10.96.100.10', 80));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    const ingress = out.hops.find((h) => h.action.includes('ingress of pod'))!;
    expect(ingress.because.map((b) => `${b.object?.name} #${b.rule}`), dump).toEqual(['web-allow-client #1']);
  });

  it('the reply of an allowed connection is never checked: web-b is isolated for ingress, yet its reply to the client passes', () => {
    const state = plan({ extra: [denyIngressWeb, '---\n', allowClientToWeb].join('') });
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', '10.244.2.7', 8080));
    const back = sendFrom(state, out.receivedBy!, reverse(out.tuple), { ct: out.ct, reply: true });
    expect(back.outcome, formatHops(back.hops)).toBe('delivered');
    expect(back.hops.some((h) => h.action.includes('NetworkPolicy'))).toBe(false);
  });
});

describe('enforcement off (plain flannel): the policy exists, nothing enforces it, and the hop says so', () => {
  it('a deny-all ingress policy does not stop the packet', () => {
    const state = plan({ networkPolicy: false, extra: denyIngressWeb });
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', '10.244.2.7', 8080));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    const check = out.hops.find((h) => h.node === 'node-2' && h.where === 'filter FORWARD')!;
    expect(check.verdict).toBe('pass');
    expect(check.action, dump).toMatch(/not enforce|does not enforce|not enforced/i);
  });
});

describe('NETPOL.md 17: the destination\'s ingress policy sees the rewritten source', () => {
  const allowClientNet = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-clients, namespace: app}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 203.0.113.0/24}}]
`;
  const nodePort = tcp('203.0.113.7', '172.16.0.11', 30080, 51000);

  it('externalTrafficPolicy Cluster: web-b sees flannel.1\'s 10.244.1.0, which the ipBlock does not admit → dropped on node2', () => {
    const state = plan({ without: ['web-a'], extra: allowClientNet });
    const out = sendFrom(state, { kind: 'external', ip: '203.0.113.7' }, nodePort);
    const dump = formatHops(out.hops);
    const last = out.hops[out.hops.length - 1]!;
    expect([out.outcome, last.node, last.where], dump).toEqual(['dropped', 'node-2', 'filter FORWARD']);
    expect(out.tuple.src).toBe('10.244.1.0');
    expect(out.reason).toContain('app/web-from-clients');
  });

  it('externalTrafficPolicy Local: the client address 203.0.113.7 is kept and admitted by rule #1', () => {
    const state = plan({ extra: allowClientNet, serviceSpec: '  type: NodePort\n  externalTrafficPolicy: Local\n  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]' });
    const out = sendFrom(state, { kind: 'external', ip: '203.0.113.7' }, nodePort);
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    const ingress = out.hops.find((h) => h.action.includes('ingress of pod'))!;
    expect(ingress.because.map((b) => `${b.object?.name} #${b.rule}`), dump).toEqual(['web-from-clients #1']);
  });
});

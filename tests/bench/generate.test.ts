// The benchmark's generator must produce clusters that are valid Kubernetes (no error from the
// parser or the control plane) and exactly the requested size, or its figures mean nothing.
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';
import { apportion, generate, type GenerateOptions } from './generate.ts';
import { policyShapes } from './policies.ts';

function run(options: GenerateOptions) {
  const generated = generate(options);
  const parsed = parse(generated.text);
  const state = build(parsed);
  const errors = [...parsed.diagnostics, ...state.diagnostics].filter((d) => d.severity === 'error');
  return { generated, parsed, state, errors: errors.map((d) => `${d.code} ${d.object ?? ''} ${d.path}: ${d.message}`) };
}

describe('generate', () => {
  it.each<[string, GenerateOptions]>([
    ['a small cluster, no policies', { pods: 60, namespaces: 2, policies: 0, seed: 1 }],
    ['the benchmark shape scaled down (1 namespace per 125 pods, 6 policies per 100 pods)', { pods: 250, namespaces: 2, policies: 15, seed: 7 }],
    ['more policies than shapes in one namespace (names get -2, -3…)', { pods: 120, namespaces: 1, policies: 40, seed: 3 }],
    ['one List per namespace', { pods: 200, namespaces: 3, policies: 12, seed: 5, layout: 'lists' }],
  ])('%s: parses and builds without errors, exactly the requested size', (_name, options) => {
    const { generated, parsed, state, errors } = run(options);
    expect(errors).toEqual([]);
    const userPods = state.pods.filter((p) => !p.system);
    expect(userPods).toHaveLength(options.pods);
    // IPAM never runs out and the scheduler finds room: every pod runs with an address.
    expect(userPods.filter((p) => p.phase !== 'Running' || p.ip === undefined).map((p) => p.id)).toEqual([]);
    expect(parsed.objects.filter((o) => o.kind === 'Namespace')).toHaveLength(options.namespaces);
    expect(parsed.objects.filter((o) => o.kind === 'NetworkPolicy')).toHaveLength(options.policies);
    expect(parsed.objects).toHaveLength(generated.counts.objects);
    expect(state.nodes).toHaveLength(generated.counts.nodes);
    expect(generated.counts.documents).toBe(options.layout === 'lists' ? options.namespaces + 1 : generated.counts.objects);
  });

  it('namespaces carry team and env labels; workloads app, tier, version and team', () => {
    const { parsed, state } = run({ pods: 100, namespaces: 3, policies: 0, seed: 1 });
    for (const ns of parsed.objects.filter((o) => o.kind === 'Namespace')) expect(ns.metadata.labels).toMatchObject({ team: expect.any(String), env: expect.stringMatching(/^(prod|staging|dev)$/) });
    for (const pod of state.pods.filter((p) => !p.system)) expect(pod.labels).toMatchObject({ app: expect.any(String), tier: expect.any(String), version: expect.stringMatching(/^v\d$/), team: expect.any(String) });
  });

  it('has every workload kind and every Service type', () => {
    const { state, parsed } = run({ pods: 300, namespaces: 4, policies: 0, seed: 1 });
    expect(new Set(state.workloads.map((w) => w.kind))).toEqual(new Set(['Deployment', 'StatefulSet', 'DaemonSet']));
    const user = state.services.filter((s) => !s.system);
    expect(new Set(user.map((s) => (s.headless ? 'headless' : s.type)))).toEqual(new Set(['ClusterIP', 'headless', 'NodePort', 'LoadBalancer', 'ExternalName']));
    // Named targetPorts, resolved on the pods (DATAPATH.md §5: EndpointSlice ports carry the number).
    expect(user.some((s) => s.ports.some((p) => typeof p.targetPort === 'string'))).toBe(true);
    expect(parsed.objects.some((o) => o.kind === 'Ingress')).toBe(true);
  });

  it('has NetworkPolicies of every shape NETPOL.md names', () => {
    const { parsed } = run({ pods: 120, namespaces: 1, policies: policyShapes.length, seed: 1 });
    const policies = parsed.objects.filter((o): o is NetworkPolicy => o.kind === 'NetworkPolicy');
    expect(policies.map((p) => p.metadata.name).sort()).toEqual([...policyShapes].sort());
    const rules = policies.flatMap((p) => [...p.spec.ingress.map((r) => ({ peers: r.from, ports: r.ports })), ...p.spec.egress.map((r) => ({ peers: r.to, ports: r.ports }))]);
    const peers: NetworkPolicyPeer[] = rules.flatMap((r) => r.peers ?? []);
    const ports: NetworkPolicyPort[] = rules.flatMap((r) => r.ports ?? []);
    const features = {
      'default deny ingress (NETPOL.md 7)': policies.some((p) => p.spec.policyTypes.includes('Ingress') && p.spec.ingress.length === 0),
      'default deny egress (NETPOL.md 2)': policies.some((p) => p.spec.policyTypes.join() === 'Egress' && p.spec.egress.length === 0),
      'podSelector peer (NETPOL.md 8)': peers.some((p) => p.podSelector && !p.namespaceSelector),
      'namespaceSelector peer (NETPOL.md 9)': peers.some((p) => p.namespaceSelector && !p.podSelector),
      'AND peer (NETPOL.md 10)': peers.some((p) => p.namespaceSelector && p.podSelector),
      'matchExpressions (NETPOL.md 12)': peers.some((p) => (p.podSelector?.matchExpressions.length ?? 0) > 0),
      'ipBlock with except (NETPOL.md 13)': peers.some((p) => (p.ipBlock?.except.length ?? 0) > 0),
      'named port (NETPOL.md 15)': ports.some((p) => typeof p.port === 'string'),
      'endPort range (NETPOL.md 14)': ports.some((p) => p.endPort !== undefined),
      'UDP (NETPOL.md 14)': ports.some((p) => p.protocol === 'UDP'),
      'SCTP (NETPOL.md 14)': ports.some((p) => p.protocol === 'SCTP'),
      'allow all, ingress: [{}] (NETPOL.md 7)': rules.some((r) => r.peers === undefined && r.ports === undefined),
    };
    expect(Object.entries(features).filter(([, has]) => !has).map(([name]) => name)).toEqual([]);
  });

  it('is deterministic: the same seed gives the same text, another seed another cluster', () => {
    const options = { pods: 150, namespaces: 2, policies: 10, seed: 42 };
    expect(generate(options).text).toBe(generate(options).text);
    expect(generate({ ...options, seed: 43 }).text).not.toBe(generate(options).text);
  });

  it.each([
    ['even weights', 10, [1, 1, 1], 1, [4, 3, 3]],
    ['proportional, at least min each', 20, [1, 3], 1, [6, 14]],
    ['min 0', 5, [1, 1, 1, 1, 1, 1], 0, [1, 1, 1, 1, 1, 0]],
  ])('apportion: %s', (_name, total, weights, min, expected) => {
    const parts = apportion(total, weights, min);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('refuses what cannot be built, rather than silently generating less', () => {
    expect(() => generate({ pods: 3, namespaces: 5, policies: 0, seed: 1 })).toThrow(/at least one pod/);
  });
});

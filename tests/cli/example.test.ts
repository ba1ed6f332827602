// The built-in example must stay clean and keep showing what it promises (its own comments).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { parse } from '../../src/parse/index.ts';
import { scenarioUrl } from '../../src/scenarios/files.ts';
import { exampleScenario, scenarios } from '../../src/scenarios/index.ts';

const text = readFileSync(scenarioUrl('example'), 'utf8');
const parsed = parse({ name: 'example.yaml', text });
const cluster = build(parsed);
const shop = (prefix: string) => cluster.pods.filter((p) => p.namespace === 'shop' && p.name.startsWith(prefix));

describe('the example scenario', () => {
  it('is the same text through Vite ?raw and through the file', () => {
    expect(exampleScenario.yaml).toBe(text);
    // The gallery's other scenarios are checked in tests/scenarios/gallery.test.ts.
    expect(scenarios[0]).toBe(exampleScenario);
  });

  it('parses and builds with no errors and no warnings', () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(cluster.diagnostics).toEqual([]);
  });

  it('spells out the defaults (DESIGN.md Defaults): flannel vxlan enforcing policies, iptables', () => {
    expect(cluster.settings.cni).toEqual({ plugin: 'flannel', mode: 'vxlan', networkPolicy: true });
    expect(cluster.settings.proxyMode).toBe('iptables');
    expect(cluster.settings.podCIDR).toBe('10.244.0.0/16');
    expect(cluster.settings.serviceCIDR).toBe('10.96.0.0/12');
    expect(cluster.nodes.map((n) => [n.name, n.role, n.address, n.podCIDR])).toEqual([
      ['control-plane', 'control-plane', '172.16.0.10', '10.244.0.0/24'],
      ['node-1', 'worker', '172.16.0.11', '10.244.1.0/24'],
      ['node-2', 'worker', '172.16.0.12', '10.244.2.0/24'],
    ]);
  });

  it('runs 2 frontend, 3 backend and 1 db pod, all on the workers (the control plane is tainted)', () => {
    expect(shop('frontend-')).toHaveLength(2);
    expect(shop('backend-')).toHaveLength(3);
    expect(shop('db-').map((p) => p.name)).toEqual(['db-0']);
    for (const pod of cluster.pods.filter((p) => p.namespace === 'shop')) {
      expect(pod.nodeName).toMatch(/^node-[12]$/);
      expect(pod.ip).toMatch(/^10\.244\.[12]\.\d+$/);
    }
  });

  it('has the Services it describes, with the backend targetPort resolved by name', () => {
    const svc = (name: string) => cluster.index.serviceById.get(`shop/${name}`)!;
    expect(svc('frontend').type).toBe('LoadBalancer');
    expect(svc('frontend').loadBalancerIPs).toHaveLength(1);
    expect(svc('backend').type).toBe('ClusterIP');
    expect(svc('db').headless).toBe(true);
    // DATAPATH.md §5.8: a named targetPort resolves to each pod's container port of that name.
    const backendPorts = svc('backend').endpointSlices.flatMap((s) => s.ports.map((p) => p.port));
    expect(new Set(backendPorts)).toEqual(new Set([8080]));
    expect(svc('backend').endpointSlices.flatMap((s) => s.endpoints)).toHaveLength(3);
  });

  it('gets an ingress-nginx controller for its Ingress, and its policies and flows', () => {
    expect(cluster.pods.some((p) => p.namespace === 'ingress-nginx' && p.system)).toBe(true);
    expect(cluster.ingresses.map((i) => i.metadata.name)).toEqual(['shop']);
    expect(cluster.policies.map((p) => p.metadata.name)).toEqual([
      'default-deny-ingress', 'allow-frontend-to-backend', 'allow-backend-to-db', 'allow-ingress-nginx-to-frontend',
    ]);
    expect(cluster.flows.map((f) => [f.metadata.name, f.spec.expect])).toEqual([
      ['frontend-to-backend', 'delivered'], ['browser-to-shop', 'delivered'], ['frontend-to-db', 'dropped'], ['browser-to-api', 'dropped'],
    ]);
  });
});

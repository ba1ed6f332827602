import { describe, expect, it } from 'vitest';
import { exampleScenario } from '../../../src/scenarios/index.ts';
import { compute } from '../../../src/state/store.ts';
import { allOptions, elementPick, flowProblem, namespaceHint, pickedSpec, sourceGroups, targetGroups, targetKey } from '../../../src/ui/flow/options.ts';

const cluster = compute(exampleScenario.yaml, undefined).cluster!;
const frontendPod = cluster.pods.find((p) => p.name.startsWith('frontend-'))!;

describe('picker options', () => {
  it('lists workloads, pods by namespace, nodes and the outside as sources', () => {
    const groups = sourceGroups(cluster);
    expect(groups.map((g) => g.label)).toEqual(['workloads', 'pods in shop', 'pods in kube-system', 'pods in ingress-nginx', 'nodes', 'outside']);
    const values = allOptions(groups).map((o) => o.value);
    expect(values).toContain('shop/deploy/frontend');
    expect(values).toContain('shop/sts/db');
    expect(values).toContain(frontendPod.id);
    expect(values).toContain('node/node-1');
    expect(values).toContain('external');
  });

  it('lists Ingress hosts as URLs and every Service port as its own target', () => {
    const targets = allOptions(targetGroups(cluster));
    expect(targets.find((o) => o.url)).toMatchObject({ value: 'http://shop.example.com/', port: 80 });
    const dns = targets.filter((o) => o.value === 'kube-dns.kube-system');
    expect(dns.map((o) => `${o.port}/${o.protocol}`)).toEqual(['53/UDP', '53/TCP', '9153/TCP']);
    // One key per port, so the picker can tell them apart.
    expect(new Set(dns.map(targetKey)).size).toBe(3);
    expect(targets.find((o) => o.value === 'backend.shop')?.label).toBe('shop/backend :8080/TCP (http)');
  });

  it('offers a wildcard Ingress host as a concrete name it matches', () => {
    const wild = compute(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: wild}
spec:
  rules: [{host: "*.foo.com", http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`, undefined).cluster!;
    expect(allOptions(targetGroups(wild)).filter((o) => o.url)).toEqual([
      { value: 'http://www.foo.com/', label: 'http://www.foo.com/ (*.foo.com)', port: 80, protocol: 'TCP', url: true },
    ]);
  });
});

describe('pickedSpec', () => {
  const target = (value: string) => allOptions(targetGroups(cluster)).find((o) => o.value === value)!;
  it.each([
    ['a Service port over TCP', 'backend.shop', 8080, 'TCP', { to: 'backend.shop', port: 8080, protocol: 'TCP' }],
    ['ping drops the port', 'backend.shop', 8080, 'ICMP', { to: 'backend.shop', protocol: 'ICMP' }],
    ['an Ingress host is an HTTP GET', 'http://shop.example.com/', 80, 'TCP', { to: 'http://shop.example.com/', protocol: 'TCP', http: { method: 'GET', path: '/', host: 'shop.example.com', tls: false } }],
  ] as const)('%s', (_, to, port, protocol, expected) => {
    expect(pickedSpec('shop/deploy/frontend', target(to), port, protocol)).toEqual({ from: 'shop/deploy/frontend', ...expected });
  });
});

describe('elementPick', () => {
  it.each([
    // [element, role, picked value or undefined]
    [`pod:${frontendPod.id}`, 'source', frontendPod.id],
    [`pod:${frontendPod.id}`, 'target', frontendPod.id],
    ['node:node-2', 'source', 'node/node-2'],
    ['node:node-2', 'target', undefined],
    ['svc:shop/backend', 'source', undefined],
    ['svc:shop/backend', 'target', 'backend.shop'],
    ['ingress:shop/shop', 'target', 'http://shop.example.com/'],
    ['external:203.0.113.7', 'source', 'external'],
    ['external:198.51.100.9', 'target', 'external:198.51.100.9'],
    ['deploy:shop/frontend', 'source', 'shop/deploy/frontend'],
    ['sts:shop/db', 'source', 'shop/sts/db'],
    ['pod:shop/gone', 'source', undefined],
  ] as const)('%s as %s', (id, role, value) => {
    expect(elementPick(id, role, cluster)?.value).toBe(value);
  });
});

describe('namespaceHint', () => {
  it.each([
    ['a workload in one other namespace', 'no pod named frontend in namespace default', 'no pod named frontend in namespace default; did you mean -n shop deploy/frontend?'],
    ['a pod in one other namespace', 'no pod named db-0 in namespace default', 'no pod named db-0 in namespace default; did you mean -n shop?'],
    ['nothing of that name anywhere', 'no pod named web in namespace default', 'no pod named web in namespace default'],
    ['the engine already suggested', 'no pod named backen in namespace shop; did you mean deploy/backend?', 'no pod named backen in namespace shop; did you mean deploy/backend?'],
    ['another error', 'type a command', 'type a command'],
  ])('%s', (_, error, expected) => {
    expect(namespaceHint(error, cluster)).toBe(expected);
  });
});

describe('flowProblem: the error names the flow it belongs to', () => {
  const saved = { id: 'saved:shop/frontend-to-backend', label: 'frontend-to-backend', spec: { from: 'shop/deploy/frontend', to: 'http://backend:8080/', protocol: 'TCP' as const }, namespace: 'shop' };
  const empty = compute('', undefined).cluster!;
  it.each([
    { name: 'no flow chosen', choice: undefined, in: cluster, want: 'no pod named web in namespace default' },
    { name: 'a saved flow still in the scenario', choice: saved, in: cluster, want: 'frontend-to-backend: no pod named web in namespace default' },
    { name: 'a saved flow gone with an edit', choice: saved, in: empty, want: 'The saved flow frontend-to-backend is no longer in the scenario: no pod named web in namespace default' },
  ])('$name', ({ choice, in: c, want }) => {
    expect(flowProblem(choice, 'no pod named web in namespace default', c)).toBe(want);
  });
});

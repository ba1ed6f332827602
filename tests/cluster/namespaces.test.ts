import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/cluster/names.ts';
import { buildNamespaces, systemNamespaces } from '../../src/cluster/namespaces.ts';
import { deployment, docs, objects, service } from '../fixtures/objects.ts';

const run = (yaml: string, builtIn: readonly string[] = systemNamespaces) => {
  const reporter = createReporter();
  return { namespaces: buildNamespaces(yaml ? objects(yaml) : [], builtIn, reporter), diagnostics: reporter.diagnostics };
};

describe('buildNamespaces', () => {
  it('creates the kubeadm namespaces with the automatic kubernetes.io/metadata.name label', () => {
    const { namespaces } = run('');
    expect(namespaces.map((n) => [n.name, n.system, n.labels])).toEqual(
      ['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => [name, true, { 'kubernetes.io/metadata.name': name }]),
    );
  });

  it('a user Namespace keeps its labels; the API server overwrites kubernetes.io/metadata.name (Kubernetes ≥1.22)', () => {
    const { namespaces, diagnostics } = run(`apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a, kubernetes.io/metadata.name: wrong}}
`);
    expect(namespaces.at(-1)).toMatchObject({ name: 'shop', system: false, labels: { team: 'a', 'kubernetes.io/metadata.name': 'shop' } });
    expect(namespaces.at(-1)!.source).toBeDefined();
    expect(diagnostics).toEqual([]);
  });

  it('an undefined namespace is created implicitly, with one namespace-not-found warning on metadata.namespace', () => {
    const { namespaces, diagnostics } = run(docs(deployment('web', { namespace: 'shop' }), service('web', { namespace: 'shop' })));
    expect(namespaces.at(-1)).toEqual({ name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' }, system: false });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', code: 'namespace-not-found', path: 'metadata.namespace', object: 'Deployment shop/web' });
    expect(diagnostics[0]!.message).toMatch(/creates the namespace implicitly.*kind: Namespace/);
    expect(diagnostics[0]!.message).toContain('1 more object');
  });

  it('ingress-nginx counts as built in when the controller is added', () => {
    const { namespaces } = run('', [...systemNamespaces, 'ingress-nginx']);
    expect(namespaces.at(-1)).toMatchObject({ name: 'ingress-nginx', system: true });
  });
});

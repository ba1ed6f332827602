// Namespaces: the built-in ones, the user's, and those objects use without defining them.
import type { NamespaceState } from '../model/cluster.ts';
import type { KubeObject, Namespace } from '../model/objects.ts';
import { objectName } from '../model/objects.ts';
import type { Reporter } from './names.ts';

/** kube-apiserver sets this label on every namespace to the namespace's name (Kubernetes ≥1.22). */
export const namespaceNameLabel = 'kubernetes.io/metadata.name';

/** What kubeadm creates. */
export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/**
 * Built-in namespaces first (with any user Namespace object of the same name merged in), then
 * the user's in order, then namespaces objects refer to without defining them: a real API server
 * rejects those objects, so the simulator creates the namespace and warns on metadata.namespace.
 */
export function buildNamespaces(
  objects: readonly KubeObject[],
  builtIn: readonly string[],
  reporter: Reporter,
): NamespaceState[] {
  const defined = new Map<string, Namespace>();
  for (const o of objects) if (o.kind === 'Namespace' && !defined.has(o.metadata.name)) defined.set(o.metadata.name, o);
  const out: NamespaceState[] = [];
  const seen = new Set<string>();
  const add = (name: string, system: boolean, ns?: Namespace) => {
    seen.add(name);
    out.push({
      name,
      labels: { ...ns?.metadata.labels, [namespaceNameLabel]: name },
      system,
      ...(ns ? { source: ns.source } : {}),
    });
  };
  for (const name of builtIn) add(name, true, defined.get(name));
  for (const [name, ns] of defined) if (!seen.has(name)) add(name, false, ns);
  // One warning per missing namespace, on the first object that uses it.
  const users = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const ns = o.metadata.namespace;
    if (!ns || o.kind === 'Namespace') continue;
    if (!seen.has(ns)) add(ns, false);
    if (!defined.has(ns) && !builtIn.includes(ns)) users.set(ns, [...(users.get(ns) ?? []), o]);
  }
  for (const [ns, [first, ...others]] of users) {
    const also = others.length ? ` (${others.length} more object(s) use it too)` : '';
    reporter.report('warning', 'namespace-not-found',
      `${objectName(first!)} is in namespace "${ns}", which is not defined${also}; a real API server would reject it. The simulator creates the namespace implicitly — add a Namespace object named "${ns}" (apiVersion: v1, kind: Namespace).`,
      { source: first!.source, path: 'metadata.namespace', object: objectName(first!) });
  }
  return out;
}

// Namespace: nothing but a name, plus the label every real API server adds.
import type { KindParser } from './base.ts';

/**
 * Since Kubernetes 1.22 the API server sets `kubernetes.io/metadata.name: <name>` on every
 * Namespace (Kubernetes docs, "Namespaces" → "Automatic labelling"), which is what lets a
 * NetworkPolicy namespaceSelector pick a namespace by name. A user value is overwritten.
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export const parseNamespace: KindParser<'Namespace'> = (_doc, base) => ({
  ...base,
  metadata: { ...base.metadata, labels: { ...base.metadata.labels, [NAMESPACE_NAME_LABEL]: base.metadata.name } },
});

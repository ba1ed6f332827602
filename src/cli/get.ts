// `kube-netsim get RESOURCE [NAME…] [-n NS | -A] [-o wide|json|yaml]`, shaped like kubectl get.
import { dump } from 'js-yaml';
import type { ClusterState } from '../model/cluster.ts';
import { listItems } from './items.ts';
import type { Item } from './items.ts';
import { list, manifest } from './manifests.ts';
import { cells, columns } from './printers.ts';
import type { ResourceInfo } from './resources.ts';
import { formatTable } from './table.ts';

export type GetFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name';

export interface GetOptions {
  /** One or more types (`get pods,svc`). */
  readonly resources: readonly ResourceInfo[];
  readonly names: readonly string[];
  /** undefined with --all-namespaces. */
  readonly namespace: string | undefined;
  readonly format: GetFormat;
}

export interface GetOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: 0 | 1;
}

/** kubectl prints unstructured objects with their keys sorted at every level. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function serialize(value: unknown, format: 'json' | 'yaml'): string {
  const sorted = sortKeys(value);
  // kubectl indents JSON by four spaces; its YAML (sigs.k8s.io/yaml) puts list dashes at the
  // parent key's indentation and quotes strings with double quotes.
  return format === 'json'
    ? JSON.stringify(sorted, null, 4) + '\n'
    : dump(sorted, { lineWidth: -1, noRefs: true, seqNoIndent: true, quoteStyle: 'double' });
}

export function get(cluster: ClusterState, opts: GetOptions): GetOutput {
  const { names, format } = opts;
  // With several types kubectl names every row `kind[.group]/name` and prints one table per type.
  const multi = opts.resources.length > 1;
  const groups: { resource: ResourceInfo; items: Item[] }[] = [];
  let stderr = '';
  let exitCode: 0 | 1 = 0;
  for (const resource of opts.resources) {
    const scoped = resource.namespaced ? opts.namespace : undefined;
    let items = listItems(cluster, resource.resource).filter((i) => scoped === undefined || i.namespace === scoped);
    // Since 1.33 the API server warns on every core/v1 Endpoints request (KEP-4974).
    if (resource.resource === 'endpoints') stderr += 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';
    if (names.length > 0) {
      const found = names.map((name) => items.find((i) => i.name === name));
      names.forEach((name, i) => {
        if (found[i]) return;
        stderr += `Error from server (NotFound): ${resource.resource} "${name}" not found\n`;
        exitCode = 1;
      });
      items = found.filter((i) => i !== undefined);
    }
    if (items.length > 0) groups.push({ resource, items });
  }
  if (groups.length === 0) {
    if (names.length > 0) return { stdout: '', stderr, exitCode };
    // kubectl's wording: when every type is namespaced and one namespace is listed it names it.
    const scoped = opts.namespace !== undefined && opts.resources.every((r) => r.namespaced);
    const message = scoped ? `No resources found in ${opts.namespace} namespace.` : 'No resources found';
    return { stdout: '', stderr: `${stderr}${message}\n`, exitCode };
  }
  if (format === 'json' || format === 'yaml') {
    const items = groups.flatMap((g) => g.items);
    // One object asked for by name comes back bare, as with kubectl get pod NAME -o json.
    const value = names.length === 1 && items.length === 1 && !multi ? manifest(items[0]!, cluster) : list(items, cluster);
    return { stdout: serialize(value, format), stderr, exitCode };
  }
  // -o name: `kind[.group]/name`, one a line, for scripts (kubectl get pods -o name).
  if (format === 'name') {
    return { stdout: groups.flatMap((g) => g.items.map((i) => `${g.resource.prefix}/${i.name}\n`)).join(''), stderr, exitCode };
  }
  const wide = format === 'wide';
  const tables = groups.map(({ resource, items }) => {
    const allNamespaces = opts.namespace === undefined && resource.namespaced;
    const cols = columns[resource.resource];
    const headers = [...(allNamespaces ? ['NAMESPACE'] : []), ...cols.headers, ...(wide ? cols.wide : [])];
    const rows = items.map((i) => {
      const [name, ...rest] = cells(i, wide);
      return [...(allNamespaces ? [i.namespace] : []), multi ? `${resource.prefix}/${name}` : name!, ...rest];
    });
    return formatTable(headers, rows);
  });
  return { stdout: tables.join('\n'), stderr, exitCode };
}

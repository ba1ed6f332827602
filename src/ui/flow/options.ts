// The flow bar's pickers, as plain data built from the cluster: sources (pods, workloads, nodes,
// an outside client) and targets (pods, Services with their ports, Ingress hosts, the outside),
// each carrying the reference the engine understands (DESIGN.md "The CLI contract").
// Pure: unit-tested without a DOM.
import type { FlowSpec } from '../../engine/index.ts';
import type { FlowChoice } from '../../state/choices.ts';
import { savedFlows } from '../../state/choices.ts';
import type { ClusterState } from '../../model/cluster.ts';
import type { FlowProtocol } from '../../model/objects.ts';

export interface PickOption {
  /** The reference put into FlowSpec.from / FlowSpec.to. */
  readonly value: string;
  readonly label: string;
  /** Target defaults: what the port and protocol boxes become when this target is picked. */
  readonly port?: number;
  readonly protocol?: FlowProtocol;
  /** An Ingress host: the flow is an HTTP request to this URL. */
  readonly url?: boolean;
}

export interface PickGroup {
  readonly label: string;
  readonly options: readonly PickOption[];
}

/** The default external client (DESIGN.md "Defaults"): `external` lets the engine pick it. */
const OUTSIDE: PickOption = { value: 'external', label: 'external client (internet)' };

const byNamespace = <T extends { readonly namespace: string }>(items: readonly T[]): [string, T[]][] => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.namespace, [...(groups.get(item.namespace) ?? []), item]);
  return [...groups];
};

/** kubectl's short kind names, as the references use them. */
const SHORT: Readonly<Record<string, string>> = { Deployment: 'deploy', StatefulSet: 'sts', DaemonSet: 'ds', ReplicaSet: 'rs', Job: 'job' };

/** Who can send: pods grouped by namespace, workloads (`ns/deploy/name`), nodes, the outside. */
export function sourceGroups(cluster: ClusterState): readonly PickGroup[] {
  const running = cluster.pods.filter((p) => p.ip !== undefined);
  const workloads = cluster.workloads.filter((w) => w.pods.length > 0).map((w) => {
    const ref = `${w.namespace}/${SHORT[w.kind] ?? w.kind.toLowerCase()}/${w.name}`;
    return { value: ref, label: ref };
  });
  return [
    ...(workloads.length > 0 ? [{ label: 'workloads', options: workloads }] : []),
    ...byNamespace(running).map(([ns, pods]) => ({ label: `pods in ${ns}`, options: pods.map((p) => ({ value: p.id, label: p.name })) })),
    { label: 'nodes', options: cluster.nodes.map((n) => ({ value: `node/${n.name}`, label: `${n.name} (${n.address})` })) },
    { label: 'outside', options: [OUTSIDE] },
  ];
}

/** Where it can go: Services by DNS name with each port, Ingress hosts as URLs, pods, the outside. */
export function targetGroups(cluster: ClusterState): readonly PickGroup[] {
  const services = cluster.services.flatMap((s) => s.ports.map((p) => ({
    value: `${s.name}.${s.namespace}`, label: `${s.namespace}/${s.name} :${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`, port: p.port, protocol: p.protocol,
  })));
  const hosts = [...new Set(cluster.ingresses.flatMap((i) => i.spec.rules.flatMap((r) => (r.host ? [r.host] : []))))];
  // A wildcard host stands for any one label under it: offer a concrete name it matches.
  const urls = hosts.map((h) => {
    const url = `http://${h.replace(/^\*\./, 'www.')}/`;
    return { value: url, label: h.startsWith('*.') ? `${url} (${h})` : url, port: 80, protocol: 'TCP' as const, url: true };
  });
  const running = cluster.pods.filter((p) => p.ip !== undefined);
  const pods = byNamespace(running).map(([ns, list]) => ({
    label: `pods in ${ns}`,
    options: list.map((p) => {
      const port = p.containers.flatMap((c) => c.ports)[0];
      return { value: p.id, label: `${p.name} (${p.ip})`, ...(port ? { port: port.containerPort, protocol: port.protocol } : {}) };
    }),
  }));
  return [
    ...(urls.length > 0 ? [{ label: 'Ingress hosts', options: urls }] : []),
    ...(services.length > 0 ? [{ label: 'Services', options: services }] : []),
    ...pods,
    { label: 'outside', options: [{ value: 'external:198.51.100.7', label: 'outside host 198.51.100.7', port: 443, protocol: 'TCP' as const }] },
  ];
}

export const allOptions = (groups: readonly PickGroup[]): readonly PickOption[] => groups.flatMap((g) => g.options);

/** The flow the pickers describe; ICMP has no port, an Ingress URL is an HTTP GET. */
export function pickedSpec(from: string, target: PickOption, port: number | undefined, protocol: FlowProtocol): FlowSpec {
  if (target.url) {
    const host = new URL(target.value).host;
    return { from, to: target.value, protocol: 'TCP', http: { method: 'GET', path: '/', host, tls: false } };
  }
  if (protocol === 'ICMP') return { from, to: target.value, protocol };
  return { from, to: target.value, protocol, ...(port !== undefined ? { port } : {}) };
}

/**
 * A graph element picked as source or target (pick-on-graph), as a picker value; undefined when
 * that element cannot play the role (a Service does not send; a node is not a target here).
 */
export function elementPick(id: string, role: 'source' | 'target', cluster: ClusterState): PickOption | undefined {
  const colon = id.indexOf(':');
  const kind = colon < 0 ? id : id.slice(0, colon);
  const rest = colon < 0 ? '' : id.slice(colon + 1);
  const options = allOptions(role === 'source' ? sourceGroups(cluster) : targetGroups(cluster));
  const find = (value: string): PickOption | undefined => options.find((o) => o.value === value);
  switch (kind) {
    case 'pod': return find(rest);
    case 'node': return role === 'source' ? find(`node/${rest}`) : undefined;
    case 'external': case 'internet':
      return role === 'source' ? OUTSIDE : { value: rest ? `external:${rest}` : 'external:198.51.100.7', label: rest ? `outside host ${rest}` : 'outside host', port: 443, protocol: 'TCP' };
    case 'svc': {
      if (role === 'source') return undefined;
      const [ns, name] = rest.split('/');
      return options.find((o) => o.value === `${name}.${ns}`);
    }
    case 'ingress': {
      if (role === 'source') return undefined;
      const ingress = cluster.ingresses.find((i) => `${i.metadata.namespace || 'default'}/${i.metadata.name}` === rest);
      const host = ingress?.spec.rules.find((r) => r.host)?.host;
      return host ? find(`http://${host}/`) : undefined;
    }
    default: {
      // A workload element (`deploy:shop/frontend`, `sts:shop/db`…) sends as its first pod.
      if (role === 'target') return undefined;
      const [ns, name] = rest.split('/');
      return options.find((o) => o.value.startsWith(`${ns}/`) && o.value.endsWith(`/${name}`) && o.value.split('/').length === 3);
    }
  }
}

/**
 * kubectl's default namespace is `default`; when the engine cannot find a short name there but a
 * pod or workload of that name lives in exactly one other namespace, say which (`-n shop`).
 */
export function namespaceHint(error: string, cluster: ClusterState): string {
  const m = /no pod named (\S+) in namespace (\S+)/.exec(error);
  // The engine suggests on its own when it can (a typo, a workload of that name here).
  if (!m || error.includes('did you mean')) return error;
  const [, name, ns] = m as unknown as [string, string, string];
  const wanted = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  const places = new Set([
    ...cluster.pods.filter((p) => p.name === wanted).map((p) => p.namespace),
    ...cluster.workloads.filter((w) => w.name === wanted).map((w) => w.namespace),
  ]);
  places.delete(ns);
  if (places.size !== 1) return error;
  const [other] = places;
  const isPod = cluster.pods.some((p) => p.name === wanted && p.namespace === other);
  const workload = cluster.workloads.find((w) => w.name === wanted && w.namespace === other);
  const ref = isPod || name.includes('/') || !workload ? name : `${SHORT[workload.kind] ?? workload.kind.toLowerCase()}/${name}`;
  return `${error}; did you mean -n ${other}${ref === name ? '' : ` ${ref}`}?`;
}

/** A target's key in the picker: one Service lists a target per port, so the port is part of it. */
export const targetKey = (o: PickOption): string => (o.port !== undefined ? `${o.value}#${o.port}/${o.protocol ?? 'TCP'}` : o.value);

/**
 * Why the chosen flow has no trace, naming the flow (the person may not have typed it: a saved
 * flow, or one picked before an edit), and saying so when a saved flow left the scenario.
 */
export function flowProblem(choice: FlowChoice | undefined, error: string, cluster: ClusterState): string {
  const why = namespaceHint(error, cluster);
  if (!choice) return why;
  if (choice.id.startsWith('saved:') && !savedFlows(cluster).some((f) => f.id === choice.id)) {
    return `The saved flow ${choice.label} is no longer in the scenario: ${why}`;
  }
  return `${choice.label}: ${why}`;
}

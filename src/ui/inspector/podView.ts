// A pod: its address and place, labels, containers and ports, and the NetworkPolicies selecting
// it with what they admit, in the engine's words (compiled rule texts, NETPOL.md "Explanations").
import { compilePolicies } from '../../engine/index.ts';
import type { CompiledPolicy, CompiledRule } from '../../engine/index.ts';
import type { ClusterState, PodState } from '../../model/cluster.ts';
import { selectorMatches } from '../../model/labels.ts';
import { fact, labelChips, sourceRange } from './objectView.ts';
import type { Item, ObjectView, Section } from './objectView.ts';

export function podView(cluster: ClusterState, pod: PodState): ObjectView {
  const workload = pod.workload ?? pod.owner;
  const range = sourceRange(pod.source);
  return {
    title: `Pod ${pod.id}`,
    sentence: pod.phase === 'Pending'
      ? `Pending: no node fits this pod, so it has no address and takes no traffic.`
      : `${pod.hostNetwork ? 'Uses its node\u2019s network namespace' : 'Has its own network namespace'} on ${pod.nodeName}${pod.system ? ' (a system pod the simulator adds)' : ''}.`,
    ...(range && { range }),
    sections: [
      {
        title: 'Pod',
        facts: [
          ...fact('IP', pod.ip ?? 'none (Pending)'), ...fact('node', pod.nodeName), ...fact('phase', pod.phase),
          ...fact('ready', pod.ready ? 'yes' : 'no'), ...fact('namespace', pod.namespace),
          ...fact('owner', workload ? `${workload.kind} ${workload.name}` : undefined),
          ...fact('hostNetwork', pod.hostNetwork ? 'true' : undefined),
        ],
      },
      { title: 'Labels', chips: labelChips(pod.labels), ...(Object.keys(pod.labels).length === 0 && { note: 'No labels: only an empty podSelector selects it.' }) },
      {
        title: 'Containers',
        items: pod.containers.map((c): Item => ({
          text: `${c.name}${c.image ? ` (${c.image})` : ''}`,
          detail: c.ports.length
            ? c.ports.map((p) => `${p.containerPort}/${p.protocol}${p.name ? ` (${p.name})` : ''}${p.hostPort ? `, hostPort ${p.hostPort}` : ''}`)
            : ['no ports declared (it may still listen; declared ports name targetPorts)'],
        })),
      },
      policySection(cluster, pod),
    ],
  };
}

/** Policies in the pod's namespace whose podSelector matches its labels (NETPOL.md 2–5). */
export function selectingPolicies(cluster: ClusterState, pod: PodState): CompiledPolicy[] {
  return (compilePolicies(cluster).byNamespace.get(pod.namespace) ?? []).filter((p) => selectorMatches(p.podSelector, pod.labels));
}

function policySection(cluster: ClusterState, pod: PodState): Section {
  const policies = selectingPolicies(cluster, pod);
  const enforced = cluster.settings.cni.networkPolicy;
  const isolation = (dir: 'ingress' | 'egress'): string => {
    const n = policies.filter((p) => p[dir]).length;
    return n === 0 ? `not isolated: ${dir === 'ingress' ? 'accepts' : 'may send'} everything` : `isolated by ${n === 1 ? '1 policy' : `${n} policies`}: only what a rule admits`;
  };
  return {
    title: 'NetworkPolicies',
    facts: [{ label: 'ingress', value: isolation('ingress') }, { label: 'egress', value: isolation('egress') }],
    items: policies.map((p): Item => ({
      text: `NetworkPolicy ${p.id}`,
      detail: [...directionLines(p, 'ingress'), ...directionLines(p, 'egress')],
      ...(p.range && { range: p.range }),
    })),
    ...(!enforced
      ? { note: `The CNI (${cluster.settings.cni.plugin}) does not enforce NetworkPolicy: these policies change nothing.` }
      : policies.length === 0 ? { note: 'No NetworkPolicy selects this pod.' } : {}),
  };
}

function directionLines(p: CompiledPolicy, dir: 'ingress' | 'egress'): string[] {
  if (!p[dir]) return [];
  const rules: readonly CompiledRule[] = dir === 'ingress' ? p.ingressRules : p.egressRules;
  if (rules.length === 0) return [`${dir}: no rules, so it admits nothing by itself`];
  // The compiled text says what the rule admits: `ingress rule #1 (from podSelector app=web; TCP 8080)`.
  return rules.map((r) => r.text);
}

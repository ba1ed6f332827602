// The scheduler: spec.nodeName binds directly; otherwise the filters kube-scheduler runs
// (NodeUnschedulable/TaintToleration, NodeAffinity for nodeSelector, NodePorts) and a simple
// spread: the eligible node with the fewest pods so far, ties by node order.
import { mapMatches, type Labels } from '../model/labels.ts';
import type { Taint, Toleration } from '../model/objects.ts';
import type { NodeDraft } from './draft.ts';
import type { Reporter } from './names.ts';
import type { PodDraft } from './workloads.ts';

/** Taint/toleration matching: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/ */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/** The first NoSchedule/NoExecute taint the pod does not tolerate (PreferNoSchedule only steers). */
export function untoleratedTaint(tolerations: readonly Toleration[], node: NodeDraft): Taint | undefined {
  return node.taints.find((t) => t.effect !== 'PreferNoSchedule' && !tolerations.some((tol) => tolerates(tol, t)));
}

/** Host ports a pod occupies: hostPort, and every container port of a hostNetwork pod. */
export function hostPorts(pod: PodDraft): string[] {
  const out: string[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports) {
      const port = p.hostPort ?? (pod.spec.hostNetwork ? p.containerPort : undefined);
      if (port !== undefined) out.push(`${p.protocol}/${port}`);
    }
  }
  return out;
}

type Filter = 'taint' | 'selector' | 'ports';

/** Why a node cannot run a pod; undefined when it can. */
type Rejection = { readonly filter: Filter; readonly text: string } | undefined;

/** Why `node` cannot run `pod`, in the scheduler's filter order; undefined when it can. */
export function rejects(pod: PodDraft, node: NodeDraft, usedPorts: ReadonlySet<string> = new Set()): Rejection {
  return rejectsWith(pod, hostPorts(pod), node, usedPorts);
}

/** rejects with the pod's host ports worked out once for all nodes. */
function rejectsWith(pod: PodDraft, podPorts: readonly string[], node: NodeDraft, usedPorts: ReadonlySet<string> | undefined): Rejection {
  const taint = node.taints.length ? untoleratedTaint(pod.spec.tolerations, node) : undefined;
  if (taint) return { filter: 'taint', text: `had untolerated taint {${taint.key}: ${taint.value ?? ''}}` };
  if (!mapMatches(pod.spec.nodeSelector, node.labels)) return { filter: 'selector', text: "didn't match Pod's node affinity/selector" };
  if (usedPorts && podPorts.some((p) => usedPorts.has(p))) return { filter: 'ports', text: "didn't have free ports for the requested pod ports" };
  return undefined;
}

const hints: Record<Filter, string> = {
  taint: 'add a matching toleration to the pod spec, or schedule onto untainted nodes',
  selector: 'check spec.nodeSelector against the node labels (kubernetes.io/hostname, kubernetes.io/os, topology.kubernetes.io/zone …)',
  ports: 'two pods on one node cannot use the same hostPort (or, with hostNetwork, the same container port)',
};

/**
 * Places every pod. Returns node name per pod id (undefined = Pending). User and built-in pods are
 * spread separately, so adding an Ingress (which brings a controller pod) never moves user pods.
 */
export function schedule(pods: readonly PodDraft[], nodes: readonly NodeDraft[], reporter: Reporter): Map<string, string | undefined> {
  const placed = new Map<string, string | undefined>();
  // Pods bound so far per node (by index), user and built-in apart.
  const counts = { user: nodes.map(() => 0), system: nodes.map(() => 0) };
  const indexOf = new Map<string, number>();
  nodes.forEach((n, i) => { if (!indexOf.has(n.name)) indexOf.set(n.name, i); });
  // Each node's count slot by position, so the spread below looks up no names.
  const slot = nodes.map((n) => indexOf.get(n.name)!);
  const ports = new Map<string, Set<string>>(nodes.map((n) => [n.name, new Set<string>()]));
  const reported = new Set<string>();
  // By the lists themselves (a workload's pods share them), then by what they say (most
  // workloads write none).
  const byTolerations = new Map<readonly Toleration[], Map<Labels, readonly Rejection[]>>();
  const byContent = new Map<string, readonly Rejection[]>();
  const verdicts = (pod: PodDraft): readonly Rejection[] => {
    const { tolerations, nodeSelector } = pod.spec;
    const bySelector = byTolerations.get(tolerations) ?? byTolerations.set(tolerations, new Map()).get(tolerations)!;
    let list = bySelector.get(nodeSelector);
    if (list === undefined) {
      const key = `${JSON.stringify(tolerations)}\n${JSON.stringify(nodeSelector)}`;
      list = byContent.get(key) ?? nodes.map((n) => rejectsWith(pod, [], n, undefined));
      byContent.set(key, list);
      bySelector.set(nodeSelector, list);
    }
    return list;
  };
  const bind = (pod: PodDraft, node: string) => {
    placed.set(pod.id, node);
    // Nodes of one name count together, as the name-keyed counts always did.
    const count = pod.system ? counts.system : counts.user;
    count[indexOf.get(node)!]! += 1;
    for (const p of hostPorts(pod)) ports.get(node)?.add(p);
  };
  for (const pod of pods) {
    const hostIP = pod.status.hostIP;
    const named = pod.spec.nodeName ?? pod.boundNode ?? (hostIP ? nodes.find((n) => n.address === hostIP)?.name : undefined);
    if (named !== undefined) {
      // spec.nodeName skips the scheduler: the kubelet of that node runs the pod as it is.
      if (nodes.some((n) => n.name === named)) bind(pod, named);
      else {
        placed.set(pod.id, undefined);
        reporter.report('warning', 'node-not-found',
          `${pod.origin}: spec.nodeName is "${named}", but there is no such node (nodes: ${nodes.map((n) => n.name).join(', ')}); the pod stays Pending. Use an existing node name or drop nodeName and let the scheduler choose.`,
          { source: pod.source, path: `${pod.specPath}.nodeName`, object: pod.origin });
      }
      continue;
    }
    const reasons = new Map<string, number>();
    const filters = new Set<Filter>();
    const podPorts = hostPorts(pod);
    const count = pod.system ? counts.system : counts.user;
    // Without host ports, a pod's verdicts depend on its tolerations and nodeSelector only,
    // which the pods of one workload share: worked out once for all of them.
    const fixed = podPorts.length ? undefined : verdicts(pod);
    let best: NodeDraft | undefined;
    let bestCount = 0;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const why = fixed ? fixed[i] : rejectsWith(pod, podPorts, node, ports.get(node.name));
      if (why) {
        reasons.set(why.text, (reasons.get(why.text) ?? 0) + 1);
        filters.add(why.filter);
      } else {
        const c = count[slot[i]!]!;
        if (!best || c < bestCount) {
          best = node;
          bestCount = c;
        }
      }
    }
    if (best) {
      bind(pod, best.name);
      continue;
    }
    placed.set(pod.id, undefined);
    // kube-scheduler's FitError wording: "<count> node(s) <reason>" strings, sorted (framework/types.go).
    const summary = [...reasons].map(([text, n]) => `${n} node(s) ${text}`).sort().join(', ');
    const message = `${pod.origin}: pod ${pod.name} is Pending — 0/${nodes.length} nodes are available: ${summary}. To fix: ${[...filters].map((f) => hints[f]).join('; ')}.`;
    const dedupe = `${pod.origin}|${summary}`;
    if (reported.has(dedupe)) continue;
    reported.add(dedupe);
    const path = filters.has('selector') ? `${pod.specPath}.nodeSelector` : filters.has('taint') && pod.spec.tolerations.length ? `${pod.specPath}.tolerations` : pod.specPath;
    reporter.report('warning', 'pod-unschedulable', message, { source: pod.source, path, object: pod.origin });
  }
  return placed;
}

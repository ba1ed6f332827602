// Flows a person can run, as FlowChoices: the scenario's saved Flow objects, a typed command
// (`kubectl exec frontend -- curl http://backend:8080/`, or `curl …` from outside), or a spec
// built by the pickers. Pure: the flow store and the UI call these.
import { describeFlow, flowSpecOf, parseCommand } from '../engine/index.ts';
import type { FlowSpec, Result } from '../engine/index.ts';
import type { ClusterState } from '../model/cluster.ts';
import type { FlowVerdict } from '../model/objects.ts';

export interface FlowChoice {
  /** Stable id: `saved:NS/NAME`, `typed:COMMAND`, `picked:FROM→COMMAND`. */
  readonly id: string;
  /** What the person reads: the Flow's name, or the command. */
  readonly label: string;
  readonly spec: FlowSpec;
  /** Namespace for references without one. */
  readonly namespace: string;
  /** A saved Flow's `expect`, to compare with the verdict. */
  readonly expect?: FlowVerdict;
}

export interface SavedFlow {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly choice: Result<FlowChoice>;
}

/** The scenario's Flow objects in document order; one that cannot be read carries its error. */
export function savedFlows(cluster: ClusterState): readonly SavedFlow[] {
  return cluster.flows.map((flow) => {
    const namespace = flow.metadata.namespace || 'default';
    const name = flow.metadata.name;
    const id = `saved:${namespace}/${name}`;
    const spec = flowSpecOf(flow);
    const choice: Result<FlowChoice> = spec.ok
      ? { ok: true, value: { id, label: name, spec: spec.value, namespace, ...(flow.spec.expect ? { expect: flow.spec.expect } : {}) } }
      : spec;
    return { id, name, namespace, choice };
  });
}

/**
 * A typed command. `kubectl exec [-n NS] POD -- TOOL …` names the client; a bare `TOOL …` runs
 * from `from` when given, else from outside the cluster (an external client).
 */
export function commandChoice(text: string, from?: string): Result<FlowChoice> {
  const parsed = parseCommand(text.trim());
  if (!parsed.ok) return parsed;
  const client = parsed.value.from ?? from ?? 'external';
  const spec: FlowSpec = { from: client, ...parsed.value.spec };
  return { ok: true, value: { id: `typed:${client}→${describeFlow(spec)}`, label: text.trim(), spec, namespace: parsed.value.namespace ?? 'default' } };
}

/** A spec made by the pickers (or a matrix cell). */
export function pickedChoice(spec: FlowSpec, namespace = 'default'): FlowChoice {
  return { id: `picked:${spec.from}→${describeFlow(spec)}`, label: `${describeFlow(spec)} from ${spec.from}`, spec, namespace };
}

/** What first load shows: the first saved flow expected to be delivered, else the first readable one. */
export function firstFlow(saved: readonly SavedFlow[]): FlowChoice | undefined {
  const readable = saved.flatMap((s) => (s.choice.ok ? [s.choice.value] : []));
  return readable.find((c) => c.expect === 'delivered') ?? readable[0];
}

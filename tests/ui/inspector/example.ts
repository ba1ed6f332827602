// The example scenario built once, and its saved flows traced with seed 1: the address plan of
// src/scenarios/example.yaml (shop namespace, flannel VXLAN, kube-proxy iptables).
import type { Trace } from '../../../src/engine/index.ts';
import type { ClusterState } from '../../../src/model/cluster.ts';
import { exampleScenario } from '../../../src/scenarios/index.ts';
import { savedFlows } from '../../../src/state/choices.ts';
import { traceOf } from '../../../src/state/flow.ts';
import { compute } from '../../../src/state/store.ts';

export function exampleCluster(text = exampleScenario.yaml): ClusterState {
  const cluster = compute(text, undefined).cluster;
  if (!cluster) throw new Error('the example does not build');
  return cluster;
}

export function savedTrace(cluster: ClusterState, name: string): Trace {
  const saved = savedFlows(cluster).find((f) => f.name === name);
  if (!saved?.choice.ok) throw new Error(`no saved flow ${name}`);
  const { trace, error } = traceOf(cluster, saved.choice.value, 1);
  if (!trace) throw new Error(error);
  return trace;
}

// Clusters for the graph tests: the example scenario, with its CNI switched or a pod added.
import type { ClusterState } from '../../../src/model/cluster.ts';
import { exampleScenario } from '../../../src/scenarios/index.ts';
import { compute } from '../../../src/state/store.ts';

/** The example with its CNI lines replaced, documents appended and worker nodes added after node-2. */
export function exampleWith(cni = 'plugin: flannel\n    mode: vxlan', extra = '', workers: readonly string[] = []): ClusterState {
  const nodes = workers.map((name, i) => `    - name: ${name}\n      role: worker\n      address: 172.16.0.${i + 13}\n`).join('');
  const text = exampleScenario.yaml.replace('plugin: flannel\n    mode: vxlan', cni)
    .replace('      address: 172.16.0.12\n', `      address: 172.16.0.12\n${nodes}`) + extra;
  const sim = compute(text, undefined);
  if (!sim.cluster || sim.diagnostics.some((d) => d.severity === 'error')) throw new Error(`fixture does not build: ${sim.diagnostics.map((d) => d.message).join('; ')}`);
  return sim.cluster;
}

export const extraPod = (name: string, node: string): string =>
  `\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  nodeName: ${node}\n  containers:\n  - name: c\n    image: busybox\n`;

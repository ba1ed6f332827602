// Shared setup for the cluster step tests: default settings and nodes, objects from YAML.
import { createReporter } from '../../src/cluster/names.ts';
import { buildNodes } from '../../src/cluster/nodes.ts';
import { resolveSettings } from '../../src/cluster/settings.ts';
import { expandWorkloads } from '../../src/cluster/workloads.ts';
import type { ClusterConfig, KubeObject, Node, Pod, Workload } from '../../src/model/objects.ts';
import { objects } from '../fixtures/objects.ts';

export function setup(yaml: string) {
  const objs: KubeObject[] = yaml.trim() ? objects(yaml) : [];
  const reporter = createReporter();
  const { settings, nodes: specs } = resolveSettings(objs.find((o) => o.kind === 'Cluster') as ClusterConfig | undefined, reporter);
  const nodes = buildNodes(settings, specs, objs.filter((o): o is Node => o.kind === 'Node'), reporter);
  const podSources = objs.filter((o): o is Pod | Workload => o.kind !== 'Service' && 'spec' in o && ('template' in (o.spec as object) || o.kind === 'Pod'));
  const expansion = expandWorkloads(podSources.map((object) => ({ object, system: false })), nodes);
  return { objs, reporter, settings, nodes, expansion };
}

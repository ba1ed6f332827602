// Every gallery scenario is a test: it builds without errors, its cluster runs the CNI the gallery
// names, and each of its Flow objects ends with the verdict its `expect` promises. A failing flow
// prints its whole trace.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { renderTrace, trace } from '../../src/engine/index.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import { parse } from '../../src/parse/index.ts';
import { scenarioFiles, scenarioUrl } from '../../src/scenarios/files.ts';
import type { ScenarioId } from '../../src/scenarios/files.ts';
import { scenarios } from '../../src/scenarios/index.ts';
import { firstFlow, savedFlows } from '../../src/state/choices.ts';

const PLUGIN = { flannel: 'Flannel', calico: 'Calico', cilium: 'Cilium' } as const;

/** The label the gallery should show for a built cluster: "Calico IPIP", "Flannel VXLAN, no NetworkPolicy". */
function cniLabel(settings: ClusterState['settings']): string {
  const { plugin, mode, networkPolicy } = settings.cni;
  return `${PLUGIN[plugin]} ${mode.toUpperCase()}${networkPolicy ? '' : ', no NetworkPolicy'}`;
}

// Warnings a scenario may carry on purpose; any other (a selector that matches nothing, …) is a typo.
const INTENDED_WARNINGS: Readonly<Record<string, readonly string[]>> = {
  'flannel-no-netpol': ['policy-not-enforced'],
};

const load = (file: string, yaml: string): ClusterState => build(parse({ name: file, text: yaml }));

describe('the gallery', () => {
  it('has at least 12 scenarios besides the example, with unique ids', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(13);
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  it('lists the same files for Node callers (files.ts) as for the browser, with the same text', () => {
    expect(Object.fromEntries(scenarios.map((s) => [s.id, s.file]))).toEqual(scenarioFiles);
    for (const s of scenarios) expect(readFileSync(scenarioUrl(s.id as ScenarioId), 'utf8'), s.id).toBe(s.yaml);
  });

  it('covers Flannel, Calico IPIP and Cilium, and plain Flannel without policies', () => {
    const labels = new Set(scenarios.map((s) => s.cni));
    for (const l of ['Flannel VXLAN', 'Calico IPIP', 'Cilium VXLAN', 'Flannel VXLAN, no NetworkPolicy']) expect(labels).toContain(l);
  });
});

describe.each(scenarios.map((s) => [s.id, s] as const))('scenario %s', (id, scenario) => {
  const parsed = parse({ name: scenario.file, text: scenario.yaml });
  const cluster = build(parsed);
  const diagnostics = [...parsed.diagnostics, ...cluster.diagnostics];

  it('loads with no errors and no unintended warnings', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warnings = diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code);
    expect(warnings.filter((c) => !(INTENDED_WARNINGS[id] ?? []).includes(c))).toEqual([]);
  });

  it('has a title, a short "what to notice" and the CNI its cluster runs', () => {
    expect(scenario.title.length).toBeGreaterThan(0);
    expect(scenario.notice.length).toBeGreaterThan(20);
    expect(scenario.notice.length).toBeLessThanOrEqual(200);
    expect(scenario.cni).toBe(cniLabel(load(scenario.file, scenario.yaml).settings));
  });

  const saved = savedFlows(cluster);
  it('has preset flows, every one with an expected verdict, and a first flow to play', () => {
    expect(saved.length).toBeGreaterThan(0);
    for (const s of saved) {
      expect(s.choice.ok ? s.choice.value.expect : s.choice.error, s.name).toBeTruthy();
    }
    expect(firstFlow(saved)).toBeDefined();
  });

  it.each(saved.map((s) => [s.name, s] as const))('flow %s ends as it expects', (_name, s) => {
    if (!s.choice.ok) throw new Error(s.choice.error);
    const choice = s.choice.value;
    const result = trace(cluster, choice.spec, { seed: 1, namespace: choice.namespace });
    if (!result.ok) throw new Error(result.error);
    expect(result.value.verdict, renderTrace(result.value)).toBe(choice.expect);
  });
});

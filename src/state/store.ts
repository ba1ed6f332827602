// The app's one store: scenario text → parse → build. When the newest text does not build
// (a YAML error, an invalid field), the last cluster that built stays on screen, marked stale,
// so a half-typed edit never blanks the picture (DESIGN.md pipeline; STYLE.md habit 8).
import { create } from 'zustand';
import { build } from '../cluster/index.ts';
import type { ClusterState } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { parse } from '../parse/index.ts';
import { exampleScenario } from '../scenarios/index.ts';

/** The name diagnostics carry for the editor's text. */
export const SCENARIO_NAME = 'scenario.yaml';

export interface SimData {
  readonly text: string;
  /** Diagnostics of the newest text (parse, then build when it ran). */
  readonly diagnostics: readonly Diagnostic[];
  /** The last cluster that built; undefined only if nothing ever built. */
  readonly cluster: ClusterState | undefined;
  /** True when `cluster` comes from an earlier text than `text`. */
  readonly stale: boolean;
  /** Set when the build itself failed unexpectedly (a bug, not a YAML mistake). */
  readonly failure: string | undefined;
}

export interface SimState extends SimData {
  readonly setText: (text: string) => void;
}

/** Pure step: what the store holds after `text` replaces a state whose cluster was `previous`. */
export function compute(text: string, previous: ClusterState | undefined): SimData {
  const parsed = parse({ name: SCENARIO_NAME, text });
  const hasErrors = parsed.diagnostics.some((d) => d.severity === 'error');
  // With errors, keep the last good cluster; with none yet, show what can be built.
  if (hasErrors && previous) return { text, diagnostics: parsed.diagnostics, cluster: previous, stale: true, failure: undefined };
  try {
    const cluster = build(parsed);
    return { text, diagnostics: [...parsed.diagnostics, ...cluster.diagnostics], cluster, stale: false, failure: undefined };
  } catch (e) {
    return { text, diagnostics: parsed.diagnostics, cluster: previous, stale: previous !== undefined, failure: e instanceof Error ? e.message : String(e) };
  }
}

export const useSim = create<SimState>()((set, getState) => ({
  ...compute(exampleScenario.yaml, undefined),
  setText: (text) => {
    if (text === getState().text) return;
    set(compute(text, getState().cluster));
  },
}));

// Module-level selectors: stable functions, each returning one stored reference.
export const selectText = (s: SimState): string => s.text;
export const selectSetText = (s: SimState): SimState['setText'] => s.setText;
export const selectDiagnostics = (s: SimState): readonly Diagnostic[] => s.diagnostics;
export const selectCluster = (s: SimState): ClusterState | undefined => s.cluster;
export const selectStale = (s: SimState): boolean => s.stale;
export const selectFailure = (s: SimState): string | undefined => s.failure;
export const selectSettings = (s: SimState): ClusterState['settings'] | undefined => s.cluster?.settings;

// A small read-only test API on window (STYLE.md "End-to-end tests"): Playwright reads what lives
// on a canvas here. Each UI area adds its own section with `exposeForTests` (graph, flow, …).
import { commandChoice, savedFlows } from '../state/choices.ts';
import { useFlow } from '../state/flow.ts';
import { stepsOf } from '../state/hops.ts';
import { useSim } from '../state/store.ts';
import { useView } from '../state/view.ts';

export interface NetsimTestApi {
  readonly state: () => { readonly pods: number; readonly services: number; readonly diagnostics: number };
  readonly flow: () => { readonly id?: string; readonly verdict?: string; readonly error?: string; readonly step: number; readonly steps: number; readonly playing: boolean; readonly at?: string };
  readonly view: () => { readonly theme: string; readonly tab: string; readonly selection?: string };
  /** Replace the scenario text as if typed (store only; the editor follows the store). */
  readonly setText: (text: string) => void;
  readonly text: () => string;
  /** Choose a saved Flow by name, or run a typed command; returns the error, if any. */
  readonly chooseSaved: (name: string, play?: boolean) => string | undefined;
  readonly runCommand: (command: string, from?: string, play?: boolean) => string | undefined;
  /** What a click on a graph element does (the graph is a canvas). */
  readonly select: (id: string) => void;
  readonly [section: string]: unknown;
}

declare global {
  interface Window {
    __netsim?: NetsimTestApi;
  }
}

export function installTestApi(target: Window): void {
  target.__netsim = {
    state: () => {
      const s = useSim.getState();
      return { pods: s.cluster?.pods.length ?? 0, services: s.cluster?.services.length ?? 0, diagnostics: s.diagnostics.length };
    },
    flow: () => {
      const f = useFlow.getState();
      const steps = f.trace ? stepsOf(f.trace) : [];
      return {
        ...(f.choice ? { id: f.choice.id } : {}), ...(f.trace ? { verdict: f.trace.verdict } : {}), ...(f.error ? { error: f.error } : {}),
        step: f.step, steps: steps.length, playing: f.playing, ...(steps[f.step] ? { at: steps[f.step]!.hop.at } : {}),
      };
    },
    setText: (text) => useSim.getState().setText(text),
    text: () => useSim.getState().text,
    chooseSaved: (name, play) => {
      const cluster = useSim.getState().cluster;
      const saved = cluster ? savedFlows(cluster).find((f) => f.name === name) : undefined;
      if (!saved) return `no saved Flow named ${name}`;
      if (!saved.choice.ok) return saved.choice.error;
      useFlow.getState().choose(saved.choice.value, play);
      return useFlow.getState().error;
    },
    runCommand: (command, from, play) => {
      const choice = commandChoice(command, from);
      if (!choice.ok) return choice.error;
      useFlow.getState().choose(choice.value, play);
      return useFlow.getState().error;
    },
    select: (id) => useView.getState().select({ kind: 'element', id }),
    view: () => {
      const v = useView.getState();
      const sel = v.selection;
      return { theme: v.theme, tab: v.tab, ...(sel ? { selection: sel.kind === 'element' ? sel.id : 'hop' } : {}) };
    },
  };
}

/** Adds a section to the test API (call at module load or in an effect; the last call wins). */
export function exposeForTests(section: string, value: unknown): void {
  if (typeof window === 'undefined' || !window.__netsim) return;
  (window.__netsim as Record<string, unknown>)[section] = value;
}

// A small read-only test API on window (STYLE.md "End-to-end tests"): Playwright reads what lives
// on a canvas here. Each UI area adds its own section with `exposeForTests` (graph, flow, …).
import { useFlow } from '../state/flow.ts';
import { stepsOf } from '../state/hops.ts';
import { useSim } from '../state/store.ts';
import { useView } from '../state/view.ts';

export interface NetsimTestApi {
  readonly state: () => { readonly pods: number; readonly services: number; readonly diagnostics: number };
  readonly flow: () => { readonly id?: string; readonly verdict?: string; readonly error?: string; readonly step: number; readonly steps: number; readonly playing: boolean; readonly at?: string };
  readonly view: () => { readonly theme: string; readonly tab: string; readonly selection?: string };
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

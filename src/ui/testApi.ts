// A small read-only test API on window (STYLE.md "End-to-end tests"): Playwright reads counts
// here instead of scraping what later lives on a canvas.
import { useSim } from '../state/store.ts';

export interface NetsimTestApi {
  readonly state: () => { readonly pods: number; readonly services: number; readonly diagnostics: number };
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
  };
}

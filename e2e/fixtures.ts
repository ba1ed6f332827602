// Shared e2e helpers: a watch on requests and console errors (no request may leave 127.0.0.1,
// no console error may appear), and typed access to the app's test API (src/ui/testApi.ts).
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export interface Watch {
  readonly requests: string[];
  readonly consoleErrors: string[];
}

export function watch(page: Page): Watch {
  const w: Watch = { requests: [], consoleErrors: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') w.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => w.consoleErrors.push(e.message));
  return w;
}

export const isLocal = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  // data: and blob: URLs (inline favicon, workers, downloads) never touch the network.
  return protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1';
};

/** Every spec ends with this: nothing left 127.0.0.1 and nothing was logged as an error. */
export function expectClean(w: Watch): void {
  expect(w.requests.filter((u) => !isLocal(u))).toEqual([]);
  expect(w.consoleErrors).toEqual([]);
}

/** Calls a section of the test API: `api(page, 'flow')` → window.__netsim.flow(). */
export function api<T>(page: Page, section: string, ...args: unknown[]): Promise<T> {
  // This file compiles without DOM types, hence globalThis.
  return page.evaluate(([s, a]) => {
    const netsim = (globalThis as unknown as { __netsim: Record<string, (...x: unknown[]) => unknown> }).__netsim;
    return netsim[s as string]!(...(a as unknown[])) as T;
  }, [section, args] as const);
}

export interface FlowInfo { id?: string; verdict?: string; error?: string; step: number; steps: number; playing: boolean; at?: string }
export interface ViewInfo { theme: string; tab: string; selection?: string }
export interface Counts { pods: number; services: number; diagnostics: number }

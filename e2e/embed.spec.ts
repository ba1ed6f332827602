// Journeys: an article's iframe. Each embed option shows what it says; without the editor the
// embed never downloads Monaco; "Open in kube-netsim" opens the same state in the full app.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo, ViewInfo } from './fixtures.ts';

const flow = (page: Page): Promise<FlowInfo> => api<FlowInfo>(page, 'flow');
const monacoRequests = (urls: readonly string[]): string[] => urls.filter((u) => /monaco|editor\.worker|yaml\.worker/i.test(u));

test('the default embed: graph, playback and hops, and no Monaco', async ({ page }) => {
  const w = watch(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/?embed');
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
  await expect(page.getByTestId('play')).toBeVisible();
  await expect(page.getByTestId('hop-row').first()).toBeVisible();
  await expect(page.getByTestId('embed-yaml')).toHaveCount(0);
  await expect(page.getByTestId('share-open')).toHaveCount(0);
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-backend');
  await page.waitForLoadState('networkidle');
  expect(monacoRequests(w.requests)).toEqual([]);
  await page.screenshot({ path: 'test-results/embed-graph.png' });

  // Open in kube-netsim carries the state to the full app.
  const href = await page.getByTestId('embed-open').getAttribute('href');
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v1\./);
  const app = await page.context().newPage();
  const w2 = watch(app);
  await app.goto(href!);
  await expect.poll(async () => (await flow(app)).id).toBe('saved:shop/frontend-to-backend');
  await expect(app.getByTestId('share-banner')).toBeVisible();
  expectClean(w);
  expectClean(w2);
});

test('embed options: flow, hop, autoplay, theme, controls', async ({ page }) => {
  const w = watch(page);
  await page.goto('/?embed&flow=frontend-to-db&hop=3&theme=dark&controls=0');
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-db');
  expect((await flow(page)).step).toBe(2);
  expect((await flow(page)).playing).toBe(false);
  expect((await api<ViewInfo>(page, 'view')).theme).toBe('dark');
  await expect(page.getByTestId('play')).toHaveCount(0);
  await expect(page.getByTestId('flow-verdict')).toBeVisible();
  await page.screenshot({ path: 'test-results/embed-options.png' });

  await page.goto('/?embed&autoplay=1&theme=light');
  await expect.poll(async () => (await flow(page)).playing).toBe(true);
  expect((await api<ViewInfo>(page, 'view')).theme).toBe('light');

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/?embed&theme=auto');
  await expect.poll(async () => (await api<ViewInfo>(page, 'view')).theme).toBe('dark');

  await page.goto('/?embed&flow=no-such-flow');
  await expect(page.getByTestId('embed-note')).toContainText('no Flow named no-such-flow');
  expectClean(w);
});

test('embed views with the YAML: split and editor load Monaco read-only', async ({ page }) => {
  const w = watch(page);
  await page.goto('/?embed&view=split');
  await expect(page.locator('[data-testid="embed-yaml"] .monaco-editor')).toBeVisible();
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
  expect(monacoRequests(w.requests).length).toBeGreaterThan(0);
  // Read-only: typing changes nothing.
  await page.locator('[data-testid="embed-yaml"] .view-lines').click();
  const before = await api<string>(page, 'text');
  await page.keyboard.type('zzz');
  expect(await api<string>(page, 'text')).toBe(before);
  await page.screenshot({ path: 'test-results/embed-split.png' });

  await page.goto('/?embed&view=editor');
  await expect(page.locator('[data-testid="embed-yaml"] .monaco-editor')).toBeVisible();
  await expect(page.getByTestId('graph-canvas')).toHaveCount(0);
  await expect(page.getByTestId('embed-open')).toBeVisible();
  await page.screenshot({ path: 'test-results/embed-editor.png' });
  expectClean(w);
});

// Journey: compose a flow four ways (pickers, a typed kubectl exec, a saved Flow, two clicks on
// the graph), each reaching the verdict a real cluster gives; a typed flow to a pod that does
// not exist says so; and first load plays the first saved flow to delivery.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo } from './fixtures.ts';

const flow = (page: Page): Promise<FlowInfo> => api<FlowInfo>(page, 'flow');

/** Picks the first option of a select whose label matches. */
async function pick(page: Page, testId: string, label: RegExp): Promise<void> {
  const select = page.getByTestId(testId);
  const value = await select.locator('option').filter({ hasText: label }).first().getAttribute('value');
  await select.selectOption(value!);
}

test('first load plays the first saved flow to delivery', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-backend');
  expect((await flow(page)).playing).toBe(true);
  // A long trace at 1× takes a while; 4× gets to the end sooner.
  await page.getByTestId('speed').selectOption('4');
  await expect.poll(async () => (await flow(page)).playing, { timeout: 30_000 }).toBe(false);
  const f = await flow(page);
  expect(f.step).toBe(f.steps - 1);
  await expect(page.getByTestId('flow-verdict')).toHaveAttribute('data-verdict', 'delivered');
  await expect(page.getByTestId('flow-verdict')).toContainText('delivered');
  await expect(page.locator('[data-testid="hop-row"][aria-current="step"]')).toHaveAttribute('data-index', String(f.steps - 1));
  await page.screenshot({ path: 'test-results/flow-first-load.png' });
  expectClean(w);
});

/** A real mouse click where the graph draws element `id` (the graph is a canvas; its test API says where). */
async function clickOnGraph(page: Page, id: string): Promise<void> {
  const at = await page.evaluate((el) => {
    const graph = (globalThis as unknown as { __netsim: { graph: { pagePosition(x: string): { x: number; y: number } | undefined } } }).__netsim.graph;
    return graph.pagePosition(el);
  }, id);
  expect(at, `${id} is drawn`).toBeDefined();
  await page.mouse.click(at!.x, at!.y);
}

test('compose a flow four ways', async ({ page }) => {
  const w = watch(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-backend');

  // 1. Pickers: frontend workload → Service db on 5432: no policy admits it.
  await pick(page, 'pick-source', /^shop\/deploy\/frontend$/);
  await pick(page, 'pick-target', /shop\/db :5432/);
  await expect(page.getByTestId('pick-port')).toHaveValue('5432');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('flow-verdict')).toHaveAttribute('data-verdict', 'dropped');
  await expect(page.locator('.hop-summary')).toContainText('Decided by NetworkPolicy shop/');
  await expect(page.locator('[data-testid="hop-row"][data-verdict="drop"]')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/flow-pickers-dropped.png' });

  // 2. Typed: kubectl exec into the frontend, curl the backend Service by name.
  const box = page.getByTestId('flow-command');
  await box.fill('kubectl exec -n shop deploy/frontend -- curl http://backend:8080/');
  await box.press('Enter');
  await expect(page.getByTestId('flow-verdict')).toHaveAttribute('data-verdict', 'delivered');
  expect((await flow(page)).id).toContain('deploy/frontend');
  await expect(page.locator('.hop-phase.phase-dns').first()).toBeVisible();

  // 3. Saved: the scenario's browser-to-api Flow, expected dropped, shows ✓ against its expect.
  await page.getByTestId('saved-flows').selectOption({ label: 'browser-to-api' });
  await expect(page.getByTestId('flow-verdict')).toHaveAttribute('data-verdict', 'dropped');
  await expect(page.getByTestId('flow-verdict')).toContainText('as expected');

  // 4. Graph: pick mode, then a click on the source and one on the target (the graph is a canvas).
  await page.getByTestId('pick-on-graph').click();
  await expect(page.getByTestId('pick-hint')).toContainText('click the source');
  const sources = await api<string[]>(page, 'flowSources');
  const frontend = `pod:${sources.find((s) => s.startsWith('shop/frontend-'))!}`;
  await clickOnGraph(page, frontend);
  await expect(page.getByTestId('pick-hint')).toContainText('now the target');
  await clickOnGraph(page, 'svc:shop/backend');
  await expect(page.getByTestId('flow-verdict')).toHaveAttribute('data-verdict', 'delivered');
  await expect(page.getByTestId('pick-hint')).toHaveText('');
  expect((await flow(page)).id).toContain(frontend.slice(4));
  await page.screenshot({ path: 'test-results/flow-graph-pick.png' });
  expectClean(w);
});

test('a typed flow from a pod that does not exist says so', async ({ page }) => {
  const w = watch(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  const box = page.getByTestId('flow-command');
  // kubectl's default namespace is default; the frontend lives in shop.
  await box.fill('kubectl exec frontend -- curl http://backend:8080/');
  await box.press('Enter');
  await expect(page.getByTestId('flow-error')).toContainText('no pod named frontend in namespace default');
  await expect(page.getByTestId('flow-error')).toContainText('did you mean -n shop deploy/frontend?');
  await expect(page.getByTestId('flow-verdict')).toHaveAttribute('data-verdict', '');
  await expect(page.getByText(/No trace: no pod named frontend/)).toBeVisible();

  await box.fill('kubectl exec -n shop web-0 -- ping 10.244.2.7');
  await box.press('Enter');
  await expect(page.getByTestId('flow-error')).toContainText('no pod named web-0 in namespace shop');

  // A command the simulator cannot read is an error on the box, the flow shown stays.
  await box.fill('rm -rf /');
  await box.press('Enter');
  await expect(page.getByTestId('flow-error')).toContainText('not a command the simulator runs');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/flow-missing-pod.png' });
  expectClean(w);
});

test('a flow whose target pod is gone after an edit says so', async ({ page }) => {
  const w = watch(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await pick(page, 'pick-source', /^shop\/deploy\/frontend$/);
  // The last backend pod: scaling the Deployment down to one removes it.
  const target = page.getByTestId('pick-target');
  const last = await target.locator('option').filter({ hasText: /^backend-/ }).last().getAttribute('value');
  await target.selectOption(last!);
  await page.getByTestId('run').click();
  // Pod IP on the backend's container port: delivered, no DNS.
  await expect(page.getByTestId('flow-verdict')).toHaveAttribute('data-verdict', 'delivered');

  const text = await api<string>(page, 'text');
  await api(page, 'setText', text.replace('replicas: 3', 'replicas: 1'));
  await expect(page.getByTestId('flow-error')).toContainText(/no pod named backend-\S+ in namespace shop/);
  await expect(page.getByTestId('flow-verdict')).toHaveText('no trace');
  await expect(page.locator('[data-testid="hop-row"]')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/flow-target-gone.png' });
  expectClean(w);
});

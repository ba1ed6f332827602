// Journey: open the app with no network beyond the preview server. Everything it needs is bundled;
// a request to anywhere but 127.0.0.1 would break classrooms and embedded articles offline.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { Counts } from './fixtures.ts';

interface El { id: string; parent?: string; classes: string }
const graphElements = (page: Page): Promise<El[]> => page.evaluate(() =>
  (globalThis as unknown as { __netsim: { graph: { elements: () => El[] } } }).__netsim.graph.elements());

test('first load draws the example cluster and requests nothing beyond 127.0.0.1', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect(page.getByTestId('graph-canvas')).toBeVisible();
  await expect.poll(async () => (await graphElements(page).catch(() => [])).length).toBeGreaterThan(10);
  const els = await graphElements(page);
  const ids = els.map((e) => e.id);

  // Nodes of the example's Cluster object, each a box with its pods inside.
  for (const node of ['control-plane', 'node-1', 'node-2']) expect(ids).toContain(`node:${node}`);
  const backend = els.filter((e) => e.id.startsWith('pod:shop/backend-'));
  expect(backend).toHaveLength(3);
  for (const pod of backend) expect(pod.parent).toMatch(/^node:node-[12]$/);
  expect(els.filter((e) => e.id.startsWith('pod:shop/frontend-'))).toHaveLength(2);
  expect(ids).toContain('pod:shop/db-0');
  // CoreDNS runs in kube-system as in a real cluster, drawn as a system pod.
  const coredns = els.filter((e) => e.id.startsWith('pod:kube-system/coredns-'));
  expect(coredns).toHaveLength(2);
  for (const pod of coredns) expect(pod.classes).toContain('system');
  for (const svc of ['svc:shop/backend', 'svc:shop/db', 'svc:default/kubernetes']) expect(ids).toContain(svc);
  await expect(page.getByTestId('settings')).toContainText('flannel (vxlan)');

  const state = await api<Counts>(page, 'state');
  // 2 frontend + 3 backend + 1 db, plus system pods.
  expect(state.pods).toBeGreaterThanOrEqual(6);
  expect(state.services).toBeGreaterThanOrEqual(5);

  await page.screenshot({ path: 'test-results/first-load.png', fullPage: true });
  expect(w.requests.length).toBeGreaterThan(0);
  expectClean(w);
});

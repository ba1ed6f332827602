// Journey: open the app with no network beyond the preview server. Everything it needs is bundled;
// a request to anywhere but 127.0.0.1 would break classrooms and embedded articles offline.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { Counts } from './fixtures.ts';

const netsimState = (page: Page): Promise<Counts> => api<Counts>(page, 'state');

test('first load lists the example cluster and requests nothing beyond 127.0.0.1', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');

  // Nodes of the example's Cluster object, each with its pods.
  for (const node of ['control-plane', 'node-1', 'node-2']) await expect(page.getByTestId(`node-${node}`)).toBeVisible();
  const backend = page.locator('[data-testid^="pod-shop-backend-"]');
  await expect(backend).toHaveCount(3);
  // Flannel host-local IPAM: pod IPs come from a node's 10.244.x.0/24.
  await expect(backend.first()).toContainText(/10\.244\.\d+\.\d+/);
  await expect(page.locator('[data-testid^="pod-shop-frontend-"]')).toHaveCount(2);
  await expect(page.getByTestId('pod-shop-db-0')).toBeVisible();
  // CoreDNS runs in kube-system as in a real cluster.
  await expect(page.locator('[data-testid^="pod-kube-system-coredns-"]')).toHaveCount(2);

  await expect(page.getByTestId('service-shop-backend')).toContainText(/10\.(9[6-9]|1[01]\d)\.\d+\.\d+/);
  await expect(page.getByTestId('service-shop-db')).toContainText('None');
  await expect(page.getByTestId('service-default-kubernetes')).toContainText('10.96.0.1');
  await expect(page.getByTestId('settings')).toContainText('flannel (vxlan)');

  const state = await netsimState(page);
  // 2 frontend + 3 backend + 1 db, plus system pods.
  expect(state.pods).toBeGreaterThanOrEqual(6);
  expect(state.services).toBeGreaterThanOrEqual(5);
  await expect(page.locator('[data-testid="diagnostic"].error')).toHaveCount(0);

  await page.screenshot({ path: 'test-results/first-load.png', fullPage: true });
  expect(w.requests.length).toBeGreaterThan(0);
  expectClean(w);
});

test('broken YAML shows a diagnostic on its line while the last cluster stays listed', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  const textarea = page.getByTestId('scenario-text');
  await expect(page.locator('[data-testid^="pod-shop-backend-"]')).toHaveCount(3);
  const before = await netsimState(page);

  // Break the flow-style mapping on the shop Namespace's line: an unclosed "[" is a YAML syntax error.
  const text = await textarea.inputValue();
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l === '  name: shop') + 1;
  expect(line).toBeGreaterThan(0);
  lines[line - 1] = '  name: [shop';
  await textarea.fill(lines.join('\n'));

  await page.getByTestId('tab-problems').click();
  const syntax = page.locator('[data-testid="diagnostic"][data-code="yaml-syntax"]');
  await expect(syntax).toHaveCount(1);
  // js-yaml reports where it noticed the problem: on or just after the broken line (1-based).
  const position = await syntax.locator('.position').innerText();
  const reported = Number(position.split(':')[0]);
  expect(reported).toBeGreaterThanOrEqual(line);
  expect(reported).toBeLessThanOrEqual(line + 3);
  await expect(page.getByTestId('stale-notice')).toBeVisible();
  await expect(page.locator('[data-testid^="pod-shop-backend-"]')).toHaveCount(3);
  expect((await netsimState(page)).pods).toBe(before.pods);
  await page.screenshot({ path: 'test-results/broken-yaml.png' });

  // A click on the problem puts the caret on its line in the YAML.
  await syntax.getByRole('button').click();
  const caretLine = await textarea.evaluate((el) => {
    const t = el as unknown as { value: string; selectionStart: number };
    return t.value.slice(0, t.selectionStart).split('\n').length;
  });
  expect(caretLine).toBe(reported);
  await expect(textarea).toBeFocused();

  // Fixing it brings the live cluster back.
  lines[line - 1] = '  name: shop';
  await textarea.fill(lines.join('\n'));
  await expect(syntax).toHaveCount(0);
  await expect(page.getByTestId('stale-notice')).toHaveCount(0);
  expectClean(w);
});

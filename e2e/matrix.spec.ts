// Journey: open the Matrix tab, click a cell and its flow plays; add a policy, turn the diff on,
// see which cells changed, click a now-denied cell and watch the packet drop.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo } from './fixtures.ts';

const FRONTEND = 'shop/frontend[Deployment]';
const BACKEND = 'shop/backend[Deployment]';
const cell = (page: Page, from: string, to: string) => page.locator(`[data-testid="matrix-cell"][data-from="${from}"][data-to="${to}"]`);

const denyEgress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress
  namespace: shop
spec:
  podSelector: {}
  policyTypes:
    - Egress
`;

test('matrix click plays a flow', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await page.getByTestId('tab-matrix').click();
  const grid = page.getByTestId('matrix-grid');
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'backend', exact: true })).toBeVisible();
  await expect(grid.getByRole('rowheader', { name: 'frontend', exact: true })).toBeVisible();

  const frontendToBackend = cell(page, FRONTEND, BACKEND);
  await expect(frontendToBackend).toHaveAttribute('data-state', 'allowed');
  await expect(frontendToBackend).toHaveAttribute('title', /^frontend → backend: allowed TCP 8080/);
  await expect(cell(page, BACKEND, FRONTEND)).toHaveAttribute('data-state', 'denied');
  await page.screenshot({ path: 'test-results/matrix.png' });

  // At one port: the policy opens TCP 8080 only, so TCP 80 is denied.
  await page.getByTestId('matrix-protocol').selectOption('TCP');
  await page.getByTestId('matrix-port').fill('80');
  await expect(frontendToBackend).toHaveAttribute('data-state', 'denied');
  await page.getByTestId('matrix-port').fill('8080');
  await expect(frontendToBackend).toHaveAttribute('data-state', 'allowed');
  await page.getByTestId('matrix-protocol').selectOption('any');

  await frontendToBackend.click();
  await expect.poll(async () => (await api<{ tab: string }>(page, 'view')).tab).toBe('hops');
  const played = await api<FlowInfo>(page, 'flow');
  expect(played.id).toContain('shop/deploy/frontend');
  expect(played.verdict).toBe('delivered');

  // Deny all egress in shop: frontend → backend and backend → db close.
  const text = await api<string>(page, 'text');
  await api(page, 'setText', `${text.trimEnd()}\n${denyEgress}`);
  await page.getByTestId('tab-matrix').click();
  await expect(frontendToBackend).toHaveAttribute('data-state', 'denied');
  await page.getByTestId('matrix-diff').click();
  await expect(page.getByTestId('matrix-diff-count')).toHaveText('2 changed');
  await expect(page.locator('td.changed')).toHaveCount(2);
  await expect(frontendToBackend).toHaveAttribute('title', /changed since last edit, was allowed/);
  await page.screenshot({ path: 'test-results/matrix-diff.png' });

  await frontendToBackend.click();
  const dropped = await api<FlowInfo>(page, 'flow');
  expect(dropped.verdict).toBe('dropped');
  expect((await api<{ tab: string }>(page, 'view')).tab).toBe('hops');

  // By pod, with system pods: more peers, headers written vertically, still one click away.
  await page.getByTestId('tab-matrix').click();
  await page.getByText('by pod', { exact: true }).click();
  await page.getByText('system pods').click();
  await expect(page.locator('[data-testid="matrix-cell"]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/matrix-pods.png' });
  expectClean(w);
});

// Journey: an instructor hides the editor so the graph gets the width on a projector; a "show in
// YAML" request (here from the Problems list) opens it again at the right line.
import { expect, test } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';

test('hiding the editor widens the graph; a problem click brings the editor back', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  const graph = page.getByRole('region', { name: 'Topology' });
  await expect(page.getByTestId('editor-close')).toBeVisible();
  const before = (await graph.boundingBox())!.width;

  await page.getByTestId('editor-close').click();
  await expect(page.getByRole('region', { name: 'Scenario' })).toBeHidden();
  const after = (await graph.boundingBox())!.width;
  expect(after).toBeGreaterThan(before + 200);
  await page.screenshot({ path: 'test-results/layout-editor-hidden.png' });

  // A broken line: its problem's click must show the YAML, so the editor opens.
  const text = await api<string>(page, 'text');
  await api(page, 'setText', text.replace('  name: shop\n', '  name: [shop\n'));
  await page.getByTestId('tab-problems').click();
  await page.locator('[data-testid="diagnostic"][data-code="yaml-syntax"]').getByRole('button').click();
  await expect(page.getByRole('region', { name: 'Scenario' })).toBeVisible();
  await expect(page.getByTestId('editor-open')).toHaveCount(0);
  expectClean(w);
});

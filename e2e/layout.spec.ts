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

// Journey: at 1280×720 the matrix needs more room than the hop list; the person drags the bar
// above the bottom panel up, the graph gives way (and refits), and a reload keeps the height.
test('the splitter trades graph height for bottom panel height, by mouse and keyboard, and a reload keeps it', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  const graph = page.getByRole('region', { name: 'Topology' });
  const bottom = page.getByRole('region', { name: 'Details' });
  const splitter = page.getByTestId('splitter');
  await expect(splitter).toHaveAttribute('aria-valuenow', '25');
  const before = { graph: (await graph.boundingBox())!.height, bottom: (await bottom.boundingBox())!.height };

  const bar = (await splitter.boundingBox())!;
  await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.x + bar.width / 2, bar.y - 150, { steps: 5 });
  await page.mouse.up();
  const after = { graph: (await graph.boundingBox())!.height, bottom: (await bottom.boundingBox())!.height };
  expect(after.bottom).toBeGreaterThan(before.bottom + 120);
  expect(after.graph).toBeLessThan(before.graph - 120);
  const dragged = Number(await splitter.getAttribute('aria-valuenow'));
  expect(dragged).toBeGreaterThan(40);
  await page.getByTestId('tab-matrix').click();
  await page.screenshot({ path: 'test-results/layout-splitter.png' });

  // Keyboard: ↓ gives 5 % back; End is the smallest panel.
  await splitter.focus();
  await page.keyboard.press('ArrowDown');
  const shrunk = Number(await splitter.getAttribute('aria-valuenow'));
  expect(Math.abs(dragged - 5 - shrunk)).toBeLessThanOrEqual(1); // whole percents, rounded
  await page.reload();
  await expect(page.getByTestId('splitter')).toHaveAttribute('aria-valuenow', String(shrunk));
  await page.getByTestId('splitter').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('splitter')).toHaveAttribute('aria-valuenow', '12');
  // Double click: back to the default.
  await page.getByTestId('splitter').dblclick();
  await expect(page.getByTestId('splitter')).toHaveAttribute('aria-valuenow', '25');
  expectClean(w);
});

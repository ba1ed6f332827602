// Journey: step back and forward by keyboard. ←/→ move one hop, Home/End jump, space plays and
// pauses; the hop list's current row follows, and the speed control changes the pace. Keys typed
// into the command box stay there.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo, ViewInfo } from './fixtures.ts';

const flow = (page: Page): Promise<FlowInfo> => api<FlowInfo>(page, 'flow');
const current = (page: Page) => page.locator('[data-testid="hop-row"][aria-current="step"]');

test('step back and forward by keyboard', async ({ page }) => {
  const w = watch(page);
  // Reduced motion: first load shows the first saved flow at its first hop, paused.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-backend');
  const start = await flow(page);
  expect(start.playing).toBe(false);
  expect(start.step).toBe(0);
  await expect(current(page)).toHaveAttribute('data-index', '0');

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(current(page)).toHaveAttribute('data-index', '2');
  expect((await flow(page)).step).toBe(2);
  // Stepping shows the hop in the inspector.
  expect((await api<ViewInfo>(page, 'view')).selection).toBe('hop');
  await expect(page.getByTestId('step-count')).toHaveText(`3/${start.steps}`);
  await page.screenshot({ path: 'test-results/playback-step.png' });

  await page.keyboard.press('ArrowLeft');
  await expect(current(page)).toHaveAttribute('data-index', '1');
  await page.keyboard.press('End');
  await expect(current(page)).toHaveAttribute('data-index', String(start.steps - 1));
  await expect(current(page)).toBeInViewport();
  await page.screenshot({ path: 'test-results/playback-end.png' });
  await page.keyboard.press('Home');
  await expect(current(page)).toHaveAttribute('data-index', '0');

  // Space plays; at 4× the step moves on its own; space again pauses and the step stays.
  await page.getByTestId('speed').selectOption('4');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(' ');
  expect((await flow(page)).playing).toBe(true);
  await expect.poll(async () => (await flow(page)).step).toBeGreaterThanOrEqual(3);
  await page.keyboard.press(' ');
  const paused = await flow(page);
  expect(paused.playing).toBe(false);
  await page.waitForTimeout(600);
  expect((await flow(page)).step).toBe(paused.step);
  await expect(current(page)).toHaveAttribute('data-index', String(paused.step));

  // Keys typed into the command box are text, not playback.
  const box = page.getByTestId('flow-command');
  await box.click();
  await page.keyboard.type('ping ');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  expect((await flow(page)).step).toBe(paused.step);
  await expect(box).toHaveValue('ping ');

  // A click on a row steps there.
  await page.locator('[data-testid="hop-row"][data-index="4"] button').click();
  expect((await flow(page)).step).toBe(4);
  await expect(current(page)).toHaveAttribute('data-index', '4');
  await page.screenshot({ path: 'test-results/playback-paused.png' });
  expectClean(w);
});

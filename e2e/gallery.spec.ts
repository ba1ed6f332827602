// Journey: open the gallery, pick each scenario in turn; its first flow plays to the verdict it
// promises; Undo brings back the previous text. Keyboard: Escape closes, Tab stays inside.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo } from './fixtures.ts';

interface Entry { id: string; title: string }

async function ready(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => (globalThis as unknown as { __netsim?: { gallery?: unknown } }).__netsim?.gallery !== undefined);
}

const list = (page: Page): Promise<Entry[]> => api<Entry[]>(page, 'gallery');

test('every gallery scenario opens and its first flow plays to the promised verdict', async ({ page }) => {
  // Fifteen scenarios, each watched until playback moves: more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  const w = watch(page);
  await ready(page);
  const entries = await list(page);
  expect(entries.length).toBeGreaterThanOrEqual(13);
  for (const [i, entry] of entries.entries()) {
    await page.getByTestId('gallery-open').click();
    const dialog = page.getByTestId('gallery');
    await expect(dialog).toBeVisible();
    if (i === 2) await page.screenshot({ path: 'test-results/gallery-dialog.png' });
    await page.getByTestId(`gallery-${entry.id}`).click();
    await expect(dialog).toBeHidden();
    const flow = await api<FlowInfo>(page, 'flow');
    expect(flow.id, entry.id).toMatch(/^saved:/);
    expect(flow.error, entry.id).toBeUndefined();
    // The chip compares the verdict with the Flow's `expect`.
    await expect(page.getByTestId('flow-verdict'), entry.id).toContainText('as expected');
    await expect(page.getByTestId('flow-verdict')).not.toContainText('✗');
    // Playback runs: the packet moves on from the first hop.
    await expect.poll(async () => (await api<FlowInfo>(page, 'flow')).step, { message: entry.id }).toBeGreaterThan(0);
    if (entry.id === 'pod-to-pod-calico') await page.screenshot({ path: 'test-results/gallery-calico.png' });
  }
  expectClean(w);
});

test('Undo after opening a scenario brings back the previous text', async ({ page }) => {
  const w = watch(page);
  await ready(page);
  const mine = `${await api<string>(page, 'text')}\n# my own edit\n`;
  await api(page, 'setText', mine);
  await page.getByTestId('gallery-open').click();
  await page.getByTestId('gallery-dns-config').click();
  await expect(page.getByTestId('toast')).toContainText('dnsPolicy and dnsConfig');
  expect(await api<string>(page, 'text')).not.toBe(mine);
  await page.screenshot({ path: 'test-results/gallery-opened.png' });
  await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
  expect(await api<string>(page, 'text')).toBe(mine);
  expectClean(w);
});

test('the dialog is keyboard accessible: focus inside, Tab wraps, Escape closes', async ({ page }) => {
  const w = watch(page);
  await ready(page);
  // Instructors open it on a projector: the presenter theme.
  await page.getByTestId('theme-select').selectOption('presenter');
  const opener = page.getByTestId('gallery-open');
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('gallery');
  await expect(dialog).toBeVisible();
  // The scenario being shown (the example) has focus and is marked current.
  await expect(page.getByTestId('gallery-example')).toBeFocused();
  await expect(page.getByTestId('gallery-example')).toHaveAttribute('aria-current', 'true');
  await page.screenshot({ path: 'test-results/gallery-presenter.png' });
  const last = (await list(page)).at(-1)!.id;
  await page.getByTestId(`gallery-${last}`).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Close the gallery' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId(`gallery-${last}`)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  expectClean(w);
});

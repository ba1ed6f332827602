// Journeys: make a share link → open it in a fresh browser → same text, flow and hop, as a draft
// that leaves the person's own work alone; a broken link says so and the app still works; the
// embed builder copies snippets that work.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { decodeShare, encodeShare } from '../src/share/index.ts';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo, ViewInfo } from './fixtures.ts';

const flow = (page: Page): Promise<FlowInfo> => api<FlowInfo>(page, 'flow');
const text = (page: Page): Promise<string> => api<string>(page, 'text');

// This file compiles without DOM types, hence globalThis.
const readClipboard = (page: Page): Promise<string> =>
  page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText: () => Promise<string> } } }).navigator.clipboard.readText());

async function openDialog(page: Page): Promise<string> {
  await page.getByTestId('share-open').click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  return page.getByTestId('share-link').inputValue();
}

test('a share link opens the same text, flow and hop as a draft', async ({ page, browser }) => {
  const w = watch(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-backend');
  const shared = (await text(page)) + '\n# shared with the class\n';
  await api(page, 'setText', shared);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.getByTestId('tab-problems').click();
  const before = await flow(page);
  expect(before.step).toBe(3);

  const link = await openDialog(page);
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v1\.[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId('share-size')).toContainText('characters');
  await expect(page.getByTestId('share-hop')).toBeChecked();
  await page.screenshot({ path: 'test-results/share-dialog.png' });
  // Without "link to this hop" the link is another, shorter one.
  await page.getByTestId('share-hop').uncheck();
  expect((await page.getByTestId('share-link').inputValue()).length).toBeLessThan(link.length);

  // A fresh browser whose person has work of their own.
  const other = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
  const mine = await other.newPage();
  const w2 = watch(mine);
  await mine.goto('/');
  await api(mine, 'setText', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: my-own-work\n');
  await mine.waitForTimeout(600); // autosave
  const opened = await other.newPage();
  const w3 = watch(opened);
  await opened.goto(link);
  await expect(opened.getByTestId('share-banner')).toContainText('shared scenario');
  expect(await text(opened)).toBe(shared);
  await expect.poll(async () => (await flow(opened)).id).toBe(before.id);
  expect((await flow(opened)).step).toBe(3);
  expect((await flow(opened)).at).toBe(before.at);
  expect((await api<ViewInfo>(opened, 'view')).tab).toBe('problems');
  await expect(opened.getByTestId('share-differences')).toHaveCount(0);
  await opened.screenshot({ path: 'test-results/share-opened.png' });

  // Editing the draft and reloading keeps the draft; Back brings the person's own work.
  await api(opened, 'setText', shared + '# my edit\n');
  await opened.waitForTimeout(600);
  await opened.reload();
  expect(await text(opened)).toBe(shared + '# my edit\n');
  await opened.getByTestId('share-back').click();
  expect(await text(opened)).toContain('my-own-work');
  expect(new URL(opened.url()).hash).toBe('');
  await expect(opened.getByTestId('share-banner')).toHaveCount(0);
  await opened.reload();
  expect(await text(opened)).toContain('my-own-work');
  for (const x of [w, w2, w3]) expectClean(x);
  await other.close();
});

test('a broken link says why and the app still works', async ({ page }) => {
  const w = watch(page);
  await page.goto('/#v1.eJzLSM3JyQcABiwCFQxyz');
  await expect(page.getByTestId('share-banner')).toContainText('could not be opened');
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-backend');
  await expect(page.getByTestId('hop-row').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/share-broken.png' });
  await page.goto('/#v9.abc');
  await page.reload();
  await expect(page.getByTestId('share-banner')).toContainText('format v9');
  expectClean(w);
});

test('the embed builder copies snippets that work', async ({ page, context }) => {
  const w = watch(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-backend');
  await openDialog(page);
  await page.getByTestId('embed-flow').selectOption('frontend-to-db');
  await page.getByTestId('embed-theme').selectOption('dark');
  await page.getByTestId('embed-controls').uncheck();
  const preview = page.frameLocator('[data-testid="embed-preview"]');
  await expect(preview.getByTestId('embed')).toBeVisible();
  await expect(preview.getByTestId('play')).toHaveCount(0);
  await page.getByTestId('embed-html-copy').click();
  await expect(page.getByTestId('embed-html-copy')).toHaveText('Copied');
  const html = await readClipboard(page);
  await page.screenshot({ path: 'test-results/share-builder.png' });
  const src = /src="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
  expect(src).toContain('?embed&flow=frontend-to-db&theme=dark&controls=0#v1.');
  await page.getByTestId('embed-markdown-copy').click();
  const markdown = await readClipboard(page);
  const mdLink = /\]\((.+)\)$/.exec(markdown)![1]!;

  const embed = await context.newPage();
  const w2 = watch(embed);
  await embed.goto(src);
  await expect(embed.getByTestId('embed')).toBeVisible();
  await expect.poll(async () => (await flow(embed)).id).toBe('saved:shop/frontend-to-db');
  expect((await api<ViewInfo>(embed, 'view')).theme).toBe('dark');
  await embed.goto(mdLink);
  await expect(embed.getByTestId('share-banner')).toBeVisible();
  await expect.poll(async () => (await flow(embed)).id).toBe('saved:shop/frontend-to-backend');
  expectClean(w);
  expectClean(w2);
});

test('a link whose recorded answer differs from today\'s engine says so', async ({ page }) => {
  const w = watch(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await expect.poll(async () => (await flow(page)).id).toBe('saved:shop/frontend-to-backend');
  const link = await openDialog(page);
  const [base, fragment] = link.split('#') as [string, string];
  const decoded = decodeShare(fragment);
  if (!decoded.ok) throw new Error(decoded.error);
  // As if an older engine had answered "dropped" at another hop.
  const old = { ...decoded.value, verdict: 'dropped', hop: { step: 0, at: 'node:node-9', verdict: 'drop' } };
  await page.goto(`${base}#${encodeShare(old)}`);
  await page.reload();
  const notes = page.getByTestId('share-differences');
  await expect(notes).toContainText('The flow ended dropped; it now ends delivered.');
  await expect(notes).toContainText('Hop 1 was node:node-9 (drop)');
  await page.screenshot({ path: 'test-results/share-differs.png' });
  expectClean(w);
});

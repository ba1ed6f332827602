// Journey: "YAML error shown on its line while the graph stays". A typed mistake gets a marker
// with its message on hover, the Problems tab lists it and jumps to it, the pods stay, fixing it
// clears it; undo/redo restore the text; the schema completes and explains fields; all offline.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { Counts } from './fixtures.ts';

/** Calls the editor's test API section: `ed(page, 'markers')` → window.__netsim.editor.markers(). */
function ed<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([m, a]) => {
    const editor = (globalThis as unknown as { __netsim: { editor: Record<string, (...x: unknown[]) => unknown> } }).__netsim.editor;
    return editor[m as string]!(...(a as unknown[])) as T;
  }, [method, args] as const);
}

interface Marker { line: number; col: number; message: string; severity: string; owner: string }

const markersOn = async (page: Page, line: number, owner: string): Promise<Marker[]> =>
  (await ed<Marker[]>(page, 'markers')).filter((m) => m.line === line && m.owner === owner);

async function hover(page: Page, line: number, col: number): Promise<void> {
  const at = await ed<{ x: number; y: number }>(page, 'coords', line, col);
  await page.mouse.move(at.x, at.y);
}

test('YAML error shown on its line while the graph stays', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await page.waitForFunction(() => (globalThis as unknown as { __netsim: { editor?: { ready(): boolean } } }).__netsim.editor?.ready() === true);
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  const before = await api<Counts>(page, 'state');
  expect(before.pods).toBeGreaterThan(0);

  // Break the frontend's replicas by typing one character at the end of its line.
  const text = await api<string>(page, 'text');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l === '  replicas: 2') + 1;
  expect(line).toBeGreaterThan(0);
  await ed(page, 'focus', line, lines[line - 1]!.length + 1);
  await page.keyboard.type('x');
  await expect.poll(async () => (await markersOn(page, line, 'kube-netsim')).length).toBe(1);
  const [ours] = await markersOn(page, line, 'kube-netsim');
  expect(ours!.severity).toBe('error');
  expect(ours!.message).toContain('spec.replicas');
  // monaco-yaml validates against our schema too: replicas is a number.
  await expect.poll(async () => (await markersOn(page, line, 'yaml')).length).toBeGreaterThan(0);

  // The graph keeps the last cluster that built, and says so.
  expect((await api<Counts>(page, 'state')).pods).toBe(before.pods);
  await expect(page.getByTestId('editor-stale')).toContainText(`line ${line}`);
  await hover(page, line, lines[line - 1]!.length);
  await expect(page.locator('.monaco-hover:not(.hidden)')).toContainText('spec.replicas');
  await page.screenshot({ path: 'test-results/editor-error.png' });

  // The Problems tab lists it; a click puts the cursor on that line.
  await page.mouse.move(0, 0);
  await page.getByTestId('tab-problems').click();
  const problem = page.locator(`[data-testid="diagnostic"][data-line="${line}"]`).first();
  await expect(problem).toHaveClass(/error/);
  await ed(page, 'focus', 1, 1);
  await problem.getByRole('button').click();
  await expect.poll(async () => (await ed<{ line: number }>(page, 'position')).line).toBe(line);
  expect(await ed<unknown[]>(page, 'decorations')).toHaveLength(1);
  await page.screenshot({ path: 'test-results/editor-problems.png' });

  // Fixing it clears it.
  await ed(page, 'focus', line, lines[line - 1]!.length + 2);
  await page.keyboard.press('Backspace');
  await expect.poll(async () => (await markersOn(page, line, 'kube-netsim')).length).toBe(0);
  await expect(page.getByTestId('editor-stale')).toHaveCount(0);
  await expect(page.getByTestId('editor-status')).toContainText('builds');
  expect(await api<string>(page, 'text')).toBe(text);

  // Undo brings the mistake back, redo the fix; the store follows.
  await ed(page, 'undo');
  await expect.poll(() => api<string>(page, 'text')).toContain('replicas: 2x');
  await ed(page, 'redo');
  await expect.poll(() => api<string>(page, 'text')).toBe(text);

  // Text set from outside arrives as an undoable edit too.
  await api(page, 'setText', text.replace('replicas: 2', 'replicas: 3'));
  await expect.poll(() => ed<string>(page, 'value')).toContain('replicas: 3');
  await ed(page, 'undo');
  await expect.poll(() => api<string>(page, 'text')).toBe(text);

  // Schema completion: a new document, `kin` → kind.
  const last = text.split('\n').length;
  await ed(page, 'focus', last, 1);
  await page.keyboard.insertText('---\n');
  await page.keyboard.type('kin');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget')).toContainText('kind');
  await page.screenshot({ path: 'test-results/editor-completion.png' });
  await page.keyboard.press('Escape');

  // Hover docs come from the kind's own schema (apps/v1 Deployment → DeploymentSpec.replicas).
  await hover(page, line, 5);
  await expect(page.locator('.monaco-hover:not(.hidden)')).toContainText('Number of desired pods');
  await page.screenshot({ path: 'test-results/editor-hover.png' });

  // The yaml worker (and the editor worker, once Monaco wants it) came from this server.
  const workers = [...w.requests.filter((u) => /\.worker/.test(u)), ...page.workers().map((x) => x.url())];
  expect(workers.some((u) => /yaml\.worker/.test(u))).toBe(true);
  expect(workers.filter((u) => !u.startsWith('http://127.0.0.1:'))).toEqual([]);
  expectClean(w);
});

test('the graph draws first; the text shows read-only until Monaco arrives', async ({ page }) => {
  const w = watch(page);
  // Hold the lazy Monaco chunk back until the loading view has been checked.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route(/MonacoEditor-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByTestId('editor-loading')).toContainText('kind: Cluster');
  expect((await api<Counts>(page, 'state')).pods).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/editor-loading.png' });
  release();
  await expect(page.locator('.monaco-editor')).toBeVisible();
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  expectClean(w);
});

// Journeys of the shell: work survives a reload; the CNI switch rewrites the YAML and re-runs
// the flow; files open (and bad ones are refused), download, and drop; the three themes.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo, ViewInfo } from './fixtures.ts';

const text = (page: Page): Promise<string> => api<string>(page, 'text');
const ats = async (page: Page): Promise<string[]> => (await api<{ ats: string[] }>(page, 'topbar')).ats;
const flow = (page: Page): Promise<FlowInfo> => api<FlowInfo>(page, 'flow');

/** The topbar section is added in an effect: wait for it before using it. */
async function ready(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => (globalThis as unknown as { __netsim?: { topbar?: unknown } }).__netsim?.topbar !== undefined);
}

test('reload keeps the work: text, flow and theme', async ({ page }) => {
  const w = watch(page);
  await ready(page);
  const edited = (await text(page)).replace('loadBalancerPool: 172.16.0.200-172.16.0.250', 'loadBalancerPool: 172.16.0.200-172.16.0.220');
  await api(page, 'setText', edited);
  expect(await api(page, 'chooseSaved', 'frontend-to-backend', false)).toBeUndefined();
  await page.getByTestId('theme-select').selectOption('dark');
  // Past the autosave delay; the reload also flushes on pagehide.
  await page.waitForTimeout(400);
  await page.reload();
  await page.waitForFunction(() => (globalThis as unknown as { __netsim?: { topbar?: unknown } }).__netsim?.topbar !== undefined);
  expect(await text(page)).toBe(edited);
  expect((await flow(page)).id).toBe('saved:shop/frontend-to-backend');
  expect((await api<ViewInfo>(page, 'view')).theme).toBe('dark');
  expectClean(w);
});

test('switching the CNI rewrites the Cluster object and re-runs the flow on the new path', async ({ page }) => {
  const w = watch(page);
  await ready(page);
  expect(await api(page, 'chooseSaved', 'frontend-to-backend', false)).toBeUndefined();
  const before = await ats(page);
  expect(before.some((a) => a.endsWith('/flannel.1'))).toBe(true);
  const original = await text(page);

  await page.getByTestId('cni-select').selectOption({ label: 'Calico · IPIP' });
  const after = await text(page);
  expect(after).toBe(original.replace('    plugin: flannel\n    mode: vxlan', '    plugin: calico\n    mode: ipip'));
  const path = await ats(page);
  expect(path).not.toEqual(before);
  expect(path.some((a) => a.endsWith('/tunl0'))).toBe(true);
  expect(path.some((a) => a.endsWith('/flannel.1'))).toBe(false);
  const f = await flow(page);
  expect(f.id).toBe('saved:shop/frontend-to-backend');
  expect(f.step).toBe(0);
  await expect(page.getByTestId('settings')).toContainText('calico (ipip)');

  // kube-proxy: the replacement is offered only with Cilium.
  await expect(page.getByTestId('proxy-select').locator('option[value="replacement"]')).toHaveCount(0);
  await page.getByTestId('proxy-select').selectOption('ipvs');
  expect(await text(page)).toContain('  kubeProxy:\n    mode: ipvs');

  // A CNI that ignores policies: the banner says so, and can be dismissed.
  await api(page, 'setText', (await text(page)).replace('networkPolicy: true', 'networkPolicy: false'));
  const banner = page.getByTestId('policy-warning');
  await expect(banner).toContainText(/Calico does not enforce NetworkPolicy .*: \d+ NetworkPolicies are ignored/);
  await page.screenshot({ path: 'test-results/shell-policy-warning.png' });
  await banner.getByRole('button', { name: /Dismiss/ }).click();
  await expect(banner).toHaveCount(0);
  expectClean(w);
});

test('open, refuse a bad file, undo, download, drop', async ({ page }) => {
  const w = watch(page);
  await ready(page);
  const original = await text(page);
  const input = page.getByTestId('open-file');
  const yaml = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: opened\n';

  await input.setInputFiles({ name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
  await expect(page.getByTestId('toast')).toContainText('Opened mine.yaml.');
  expect(await text(page)).toBe(yaml);
  await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
  expect(await text(page)).toBe(original);

  await input.setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]) });
  await expect(page.getByTestId('toast')).toContainText('Could not open cat.png: it is a binary file');
  expect(await text(page)).toBe(original);
  await page.screenshot({ path: 'test-results/shell-bad-file.png' });

  // New: an empty scenario, the old one one Undo away.
  await page.getByText('Scenario', { exact: true }).click();
  await page.getByRole('button', { name: 'New empty scenario' }).click();
  expect(await text(page)).toMatch(/^# A new scenario/);
  await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
  expect(await text(page)).toBe(original);

  await page.getByText('Scenario', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download YAML' }).click()]);
  expect(download.suggestedFilename()).toBe('scenario.yaml');
  expect(await readFile(await download.path(), 'utf8')).toBe(original);

  // Drag and drop: the overlay shows while a file is over the window, the drop opens it.
  // A string expression: this file compiles without DOM types.
  const transfer = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([${JSON.stringify(yaml)}], 'dropped.yaml', { type: 'text/yaml' }));
    return dt;
  })()`);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.screenshot({ path: 'test-results/shell-drop.png' });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await expect.poll(() => text(page)).toBe(yaml);
  expectClean(w);
});

/** WCAG contrast ratio of two rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

for (const theme of ['light', 'dark', 'presenter'] as const) {
  test(`${theme} theme at 1280×720: one-row top bar, readable colours`, async ({ page }) => {
    const w = watch(page);
    await ready(page);
    await page.getByTestId('theme-select').selectOption(theme);
    expect((await api<ViewInfo>(page, 'view')).theme).toBe(theme);
    // The theme's variables resolved to rgb() through a probe element (a string: no DOM types here).
    const colours = await page.evaluate<{ fontSize: number; bg: string; text: string; muted: string; panel: string }>(`(() => {
      const app = document.querySelector('.app');
      const s = getComputedStyle(app);
      const v = (name) => {
        const probe = document.createElement('span');
        probe.style.color = 'var(' + name + ')';
        app.append(probe);
        const c = getComputedStyle(probe).color;
        probe.remove();
        return c;
      };
      return { fontSize: parseFloat(s.fontSize), bg: s.backgroundColor, text: v('--text'), muted: v('--muted'), panel: v('--panel') };
    })()`);
    expect(contrast(colours.text, colours.bg)).toBeGreaterThanOrEqual(7);
    expect(contrast(colours.muted, colours.panel)).toBeGreaterThanOrEqual(theme === 'light' ? 4.5 : 7);
    if (theme === 'presenter') expect(colours.fontSize).toBeGreaterThanOrEqual(18);
    // One row: every control's top edge within the bar's first line.
    const bar = await page.locator('.topbar').boundingBox();
    expect(bar!.height).toBeLessThan(theme === 'presenter' ? 70 : 60);
    const page1 = await page.evaluate<{ w: number; h: number }>('({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight })');
    expect(page1).toEqual({ w: 1280, h: 720 });
    await page.screenshot({ path: `test-results/shell-${theme}.png` });
    // …and none of them cut off at the right edge (the header clips its overflow), also with
    // Cilium, whose kube-proxy select offers one more (longer) choice.
    await page.getByTestId('cni-select').selectOption({ label: 'Cilium · VXLAN' });
    await expect(page.getByTestId('proxy-select').locator('option[value="replacement"]')).toHaveCount(1);
    for (const id of ['theme-select', 'share-open']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(1280);
    }
    expectClean(w);
  });
}

test('storage that refuses writes: the app keeps working and says autosave failed', async ({ page }) => {
  const w = watch(page);
  // Chromium's quota error, on every write.
  await page.addInitScript('Storage.prototype.setItem = function () { throw new DOMException("quota", "QuotaExceededError"); };');
  await ready(page);
  await api(page, 'setText', `${await text(page)}# edited\n`);
  await expect(page.getByTestId('storage-problem')).toContainText('Autosave failed');
  expect(await text(page)).toMatch(/# edited\n$/);
  await page.getByText('Scenario', { exact: true }).click();
  await page.getByRole('button', { name: 'New empty scenario' }).click();
  await page.getByTestId('theme-select').selectOption('presenter');
  await page.screenshot({ path: 'test-results/shell-new-presenter.png' });
  expectClean(w);
});

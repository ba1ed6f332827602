// Journey: export the current trace (pcapng, text, JSON) and the topology (PNG, SVG) from the
// Export menu; each download is a valid file of its kind.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';

async function exportAs(page: Page, item: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: item }).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

test('the Export menu downloads the trace and the topology as valid files', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await page.waitForFunction(() => (globalThis as unknown as { __netsim?: { topbar?: unknown } }).__netsim?.topbar !== undefined);
  expect(await api(page, 'chooseSaved', 'frontend-to-backend', false)).toBeUndefined();

  const pcap = await exportAs(page, 'Trace as pcapng (Wireshark)');
  expect(pcap.name).toBe('kube-netsim-frontend-to-backend.pcapng');
  expect(pcap.bytes.readUInt32LE(0)).toBe(0x0a0d0d0a);
  expect(pcap.bytes.readUInt32LE(8)).toBe(0x1a2b3c4d);

  const text = await exportAs(page, 'Trace as text');
  expect(text.name).toBe('kube-netsim-frontend-to-backend.txt');
  expect(text.bytes.toString('utf8')).toContain('flannel.1');

  const json = await exportAs(page, 'Trace as JSON');
  const trace = JSON.parse(json.bytes.toString('utf8')) as { verdict: string; phases: unknown[] };
  expect(trace.verdict).toBe('delivered');
  expect(trace.phases.length).toBeGreaterThan(1);

  const png = await exportAs(page, 'Topology as PNG');
  expect(png.name).toBe('kube-netsim-topology.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await page.context().newPage().then(async (view) => {
    // Shows the exported picture itself, so the screenshot is what a person downloads.
    await view.setContent(`<img style="max-width:100%" src="data:image/png;base64,${png.bytes.toString('base64')}">`);
    await view.screenshot({ path: 'test-results/export-topology-png.png', fullPage: true });
    await view.close();
  });

  const svg = await exportAs(page, 'Topology as SVG');
  expect(svg.name).toBe('kube-netsim-topology.svg');
  const svgText = svg.bytes.toString('utf8');
  expect(svgText).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svgText).toContain('node-1');
  const view = await page.context().newPage();
  await view.setContent(`<img style="max-width:100%" src="data:image/svg+xml;base64,${svg.bytes.toString('base64')}">`);
  await view.screenshot({ path: 'test-results/export-topology-svg.png', fullPage: true });
  await view.close();

  await page.getByText('Export', { exact: true }).click();
  await page.screenshot({ path: 'test-results/export-menu.png' });
  expectClean(w);
});

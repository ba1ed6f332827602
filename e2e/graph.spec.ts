// Journey: look at the topology, play a saved flow on it, click a pod, fit, and edit the cluster
// without the picture jumping. The graph is a canvas: positions come from the test API.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo, ViewInfo } from './fixtures.ts';

interface El { id: string; parent?: string; x: number; y: number; classes: string }
const graph = <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([f, a]) => {
    const g = (globalThis as unknown as { __netsim: { graph: Record<string, (...x: unknown[]) => unknown> } }).__netsim.graph;
    return g[f as string]!(...(a as unknown[])) as T;
  }, [fn, args] as const);
const elements = (page: Page): Promise<El[]> => graph<El[]>(page, 'elements');

test('the topology draws the cluster, plays a flow hop by hop and selects what is clicked', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  await expect.poll(async () => (await page.evaluate(() => Boolean((globalThis as unknown as { __netsim?: { graph?: unknown } }).__netsim?.graph)))).toBe(true);

  const els = await elements(page);
  const byId = new Map(els.map((e) => [e.id, e]));
  for (const n of ['node:control-plane', 'node:node-1', 'node:node-2']) expect(byId.has(n)).toBe(true);
  const pods = els.filter((e) => e.id.startsWith('pod:'));
  expect(pods.length).toBeGreaterThanOrEqual(6);
  // Every scheduled pod sits inside its node's box: its column, below the node's top.
  for (const pod of pods) {
    expect(pod.parent).toMatch(/^node:/);
    const host = byId.get(`host:${pod.parent!.slice(5)}`)!;
    expect(pod.x).toBe(host.x);
    expect(pod.y).toBeLessThan(host.y);
  }
  expect(byId.has('svc:shop/backend')).toBe(true);
  expect(byId.has('iface:node-1/flannel.1')).toBe(true);
  expect(byId.has('iface:node-1/cni0')).toBe(true);
  expect(byId.has('underlay')).toBe(true);
  expect(byId.has('internet')).toBe(true);
  await page.screenshot({ path: 'test-results/graph-loaded.png' });

  // A saved flow: the highlighted element follows the hops to delivery.
  expect(await api(page, 'chooseSaved', 'frontend-to-backend', false)).toBeUndefined();
  const flow = await api<FlowInfo>(page, 'flow');
  expect(flow.steps).toBeGreaterThan(5);
  const seen: string[] = [];
  const highlighted: string[] = [];
  for (let step = 0; step < flow.steps; step++) {
    await graph(page, 'stepTo', step);
    const [current] = await graph<string[]>(page, 'highlighted');
    expect(current).toBeDefined();
    highlighted.push(current!);
    if (seen[seen.length - 1] !== current) seen.push(current!);
    if (step === 30) await page.screenshot({ path: 'test-results/graph-playing.png' });
  }
  expect(seen[0]).toMatch(/^pod:shop\/frontend-/);
  expect(seen).toContain('underlay');
  expect(seen.some((s) => s.startsWith('pod:shop/backend-'))).toBe(true);
  expect(seen[seen.length - 1]).toMatch(/^pod:shop\/frontend-/);
  const packet = await graph<{ x: number; y: number } | undefined>(page, 'packet');
  expect(packet).toBeDefined();

  // A real click on a pod's drawn position selects it for the inspector.
  const db = pods.find((p) => p.id === 'pod:shop/db-0')!;
  const at = await graph<{ x: number; y: number }>(page, 'pagePosition', db.id);
  await page.mouse.click(at.x, at.y);
  await expect.poll(async () => (await api<ViewInfo>(page, 'view')).selection).toBe('pod:shop/db-0');
  await page.screenshot({ path: 'test-results/graph-selected.png' });

  // Zoom in, then fit brings the whole cluster back.
  const fitted = await graph<number>(page, 'zoom');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const zoomed = await graph<number>(page, 'zoom');
  expect(zoomed).toBeGreaterThan(fitted);
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  // The trail and the packet now count too, so the fitted zoom is close to, not exactly, the first.
  expect(await graph<number>(page, 'zoom')).toBeLessThan(zoomed);
  expect(Math.abs((await graph<number>(page, 'zoom')) - fitted)).toBeLessThan(0.05);

  // The packet is drawn in a layer over the canvas that follows its pan and zoom: at rest it sits
  // on the highlighted element as the canvas draws it, at any zoom.
  const packetOffset = async (): Promise<number> => {
    const [id] = await graph<string[]>(page, 'highlighted');
    const box = await page.getByTestId('graph-packet').boundingBox();
    const at = await graph<{ x: number; y: number }>(page, 'pagePosition', id);
    return box ? Math.hypot(box.x + box.width / 2 - at.x, box.y + box.height / 2 - at.y) : Infinity;
  };
  await expect.poll(packetOffset).toBeLessThan(1);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(packetOffset).toBeLessThan(1);

  // Between hops the packet flies: a moment after a step it is on its way, on the straight line
  // from the element it left to the one it goes to, and then it lands.
  await page.getByTestId('speed').selectOption('0.5');
  const hop = highlighted.findIndex((id, i) => i > 0 && id !== highlighted[i - 1]);
  await graph(page, 'stepTo', hop - 1);
  const from = (await elements(page)).find((e) => e.id === highlighted[hop - 1])!;
  const to = (await elements(page)).find((e) => e.id === highlighted[hop])!;
  await expect.poll(() => graph(page, 'packet')).toMatchObject({ x: from.x, y: from.y });
  // The first frame on which the packet has left: well before it lands (the flight takes 840 ms).
  const mid = await page.evaluate(async ([step, x, y]) => {
    const g = (globalThis as unknown as { __netsim: { graph: { stepTo(s: number): void; packet(): { x: number; y: number } } } }).__netsim.graph;
    const frame = (): Promise<void> => new Promise((r) => (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(() => r()));
    g.stepTo(step);
    for (let i = 0; i < 60; i++) {
      await frame();
      const p = g.packet();
      if (p.x !== x || p.y !== y) return p;
    }
    return g.packet();
  }, [hop, from.x, from.y] as const);
  const length = Math.hypot(to.x - from.x, to.y - from.y);
  expect(Math.hypot(mid.x - from.x, mid.y - from.y)).toBeGreaterThan(0);
  expect(Math.hypot(to.x - mid.x, to.y - mid.y)).toBeGreaterThan(length / 4);
  expect(Math.abs((to.x - from.x) * (mid.y - from.y) - (to.y - from.y) * (mid.x - from.x)) / length).toBeLessThan(0.5);
  await expect.poll(() => graph(page, 'packet')).toMatchObject({ x: to.x, y: to.y });

  // Adding one pod keeps every other pod where it was.
  const text = await api<string>(page, 'text');
  const extra = '\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: aaa-debug\n  namespace: shop\nspec:\n  nodeName: node-1\n  containers:\n  - name: c\n    image: busybox\n';
  await api(page, 'setText', text + extra);
  await expect.poll(async () => (await elements(page)).some((e) => e.id === 'pod:shop/aaa-debug')).toBe(true);
  const after = new Map((await elements(page)).map((e) => [e.id, e]));
  for (const pod of pods) expect([after.get(pod.id)!.x, after.get(pod.id)!.y]).toEqual([pod.x, pod.y]);
  await page.screenshot({ path: 'test-results/graph-added-pod.png' });
  expectClean(w);
});

test('a YAML error keeps the last graph under a banner; with reduced motion the packet jumps', async ({ page }) => {
  const w = watch(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await expect.poll(async () => (await elements(page).catch(() => [])).length).toBeGreaterThan(10);
  const before = (await elements(page)).length;

  // First load shows the first saved flow at its first hop: the ring around the highlighted
  // element hugs the element as drawn (the layer was drawn with the graph's styles applied).
  await expect.poll(() => graph<string[]>(page, 'highlighted')).toHaveLength(1);
  const [first] = await graph<string[]>(page, 'highlighted');
  const drawnBox = (await graph<{ x1: number; y1: number; x2: number; y2: number }>(page, 'pageBox', first))!;
  const ring = (await page.getByTestId('graph-current').boundingBox())!;
  for (const [ringEdge, elementEdge] of [[ring.x, drawnBox.x1], [ring.y, drawnBox.y1], [ring.x + ring.width, drawnBox.x2], [ring.y + ring.height, drawnBox.y2]]) {
    expect(Math.abs(ringEdge! - elementEdge!)).toBeLessThan(4);
  }

  // With reduced motion the packet jumps: it is on the current element at once.
  expect(await api(page, 'chooseSaved', 'browser-to-shop', false)).toBeUndefined();
  await graph(page, 'stepTo', 3);
  const [current] = await graph<string[]>(page, 'highlighted');
  const at = (await elements(page)).find((e) => e.id === current)!;
  expect(await graph(page, 'packet')).toMatchObject({ x: at.x, y: at.y });

  const text = await api<string>(page, 'text');
  await api(page, 'setText', text.replace('  name: shop\n', '  name: [shop\n'));
  await expect(page.getByTestId('stale-notice')).toBeVisible();
  expect((await elements(page)).length).toBe(before);
  await page.screenshot({ path: 'test-results/graph-stale.png' });
  await api(page, 'setText', text);
  await expect(page.getByTestId('stale-notice')).toHaveCount(0);
  expectClean(w);
});

test('performance: drawing 200 and 1,000 pods, and playing a flow among them', async ({ page }) => {
  test.setTimeout(120_000);
  const w = watch(page);
  await page.goto('/');
  await expect.poll(async () => (await elements(page).catch(() => [])).length).toBeGreaterThan(10);
  const base = await api<string>(page, 'text');
  const nodes = Array.from({ length: 8 }, (_, i) => `    - name: node-${i + 3}\n      role: worker\n      address: 172.16.0.${i + 13}\n`).join('');
  for (const replicas of [200, 1000]) {
    const text = base.replace('      address: 172.16.0.12\n', `      address: 172.16.0.12\n${nodes}`)
      + `\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: load\n  namespace: shop\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: load\n  template:\n    metadata:\n      labels:\n        app: load\n    spec:\n      containers:\n        - name: c\n          image: busybox\n`;
    const ms = await page.evaluate(async ([t, n]) => {
      const netsim = (globalThis as unknown as { __netsim: { setText: (x: string) => void; graph: { elements: () => { id: string }[] } } }).__netsim;
      const start = performance.now();
      netsim.setText(t as string);
      const built = performance.now() - start;
      const raf = (globalThis as unknown as { requestAnimationFrame: (cb: () => void) => void }).requestAnimationFrame;
      const frame = (): Promise<void> => new Promise((r) => raf(() => r()));
      while (netsim.graph.elements().filter((e) => e.id.startsWith('pod:shop/load-')).length < (n as number)) await frame();
      await frame();
      const drawn = performance.now() - start;
      // Frames once drawn: how smooth the canvas is with this many pods.
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) await frame();
      return { built, drawn, frame: (performance.now() - t0) / 10 };
    }, [text, replicas] as const);
    // Long main-thread tasks while stepping through a whole flow.
    expect(await api(page, 'chooseSaved', 'frontend-to-backend', false)).toBeUndefined();
    const steps = (await api<FlowInfo>(page, 'flow')).steps;
    const longest = await page.evaluate(async (count) => {
      const g = (globalThis as unknown as { __netsim: { graph: { stepTo: (s: number) => void } } }).__netsim.graph;
      let worst = 0;
      for (let s = 0; s < count; s++) {
        const start = performance.now();
        g.stepTo(s);
        worst = Math.max(worst, performance.now() - start);
        await new Promise<void>((r) => (globalThis as unknown as { requestAnimationFrame: (cb: () => void) => void }).requestAnimationFrame(() => r()));
      }
      return worst;
    }, steps);
    console.log(`graph: ${replicas} extra pods: parse+build ${Math.round(ms.built)} ms, drawn after ${Math.round(ms.drawn)} ms, frame ${ms.frame.toFixed(1)} ms; slowest hop step ${longest.toFixed(1)} ms`);
    await page.screenshot({ path: `test-results/graph-${replicas}-pods.png` });
  }
  expectClean(w);
});

// Journeys of the inspector: a flow that works, then a policy change that drops it at the right
// hop, with the deciding policy named and its YAML lines one click away; and inspecting a pod and
// a node without any flow.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { api, expectClean, watch } from './fixtures.ts';
import type { FlowInfo } from './fixtures.ts';

interface Range { startLine: number; endLine: number }

const flow = (page: Page): Promise<FlowInfo> => api<FlowInfo>(page, 'flow');

/** Calls the inspector's test API section: `inspectorApi(page, 'reveal')` → __netsim.inspector.reveal(). */
function inspectorApi<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([f, a]) => {
    const section = (globalThis as unknown as { __netsim: { inspector: Record<string, (...x: unknown[]) => unknown> } }).__netsim.inspector;
    return section[f as string]!(...(a as unknown[])) as T;
  }, [fn, args] as const);
}

// The example admits frontend → backend with allow-frontend-to-backend. Policies only add
// allowances (NETPOL.md), so a deny alone changes nothing: the journey swaps that allow for a
// default-deny of the backend pods.
const denyBackend = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend-deny-all
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: backend
  policyTypes:
    - Ingress
`;
const allowDoc = /---\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}name: allow-frontend-to-backend\n[\s\S]*?(?=---\n)/;

test('a default-deny for the backend drops the same flow at the backend, naming the policy and its YAML lines', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });

  expect(await api(page, 'chooseSaved', 'frontend-to-backend', false)).toBeUndefined();
  expect((await flow(page)).verdict).toBe('delivered');
  await expect(inspector.getByTestId('inspector-hop')).toContainText('Hop 1 of');
  await expect(inspector.getByTestId('inspector-packet')).toContainText('10.96.0.10');

  // kube-proxy's DNAT of the DNS query: the destination is rewritten, marked, the old value struck through.
  expect(await inspectorApi<number>(page, 'toFirst', 'nat')).toBeGreaterThan(0);
  await expect(inspector.getByTestId('inspector-verdict')).toHaveText('nat');
  await expect(inspector.locator('.field.changed').first()).toContainText('dst');
  await expect(inspector.locator('.fields del').first()).toHaveText('10.96.0.10');
  await expect(inspector.getByTestId('inspector-rule').first()).toContainText('-A PREROUTING');
  await inspector.locator('.field.changed').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/inspector-dnat.png' });

  // flannel's VXLAN encapsulation: the inner packet is drawn inside the new outer headers.
  expect(await inspectorApi<number>(page, 'toFirst', 'encap')).toBeGreaterThan(0);
  await expect(inspector.locator('.frame.inner')).toHaveCount(1);
  await expect(inspector.locator('.layer.added')).toHaveCount(4);
  await expect(inspector.locator('.layer.added').last()).toContainText('VXLAN');
  await inspector.locator('.frame.inner').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/inspector-vxlan.png' });

  const text = await api<string>(page, 'text');
  expect(text).toMatch(allowDoc);
  const edited = `${text.replace(allowDoc, '')}${text.endsWith('\n') ? '' : '\n'}${denyBackend}`;
  // The same flow, traced again by the store when the cluster rebuilds.
  await api(page, 'setText', edited);
  await expect.poll(async () => (await flow(page)).verdict).toBe('dropped');

  const deciding = await inspectorApi<number>(page, 'toDecidingHop');
  expect(deciding).toBeGreaterThan(0);
  expect((await flow(page)).at).toMatch(/^node:node-\d$/);
  await expect(inspector.getByTestId('inspector-verdict')).toHaveText('drop');
  const drop = inspector.getByTestId('inspector-drop');
  await expect(drop).toContainText('backend-deny-all');
  await expect(drop).toContainText('ingress');
  const rule = inspector.getByTestId('inspector-rule').filter({ hasText: 'backend-deny-all' });
  await expect(rule).toContainText('NetworkPolicy shop/backend-deny-all isolates the pod');
  await drop.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/inspector-drop.png' });

  await rule.getByRole('button', { name: /Show .* in the YAML/ }).click();
  const reveal = await inspectorApi<Range | undefined>(page, 'reveal');
  const policyLine = edited.split('\n').indexOf('  name: backend-deny-all') + 1;
  expect(reveal).toBeDefined();
  expect(reveal!.startLine).toBeGreaterThan(policyLine);
  expect(reveal!.endLine).toBeLessThanOrEqual(edited.split('\n').length);
  // The editor highlights exactly those lines.
  await expect.poll(() => page.evaluate(() => {
    const editor = (globalThis as unknown as { __netsim: { editor?: { decorations(): { startLine: number; endLine: number }[] } } }).__netsim.editor;
    return editor?.decorations() ?? [];
  })).toContainEqual({ startLine: reveal!.startLine, endLine: reveal!.endLine });
  await page.screenshot({ path: 'test-results/inspector-yaml-highlight.png' });

  // From the hop to the node it happened on, and back to the same hop.
  await inspector.getByRole('button', { name: /^Inspect node-\d$/ }).click();
  await expect(inspector.getByTestId('inspector-object')).toContainText(/Node node-\d/);
  await inspector.getByRole('button', { name: `← Back to hop ${deciding + 1}` }).click();
  await expect(inspector.getByTestId('inspector-verdict')).toHaveText('drop');
  expectClean(w);
});

test('selecting a pod lists its policies; selecting a node prints its kube-proxy nat rules', async ({ page }) => {
  const w = watch(page);
  await page.goto('/');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  // The graph is a canvas: its test API lists the pods drawn.
  await page.waitForFunction(() => (globalThis as unknown as { __netsim: { graph?: unknown } }).__netsim.graph !== undefined);
  const podName = await page.evaluate(() => {
    const graph = (globalThis as unknown as { __netsim: { graph: { elements(): { id: string }[] } } }).__netsim.graph;
    return graph.elements().map((e) => e.id).find((id) => id.startsWith('pod:shop/backend-'))!.slice('pod:shop/'.length);
  });

  await api(page, 'select', `pod:shop/${podName}`);
  const pod = inspector.getByTestId('inspector-object');
  await expect(pod).toContainText(`Pod shop/${podName}`);
  await expect(pod).toContainText('app=backend');
  await expect(pod.getByTestId('inspector-item').filter({ hasText: 'NetworkPolicy shop/allow-frontend-to-backend' })).toContainText('ingress rule #1 (from podSelector app=frontend');
  await expect(pod).toContainText('isolated by 2 policies');
  await pod.getByRole('region', { name: 'NetworkPolicies' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/inspector-pod.png' });

  await api(page, 'select', 'node:node-1');
  const outputs = inspector.getByTestId('inspector-output');
  await expect(outputs.first()).toContainText('default via');
  const nat = inspector.getByRole('region', { name: /kube-proxy/ }).getByTestId('inspector-output');
  await expect(nat).toContainText('KUBE-SERVICES');
  await nat.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/inspector-node.png' });

  await api(page, 'select', 'pod:shop/no-such-pod');
  await expect(inspector).toContainText('Nothing to inspect');
  // The first saved flow plays on load, so closing the object goes back to its hop.
  await inspector.getByRole('button', { name: /Back to hop/ }).click();
  await expect(inspector.getByTestId('inspector-hop')).toBeVisible();
  expectClean(w);
});

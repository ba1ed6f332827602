// The app's state ⇄ a link: every kind of flow comes back as the same choice, and a changed
// answer is noticed and worded.
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { ENGINE_VERSION, trace } from '../../src/engine/index.ts';
import { parse } from '../../src/parse/index.ts';
import { decodeShare, encodeShare } from '../../src/share/index.ts';
import { exampleScenario } from '../../src/scenarios/index.ts';
import type { FlowChoice } from '../../src/state/choices.ts';
import { commandChoice, pickedChoice, savedFlows } from '../../src/state/choices.ts';
import { choiceOf, differences, snapshot } from '../../src/ui/share/snapshot.ts';
import type { AppSnapshot } from '../../src/ui/share/snapshot.ts';

const cluster = build(parse({ name: 'scenario.yaml', text: exampleScenario.yaml }));
const saved = savedFlows(cluster).find((f) => f.name === 'frontend-to-backend')!.choice;
if (!saved.ok) throw new Error(saved.error);
const typed = commandChoice('kubectl exec -n shop deploy/frontend -- curl http://backend:8080/');
if (!typed.ok) throw new Error(typed.error);
const picked = pickedChoice({ from: 'shop/deploy/frontend', to: 'db', port: 5432, protocol: 'TCP' }, 'shop');

const appWith = (choice: FlowChoice, step = 2): AppSnapshot => {
  const t = trace(cluster, choice.spec, { seed: 1, namespace: choice.namespace });
  if (!t.ok) throw new Error(t.error);
  return { text: exampleScenario.yaml, cluster, choice, trace: t.value, step, tab: 'hops', theme: 'dark', selection: { kind: 'hop' } };
};

describe('snapshot and restore', () => {
  it.each([['saved', saved.value], ['typed', typed.value], ['picked', picked]])('a %s flow comes back as the same choice', (_kind, choice) => {
    const app = appWith(choice);
    const link = decodeShare(encodeShare(snapshot(app, true)));
    if (!link.ok) throw new Error(link.error);
    expect(link.value.engine).toBe(ENGINE_VERSION);
    expect(link.value.view).toEqual({ tab: 'hops', theme: 'dark', selection: 'hop' });
    const back = choiceOf(link.value.flow!, cluster);
    expect(back).toEqual({ ok: true, value: choice });
    expect(differences(link.value, cluster, app.trace)).toEqual([]);
  });

  it('records the hop only when asked', () => {
    expect(snapshot(appWith(saved.value, 4), false).hop).toBeUndefined();
    expect(snapshot(appWith(saved.value, 4), true).hop).toMatchObject({ step: 4 });
  });

  it('names a saved Flow the scenario no longer has', () => {
    expect(choiceOf({ kind: 'saved', namespace: 'shop', name: 'gone' }, cluster)).toEqual({ ok: false, error: 'the scenario has no Flow shop/gone' });
  });

  it('says where today\'s answer differs from the link', () => {
    const app = appWith(saved.value, 3);
    const link = snapshot(app, true);
    const changed = {
      ...link, engine: ENGINE_VERSION + 99, verdict: 'dropped',
      hop: { ...link.hop!, at: 'node:node-9', verdict: 'drop' },
      settings: { ...link.settings, proxyMode: 'ipvs' as const },
    };
    const found = differences(changed, cluster, app.trace);
    expect(found[0]).toBe(`This link was made by engine version ${ENGINE_VERSION + 99}; this is version ${ENGINE_VERSION}.`);
    expect(found.join('\n')).toMatch(/kube-proxy ipvs.*now.*kube-proxy iptables/);
    expect(found).toContain('The flow ended dropped; it now ends delivered.');
    expect(found.some((d) => d.startsWith('Hop 4 was node:node-9 (drop); it is now '))).toBe(true);
    expect(differences({ ...link, hop: { ...link.hop!, step: 999 } }, cluster, app.trace)[0]).toMatch(/points at hop 1000, but the flow now has \d+ hops/);
  });
});

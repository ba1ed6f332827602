import { beforeEach, describe, expect, it } from 'vitest';
import { exampleScenario } from '../../src/scenarios/index.ts';
import { commandChoice, firstFlow, pickedChoice, savedFlows } from '../../src/state/choices.ts';
import { useFlow } from '../../src/state/flow.ts';
import { stepsOf } from '../../src/state/hops.ts';
import { useSim } from '../../src/state/store.ts';

const reset = () => {
  useSim.getState().setText(exampleScenario.yaml);
  useFlow.getState().clear();
};

describe('savedFlows', () => {
  it('lists the example scenario’s Flow objects with their expectations', () => {
    reset();
    const saved = savedFlows(useSim.getState().cluster!);
    expect(saved.map((s) => s.name)).toEqual(['frontend-to-backend', 'browser-to-shop', 'frontend-to-db', 'browser-to-api']);
    const last = saved[3]!.choice;
    expect(last.ok && last.value.expect).toBe('dropped');
  });
});

describe('commandChoice', () => {
  it.each([
    // [typed, from given, client, namespace]
    ['kubectl exec -n shop deploy/frontend -- curl http://backend:8080/', undefined, 'deploy/frontend', 'shop'],
    ['curl http://shop.example.com/', undefined, 'external', 'default'],
    ['nslookup backend.shop', 'shop/deploy/frontend', 'shop/deploy/frontend', 'default'],
  ])('%s', (typed, from, client, namespace) => {
    const c = commandChoice(typed, from);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.value.spec.from).toBe(client);
    expect(c.value.namespace).toBe(namespace);
    expect(c.value.label).toBe(typed);
  });

  it('says what is wrong with a command it cannot run', () => {
    const c = commandChoice('rm -rf /');
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toMatch(/not a command the simulator runs/);
  });
});

describe('the flow store', () => {
  beforeEach(reset);

  it('traces a chosen flow, plays from the first hop, and steps within bounds', () => {
    const saved = savedFlows(useSim.getState().cluster!)[0]!.choice;
    if (!saved.ok) throw new Error(saved.error);
    useFlow.getState().choose(saved.value);
    const s = useFlow.getState();
    expect(s.trace?.verdict).toBe('delivered');
    expect(s.playing).toBe(true);
    expect(s.step).toBe(0);
    const n = stepsOf(s.trace!).length;
    s.back();
    expect(useFlow.getState().step).toBe(0);
    expect(useFlow.getState().playing).toBe(false);
    s.toEnd();
    expect(useFlow.getState().step).toBe(n - 1);
    s.next();
    expect(useFlow.getState().step).toBe(n - 1);
    // Play at the end starts over.
    s.setPlaying(true);
    expect(useFlow.getState().step).toBe(0);
  });

  it('traces the flow again when the cluster changes, and says so when its target is gone', () => {
    useFlow.getState().choose(pickedChoice({ from: 'shop/deploy/frontend', to: 'http://backend:8080/', port: 8080, protocol: 'TCP', http: { method: 'GET', path: '/', host: 'backend:8080', tls: false } }, 'shop'));
    expect(useFlow.getState().trace?.verdict).toBe('delivered');
    useSim.getState().setText(exampleScenario.yaml.replace(/name: frontend\b/g, 'name: web'));
    expect(useFlow.getState().trace).toBeUndefined();
    expect(useFlow.getState().error).toMatch(/frontend/);
  });

  it('flattens phases into one list of steps, the same array each time', () => {
    const typed = commandChoice('kubectl exec -n shop deploy/frontend -- curl http://backend:8080/');
    if (!typed.ok) throw new Error(typed.error);
    useFlow.getState().choose(typed.value);
    const t = useFlow.getState().trace!;
    const steps = stepsOf(t);
    expect(steps).toBe(stepsOf(t));
    expect(steps.length).toBe(t.phases.reduce((n, p) => n + p.hops.length, 0));
    expect(steps.map((s) => s.index)).toEqual(steps.map((_, i) => i));
    // DNS first: the name is looked up before the connection.
    expect(steps[0]!.phase.kind).toBe('dns');
  });
});

describe('firstFlow', () => {
  it.each([
    ['the first saved flow expected delivered', [['a', 'dropped'], ['b', 'delivered'], ['c', 'delivered']], 'b'],
    ['else the first readable one', [['a', 'dropped'], ['b', undefined]], 'a'],
    ['skips a flow that cannot be read', [['bad', 'error'], ['b', undefined]], 'b'],
    ['nothing when there is none', [], undefined],
  ] as const)('%s', (_, flows, expected) => {
    const saved = flows.map(([name, expect_]) => ({
      id: `saved:ns/${name}`, name, namespace: 'ns',
      choice: expect_ === 'error'
        ? { ok: false as const, error: 'unreadable' }
        : { ok: true as const, value: { id: `saved:ns/${name}`, label: name, namespace: 'ns', spec: { from: 'external', to: 'example.com', port: 80, protocol: 'TCP' as const }, ...(expect_ ? { expect: expect_ } : {}) } },
    }));
    expect(firstFlow(saved)?.label).toBe(expected);
  });
});

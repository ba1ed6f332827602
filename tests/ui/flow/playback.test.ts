import { beforeEach, describe, expect, it } from 'vitest';
import { exampleScenario } from '../../../src/scenarios/index.ts';
import { commandChoice } from '../../../src/state/choices.ts';
import { useFlow } from '../../../src/state/flow.ts';
import { stepsOf } from '../../../src/state/hops.ts';
import { useSim } from '../../../src/state/store.ts';
import { useView } from '../../../src/state/view.ts';
import { runAction, tick } from '../../../src/ui/flow/playback.ts';

beforeEach(() => {
  useSim.getState().setText(exampleScenario.yaml);
  const choice = commandChoice('kubectl exec -n shop deploy/frontend -- curl http://backend:8080/');
  if (!choice.ok) throw new Error(choice.error);
  useFlow.getState().choose(choice.value);
  useView.getState().select(undefined);
});

describe('playback', () => {
  it('advances one hop per tick and stops at the last hop', () => {
    const last = stepsOf(useFlow.getState().trace!).length - 1;
    tick();
    expect(useFlow.getState()).toMatchObject({ step: 1, playing: true });
    for (let i = 0; i < last + 3; i++) tick();
    expect(useFlow.getState()).toMatchObject({ step: last, playing: false });
  });

  it.each([
    // [actions, step after, playing after]
    [['next', 'next'], 2, false],
    [['next', 'back', 'back'], 0, false],
    [['end', 'start'], 0, false],
    [['toggle'], 0, false],
    [['toggle', 'toggle'], 0, true],
  ] as const)('%j → step %i', (actions, step, playing) => {
    for (const a of actions) runAction(a);
    expect(useFlow.getState()).toMatchObject({ step, playing });
  });

  it('shows a stepped-to hop in the inspector, but play/pause leaves the selection alone', () => {
    runAction('toggle');
    expect(useView.getState().selection).toBeUndefined();
    runAction('next');
    expect(useView.getState().selection).toEqual({ kind: 'hop' });
  });

  it('does nothing without a trace', () => {
    useFlow.getState().clear();
    runAction('next');
    expect(useView.getState().selection).toBeUndefined();
  });
});

// Opening a gallery scenario replaces the text, plays its first preset flow to the verdict it
// promises, and one Undo brings back both the previous text and the flow that was shown.
import { beforeEach, describe, expect, it } from 'vitest';
import { exampleScenario, scenarios } from '../../../src/scenarios/index.ts';
import { savedFlows } from '../../../src/state/choices.ts';
import { useFlow } from '../../../src/state/flow.ts';
import { undoReplace, useNotices } from '../../../src/state/persist.ts';
import { useSim } from '../../../src/state/store.ts';
import { openGalleryScenario } from '../../../src/ui/gallery/openScenario.ts';

const MINE = '# my own work\n';

beforeEach(() => {
  useSim.getState().setText(exampleScenario.yaml);
  useFlow.getState().clear();
  useNotices.getState().showToast(undefined);
});

function chooseExampleFlow(name: string, step: number): string {
  const saved = savedFlows(useSim.getState().cluster!).find((s) => s.name === name)!;
  if (!saved.choice.ok) throw new Error(saved.choice.error);
  useFlow.getState().choose(saved.choice.value, false);
  useFlow.getState().stepTo(step);
  return saved.id;
}

describe.each(scenarios.filter((s) => s.id !== exampleScenario.id).map((s) => [s.id, s] as const))('opening %s', (_id, scenario) => {
  it('loads its text and plays its first flow to the promised verdict', () => {
    chooseExampleFlow('frontend-to-db', 3);
    openGalleryScenario(scenario);
    expect(useSim.getState().text).toBe(scenario.yaml);
    const f = useFlow.getState();
    expect(f.choice?.id.startsWith('saved:')).toBe(true);
    expect(f.playing).toBe(true);
    expect(f.step).toBe(0);
    expect(f.trace?.verdict).toBe(f.choice?.expect);
    expect(useNotices.getState().toast?.message).toContain(scenario.title);
  });

  it('Undo brings back the previous text and the flow that was shown, at its hop', () => {
    const id = chooseExampleFlow('frontend-to-db', 3);
    openGalleryScenario(scenario);
    undoReplace();
    expect(useSim.getState().text).toBe(exampleScenario.yaml);
    expect(useFlow.getState().choice?.id).toBe(id);
    expect(useFlow.getState().step).toBe(3);
    expect(useFlow.getState().playing).toBe(false);
  });
});

describe('opening over work that has no flow', () => {
  it('Undo leaves no flow chosen, as before', () => {
    useSim.getState().setText(MINE);
    openGalleryScenario(scenarios[1]!);
    expect(useFlow.getState().choice).toBeDefined();
    undoReplace();
    expect(useSim.getState().text).toBe(MINE);
    expect(useFlow.getState().choice).toBeUndefined();
  });

  it('opening the scenario already shown keeps the text and offers no Undo', () => {
    openGalleryScenario(exampleScenario);
    expect(useSim.getState().text).toBe(exampleScenario.yaml);
    expect(useNotices.getState().toast?.previous).toBeUndefined();
    expect(useFlow.getState().choice?.id).toBe('saved:shop/frontend-to-backend');
  });
});

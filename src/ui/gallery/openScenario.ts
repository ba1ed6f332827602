// Opening a gallery scenario: its YAML replaces the editor's text the way New and Open do (the old
// text kept for Undo, src/state/persist.ts), then its first preset flow plays, as on first load.
// Undo also puts back the flow that was shown, so the person returns to exactly where they were.
import { firstFlow, savedFlows } from '../../state/choices.ts';
import type { FlowChoice } from '../../state/choices.ts';
import { useFlow } from '../../state/flow.ts';
import { replaceScenario } from '../../state/persist.ts';
import { useSim } from '../../state/store.ts';
import type { Scenario } from '../../scenarios/index.ts';

function restoreFlow(choice: FlowChoice | undefined, step: number): void {
  const flow = useFlow.getState();
  if (!choice) return flow.clear();
  flow.choose(choice, false);
  flow.stepTo(step);
}

export function openGalleryScenario(scenario: Scenario): void {
  const { choice, step } = useFlow.getState();
  replaceScenario(scenario.yaml, `Opened “${scenario.title}” from the gallery.`, () => restoreFlow(choice, step));
  const sim = useSim.getState();
  // A stale cluster would be the previous scenario's: never play its flows under the new title.
  const first = sim.cluster && !sim.stale ? firstFlow(savedFlows(sim.cluster)) : undefined;
  if (first) useFlow.getState().choose(first);
  else useFlow.getState().clear();
}

// The app's state right now, as a SharedState (for the dialog; reads the stores once).
import type { SharedState } from '../../share/index.ts';
import { useFlow } from '../../state/flow.ts';
import { useSim } from '../../state/store.ts';
import { useView } from '../../state/view.ts';
import { snapshot } from './snapshot.ts';

export function currentShared(withHop: boolean): SharedState {
  const sim = useSim.getState();
  const flow = useFlow.getState();
  const view = useView.getState();
  return snapshot({
    text: sim.text, cluster: sim.cluster, choice: flow.choice, trace: flow.trace, step: flow.step,
    tab: view.tab, theme: view.theme, selection: view.selection,
  }, withHop);
}

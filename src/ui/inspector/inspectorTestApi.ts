// The inspector's section of the test API (window.__netsim.inspector): what the editor was asked
// to reveal, and jumps to hops by what they did (the hop list is another area's DOM).
import type { HopVerdict } from '../../engine/index.ts';
import { useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import { useView } from '../../state/view.ts';
import { decidingStep } from './hopView.ts';

const stepTo = (index: number | undefined): number => {
  if (index === undefined) return -1;
  useFlow.getState().stepTo(index);
  return index;
};

const steps = () => {
  const { trace } = useFlow.getState();
  return trace ? stepsOf(trace) : [];
};

export const inspectorTestApi = {
  /** The last range the editor was asked to highlight, if any. */
  reveal: () => useView.getState().reveal?.range,
  /** Steps to the hop that dropped or rejected the flow; returns its index, or -1 when none did. */
  toDecidingHop: (): number => stepTo(decidingStep(steps())),
  /** Steps to the first hop with `verdict` (`nat`, `encap`…); returns its index, or -1. */
  toFirst: (verdict: HopVerdict): number => stepTo(steps().find((s) => s.hop.verdict === verdict)?.index),
};

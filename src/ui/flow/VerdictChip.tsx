// The flow's outcome at a glance: icon + word + colour, and ✓/✗ against a saved Flow's expect.
// It keeps its width whether or not a verdict is shown, so the bar never shifts.
import { selectChoice, selectFlowError, selectTrace, useFlow } from '../../state/flow.ts';
import { expectation, flowBadge } from './verdict.ts';

export function VerdictChip() {
  const trace = useFlow(selectTrace);
  const choice = useFlow(selectChoice);
  const error = useFlow(selectFlowError);
  if (!trace) {
    return <span className="verdict-chip none" data-testid="flow-verdict" data-verdict="">{error ? 'no trace' : 'no flow'}</span>;
  }
  const badge = flowBadge(trace.verdict);
  const expected = expectation(trace.verdict, choice?.expect);
  return (
    <span className={`verdict-chip tone-${badge.tone}`} data-testid="flow-verdict" data-verdict={trace.verdict} title={trace.reason}>
      <span aria-hidden="true">{badge.icon}</span> {badge.text}
      {expected && (
        <span className={expected.met ? 'expect met' : 'expect unmet'}>{` · ${expected.text}`}</span>
      )}
    </span>
  );
}

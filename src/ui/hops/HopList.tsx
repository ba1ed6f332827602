// The hop list: one row per hop of the current trace, grouped under its phase, always in the DOM
// (screen readers and tests read it). The row playback is at is marked aria-current="step" and
// kept in view; a click steps there and shows the hop in the inspector.
import { memo, useEffect, useMemo, useRef } from 'react';
import { selectFlowError, selectStep, selectTrace, useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import type { Step } from '../../state/hops.ts';
import { useView } from '../../state/view.ts';
import { hopBadge } from '../flow/verdict.ts';
import { phaseTone, summaryOf } from './summary.ts';
import './hops.css';

// Memoised: a step of playback re-renders the two rows whose `current` changed, not every row.
const HopRow = memo(function HopRow(props: { step: Step; current: boolean }) {
  const { step, current } = props;
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);
  const badge = hopBadge(step.hop.verdict);
  const place = [step.hop.node, step.hop.where].filter(Boolean).join(' · ');
  return (
    <li ref={ref} className={`hop-row tone-${badge.tone}${current ? ' current' : ''}`} data-testid="hop-row" data-index={step.index}
      data-verdict={step.hop.verdict} aria-current={current ? 'step' : undefined}>
      <button type="button" onClick={() => { useFlow.getState().stepTo(step.index); useView.getState().select({ kind: 'hop' }); }}>
        <span className="hop-icon" aria-hidden="true">{badge.icon}</span>
        <span className="sr-only">{badge.text}: </span>
        <span className="hop-place">{place || step.hop.at}</span>
        <span className="hop-action">{step.hop.action}</span>
      </button>
    </li>
  );
});

export function HopList() {
  const trace = useFlow(selectTrace);
  const error = useFlow(selectFlowError);
  const step = useFlow(selectStep);
  // Computed once per trace, so each row keeps the same Step object across steps (memo above).
  const steps = useMemo(() => (trace ? stepsOf(trace) : []), [trace]);
  const summary = useMemo(() => (trace ? summaryOf(trace) : undefined), [trace]);
  const phases = useMemo(() => trace?.phases.map((_, i) => steps.filter((s) => s.phaseIndex === i)) ?? [], [trace, steps]);
  if (!trace || !summary) {
    return <p className="empty">{error ? `No trace: ${error}` : 'Run a flow to see its hops.'}</p>;
  }
  return (
    <div className="hop-list">
      <p className={`hop-summary verdict-${trace.verdict}`} aria-live="polite">
        <strong>{summary.verdict}.</strong> {summary.reason}
        {summary.rules && <span className="hop-rules"> {summary.rules}</span>}
      </p>
      {trace.phases.map((phase, phaseIndex) => (
        <section key={phaseIndex} className={`hop-phase phase-${phaseTone(phase)}`} aria-label={phase.name}>
          <h3>{phase.name}</h3>
          <ol>
            {phases[phaseIndex]!.map((s) => <HopRow key={s.index} step={s} current={s.index === step} />)}
          </ol>
        </section>
      ))}
    </div>
  );
}

// Playback controls: |◀ ◀ ▶/❚❚ ▶ ▶| and the speed. Each button names itself for screen readers
// and shows its key in the tooltip.
import type { Speed } from '../../state/flow.ts';
import { SPEEDS, selectPlaying, selectSpeed, selectStep, selectTrace, useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import { runAction } from './playback.ts';

export function Playback() {
  const trace = useFlow(selectTrace);
  const step = useFlow(selectStep);
  const playing = useFlow(selectPlaying);
  const speed = useFlow(selectSpeed);
  const total = trace ? stepsOf(trace).length : 0;
  const none = total === 0;
  return (
    <div className="playback" role="group" aria-label="Playback">
      <button type="button" className="icon-button" aria-label="First hop" title="First hop (Home)" disabled={none || step === 0} onClick={() => runAction('start')}>|◀</button>
      <button type="button" className="icon-button" aria-label="Previous hop" title="Previous hop (←)" disabled={none || step === 0} onClick={() => runAction('back')}>◀</button>
      <button type="button" className="icon-button play" data-testid="play" aria-label={playing ? 'Pause' : 'Play'} title={playing ? 'Pause (space)' : 'Play (space)'} disabled={none} onClick={() => runAction('toggle')}>
        {playing ? '❚❚' : '▶'}
      </button>
      <button type="button" className="icon-button" aria-label="Next hop" title="Next hop (→)" disabled={none || step >= total - 1} onClick={() => runAction('next')}>▶</button>
      <button type="button" className="icon-button" aria-label="Last hop" title="Last hop (End)" disabled={none || step >= total - 1} onClick={() => runAction('end')}>▶|</button>
      <span className="step-count" data-testid="step-count" aria-live="off">{none ? '–/–' : `${step + 1}/${total}`}</span>
      <label className="speed">
        <span className="sr-only">Speed</span>
        <select data-testid="speed" value={speed} onChange={(e) => useFlow.getState().setSpeed(Number(e.target.value) as Speed)}>
          {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
        </select>
      </label>
    </div>
  );
}

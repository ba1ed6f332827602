// The scenario's Flow objects: pick one to replay it. A Flow that cannot be read is listed,
// disabled, with its error as the tooltip.
import { useMemo } from 'react';
import { savedFlows } from '../../state/choices.ts';
import { selectChoice, useFlow } from '../../state/flow.ts';
import { selectCluster, useSim } from '../../state/store.ts';

export function SavedFlows() {
  const cluster = useSim(selectCluster);
  const choice = useFlow(selectChoice);
  const saved = useMemo(() => (cluster ? savedFlows(cluster) : []), [cluster]);
  const current = saved.some((s) => s.id === choice?.id) ? choice!.id : '';
  return (
    <label className="field">
      <span className="sr-only">Saved flows</span>
      <select
        data-testid="saved-flows"
        value={current}
        disabled={saved.length === 0}
        onChange={(e) => {
          const picked = saved.find((s) => s.id === e.target.value);
          if (picked?.choice.ok) useFlow.getState().choose(picked.choice.value);
        }}
      >
        <option value="" disabled>{saved.length === 0 ? 'no saved flows' : 'saved flows…'}</option>
        {saved.map((s) => (
          <option key={s.id} value={s.id} disabled={!s.choice.ok}
            title={s.choice.ok ? (s.choice.value.expect ? `expect ${s.choice.value.expect}` : undefined) : s.choice.error}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}

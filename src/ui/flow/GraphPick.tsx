// Pick on the graph: after the button, the next graph selection is the source, the one after it
// the target (useView's selection is what a graph click sets). Esc cancels.
import { useEffect, useState } from 'react';
import { useView } from '../../state/view.ts';
import { useSim } from '../../state/store.ts';
import type { PickOption } from './options.ts';
import { elementPick } from './options.ts';

type Stage = { readonly kind: 'off' } | { readonly kind: 'source' } | { readonly kind: 'target'; readonly source: PickOption };

const HINTS = { source: 'click the source on the graph… (Esc cancels)', target: 'now the target… (Esc cancels)' } as const;

export function GraphPick(props: { onPicked: (source: PickOption, target: PickOption) => void }) {
  const [stage, setStage] = useState<Stage>({ kind: 'off' });
  const [note, setNote] = useState<string | undefined>(undefined);
  const { onPicked } = props;

  useEffect(() => {
    if (stage.kind === 'off') return undefined;
    const unsubscribe = useView.subscribe((view, before) => {
      const sel = view.selection;
      if (sel === before.selection || sel?.kind !== 'element') return;
      const cluster = useSim.getState().cluster;
      const picked = cluster ? elementPick(sel.id, stage.kind, cluster) : undefined;
      if (!picked) {
        setNote(`${sel.id} cannot be a ${stage.kind}`);
        return;
      }
      setNote(undefined);
      if (stage.kind === 'source') setStage({ kind: 'target', source: picked });
      else {
        setStage({ kind: 'off' });
        onPicked(stage.source, picked);
      }
    });
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      setStage({ kind: 'off' });
      setNote(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      unsubscribe();
      window.removeEventListener('keydown', onKey);
    };
  }, [stage, onPicked]);

  const active = stage.kind !== 'off';
  return (
    <div className="graph-pick">
      <button type="button" data-testid="pick-on-graph" aria-pressed={active} className={active ? 'active' : undefined}
        onClick={() => { setStage(active ? { kind: 'off' } : { kind: 'source' }); setNote(undefined); }}>
        ⊙ pick on graph
      </button>
      <span className="pick-hint" data-testid="pick-hint" aria-live="polite">{active ? note ?? HINTS[stage.kind] : ''}</span>
    </div>
  );
}

// The bottom panel's tabs: hops of the current flow, the reachability matrix, the problems list.
import type { Tab } from '../state/view.ts';
import { selectTab, useView } from '../state/view.ts';
import { selectDiagnostics, useSim } from '../state/store.ts';
import { HopList } from './hops/HopList.tsx';
import { Matrix } from './matrix/Matrix.tsx';
import { Problems } from './problems/Problems.tsx';

const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'hops', label: 'Hops' },
  { id: 'matrix', label: 'Matrix' },
  { id: 'problems', label: 'Problems' },
];

export function BottomPanel() {
  const tab = useView(selectTab);
  const diagnostics = useSim(selectDiagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <section className="bottom" aria-label="Details">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            data-testid={`tab-${t.id}`}
            className={tab === t.id ? 'tab active' : 'tab'}
            onClick={() => useView.getState().setTab(t.id)}
          >
            {t.label}
            {t.id === 'problems' && diagnostics.length > 0 && (
              <span className={errors > 0 ? 'badge error' : 'badge'}>{diagnostics.length}</span>
            )}
          </button>
        ))}
      </div>
      {/* The hop list stays in the DOM (screen readers, tests); other tabs mount when shown. */}
      <div role="tabpanel" id="panel-hops" aria-labelledby="tab-hops" className="tabpanel" hidden={tab !== 'hops'}><HopList /></div>
      {tab === 'matrix' && <div role="tabpanel" id="panel-matrix" aria-labelledby="tab-matrix" className="tabpanel"><Matrix /></div>}
      {tab === 'problems' && <div role="tabpanel" id="panel-problems" aria-labelledby="tab-problems" className="tabpanel"><Problems /></div>}
    </section>
  );
}

import type { Diagnostic, Severity } from '../../model/diagnostic.ts';
import { selectDiagnostics, selectFailure, selectStale, useSim } from '../../state/store.ts';
import { useView } from '../../state/view.ts';
import { bySeverityThenLine } from '../editor/markers.ts';
import './problems.css';

const icons: Readonly<Record<Severity, string>> = { error: '✖', warning: '▲', info: 'ℹ' };
const groups: readonly { readonly severity: Severity; readonly title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Notes' },
];

// The Problems list: every diagnostic with its position, errors first, then by line; a click
// (or Enter) shows its YAML in the editor.
export function Problems() {
  const diagnostics = useSim(selectDiagnostics);
  const stale = useSim(selectStale);
  const failure = useSim(selectFailure);
  const sorted = [...diagnostics].sort(bySeverityThenLine);
  return (
    <section className="diagnostics" aria-label="Problems">
      <h2 className="pane-title">
        Problems <span className="count">{diagnostics.length}</span>
      </h2>
      {stale && (
        <p className="notice" data-testid="stale-notice">
          The scenario has errors: showing the last cluster that built without them.
        </p>
      )}
      {failure && <p className="notice error">The simulator failed on this input: {failure}</p>}
      {diagnostics.length === 0 ? (
        <p className="empty">No problems found.</p>
      ) : (
        groups.map(({ severity, title }) => {
          const items = sorted.filter((d) => d.severity === severity);
          if (items.length === 0) return null;
          return (
            <div key={severity} className="problem-group">
              <h3 className="problem-group-title" id={`problems-${severity}`}>{title} ({items.length})</h3>
              <ul aria-labelledby={`problems-${severity}`}>
                {items.map((d, i) => <Problem key={i} d={d} />)}
              </ul>
            </div>
          );
        })
      )}
    </section>
  );
}

function Problem({ d }: { readonly d: Diagnostic }) {
  return (
    <li data-testid="diagnostic" data-code={d.code} data-line={d.range.startLine} className={d.severity}>
      <button
        type="button"
        className={`diagnostic ${d.severity}`}
        title={d.path ? `${d.path} (line ${d.range.startLine}): show in the YAML` : 'Show in the YAML'}
        onClick={() => useView.getState().revealRange(d.range)}
      >
        <span className="icon" role="img" aria-label={d.severity}>{icons[d.severity]}</span>
        <span className="position">{d.range.startLine}:{d.range.startCol}</span>
        <code className="code">{d.code}</code>
        <span className="message">{d.message}</span>
      </button>
    </li>
  );
}

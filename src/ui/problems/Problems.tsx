import type { Severity } from '../../model/diagnostic.ts';
import { selectDiagnostics, selectFailure, selectStale, useSim } from '../../state/store.ts';
import { useView } from '../../state/view.ts';

const icons: Readonly<Record<Severity, string>> = { error: '✖', warning: '▲', info: 'ℹ' };

// The Problems list: every diagnostic with its position; a click shows its YAML in the editor.
export function Problems() {
  const diagnostics = useSim(selectDiagnostics);
  const stale = useSim(selectStale);
  const failure = useSim(selectFailure);
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
        <ul>
          {diagnostics.map((d, i) => (
            <li key={i} data-testid="diagnostic" data-code={d.code} className={d.severity}>
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
          ))}
        </ul>
      )}
    </section>
  );
}

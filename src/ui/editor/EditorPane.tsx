// The scenario pane: a title, the stale notice, and the editor. Monaco is loaded lazily so the
// graph draws first; until it arrives the text is shown read-only, never a blank box.
import { lazy, Suspense } from 'react';
import { selectDiagnostics, selectStale, selectText, useSim } from '../../state/store.ts';
import { useView } from '../../state/view.ts';
import './editor.css';

const MonacoEditor = lazy(() => import('./MonacoEditor.tsx'));

function LoadingView() {
  const text = useSim(selectText);
  return <pre className="editor-loading" aria-busy="true" aria-label="Scenario YAML (the editor is loading)" data-testid="editor-loading">{text}</pre>;
}

function StaleNotice() {
  const stale = useSim(selectStale);
  const diagnostics = useSim(selectDiagnostics);
  if (!stale) return null;
  const first = diagnostics.find((d) => d.severity === 'error');
  return (
    <p className="notice editor-stale" role="status" data-testid="editor-stale">
      Showing the last cluster that built.{' '}
      {first && (
        <button type="button" className="link" onClick={() => useView.getState().revealRange(first.range)}>
          Fix the error on line {first.range.startLine}
        </button>
      )}
    </p>
  );
}

export function EditorPane() {
  return (
    <div className="scenario">
      <span className="pane-title">Scenario YAML</span>
      <StaleNotice />
      <Suspense fallback={<LoadingView />}>
        <MonacoEditor />
      </Suspense>
    </div>
  );
}

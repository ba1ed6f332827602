// The scenario pane: a title, the editor, and a status line that says when the graph is stale. Monaco is loaded lazily so the
// graph draws first; until it arrives the text is shown read-only, never a blank box.
import { lazy, Suspense } from 'react';
import { selectDiagnostics, selectStale, selectText, useSim } from '../../state/store.ts';
import { useView } from '../../state/view.ts';
import './editor.css';

const MonacoEditor = lazy(() => import('./MonacoEditor.tsx').then((m) => ({ default: m.MonacoEditor })));

function LoadingView() {
  const text = useSim(selectText);
  return <pre className="editor-loading" aria-busy="true" aria-label="Scenario YAML (the editor is loading)" data-testid="editor-loading">{text}</pre>;
}

// Always present at one fixed height, so the editor never resizes (and never hides the caret
// line) when the text breaks or heals.
function EditorStatus() {
  const stale = useSim(selectStale);
  const diagnostics = useSim(selectDiagnostics);
  const first = diagnostics.find((d) => d.severity === 'error');
  if (!stale) {
    return <p className="editor-status" role="status" data-testid="editor-status">✓ The scenario builds; the graph shows it.</p>;
  }
  return (
    <p className="editor-status stale" role="status" data-testid="editor-stale">
      ⚠ Showing the last cluster that built.{' '}
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
      <div className="pane-head">
        <span className="pane-title">Scenario YAML</span>
        <button type="button" className="pane-close" data-testid="editor-close" title="Hide the editor: the graph gets its width" onClick={() => useView.getState().setEditorOpen(false)}>
          <span aria-hidden="true">‹</span> Hide
        </button>
      </div>
      <Suspense fallback={<LoadingView />}>
        <MonacoEditor />
      </Suspense>
      <EditorStatus />
    </div>
  );
}

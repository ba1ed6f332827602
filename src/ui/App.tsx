// The app shell (DESIGN.md "The UI, in one picture"): top bar; editor | topology | inspector;
// then the flow bar and the bottom panel (hops | matrix | problems), whose height a splitter sets.
// Each area lives in its folder.
import type { CSSProperties } from 'react';
import { selectStale, useSim } from '../state/store.ts';
import { selectBottomShare, selectEditorOpen, selectTheme, useView } from '../state/view.ts';
import { BottomPanel } from './BottomPanel.tsx';
import { EditorPane } from './editor/EditorPane.tsx';
import { FlowBar } from './flow/FlowBar.tsx';
import { Topology } from './graph/Topology.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { Splitter } from './Splitter.tsx';
import { TopBar } from './topbar/TopBar.tsx';

export function App() {
  const stale = useSim(selectStale);
  const theme = useView(selectTheme);
  const editorOpen = useView(selectEditorOpen);
  const bottomShare = useView(selectBottomShare);
  return (
    <div className="app" data-theme={theme} style={{ '--bottom-share': `${(bottomShare * 100).toFixed(1)}%` } as CSSProperties}>
      <TopBar />
      <main className={editorOpen ? 'workspace' : 'workspace editor-closed'}>
        {/* Closed, the editor stays mounted (its undo history survives) and a strip reopens it. */}
        <section className="pane editor-pane" aria-label="Scenario" hidden={!editorOpen}><EditorPane /></section>
        {!editorOpen && (
          <button type="button" className="editor-strip" data-testid="editor-open" title="Show the scenario YAML" onClick={() => useView.getState().setEditorOpen(true)}>
            <span aria-hidden="true">›</span> YAML
          </button>
        )}
        <section className="pane graph-pane" aria-label="Topology" data-stale={stale}><Topology /></section>
        <aside className="pane inspector-pane" aria-label="Inspector"><Inspector /></aside>
      </main>
      <FlowBar />
      <Splitter />
      <BottomPanel />
    </div>
  );
}

// The first page: header with the cluster's settings, the scenario text, its diagnostics, and
// the cluster as lists. The real editor and topology graph come later (DESIGN.md "The UI").
import { useRef } from 'react';
import { selectStale, useSim } from '../state/store.ts';
import { ClusterList } from './ClusterList.tsx';
import { Diagnostics } from './Diagnostics.tsx';
import { Header } from './Header.tsx';
import { revealLine } from './revealLine.ts';
import { ScenarioText } from './ScenarioText.tsx';
import './app.css';

export function App() {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const stale = useSim(selectStale);
  const reveal = (line: number, col: number) => {
    if (textarea.current) revealLine(textarea.current, line, col);
  };
  return (
    <div className="app">
      <Header />
      <main className="layout">
        <section className="pane editor-pane" aria-label="Scenario">
          <ScenarioText textareaRef={textarea} />
          <Diagnostics onReveal={reveal} />
        </section>
        <section className={stale ? 'pane cluster-pane stale' : 'pane cluster-pane'} aria-label="Cluster" data-stale={stale}>
          <ClusterList />
        </section>
      </main>
    </div>
  );
}

// The embed (issue 5 "Embeds"): for an article's iframe. Graph, playback and the hop list; the
// YAML read-only beside or instead of them; an "Open in kube-netsim" link carrying the state.
import { lazy, Suspense, useMemo } from 'react';
import { encodeShare } from '../../share/index.ts';
import { selectChoice, selectStep, selectTrace, useFlow } from '../../state/flow.ts';
import type { Theme } from '../../state/view.ts';
import { selectTheme, useView } from '../../state/view.ts';
import { selectCluster, selectText, useSim } from '../../state/store.ts';
import { Playback } from '../flow/Playback.tsx';
import { usePlayback } from '../flow/usePlayback.ts';
import { VerdictChip } from '../flow/VerdictChip.tsx';
import { Topology } from '../graph/Topology.tsx';
import { HopList } from '../hops/HopList.tsx';
import { snapshot } from '../share/snapshot.ts';
import { appBase, shareUrl } from '../share/link.ts';
import type { EmbedOptions } from './options.ts';
import '../flow/flowbar.css';
import './embed.css';

const ReadOnlyYaml = lazy(() => import('./ReadOnlyYaml.tsx').then((m) => ({ default: m.ReadOnlyYaml })));

/** The full app's address for what the embed shows now (flow and hop included). */
function useOpenLink(text: string, theme: Theme): string {
  const cluster = useSim(selectCluster);
  const choice = useFlow(selectChoice);
  const trace = useFlow(selectTrace);
  const step = useFlow(selectStep);
  return useMemo(() => {
    const shared = snapshot({ text, cluster, choice, trace, step, tab: 'hops', theme, selection: undefined }, true);
    return shareUrl(appBase(window.location), encodeShare(shared));
  }, [text, cluster, choice, trace, step, theme]);
}

export function EmbedApp({ options, notes }: { readonly options: EmbedOptions; readonly notes: readonly string[] }) {
  usePlayback();
  const theme = useView(selectTheme);
  const text = useSim(selectText);
  const link = useOpenLink(text, theme);
  const graph = options.view !== 'editor';
  const yaml = options.view !== 'graph';
  return (
    <div className={`app embed view-${options.view}`} data-theme={theme} data-testid="embed">
      {notes.length > 0 && <p className="embed-note" role="status" data-testid="embed-note">{notes.join(' ')}</p>}
      <main className="embed-main">
        {yaml && (
          <section className="pane embed-editor" aria-label="Scenario (read-only)">
            <Suspense fallback={<pre className="embed-yaml">{text}</pre>}>
              <ReadOnlyYaml dark={theme === 'dark'} />
            </Suspense>
          </section>
        )}
        {graph && <section className="pane graph-pane" aria-label="Topology"><Topology /></section>}
      </main>
      {graph && (
        <section className="flowbar embed-bar" aria-label="Flow">
          {options.controls && <Playback />}
          <VerdictChip />
          <a className="embed-open" href={link} target="_blank" rel="noopener" data-testid="embed-open">Open in kube-netsim ↗</a>
        </section>
      )}
      {graph && <section className="embed-hops" aria-label="Hops"><HopList /></section>}
      {!graph && <a className="embed-open alone" href={link} target="_blank" rel="noopener" data-testid="embed-open">Open in kube-netsim ↗</a>}
    </div>
  );
}

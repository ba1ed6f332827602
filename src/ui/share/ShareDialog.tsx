// The share dialog (issue 5): the link with a size meter and "link to this hop", then the embed
// builder: options, a live preview (an iframe of the embed itself) and snippets to copy.
import { useEffect, useMemo, useRef, useState } from 'react';
import { encodeShare } from '../../share/index.ts';
import { selectChoice, selectStep, useFlow } from '../../state/flow.ts';
import { selectCluster, useSim } from '../../state/store.ts';
import { savedFlows } from '../../state/choices.ts';
import type { EmbedOptions, EmbedTheme, EmbedView } from '../embed/options.ts';
import { DEFAULT_EMBED } from '../embed/options.ts';
import { currentShared } from './current.ts';
import { CopyText } from './CopyText.tsx';
import { appBase, embedUrl, iframeSnippet, markdownSnippet, shareUrl, sizeNote } from './link.ts';
import './share.css';

export function ShareDialog({ onClose }: { readonly onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [withHop, setWithHop] = useState(true);
  const [embed, setEmbed] = useState<EmbedOptions>(DEFAULT_EMBED);
  const choice = useFlow(selectChoice);
  const step = useFlow(selectStep);
  const cluster = useSim(selectCluster);
  // The link is made when the dialog opens and when its options change, not on every keystroke.
  const fragment = useMemo(() => encodeShare(currentShared(withHop)), [withHop]);
  const base = appBase(window.location);
  const link = shareUrl(base, fragment);
  const size = sizeNote(link.length);
  const src = embedUrl(base, embed, fragment);
  const title = choice ? `kube-netsim: ${choice.label}` : 'kube-netsim scenario';
  const flows = cluster ? savedFlows(cluster).map((f) => f.name) : [];

  // Unmounting removes the dialog; StrictMode's second run finds it open already.
  useEffect(() => {
    if (!dialog.current!.open) dialog.current!.showModal();
  }, []);
  const set = (patch: Partial<EmbedOptions>) => setEmbed((o) => ({ ...o, ...patch }));

  return (
    <dialog ref={dialog} className="share-dialog" aria-labelledby="share-title" onClose={onClose} data-testid="share-dialog">
      <header className="share-head">
        <h2 id="share-title">Share this scenario</h2>
        <button type="button" className="dismiss" aria-label="Close" onClick={onClose}>✕</button>
      </header>
      <CopyText label="Link" text={link} testId="share-link" rows={2} />
      <p className={`share-size ${size.level}`} data-testid="share-size">{size.text}</p>
      <label className="check">
        <input type="checkbox" checked={withHop} disabled={!choice} onChange={(e) => setWithHop(e.target.checked)} data-testid="share-hop" />
        Link to this hop{choice ? ` (hop ${step + 1} of ${choice.label})` : ''}
      </label>

      <h3>Embed in a page</h3>
      <div className="embed-options">
        <label>View
          <select className="control" value={embed.view} onChange={(e) => set({ view: e.target.value as EmbedView })} data-testid="embed-view">
            <option value="graph">Graph and hops</option><option value="split">YAML beside the graph</option><option value="editor">YAML only</option>
          </select>
        </label>
        <label>Theme
          <select className="control" value={embed.theme} onChange={(e) => set({ theme: e.target.value as EmbedTheme })} data-testid="embed-theme">
            <option value="auto">Reader's system</option><option value="light">Light</option><option value="dark">Dark</option>
          </select>
        </label>
        <label>Flow
          <select className="control" value={embed.flow ?? ''} onChange={(e) => set({ flow: e.target.value || undefined })} data-testid="embed-flow">
            <option value="">As shared</option>
            {flows.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={embed.autoplay} onChange={(e) => set({ autoplay: e.target.checked })} data-testid="embed-autoplay" />Autoplay</label>
        <label className="check"><input type="checkbox" checked={embed.controls} onChange={(e) => set({ controls: e.target.checked })} data-testid="embed-controls" />Playback controls</label>
      </div>
      <iframe className="embed-preview" src={src} title="Embed preview" data-testid="embed-preview" />
      <CopyText label="HTML" text={iframeSnippet(src, title)} testId="embed-html" rows={3} />
      <CopyText label="Markdown" text={markdownSnippet(link, title)} testId="embed-markdown" rows={2} />
    </dialog>
  );
}

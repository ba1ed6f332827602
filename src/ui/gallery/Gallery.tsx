// The Gallery button and its dialog: the built-in scenarios with their title, CNI and what to
// notice. A native modal <dialog> makes the page behind it inert and closes on Escape; Tab is
// kept inside it, and focus goes back to the button on close.
import { useEffect, useRef } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import { scenarios } from '../../scenarios/index.ts';
import type { Scenario } from '../../scenarios/index.ts';
import { selectText, useSim } from '../../state/store.ts';
import { exposeForTests } from '../testApi.ts';
import { openGalleryScenario } from './openScenario.ts';
import './gallery.css';

// e2e reads the scenarios in gallery order: api(page, 'gallery').
const testApi = (): { id: string; title: string }[] => scenarios.map(({ id, title }) => ({ id, title }));

/** Tab past the last control comes back to the first, and Shift+Tab the other way. */
function keepFocusInside(e: KeyboardEvent<HTMLDialogElement>): void {
  if (e.key !== 'Tab') return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('button')];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
  else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
}

export function Gallery() {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const text = useSim(selectText);
  useEffect(() => exposeForTests('gallery', testApi), []);

  const open = () => {
    const d = dialog.current;
    if (!d) return;
    d.showModal();
    // Start on the scenario being shown, so Enter keeps it and arrows/Tab move on from there.
    (d.querySelector<HTMLElement>('[aria-current="true"]') ?? d.querySelector<HTMLElement>('.gallery-card'))?.focus();
  };
  const close = () => dialog.current?.close();
  const pick = (s: Scenario) => { close(); openGalleryScenario(s); };
  // A click on the backdrop lands on the <dialog> itself (its content fills the box): close.
  const onClick = (e: MouseEvent<HTMLDialogElement>) => { if (e.target === e.currentTarget) close(); };

  return (
    <>
      <button ref={opener} type="button" className="control" aria-haspopup="dialog" data-testid="gallery-open" onClick={open}>
        Gallery
      </button>
      <dialog
        ref={dialog} className="gallery" aria-labelledby="gallery-title" data-testid="gallery"
        onKeyDown={keepFocusInside} onClick={onClick} onClose={() => opener.current?.focus()}
      >
        <div className="gallery-body">
          <header className="gallery-head">
            <h2 id="gallery-title">Gallery</h2>
            <p>Ready-made scenarios, each with flows to play. Opening one replaces the editor&apos;s text; Undo brings yours back.</p>
            <button type="button" className="dismiss" aria-label="Close the gallery" onClick={close}>×</button>
          </header>
          <ul className="gallery-list">
            {scenarios.map((s) => (
              <li key={s.id}>
                <button
                  type="button" className="gallery-card" data-testid={`gallery-${s.id}`}
                  aria-current={s.yaml === text ? 'true' : undefined} onClick={() => pick(s)}
                >
                  <span className="gallery-title">{s.title}</span>
                  <span className="gallery-cni">{s.cni}</span>
                  <span className="gallery-notice">{s.notice}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      </dialog>
    </>
  );
}

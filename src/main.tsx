// The base styles load first, so every area's own stylesheet comes after them and wins ties.
import './ui/app.css';
import './ui/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isShareFragment } from './share/index.ts';
import { startPersistence } from './state/persist.ts';
import { useView } from './state/view.ts';
import { App } from './ui/App.tsx';
import { EmbedApp } from './ui/embed/EmbedApp.tsx';
import { isEmbed, parseEmbedOptions } from './ui/embed/options.ts';
import { startEmbed } from './ui/embed/startEmbed.ts';
import { openLink } from './ui/share/open.ts';
import { installTestApi } from './ui/testApi.ts';

/** localStorage, or undefined where reading the property itself throws (storage disabled). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
const fragment = window.location.hash.slice(1);
installTestApi(window);

function startApp(): void {
  // Restore the saved work before the first render, so the first paint is the person's own scenario.
  const persistence = startPersistence({
    storage: browserStorage(),
    schedule: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
    prefersDark,
  });
  // A share link opens as a draft over the restored work, which stays saved and one click away.
  if (isShareFragment(fragment)) openLink(fragment);
  window.addEventListener('hashchange', () => {
    const next = window.location.hash.slice(1);
    if (isShareFragment(next)) openLink(next);
  });
  // A closing tab or a phone switching apps may never run the pending timer.
  window.addEventListener('pagehide', persistence.flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') persistence.flush();
  });
}

let root = <App />;
if (isEmbed(window.location.search)) {
  const options = parseEmbedOptions(window.location.search);
  const notes = startEmbed(fragment, options);
  useView.getState().setTheme(options.theme === 'auto' ? (prefersDark ? 'dark' : 'light') : options.theme);
  root = <EmbedApp options={options} notes={notes} />;
} else startApp();

createRoot(document.getElementById('root')!).render(<StrictMode>{root}</StrictMode>);

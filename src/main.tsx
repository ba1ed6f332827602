import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startPersistence } from './state/persist.ts';
import { App } from './ui/App.tsx';
import { installTestApi } from './ui/testApi.ts';

/** localStorage, or undefined where reading the property itself throws (storage disabled). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

installTestApi(window);
// Restore the saved work before the first render, so the first paint is the person's own scenario.
const persistence = startPersistence({
  storage: browserStorage(),
  schedule: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  prefersDark: window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
});
// A closing tab or a phone switching apps may never run the pending timer.
window.addEventListener('pagehide', persistence.flush);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') persistence.flush();
});
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The top bar (DESIGN.md "The UI, in one picture"): brand, scenario menu, CNI ▾, kube-proxy ▾,
// theme, a one-line settings summary; below it the NetworkPolicy banner; toasts and the drop
// overlay float above the page so nothing shifts.
import { useEffect } from 'react';
import { Gallery } from '../gallery/Gallery.tsx';
import { exposeForTests } from '../testApi.ts';
import { useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import { selectSettings, useSim } from '../../state/store.ts';
import { selectTheme, useView } from '../../state/view.ts';
import type { Theme } from '../../state/view.ts';
import { DropZone } from './DropZone.tsx';
import { PolicyBanner, Toasts } from './Notices.tsx';
import { ScenarioMenu } from './ScenarioMenu.tsx';
import { SettingsSelects } from './SettingsSelects.tsx';
import { ShareBanner } from '../share/ShareBanner.tsx';
import { ShareButton } from '../share/ShareButton.tsx';
import './topbar.css';

// e2e reads the path of the current flow: where each hop happens, in order.
const testApi = (): { ats: string[] } => {
  const t = useFlow.getState().trace;
  return { ats: t ? stepsOf(t).map((s) => s.hop.at) : [] };
};

const THEMES: readonly { value: Theme; label: string }[] = [
  { value: 'light', label: 'Light' }, { value: 'dark', label: 'Dark' }, { value: 'presenter', label: 'Presenter' },
];

export function TopBar() {
  const settings = useSim(selectSettings);
  const theme = useView(selectTheme);
  // In an effect: this module loads before main.tsx installs the test API.
  useEffect(() => exposeForTests('topbar', testApi), []);
  const summary = settings
    ? `${settings.cni.plugin} (${settings.cni.mode}) · NetworkPolicy ${settings.cni.networkPolicy ? 'enforced' : 'not enforced'} · pods ${settings.podCIDR} · services ${settings.serviceCIDR}`
    : '';
  return (
    <>
      <header className="topbar">
        <h1 className="brand">kube-netsim</h1>
        <ScenarioMenu />
        <Gallery />
        {settings && <SettingsSelects settings={settings} />}
        <label className="field">
          <span className="label">Theme</span>
          <select className="control" data-testid="theme-select" value={theme} onChange={(e) => useView.getState().setTheme(e.target.value as Theme)}>
            {THEMES.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
          </select>
        </label>
        <p className="summary" data-testid="settings" title={summary}>{summary}</p>
        <ShareButton />
      </header>
      <ShareBanner />
      <PolicyBanner />
      <Toasts />
      <DropZone />
    </>
  );
}

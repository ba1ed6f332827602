import { selectSettings, useSim } from '../../state/store.ts';

// The top bar (DESIGN.md "The UI, in one picture"): scenario, gallery, share, CNI, proxy, theme.
export function TopBar() {
  const settings = useSim(selectSettings);
  return (
    <header className="topbar">
      <h1 className="brand">kube-netsim</h1>
      {settings && (
        <ul className="settings" aria-label="Cluster settings" data-testid="settings">
          <li><span className="label">CNI</span> {settings.cni.plugin} ({settings.cni.mode})</li>
          <li>
            <span className="label">NetworkPolicy</span>{' '}
            {settings.cni.networkPolicy ? 'enforced' : 'not enforced'}
          </li>
          <li><span className="label">kube-proxy</span> {settings.proxyMode}</li>
          <li><span className="label">pods</span> {settings.podCIDR}</li>
          <li><span className="label">services</span> {settings.serviceCIDR}</li>
        </ul>
      )}
    </header>
  );
}

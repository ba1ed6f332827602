// CNI ▾ and kube-proxy ▾: each choice is written into the scenario's Cluster object.
import type { ClusterState } from '../../model/cluster.ts';
import type { ProxyMode } from '../../model/objects.ts';
import { applySetting } from './actions.ts';
import { CNI_OPTIONS, cniSetting, cniValue, PLUGIN_LABEL, proxyOptions } from './options.ts';

const plugins = [...new Set(CNI_OPTIONS.map((o) => o.plugin))];

export function SettingsSelects({ settings }: { readonly settings: ClusterState['settings'] }) {
  const { plugin, mode } = settings.cni;
  return (
    <>
      <label className="field">
        <span className="label">CNI</span>
        <select
          className="control" data-testid="cni-select" value={cniValue(plugin, mode)}
          onChange={(e) => { const s = cniSetting(e.target.value); if (s) applySetting(s); }}
        >
          {plugins.map((p) => (
            <optgroup key={p} label={PLUGIN_LABEL[p]}>
              {CNI_OPTIONS.filter((o) => o.plugin === p).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="label">kube-proxy</span>
        <select
          className="control" data-testid="proxy-select" value={settings.proxyMode}
          onChange={(e) => applySetting({ kind: 'kubeProxy', mode: e.target.value as ProxyMode })}
        >
          {proxyOptions(plugin).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </label>
    </>
  );
}

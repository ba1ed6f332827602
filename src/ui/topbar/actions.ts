// What the top bar's controls do to the stores: open a file, start anew, download, switch a setting.
import { useFlow } from '../../state/flow.ts';
import { replaceScenario, useNotices } from '../../state/persist.ts';
import { setClusterSetting } from '../../state/scenarioEdit.ts';
import type { ClusterSetting } from '../../state/scenarioEdit.ts';
import { useSim } from '../../state/store.ts';
import { readScenarioFile } from './scenarioFile.ts';
import type { FileLike } from './scenarioFile.ts';

export const EMPTY_SCENARIO = [
  '# A new scenario. Add Kubernetes objects',
  '# below, separated by --- lines:',
  '# Namespace, Deployment, Pod, Service,',
  '# NetworkPolicy, Ingress, and Flow',
  '# (a connection to try).',
  '# Without a Cluster object the simulator',
  '# uses its defaults: flannel VXLAN,',
  '# kube-proxy iptables.',
  '',
].join('\n');

const fail = (message: string): void => useNotices.getState().showToast({ message, error: true });

/** Writes a CNI or kube-proxy choice into the YAML and plays the current flow again on the new cluster. */
export function applySetting(setting: ClusterSetting): void {
  const r = setClusterSetting(useSim.getState().text, setting);
  if (!r.ok) return fail(r.error);
  useSim.getState().setText(r.value.text);
  useFlow.getState().replay();
  const notes = r.value.notes.join(' ');
  if (notes) useNotices.getState().showToast({ message: notes });
}

export async function openScenarioFile(file: FileLike): Promise<void> {
  const r = await readScenarioFile(file);
  if (!r.ok) return fail(r.error);
  replaceScenario(r.value, `Opened ${file.name}.`);
}

export function newScenario(): void {
  replaceScenario(EMPTY_SCENARIO, 'Started a new, empty scenario.');
}

/** Saves the text as scenario.yaml through a temporary blob link (no server involved). */
export function downloadScenario(doc: Document): void {
  const url = URL.createObjectURL(new Blob([useSim.getState().text], { type: 'text/yaml' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = 'scenario.yaml';
  doc.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a moment later is safe.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The app's state ⇄ a SharedState, as pure functions: what a link records (snapshot), which
// flow it names (choiceOf), and whether today's engine still answers as the link recorded
// (differences). The stores are read and written by open.ts and the dialog, not here.
import { ENGINE_VERSION } from '../../engine/index.ts';
import type { Trace } from '../../engine/index.ts';
import type { ClusterSettings, ClusterState } from '../../model/cluster.ts';
import type { SharedFlow, SharedSettings, SharedState } from '../../share/index.ts';
import type { FlowChoice } from '../../state/choices.ts';
import { commandChoice, pickedChoice, savedFlows } from '../../state/choices.ts';
import { stepsOf } from '../../state/hops.ts';
import type { Result } from '../../engine/index.ts';
import type { Selection, Tab, Theme } from '../../state/view.ts';

export interface AppSnapshot {
  readonly text: string;
  readonly cluster: ClusterState | undefined;
  readonly choice: FlowChoice | undefined;
  readonly trace: Trace | undefined;
  readonly step: number;
  readonly tab: Tab;
  readonly theme: Theme;
  readonly selection: Selection | undefined;
}

export function sharedSettings(s: ClusterSettings): SharedSettings {
  return { cni: { ...s.cni }, proxyMode: s.proxyMode, podCIDR: s.podCIDR, serviceCIDR: s.serviceCIDR, clusterDomain: s.clusterDomain };
}

/** The flow by what makes it again; its id's prefix says which kind of choice it was. */
export function sharedFlow(choice: FlowChoice): SharedFlow {
  if (choice.id.startsWith('saved:')) return { kind: 'saved', namespace: choice.namespace, name: choice.label };
  if (choice.id.startsWith('typed:')) return { kind: 'typed', command: choice.label, from: choice.spec.from };
  return { kind: 'picked', namespace: choice.namespace, spec: choice.spec };
}

const DEFAULT_SETTINGS: SharedSettings = {
  cni: { plugin: 'flannel', mode: 'vxlan', networkPolicy: true }, proxyMode: 'iptables',
  podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12', clusterDomain: 'cluster.local',
};

/** What a link records; `withHop` adds the hop playback is at ("link to this hop"). */
export function snapshot(app: AppSnapshot, withHop: boolean): SharedState {
  const step = app.trace ? stepsOf(app.trace)[app.step] : undefined;
  const sel = app.selection;
  return {
    text: app.text,
    settings: app.cluster ? sharedSettings(app.cluster.settings) : DEFAULT_SETTINGS,
    engine: ENGINE_VERSION,
    ...(app.choice ? { flow: sharedFlow(app.choice) } : {}),
    ...(app.trace ? { verdict: app.trace.verdict } : {}),
    ...(withHop && step ? { hop: { step: step.index, at: step.hop.at, verdict: step.hop.verdict } } : {}),
    view: { tab: app.tab, theme: app.theme, ...(sel ? { selection: sel.kind === 'element' ? sel.id : 'hop' } : {}) },
  };
}

/** The FlowChoice a link names, in the cluster its scenario built. */
export function choiceOf(flow: SharedFlow, cluster: ClusterState): Result<FlowChoice> {
  if (flow.kind === 'typed') return commandChoice(flow.command, flow.from);
  if (flow.kind === 'picked') return { ok: true, value: pickedChoice(flow.spec, flow.namespace) };
  const id = `saved:${flow.namespace}/${flow.name}`;
  const saved = savedFlows(cluster).find((f) => f.id === id);
  if (!saved) return { ok: false, error: `the scenario has no Flow ${flow.namespace}/${flow.name}` };
  return saved.choice;
}

const settingsText = (s: SharedSettings): string =>
  `${s.cni.plugin} ${s.cni.mode}, NetworkPolicy ${s.cni.networkPolicy ? 'enforced' : 'not enforced'}, kube-proxy ${s.proxyMode}, pods ${s.podCIDR}, services ${s.serviceCIDR}, ${s.clusterDomain}`;

/** Where today's answer differs from the link's, one sentence each; empty when it is the same. */
export function differences(shared: SharedState, cluster: ClusterState | undefined, trace: Trace | undefined): string[] {
  const out: string[] = [];
  if (cluster) {
    const now = settingsText(sharedSettings(cluster.settings));
    const then = settingsText(shared.settings);
    if (now !== then) out.push(`The cluster settings were ${then}; they are now ${now}.`);
  }
  if (shared.verdict !== undefined && trace && trace.verdict !== shared.verdict) out.push(`The flow ended ${shared.verdict}; it now ends ${trace.verdict}.`);
  if (shared.hop && trace) {
    const step = stepsOf(trace)[shared.hop.step];
    if (!step) out.push(`The link points at hop ${shared.hop.step + 1}, but the flow now has ${stepsOf(trace).length} hops.`);
    else if (step.hop.at !== shared.hop.at || step.hop.verdict !== shared.hop.verdict) {
      out.push(`Hop ${shared.hop.step + 1} was ${shared.hop.at} (${shared.hop.verdict}); it is now ${step.hop.at} (${step.hop.verdict}).`);
    }
  }
  if (out.length > 0 && shared.engine !== ENGINE_VERSION) out.unshift(`This link was made by engine version ${shared.engine}; this is version ${ENGINE_VERSION}.`);
  return out;
}

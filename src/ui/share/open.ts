// Opening a share link: decode the fragment, open its scenario as a draft (the person's own
// autosaved work is never overwritten), choose its flow and hop, restore its view, and say
// what today's engine answers differently. A broken link leaves the person's own work open
// and says why in one line.
import { create } from 'zustand';
import { decodeShare } from '../../share/index.ts';
import type { SharedState } from '../../share/index.ts';
import { closeDraft, openDraft } from '../../state/persist.ts';
import { useFlow } from '../../state/flow.ts';
import { useSim } from '../../state/store.ts';
import { useView } from '../../state/view.ts';
import { exampleScenario } from '../../scenarios/index.ts';
import { choiceOf, differences } from './snapshot.ts';

export interface ShareNotice {
  /** 'draft': a shared scenario is open; 'error': a link could not be opened. */
  readonly kind: 'draft' | 'error';
  readonly message: string;
  /** Where today's engine answers differently from the link. */
  readonly differences: readonly string[];
}

export const useShareNotice = create<{ readonly notice: ShareNotice | undefined }>()(() => ({ notice: undefined }));

/** Puts a decoded link's state into the stores; returns what now differs from what it recorded. */
export function applyShared(shared: SharedState, text = shared.text): string[] {
  useSim.getState().setText(text);
  const { cluster } = useSim.getState();
  const problems: string[] = [];
  const choice = shared.flow && cluster ? choiceOf(shared.flow, cluster) : undefined;
  if (choice?.ok) {
    useFlow.getState().choose(choice.value, false);
    if (shared.hop) useFlow.getState().stepTo(shared.hop.step);
  } else {
    // No flow (or one that cannot run): never leave the previous scenario's flow on show.
    useFlow.getState().clear();
    if (choice) problems.push(`The link's flow cannot run now: ${choice.error}.`);
  }
  const view = useView.getState();
  view.setTab(shared.view.tab);
  view.setTheme(shared.view.theme);
  const sel = shared.view.selection;
  view.select(sel === undefined ? undefined : sel === 'hop' ? { kind: 'hop' } : { kind: 'element', id: sel });
  const { trace } = useFlow.getState();
  return [...problems, ...differences(shared, useSim.getState().cluster, choice?.ok ? trace : undefined)];
}

/** Opens the link in `fragment` (the URL's hash without '#') as a draft. */
export function openLink(fragment: string): void {
  const decoded = decodeShare(fragment);
  if (!decoded.ok) {
    useShareNotice.setState({ notice: { kind: 'error', message: `This share link could not be opened: ${decoded.error}. Your own scenario is open instead.`, differences: [] } });
    return;
  }
  const edited = openDraft(fragment);
  const found = applyShared(decoded.value, edited);
  const message = edited === undefined || edited === decoded.value.text
    ? 'You are looking at a shared scenario. Edits stay in this draft; your own scenario is kept.'
    : 'You are looking at a shared scenario, with your earlier edits to it. Your own scenario is kept.';
  useShareNotice.setState({ notice: { kind: 'draft', message, differences: found } });
}

/** Leaves the shared draft: the person's own scenario comes back, and the address loses the link. */
export function backToMine(history: Pick<History, 'replaceState'>, location: Pick<Location, 'pathname' | 'search'>): void {
  closeDraft(exampleScenario.yaml);
  history.replaceState(null, '', location.pathname + location.search);
  useShareNotice.setState({ notice: undefined });
}

export const dismissShareNotice = (): void => useShareNotice.setState({ notice: undefined });

// The embed's state on startup: the link in the fragment (or the built-in example), then the
// embed's own options on top (flow, hop, autoplay). No autosave: an embed only shows.
import { decodeShare } from '../../share/index.ts';
import { firstFlow, savedFlows } from '../../state/choices.ts';
import { useFlow } from '../../state/flow.ts';
import { useSim } from '../../state/store.ts';
import { applyShared } from '../share/open.ts';
import type { EmbedOptions } from './options.ts';

/** Returns what went wrong or differs, for the embed's one-line note; empty when all is well. */
export function startEmbed(fragment: string, options: EmbedOptions): string[] {
  const notes: string[] = [];
  if (fragment) {
    const decoded = decodeShare(fragment);
    if (decoded.ok) notes.push(...applyShared(decoded.value));
    else notes.push(`This embed's link could not be opened: ${decoded.error}.`);
  }
  const cluster = useSim.getState().cluster;
  const saved = cluster ? savedFlows(cluster) : [];
  const named = options.flow ? saved.find((f) => f.name === options.flow) : undefined;
  if (options.flow && !named) notes.push(`The scenario has no Flow named ${options.flow}.`);
  const choice = named?.choice.ok ? named.choice.value : useFlow.getState().choice ? undefined : firstFlow(saved);
  if (choice) useFlow.getState().choose(choice, false);
  if (options.hop !== undefined) useFlow.getState().stepTo(options.hop - 1);
  if (options.autoplay) useFlow.getState().setPlaying(true);
  return notes;
}

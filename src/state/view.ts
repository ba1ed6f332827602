// What the person is looking at, apart from the scenario itself: theme, the selected graph
// element or hop, the bottom panel's tab and height, and a request to show YAML lines in the editor.
import { create } from 'zustand';
import type { SourceRange } from '../model/diagnostic.ts';
import type { ElementId } from '../engine/index.ts';

export type Theme = 'light' | 'dark' | 'presenter';
export type Tab = 'hops' | 'matrix' | 'problems';

/** The inspector shows the selection: a graph element, or the hop playback is at. */
export type Selection = { readonly kind: 'element'; readonly id: ElementId } | { readonly kind: 'hop' };

/** Ask the editor to reveal and highlight lines; `nonce` makes a repeated request a new one. */
export interface RevealRequest {
  readonly range: SourceRange;
  readonly nonce: number;
}

/** The bottom panel's share of the window height: its default, and the range a drag may set. */
export const BOTTOM_SHARE = { initial: 0.25, min: 0.12, max: 0.7 } as const;

/** A share within BOTTOM_SHARE's range (the default for anything that is not a number). */
export function clampShare(share: number): number {
  if (!Number.isFinite(share)) return BOTTOM_SHARE.initial;
  return Math.min(BOTTOM_SHARE.max, Math.max(BOTTOM_SHARE.min, share));
}

export interface ViewState {
  readonly theme: Theme;
  readonly selection: Selection | undefined;
  readonly tab: Tab;
  readonly reveal: RevealRequest | undefined;
  /** The editor pane is open; closed, the graph gets its width (projectors). */
  readonly editorOpen: boolean;
  /** The bottom panel's share of the window height (the splitter above it sets it). */
  readonly bottomShare: number;
  readonly setEditorOpen: (open: boolean) => void;
  readonly setBottomShare: (share: number) => void;
  readonly setTheme: (theme: Theme) => void;
  readonly select: (selection: Selection | undefined) => void;
  readonly setTab: (tab: Tab) => void;
  readonly revealRange: (range: SourceRange) => void;
}

export const useView = create<ViewState>()((set, get) => ({
  theme: 'light',
  selection: undefined,
  tab: 'hops',
  reveal: undefined,
  editorOpen: true,
  bottomShare: BOTTOM_SHARE.initial,
  setEditorOpen: (editorOpen) => set({ editorOpen }),
  setBottomShare: (share) => set({ bottomShare: clampShare(share) }),
  setTheme: (theme) => set({ theme }),
  select: (selection) => set({ selection }),
  setTab: (tab) => set({ tab }),
  // Showing YAML lines needs the editor: a reveal opens it.
  revealRange: (range) => set({ reveal: { range, nonce: (get().reveal?.nonce ?? 0) + 1 }, editorOpen: true }),
}));

export const selectTheme = (s: ViewState): Theme => s.theme;
export const selectSelection = (s: ViewState): Selection | undefined => s.selection;
export const selectTab = (s: ViewState): Tab => s.tab;
export const selectReveal = (s: ViewState): RevealRequest | undefined => s.reveal;
export const selectEditorOpen = (s: ViewState): boolean => s.editorOpen;
export const selectBottomShare = (s: ViewState): number => s.bottomShare;

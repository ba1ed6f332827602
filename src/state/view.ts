// What the person is looking at, apart from the scenario itself: theme, the selected graph
// element or hop, the bottom panel's tab, and a request to show YAML lines in the editor.
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

export interface ViewState {
  readonly theme: Theme;
  readonly selection: Selection | undefined;
  readonly tab: Tab;
  readonly reveal: RevealRequest | undefined;
  /** The editor pane is open; closed, the graph gets its width (projectors). */
  readonly editorOpen: boolean;
  readonly setEditorOpen: (open: boolean) => void;
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
  setEditorOpen: (editorOpen) => set({ editorOpen }),
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

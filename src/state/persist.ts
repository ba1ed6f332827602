// Work is never lost: the scenario text, the theme, the panel height and the chosen flow are saved to the browser's
// storage on every change (text and flow coalesced over SAVE_DELAY_MS, flushed when the page
// hides) and restored on startup, before the first render. Storage that is full, disabled or
// corrupt never breaks the app: it keeps working and says so in one line. Storage and timers are
// injected, so this is tested with fakes.
import { create } from 'zustand';
import type { FlowChoice } from './choices.ts';
import { useFlow } from './flow.ts';
import { useSim } from './store.ts';
import type { Theme } from './view.ts';
import { useView } from './view.ts';

export const KEY = {
  text: 'kube-netsim:v1:scenario',
  /** The text a New or Open replaced: one undo away even after a reload. */
  previous: 'kube-netsim:v1:previous',
  theme: 'kube-netsim:v1:theme',
  bottomShare: 'kube-netsim:v1:bottom-share',
  flow: 'kube-netsim:v1:flow',
  /** A shared link opens as its own draft, saved here, never over the person's own work. */
  draftText: 'kube-netsim:v1:draft',
  draftFlow: 'kube-netsim:v1:draft-flow',
  /** The link the draft came from: reopening the same link brings back the edited draft. */
  draftLink: 'kube-netsim:v1:draft-link',
} as const;

export const SAVE_DELAY_MS = 300;
const THEMES: readonly Theme[] = ['light', 'dark', 'presenter'];

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;
/** Runs `fn` after `ms`; returns a cancel function. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export interface Toast {
  readonly message: string;
  /** The text that was replaced, when Undo can bring it back. */
  readonly previous?: string;
  /** Something was refused (a bad file, a setting that cannot be written). */
  readonly error?: boolean;
  /** Also run by Undo once the text is back (the gallery puts the previous flow back). */
  readonly onUndo?: () => void;
}

export interface NoticeState {
  /** Why autosave is not working, in one line. */
  readonly problem: string | undefined;
  readonly toast: Toast | undefined;
  readonly dismissProblem: () => void;
  readonly showToast: (toast: Toast | undefined) => void;
}

export const useNotices = create<NoticeState>()((set) => ({
  problem: undefined,
  toast: undefined,
  dismissProblem: () => set({ problem: undefined }),
  showToast: (toast) => set({ toast }),
}));

export const selectProblem = (s: NoticeState): string | undefined => s.problem;
export const selectToast = (s: NoticeState): Toast | undefined => s.toast;

const STORAGE_OFF = 'Autosave is off (the browser blocks storage): download to keep your work.';
const STORAGE_FAILED = 'Autosave failed (storage full or off): download to keep your work.';

export interface PersistOptions {
  readonly storage: KeyValueStore | undefined;
  readonly schedule: Schedule;
  /** The system asks for dark colours (prefers-color-scheme); used when no theme was saved. */
  readonly prefersDark: boolean;
}

export interface Persistence {
  /** Write what is pending now (pagehide, visibilitychange). */
  readonly flush: () => void;
  readonly stop: () => void;
}

let storage: KeyValueStore | undefined;
/** Where text and flow are saved: the person's own keys, or a shared link's draft keys. */
let target: { readonly text: string; readonly flow: string } = { text: KEY.text, flow: KEY.flow };
let flushNow: (() => void) | undefined;

function read(key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  if (!storage) return;
  try {
    storage.setItem(key, value);
  } catch {
    useNotices.setState({ problem: STORAGE_FAILED });
  }
}

interface SavedFlow { readonly choice: FlowChoice; readonly step: number }

/** A saved flow, or undefined when absent or not the shape this version writes. */
export function readFlow(raw: string | null): SavedFlow | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as { choice?: Partial<FlowChoice>; step?: unknown };
    const c = v.choice;
    if (!c || typeof c.id !== 'string' || typeof c.label !== 'string' || typeof c.namespace !== 'string' || !c.spec || typeof c.spec !== 'object') return undefined;
    return { choice: c as FlowChoice, step: typeof v.step === 'number' ? v.step : 0 };
  } catch {
    return undefined;
  }
}

/** Restores the saved work into the stores, then saves every change. Call once, before the first render. */
export function startPersistence(options: PersistOptions): Persistence {
  storage = options.storage;
  target = { text: KEY.text, flow: KEY.flow };
  if (!storage) useNotices.setState({ problem: STORAGE_OFF });

  const text = read(KEY.text);
  if (text !== null) useSim.getState().setText(text);
  const theme = read(KEY.theme) as Theme | null;
  useView.getState().setTheme(theme && THEMES.includes(theme) ? theme : options.prefersDark ? 'dark' : 'light');
  const share = read(KEY.bottomShare);
  if (share) useView.getState().setBottomShare(Number(share));
  const rawFlow = read(KEY.flow);
  const flow = readFlow(rawFlow);
  if (rawFlow && !flow) useNotices.getState().showToast({ message: 'The saved flow could not be read (an older or damaged save), so none is shown.' });
  if (flow) {
    useFlow.getState().choose(flow.choice, false);
    useFlow.getState().stepTo(flow.step);
  }

  let pending = false;
  let cancel: (() => void) | undefined;
  const flush = (): void => {
    cancel?.();
    cancel = undefined;
    if (!pending) return;
    pending = false;
    write(target.text, useSim.getState().text);
    const { choice, step } = useFlow.getState();
    write(target.flow, choice ? JSON.stringify({ choice, step }) : '');
  };
  const later = (): void => {
    pending = true;
    cancel ??= options.schedule(flush, SAVE_DELAY_MS);
  };

  flushNow = flush;
  const unsubscribe = [
    useSim.subscribe((s, prev) => { if (s.text !== prev.text) later(); }),
    useFlow.subscribe((s, prev) => { if (s.choice !== prev.choice || s.step !== prev.step) later(); }),
    useView.subscribe((s, prev) => {
      if (s.theme !== prev.theme) write(KEY.theme, s.theme);
      if (s.bottomShare !== prev.bottomShare) write(KEY.bottomShare, String(s.bottomShare));
    }),
  ];
  return {
    flush,
    stop: () => {
      flush();
      flushNow = undefined;
      for (const u of unsubscribe) u();
    },
  };
}

/** New or Open: the scenario becomes `text`; the old one is kept under KEY.previous and one Undo away. */
export function replaceScenario(text: string, message: string, onUndo?: () => void): void {
  const previous = useSim.getState().text;
  if (previous === text) {
    useNotices.getState().showToast({ message });
    return;
  }
  write(KEY.previous, previous);
  useSim.getState().setText(text);
  useNotices.getState().showToast({ message, previous, ...(onUndo ? { onUndo } : {}) });
}

/** Brings back the text the last New or Open replaced. */
export function undoReplace(): void {
  const toast = useNotices.getState().toast;
  if (toast?.previous === undefined) return;
  useSim.getState().setText(toast.previous);
  toast.onUndo?.();
  useNotices.getState().showToast({ message: 'The previous scenario is back.' });
}

/**
 * A shared link is opening: from now on text and flow are saved as its draft, not over the
 * person's own work. Returns the draft's edited text when this same link was opened before.
 */
export function openDraft(link: string): string | undefined {
  flushNow?.();
  target = { text: KEY.draftText, flow: KEY.draftFlow };
  const again = read(KEY.draftLink) === link ? read(KEY.draftText) : null;
  write(KEY.draftLink, link);
  return again ?? undefined;
}

/** Back to the person's own scenario and flow, as last saved; the draft stays in storage. */
export function closeDraft(fallbackText: string): void {
  flushNow?.();
  target = { text: KEY.text, flow: KEY.flow };
  useSim.getState().setText(read(KEY.text) ?? fallbackText);
  const flow = readFlow(read(KEY.flow));
  if (flow) {
    useFlow.getState().choose(flow.choice, false);
    useFlow.getState().stepTo(flow.step);
  } else useFlow.getState().clear();
}

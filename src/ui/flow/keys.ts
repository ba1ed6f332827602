// Playback keys (an instructor steps with the keyboard): ←/→ step, space plays or pauses,
// Home/End jump. Pure, so the mapping and the "am I typing?" rule are unit-tested.

export type KeyAction = 'back' | 'next' | 'toggle' | 'start' | 'end';

const ACTIONS: Readonly<Record<string, KeyAction>> = {
  ArrowLeft: 'back', ArrowRight: 'next', ' ': 'toggle', Home: 'start', End: 'end',
};

/** What the element under focus looks like, as far as the keyboard rule cares. */
export interface FocusInfo {
  readonly tag: string;
  readonly editable: boolean;
  /** Inside the Monaco editor (a `.monaco-editor` ancestor). */
  readonly inEditor: boolean;
}

const TYPING_TAGS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/** The action for a key press, or undefined when the key belongs to what has focus. */
export function keyAction(key: string, modifiers: boolean, focus: FocusInfo | undefined): KeyAction | undefined {
  if (modifiers) return undefined;
  if (focus && (TYPING_TAGS.has(focus.tag) || focus.editable || focus.inEditor)) return undefined;
  // Space on a focused button presses it; let the button have it.
  if (key === ' ' && focus?.tag === 'BUTTON') return undefined;
  return ACTIONS[key];
}

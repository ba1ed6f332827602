// A <details> menu's behaviour, as people expect of a menu: Escape closes it (focus back on its
// summary), and so does focus moving elsewhere (a click outside). Spread `props` on the <details>.
import { useRef } from 'react';
import type { FocusEvent, KeyboardEvent, RefObject } from 'react';

export function useMenu(): {
  readonly close: () => void;
  readonly props: { readonly ref: RefObject<HTMLDetailsElement | null>; readonly onKeyDown: (e: KeyboardEvent) => void; readonly onBlur: (e: FocusEvent) => void };
} {
  const ref = useRef<HTMLDetailsElement>(null);
  const close = () => { if (ref.current) ref.current.open = false; };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !ref.current?.open) return;
    close();
    ref.current.querySelector('summary')?.focus();
  };
  const onBlur = (e: FocusEvent) => { if (!ref.current?.contains(e.relatedTarget as Node | null)) close(); };
  return { close, props: { ref, onKeyDown, onBlur } };
}

// Copies a command's output; says so for a moment (the clipboard may be unavailable: say that too).
import { useCopy } from '../useCopy.ts';

export function CopyButton({ text, what }: { readonly text: string; readonly what: string }) {
  const { label, copy } = useCopy(text);
  return (
    <button type="button" className="copy-button" onClick={copy} aria-label={`Copy the ${what} output`}>
      <span aria-live="polite">{label}</span>
    </button>
  );
}

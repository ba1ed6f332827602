// Copies a command's output; says so for a moment (the clipboard may be unavailable: say that too).
import { useEffect, useState } from 'react';

export function CopyButton({ text, what }: { readonly text: string; readonly what: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const t = setTimeout(() => setStatus('idle'), 1500);
    return () => clearTimeout(t);
  }, [status]);
  const copy = () => {
    // navigator.clipboard exists only in secure contexts (https, localhost).
    if (!navigator.clipboard) { setStatus('failed'); return; }
    navigator.clipboard.writeText(text).then(() => setStatus('copied'), () => setStatus('failed'));
  };
  return (
    <button type="button" className="copy-button" onClick={copy} aria-label={`Copy the ${what} output`}>
      <span aria-live="polite">{status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed' : 'Copy'}</span>
    </button>
  );
}

// Copy to the clipboard and say, for a moment, whether it worked: the label for a Copy button.
import { useEffect, useState } from 'react';

export function useCopy(text: string): { readonly label: string; readonly copy: () => void } {
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
  return { label: status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed' : 'Copy', copy };
}

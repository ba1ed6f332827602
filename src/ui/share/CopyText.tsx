// A read-only text with a Copy button that says whether the copy worked.
import { useEffect, useState } from 'react';

export function CopyText(props: { readonly label: string; readonly text: string; readonly testId: string; readonly rows?: number }) {
  const { label, text, testId, rows = 1 } = props;
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
    <div className="copy-text">
      <label>
        <span className="label">{label}</span>
        <textarea readOnly rows={rows} value={text} data-testid={testId} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
      </label>
      <button type="button" className="control" onClick={copy} data-testid={`${testId}-copy`}>
        <span aria-live="polite">{status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed' : 'Copy'}</span>
      </button>
    </div>
  );
}

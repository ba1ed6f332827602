// A read-only text with a Copy button that says whether the copy worked.
import { useCopy } from '../useCopy.ts';

export function CopyText(props: { readonly label: string; readonly text: string; readonly testId: string; readonly rows?: number }) {
  const { label, text, testId, rows = 1 } = props;
  const copied = useCopy(text);
  return (
    <div className="copy-text">
      <label>
        <span className="label">{label}</span>
        <textarea readOnly rows={rows} value={text} data-testid={testId} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
      </label>
      <button type="button" className="control" onClick={copied.copy} data-testid={`${testId}-copy`}>
        <span aria-live="polite">{copied.label}</span>
      </button>
    </div>
  );
}

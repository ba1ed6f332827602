// "show in YAML": asks the editor to reveal and highlight the lines a rule or object came from.
import type { SourceRange } from '../../model/diagnostic.ts';
import { useView } from '../../state/view.ts';

const lines = (r: SourceRange): string => (r.startLine === r.endLine ? `line ${r.startLine}` : `lines ${r.startLine}\u2013${r.endLine}`);

export function YamlLink({ range, what }: { readonly range: SourceRange; readonly what: string }) {
  return (
    <button
      type="button" className="yaml-link" title={`Highlight ${lines(range)} in the editor`}
      aria-label={`Show ${what} in the YAML (${lines(range)})`}
      onClick={() => useView.getState().revealRange(range)}
    >
      show in YAML <span className="yaml-lines">({lines(range)})</span>
    </button>
  );
}

// The grid: a real table, sources as rows and destinations as columns, both grouped by namespace,
// headers sticky. A cell is a button (icon + colour + title); a self cell is greyed and inert.
import { memo } from 'react';
import { cellKey } from '../../state/matrix.ts';
import type { CellState, Matrix, MatrixCell, MatrixDiff } from '../../state/matrix.ts';

const ICON: Readonly<Record<CellState, string>> = { allowed: '✓', denied: '✗', partial: '◐', self: '·' };
const WORD: Readonly<Record<CellState, string>> = { allowed: 'allowed', denied: 'denied', partial: 'some pods', self: 'same' };

interface GridProps {
  readonly matrix: Matrix;
  readonly diff: MatrixDiff | undefined;
  readonly onCell: (cell: MatrixCell) => void;
}

export const MatrixGrid = memo(function MatrixGrid({ matrix, diff, onCell }: GridProps) {
  const added = new Set(diff?.addedPeers ?? []);
  // Pod names are long: by pod, columns carry numbers and each row names its number.
  const numbered = matrix.options.by === 'pod';
  const number = new Map(matrix.peers.map((p, i) => [p.id, i + 1]));
  return (
    <div className="matrix-scroll">
      <table className={numbered ? 'matrix-grid numbered' : 'matrix-grid'} data-testid="matrix-grid">
        <caption className="sr-only">Reachability: rows are sources, columns destinations</caption>
        <thead>
          <tr className="ns-head">
            <th rowSpan={2} className="corner" scope="col"><span className="muted">from ↓ to →</span></th>
            {matrix.groups.map((g) => <th key={g.namespace} colSpan={g.peers.length} scope="colgroup" title={g.namespace}>{g.namespace}</th>)}
          </tr>
          <tr className="peer-head">
            {matrix.peers.map((p) => (
              <th key={p.id} scope="col" title={p.id} aria-label={numbered ? p.label : undefined}>
                {numbered ? number.get(p.id) : p.label}{added.has(p.id) && <span className="new">new</span>}
              </th>
            ))}
          </tr>
        </thead>
        {matrix.groups.map((g) => (
          <tbody key={g.namespace}>
            <tr className="ns-row"><th scope="rowgroup" colSpan={matrix.peers.length + 1}>{g.namespace}</th></tr>
            {g.peers.map((row) => (
              <tr key={row.id}>
                <th scope="row" title={row.id}>{numbered && <span className="num">{number.get(row.id)}</span>}{row.label}{added.has(row.id) && <span className="new">new</span>}</th>
                {matrix.peers.map((col) => {
                  const cell = matrix.cells.get(cellKey(row.id, col.id))!;
                  const change = diff?.changed.get(cellKey(row.id, col.id));
                  const title = change ? `${cell.text} — changed since last edit, was ${WORD[change.before.state]}` : cell.text;
                  if (cell.state === 'self') return <td key={col.id} className="cell self" title={title}><span aria-hidden="true">{ICON.self}</span></td>;
                  return (
                    <td key={col.id} className={change ? `cell ${cell.state} changed` : `cell ${cell.state}`}>
                      <button type="button" title={title} aria-label={title} onClick={() => onCell(cell)} data-testid="matrix-cell" data-from={row.id} data-to={col.id} data-state={cell.state}>
                        {ICON[cell.state]}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
});

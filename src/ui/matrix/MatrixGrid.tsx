// The grid: a real table, sources as rows and destinations as columns, both grouped by namespace,
// headers sticky. A cell is a button (icon + colour + title); a self cell is greyed and inert.
// Only the rows in view are rendered (rowWindow): 80 pods by pod would be 6,400 buttons.
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { UIEvent } from 'react';
import { cellKey } from '../../state/matrix.ts';
import type { CellState, Matrix, MatrixCell, MatrixDiff, MatrixPeer } from '../../state/matrix.ts';
import { rowWindow } from './rowWindow.ts';

/** Every body row is this tall (matrix.css fixes it), so the window can be computed. */
const ROW = 24;

const ICON: Readonly<Record<CellState, string>> = { allowed: '✓', denied: '✗', partial: '◐', self: '·' };
const WORD: Readonly<Record<CellState, string>> = { allowed: 'allowed', denied: 'denied', partial: 'some pods', self: 'same' };

interface GridProps {
  readonly matrix: Matrix;
  readonly diff: MatrixDiff | undefined;
  readonly onCell: (cell: MatrixCell) => void;
}

export const MatrixGrid = memo(function MatrixGrid({ matrix, diff, onCell }: GridProps) {
  const added = useMemo(() => new Set(diff?.addedPeers ?? []), [diff]);
  // Pod names are long: by pod, columns carry numbers and each row names its number.
  const numbered = matrix.options.by === 'pod';
  const number = useMemo(() => new Map(matrix.peers.map((p, i) => [p.id, i + 1])), [matrix]);
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const [view, setView] = useState({ top: 0, height: 600, head: 46 });
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView((v) => ({ ...v, height: el.clientHeight, head: head.current?.offsetHeight ?? v.head }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [numbered]);
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const top = e.currentTarget.scrollTop;
    setView((v) => (v.top === top ? v : { ...v, top }));
  };
  const win = rowWindow({ sizes: matrix.groups.map((g) => g.peers.length), scrollTop: view.top, viewHeight: view.height, headHeight: view.head, rowHeight: ROW, overscan: 4 });
  const span = matrix.peers.length + 1;

  return (
    <div className="matrix-scroll" ref={scroller} onScroll={onScroll}>
      <table className={numbered ? 'matrix-grid numbered' : 'matrix-grid'} data-testid="matrix-grid">
        <caption className="sr-only">Reachability: rows are sources, columns destinations</caption>
        <thead ref={head}>
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
        {win.before > 0 && <tbody aria-hidden="true"><tr style={{ height: win.before }}><td colSpan={span} /></tr></tbody>}
        {win.chunks.map(({ group, header, from, to }) => {
          const g = matrix.groups[group]!;
          return (
            <tbody key={g.namespace}>
              {header && <tr className="ns-row"><th scope="rowgroup" colSpan={span}>{g.namespace}</th></tr>}
              {g.peers.slice(from, to).map((peer) => (
                <Row key={peer.id} peer={peer} matrix={matrix} diff={diff} onCell={onCell} number={numbered ? number.get(peer.id) : undefined} added={added.has(peer.id)} />
              ))}
            </tbody>
          );
        })}
        {win.after > 0 && <tbody aria-hidden="true"><tr style={{ height: win.after }}><td colSpan={span} /></tr></tbody>}
      </table>
    </div>
  );
});

interface RowProps {
  readonly peer: MatrixPeer;
  readonly matrix: Matrix;
  readonly diff: MatrixDiff | undefined;
  readonly onCell: (cell: MatrixCell) => void;
  readonly number: number | undefined;
  readonly added: boolean;
}

/** One source's row; memoised so scrolling renders only the rows that come into view. */
const Row = memo(function Row({ peer, matrix, diff, onCell, number, added }: RowProps) {
  return (
    <tr>
      <th scope="row" title={peer.id}>{number !== undefined && <span className="num">{number}</span>}{peer.label}{added && <span className="new">new</span>}</th>
      {matrix.peers.map((col) => {
        const key = cellKey(peer.id, col.id);
        const cell = matrix.cells.get(key)!;
        const change = diff?.changed.get(key);
        const title = change ? `${cell.text} — changed since last edit, was ${WORD[change.before.state]}` : cell.text;
        if (cell.state === 'self') return <td key={col.id} className="cell self" title={title}><span aria-hidden="true">{ICON.self}</span></td>;
        return (
          <td key={col.id} className={change ? `cell ${cell.state} changed` : `cell ${cell.state}`}>
            <button type="button" title={title} aria-label={title} onClick={() => onCell(cell)} data-testid="matrix-cell" data-from={peer.id} data-to={col.id} data-state={cell.state}>
              {ICON[cell.state]}
            </button>
          </td>
        );
      })}
    </tr>
  );
});

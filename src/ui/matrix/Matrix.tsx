// The reachability matrix tab: toolbar, a note when the CNI ignores policies, then the grid. It
// mounts only while its tab shows, so reach runs only then (memoised per cluster and options).
import { useCallback, useEffect, useMemo } from 'react';
import { useFlow } from '../../state/flow.ts';
import { cellFlow, cellKey, lastChange, matrixOf, selectMatrixDiff, selectMatrixHistory, selectMatrixOptions, useMatrix } from '../../state/matrix.ts';
import type { Matrix as MatrixData, MatrixCell } from '../../state/matrix.ts';
import { selectCluster, selectStale, useSim } from '../../state/store.ts';
import { useView } from '../../state/view.ts';
import { exposeForTests } from '../testApi.ts';
import { MatrixGrid } from './MatrixGrid.tsx';
import { MatrixToolbar } from './MatrixToolbar.tsx';
import './matrix.css';

/** A click on a cell: play that flow and show its hops. */
export function playCell(matrix: MatrixData, cell: MatrixCell): string | undefined {
  const choice = cellFlow(matrix, cell);
  if (!choice) return `${cell.from} → ${cell.to} is a self cell: no flow`;
  useFlow.getState().choose(choice);
  useView.getState().setTab('hops');
  return useFlow.getState().error;
}

export function Matrix() {
  const cluster = useSim(selectCluster);
  const stale = useSim(selectStale);
  const options = useMatrix(selectMatrixOptions);
  const diffOn = useMatrix(selectMatrixDiff);
  const history = useMatrix(selectMatrixHistory);
  const matrix = useMemo(() => (cluster ? matrixOf(cluster, options) : undefined), [cluster, options]);
  // The diff walks earlier clusters only when asked for.
  const diff = useMemo(() => (diffOn && matrix ? lastChange(history, matrix, options) : undefined), [diffOn, matrix, history, options]);

  const onCell = useCallback((cell: MatrixCell) => { if (matrix) playCell(matrix, cell); }, [matrix]);

  useEffect(() => {
    if (!matrix) return;
    exposeForTests('matrix', {
      cells: () => [...matrix.cells.values()].map((c) => ({ from: c.from, to: c.to, state: c.state, text: c.text, changed: diff?.changed.has(cellKey(c.from, c.to)) ?? false })),
      clickCell: (from: string, to: string) => {
        const cell = matrix.cells.get(cellKey(from, to));
        return cell ? playCell(matrix, cell) : `no cell ${from} → ${to}`;
      },
    });
  }, [matrix, diff]);

  if (!matrix) return <p className="empty">The scenario has not built yet.</p>;
  return (
    <div className="matrix">
      <MatrixToolbar diff={diff} />
      {stale && <p className="notice" data-testid="matrix-stale">The scenario has errors: this is the last version that built.</p>}
      {matrix.notEnforced && <p className="notice" data-testid="matrix-not-enforced">{matrix.notEnforced}</p>}
      {matrix.total > matrix.peers.length && (
        <p className="notice" data-testid="matrix-capped">
          Showing the first {matrix.peers.length} of {matrix.total} {matrix.options.by === 'pod' ? 'pods' : 'peers'}: a bigger grid is unreadable. Choose “by workload” to see them all.
        </p>
      )}
      {matrix.peers.length === 0
        ? <p className="empty">No workloads or pods to compare{options.includeSystem ? '' : ' (system pods are hidden)'}.</p>
        : <MatrixGrid matrix={matrix} diff={diff} onCell={onCell} />}
    </div>
  );
}

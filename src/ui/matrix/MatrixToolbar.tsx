// The matrix's toolbar: by workload or pod, which port (any, or a protocol and port), system
// pods, the diff toggle with its count, and the legend.
import type { ChangeEvent } from 'react';
import { diffSummary, selectMatrixDiff, selectMatrixOptions, useMatrix } from '../../state/matrix.ts';
import type { MatrixDiff, PortFilter } from '../../state/matrix.ts';
import type { Protocol } from '../../model/objects.ts';

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** `diff`: the last change to the grid; undefined while the toggle is off or nothing changed yet. */
export function MatrixToolbar({ diff }: { readonly diff: MatrixDiff | undefined }) {
  const options = useMatrix(selectMatrixOptions);
  const diffOn = useMatrix(selectMatrixDiff);
  const { setOptions, setDiff } = useMatrix.getState();
  const filter = options.filter;
  // Switching from "any" to a protocol starts at a common application port.
  const port = filter.kind === 'port' ? filter.port : 8080;

  const setProtocol = (e: ChangeEvent<HTMLSelectElement>) => {
    const value = e.target.value;
    const next: PortFilter = value === 'any' ? { kind: 'any' } : { kind: 'port', protocol: value as Protocol, port };
    setOptions({ filter: next });
  };
  const setPort = (e: ChangeEvent<HTMLInputElement>) => {
    const n = Number(e.target.value);
    // Keep the last good port while the field is half typed.
    if (filter.kind === 'port' && Number.isInteger(n) && n >= 1 && n <= 65535) setOptions({ filter: { ...filter, port: n } });
  };

  return (
    <div className="matrix-toolbar" role="group" aria-label="Matrix options">
      <fieldset className="segmented">
        <legend className="sr-only">Peers</legend>
        {(['workload', 'pod'] as const).map((by) => (
          <label key={by} className={options.by === by ? 'on' : ''}>
            <input type="radio" name="matrix-by" value={by} checked={options.by === by} onChange={() => setOptions({ by })} />
            by {by}
          </label>
        ))}
      </fieldset>
      <label>
        Port{' '}
        <select value={filter.kind === 'any' ? 'any' : filter.protocol} onChange={setProtocol} data-testid="matrix-protocol">
          <option value="any">any</option>
          {PROTOCOLS.map((p) => <option key={p} value={p}>{p}</option>)}
        </select>
      </label>
      {filter.kind === 'port' && (
        <input
          key={`${filter.protocol}`}
          className="port" type="number" min={1} max={65535} defaultValue={port}
          aria-label={`${filter.protocol} port`} onChange={setPort} data-testid="matrix-port"
        />
      )}
      <label>
        <input type="checkbox" checked={options.includeSystem} onChange={(e) => setOptions({ includeSystem: e.target.checked })} />
        system pods
      </label>
      <button type="button" className="diff-toggle" aria-pressed={diffOn} onClick={() => setDiff(!diffOn)} data-testid="matrix-diff">
        Diff{diffOn && <span className="count" data-testid="matrix-diff-count">{diffSummary(diff)}</span>}
      </button>
      <ul className="legend" aria-label="Legend">
        <li><span className="mark allowed" aria-hidden="true">✓</span> allowed</li>
        <li><span className="mark denied" aria-hidden="true">✗</span> denied</li>
        <li><span className="mark partial" aria-hidden="true">◐</span> some pods</li>
        {diffOn && <li><span className="mark changed" aria-hidden="true" /> changed since last edit</li>}
      </ul>
    </div>
  );
}

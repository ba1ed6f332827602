// The inspector: the selected graph element, or the hop playback is at, or how to get either.
import { useEffect } from 'react';
import { selectStep, selectTrace, useFlow } from '../../state/flow.ts';
import { selectCluster, useSim } from '../../state/store.ts';
import { selectSelection, useView } from '../../state/view.ts';
import { exposeForTests } from '../testApi.ts';
import { HopInspector } from './HopInspector.tsx';
import { inspectorTestApi } from './inspectorTestApi.ts';
import { ObjectInspector } from './ObjectInspector.tsx';
import './inspector.css';

export function Inspector() {
  const selection = useView(selectSelection);
  const cluster = useSim(selectCluster);
  const trace = useFlow(selectTrace);
  const step = useFlow(selectStep);
  useEffect(() => exposeForTests('inspector', inspectorTestApi), []);

  if (selection?.kind === 'element') {
    return (
      <div className="inspector">
        <nav className="inspector-nav" aria-label="Inspector">
          <button type="button" className="link-button" onClick={() => useView.getState().select(trace ? { kind: 'hop' } : undefined)}>
            {trace ? `← Back to hop ${step + 1}` : '× Close'}
          </button>
        </nav>
        <ObjectInspector id={selection.id} cluster={cluster} />
      </div>
    );
  }
  if (trace) return <div className="inspector"><HopInspector trace={trace} step={step} cluster={cluster} /></div>;
  return (
    <div className="inspector empty-state">
      <h3 className="inspector-title">Inspector</h3>
      <p className="empty">Click a pod, node or Service on the topology to see its addresses, routes and rules.</p>
      <p className="empty">Or run a flow from the bar below: each hop shows its packet, what changed, and the rule that decided.</p>
    </div>
  );
}

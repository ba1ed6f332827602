// The hop playback is at: where, what it did, why a dropped flow ended here, the packet, the rules.
import { useMemo } from 'react';
import type { Trace } from '../../engine/index.ts';
import type { ClusterState } from '../../model/cluster.ts';
import { useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import { useView } from '../../state/view.ts';
import { decidingStep, hopView } from './hopView.ts';
import { PacketView } from './PacketView.tsx';
import { RuleList } from './RuleList.tsx';

const verdictTone: Readonly<Record<string, string>> = {
  pass: 'ok', deliver: 'ok', answer: 'ok', nat: 'change', encap: 'change', decap: 'change', drop: 'bad', reject: 'bad',
};

export function HopInspector({ trace, step, cluster }: { readonly trace: Trace; readonly step: number; readonly cluster: ClusterState | undefined }) {
  const view = useMemo(() => {
    const at = stepsOf(trace)[step];
    return at ? hopView(trace, at, cluster) : undefined;
  }, [trace, step, cluster]);
  const steps = stepsOf(trace);
  const current = steps[step];
  if (!current || !view) return <p className="empty">This flow has no hops.</p>;
  const deciding = decidingStep(steps);
  return (
    <article className="hop-inspector" data-testid="inspector-hop" aria-label={`Hop ${step + 1} of ${steps.length}`}>
      <header className="inspector-head">
        <div>
          <p className="eyebrow">{view.phase} · {view.position}</p>
          <h3 className="inspector-title">Hop {step + 1} of {steps.length}</h3>
        </div>
        <span className={`verdict tone-${verdictTone[view.verdict] ?? 'ok'}`} data-testid="inspector-verdict">{view.verdict}</span>
      </header>
      <p className="where">
        {view.where.map((w, i) => <span key={i} className="chip">{w}</span>)}
        <button type="button" className="link-button inspect-at" onClick={() => useView.getState().select({ kind: 'element', id: current.hop.at })}>
          Inspect {current.hop.at.replace(/^[a-z]+:/, '')}
        </button>
      </p>
      {view.action && <p className="action">{view.action}</p>}
      {view.drop && (
        <section className="drop" role="note" aria-label="Why the flow was dropped" data-testid="inspector-drop">
          <h4>Why it stops here</h4>
          <p>{view.drop.sentence}</p>
          {view.drop.policy.length > 0 && <ul className="policy-sentences">{view.drop.policy.map((s, i) => <li key={i}>{s}</li>)}</ul>}
        </section>
      )}
      {deciding !== undefined && deciding !== step && (
        <p className="go-deciding">
          This flow is {trace.verdict} at hop {deciding + 1}.{' '}
          <button type="button" className="link-button" onClick={() => useFlow.getState().stepTo(deciding)}>Go to that hop</button>
        </p>
      )}
      <h4 className="section-title">Packet {view.fresh ? '(as sent)' : view.diff.changed ? '(changes marked ●)' : '(unchanged)'}</h4>
      <PacketView diff={view.diff} />
      <h4 className="section-title">{view.drop ? 'Deciding rules' : 'Rules'}</h4>
      {view.rules.length ? <RuleList rules={view.rules} /> : <p className="muted">No rule decided this hop: the packet just moves on.</p>}
    </article>
  );
}

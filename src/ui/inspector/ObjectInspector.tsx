// A selected object (pod, node, interface, Service, the outside world) as its view model says.
import { useMemo } from 'react';
import type { ClusterState } from '../../model/cluster.ts';
import { CopyButton } from './CopyButton.tsx';
import { elementView } from './elementView.ts';
import type { Section } from './objectView.ts';
import { YamlLink } from './YamlLink.tsx';

export function ObjectInspector({ id, cluster }: { readonly id: string; readonly cluster: ClusterState | undefined }) {
  const view = useMemo(() => (cluster ? elementView(cluster, id) : undefined), [cluster, id]);
  if (!view) return <p className="empty">Nothing to inspect for <code>{id}</code>: it is not in the current cluster.</p>;
  return (
    <article className="object-inspector" data-testid="inspector-object" aria-label={view.title}>
      <h3 className="inspector-title">{view.title}</h3>
      {view.sentence && <p className="action">{view.sentence}</p>}
      {view.range && <YamlLink range={view.range} what={view.title} />}
      {view.sections.map((s) => <SectionView key={s.title} section={s} />)}
    </article>
  );
}

function SectionView({ section: s }: { readonly section: Section }) {
  return (
    <section className="object-section" aria-label={s.title}>
      <h4 className="section-title">{s.title}</h4>
      {s.facts && s.facts.length > 0 && (
        <dl className="facts">
          {s.facts.map((f) => <div key={f.label}><dt>{f.label}</dt><dd>{f.value}</dd></div>)}
        </dl>
      )}
      {s.chips && s.chips.length > 0 && <p className="chips">{s.chips.map((c) => <span key={c} className="chip mono">{c}</span>)}</p>}
      {s.items && s.items.length > 0 && (
        <ul className="items">
          {s.items.map((item, i) => (
            <li key={i} data-testid="inspector-item">
              <span className="item-text">{item.text}</span>
              {item.detail.length > 0 && <ul className="detail">{item.detail.map((d, j) => <li key={j}>{d}</li>)}</ul>}
              {item.range && <YamlLink range={item.range} what={item.text} />}
            </li>
          ))}
        </ul>
      )}
      {s.output && (
        <div className="output">
          <div className="output-head"><code className="command">$ {s.output.command}</code><CopyButton text={s.output.text} what={s.output.command} /></div>
          <pre tabIndex={0} aria-label={`${s.output.command} output`} data-testid="inspector-output">{s.output.text}</pre>
        </div>
      )}
      {s.note && <p className="muted">{s.note}</p>}
    </section>
  );
}

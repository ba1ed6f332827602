// The rules behind a hop: kind badge, the rule as its tool prints it, the object, and a link to
// the YAML lines when the rule came from the scenario (a NetworkPolicy rule, a Service, a Pod).
import type { RuleView } from './hopView.ts';
import { YamlLink } from './YamlLink.tsx';

export function RuleList({ rules }: { readonly rules: readonly RuleView[] }) {
  return (
    <ul className="rules">
      {rules.map((r, i) => (
        <li key={i} className="rule" data-testid="inspector-rule" data-kind={r.kind}>
          <div className="rule-head">
            <span className={`kind-badge kind-${r.kind === 'NetworkPolicy' ? 'policy' : 'system'}`}>{r.kind}</span>
            {r.words ? <span className="rule-words">{r.words}</span> : r.object && <span className="rule-words">{r.object}</span>}
          </div>
          <code className="rule-text">{r.text}</code>
          {r.range && <YamlLink range={r.range} what={r.words ?? r.object ?? `the ${r.kind} rule`} />}
        </li>
      ))}
    </ul>
  );
}

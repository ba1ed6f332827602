// from [source ▾] to [target ▾] port [ ] proto [▾] ▶ run: a flow built from the cluster's own
// objects. The draft lives in the flow bar so pick-on-graph can fill it too.
import { useMemo } from 'react';
import type { FlowProtocol } from '../../model/objects.ts';
import type { Draft } from './compose.ts';
import { selectCluster, useSim } from '../../state/store.ts';
import type { PickGroup, PickOption } from './options.ts';
import { allOptions, sourceGroups, targetGroups, targetKey } from './options.ts';

const PROTOCOLS: readonly FlowProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP'];

function Picker(props: { label: string; testId: string; value: string; groups: readonly PickGroup[]; keyOf: (o: PickOption) => string; onChange: (value: string) => void }) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="" disabled>{props.label === 'from' ? 'source…' : 'target…'}</option>
        {props.groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => <option key={props.keyOf(o)} value={props.keyOf(o)}>{o.label}</option>)}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

export function Composer(props: { draft: Draft; onDraft: (draft: Draft) => void; onRun: () => void }) {
  const cluster = useSim(selectCluster);
  const sources = useMemo(() => (cluster ? sourceGroups(cluster) : []), [cluster]);
  const targets = useMemo(() => (cluster ? targetGroups(cluster) : []), [cluster]);
  const { draft, onDraft } = props;
  const sourceValue = allOptions(sources).some((o) => o.value === draft.from) ? draft.from : '';
  const targetValue = allOptions(targets).some((o) => targetKey(o) === draft.to) ? draft.to : '';
  return (
    <form className="composer" aria-label="Compose a flow" onSubmit={(e) => { e.preventDefault(); props.onRun(); }}>
      <Picker label="from" testId="pick-source" value={sourceValue} groups={sources} keyOf={(o) => o.value} onChange={(from) => onDraft({ ...draft, from })} />
      <Picker
        label="to" testId="pick-target" value={targetValue} groups={targets} keyOf={targetKey}
        onChange={(key) => {
          const option = allOptions(targets).find((o) => targetKey(o) === key);
          onDraft({ ...draft, to: key, port: option?.port !== undefined ? String(option.port) : draft.port, protocol: option?.protocol ?? draft.protocol });
        }}
      />
      <label className="field">
        <span className="field-label">port</span>
        <input data-testid="pick-port" className="port" inputMode="numeric" value={draft.protocol === 'ICMP' ? '' : draft.port}
          disabled={draft.protocol === 'ICMP'} onChange={(e) => onDraft({ ...draft, port: e.target.value.replace(/\D/g, '') })} />
      </label>
      <label className="field">
        <span className="sr-only">protocol</span>
        <select data-testid="pick-protocol" value={draft.protocol} onChange={(e) => onDraft({ ...draft, protocol: e.target.value as FlowProtocol })}>
          {PROTOCOLS.map((p) => <option key={p} value={p}>{p === 'ICMP' ? 'ICMP (ping)' : p}</option>)}
        </select>
      </label>
      <button type="submit" className="run" data-testid="run" disabled={!draft.from || !draft.to}>▶ run</button>
    </form>
  );
}

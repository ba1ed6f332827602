// The flow bar's draft (pickers) and typed command, turned into a FlowChoice. Pure.
import type { Result } from '../../engine/index.ts';
import type { ClusterState } from '../../model/cluster.ts';
import type { FlowProtocol } from '../../model/objects.ts';
import type { FlowChoice } from '../../state/choices.ts';
import { commandChoice, pickedChoice } from '../../state/choices.ts';
import { allOptions, pickedSpec, targetGroups, targetKey } from './options.ts';

export interface Draft {
  /** A source reference (picker value), or '' when none is picked. */
  readonly from: string;
  /** A target key (targetKey), or ''. */
  readonly to: string;
  readonly port: string;
  readonly protocol: FlowProtocol;
}

export const EMPTY_DRAFT: Draft = { from: '', to: '', port: '', protocol: 'TCP' };

/** The namespace a source reference lives in (`shop/…`), for references without one. */
const namespaceOf = (from: string): string => (from.split('/').length >= 2 && !from.startsWith('node/') ? from.split('/')[0]! : 'default');

export function draftChoice(draft: Draft, cluster: ClusterState): Result<FlowChoice> {
  if (!draft.from) return { ok: false, error: 'pick a source first' };
  const target = allOptions(targetGroups(cluster)).find((o) => targetKey(o) === draft.to);
  if (!target) return { ok: false, error: 'pick a target first' };
  const port = draft.port === '' ? undefined : Number(draft.port);
  if (draft.protocol !== 'ICMP' && !target.url && (port === undefined || port < 1 || port > 65535)) {
    return { ok: false, error: 'give a port between 1 and 65535' };
  }
  return { ok: true, value: pickedChoice(pickedSpec(draft.from, target, port, draft.protocol), namespaceOf(draft.from)) };
}

/** A typed command: `kubectl exec …` names its client; a bare tool runs from the picked source, else from outside. */
export function typedChoice(text: string, draft: Draft): Result<FlowChoice> {
  return commandChoice(text, draft.from || undefined);
}

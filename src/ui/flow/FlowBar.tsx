// The flow bar (DESIGN.md picture): saved flows, the pickers, a command box, pick-on-graph,
// playback and the verdict. It also owns playback's timer, the playback keys and first load.
import { useCallback, useEffect, useState } from 'react';
import { firstFlow, savedFlows } from '../../state/choices.ts';
import { selectChoice, selectFlowError, useFlow } from '../../state/flow.ts';
import { selectCluster, useSim } from '../../state/store.ts';
import { exposeForTests } from '../testApi.ts';
import type { Draft } from './compose.ts';
import { EMPTY_DRAFT, draftChoice, typedChoice } from './compose.ts';
import { Composer } from './Composer.tsx';
import { GraphPick } from './GraphPick.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import type { PickOption } from './options.ts';
import { allOptions, flowProblem, sourceGroups, targetKey } from './options.ts';
import { Playback } from './Playback.tsx';
import { SavedFlows } from './SavedFlows.tsx';
import { usePlayback, usePlaybackKeys } from './usePlayback.ts';
import { VerdictChip } from './VerdictChip.tsx';
import './flowbar.css';

/** First load: play the first saved flow to delivery, or show it paused for reduced motion. */
function useFirstFlow(): void {
  useEffect(() => {
    const { cluster } = useSim.getState();
    if (!cluster || useFlow.getState().choice) return;
    const choice = firstFlow(savedFlows(cluster));
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    if (choice) useFlow.getState().choose(choice, !still);
  }, []);
}

export function FlowBar() {
  usePlayback();
  usePlaybackKeys();
  useFirstFlow();
  const cluster = useSim(selectCluster);
  const flowError = useFlow(selectFlowError);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [command, setCommand] = useState('');
  const choice = useFlow(selectChoice);
  // A command or draft that could not run; it is shown until another flow is chosen.
  const [failed, setFailed] = useState<{ readonly error: string; readonly during: string | undefined } | undefined>(undefined);
  const inputError = failed && failed.during === choice?.id ? failed.error : undefined;

  const run = useCallback((result: ReturnType<typeof draftChoice>) => {
    if (!result.ok) {
      setFailed({ error: result.error, during: useFlow.getState().choice?.id });
      return;
    }
    setFailed(undefined);
    useFlow.getState().choose(result.value);
  }, []);

  const onPicked = useCallback((source: PickOption, target: PickOption) => {
    const next: Draft = { from: source.value, to: targetKey(target), port: target.port !== undefined ? String(target.port) : '', protocol: target.protocol ?? 'TCP' };
    setDraft(next);
    if (cluster) run(draftChoice(next, cluster));
  }, [cluster, run]);

  // The graph is a canvas: tests read the picker's sources (pod ids and all) here.
  useEffect(() => exposeForTests('flowSources', () => {
    const c = useSim.getState().cluster;
    return c ? allOptions(sourceGroups(c)).map((o) => o.value) : [];
  }), []);

  const error = inputError ?? (flowError && cluster ? flowProblem(choice, flowError, cluster) : flowError);
  return (
    <section className="flowbar" data-testid="flowbar" aria-label="Flow">
      <div className="flowbar-row">
        <SavedFlows />
        <Composer draft={draft} onDraft={setDraft} onRun={() => cluster && run(draftChoice(draft, cluster))} />
        <GraphPick onPicked={onPicked} />
        <ExportMenu />
      </div>
      <div className="flowbar-row">
        <form className="command" aria-label="Type a command" onSubmit={(e) => { e.preventDefault(); run(typedChoice(command, draft)); }}>
          <label className="sr-only" htmlFor="flow-command">Command</label>
          <input id="flow-command" data-testid="flow-command" className="command-input" spellCheck={false} autoComplete="off" value={command}
            placeholder="kubectl exec -n shop deploy/frontend -- curl http://backend:8080/   (Enter runs)"
            aria-invalid={inputError !== undefined} aria-describedby={error ? 'flow-error' : undefined}
            onChange={(e) => setCommand(e.target.value)} />
        </form>
        <Playback />
        <VerdictChip />
      </div>
      {error && <p id="flow-error" className="flow-error" role="alert" data-testid="flow-error" title={error}>{error}</p>}
    </section>
  );
}

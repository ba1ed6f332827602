import { describe, expect, it } from 'vitest';
import { trace } from '../../../src/engine/index.ts';
import { commandChoice } from '../../../src/state/choices.ts';
import { stepsOf } from '../../../src/state/hops.ts';
import { graphModel } from '../../../src/ui/graph/model.ts';
import { trailOf } from '../../../src/ui/graph/trail.ts';
import { exampleWith } from './fixtures.ts';

const cluster = exampleWith();
const model = graphModel(cluster);
const stepsFor = (command: string) => {
  const choice = commandChoice(command);
  if (!choice.ok) throw new Error(choice.error);
  const t = trace(cluster, choice.value.spec, { seed: 1, namespace: choice.value.namespace });
  if (!t.ok) throw new Error(t.error);
  return stepsOf(t.value);
};

describe('trailOf', () => {
  const steps = stepsFor('kubectl exec -n shop deploy/frontend -- curl http://backend:8080/');

  it('highlights the drawn element of every hop, from the first to the last', () => {
    for (const s of steps) expect(trailOf(model, steps, s.index)?.current).toBeDefined();
    expect(trailOf(model, steps, 0)!.current).toMatch(/^pod:shop\/frontend-/);
    expect(trailOf(model, steps, steps.length - 1)!.current).toMatch(/^pod:shop\/frontend-/);
    expect(trailOf(model, steps, steps.length)).toBeUndefined();
  });

  it('draws the current phase’s path without repeats and colours it by the phase', () => {
    const request = steps.filter((s) => s.phase.kind === 'request');
    const last = request[request.length - 1]!;
    const trail = trailOf(model, steps, last.index)!;
    expect(trail.kind).toBe('request');
    expect(trail.path[0]).toMatch(/^pod:shop\/frontend-/);
    expect(trail.path).toContain('underlay');
    expect(trail.path[trail.path.length - 1]).toMatch(/^pod:shop\/backend-/);
    trail.path.forEach((id, i) => expect(id).not.toBe(trail.path[i - 1]));
  });

  it('marks a dropped hop', () => {
    // The example's default-deny lets nothing reach the db but the backend.
    const denied = stepsFor('kubectl exec -n shop deploy/frontend -- nc -z db 5432');
    const last = denied[denied.length - 1]!;
    expect(last.hop.verdict === 'drop' || last.hop.verdict === 'reject').toBe(true);
    expect(trailOf(model, denied, last.index)!.dropped).toBe(true);
    expect(trailOf(model, denied, 0)!.dropped).toBe(false);
  });
});

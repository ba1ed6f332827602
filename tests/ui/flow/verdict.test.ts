import { describe, expect, it } from 'vitest';
import { exampleScenario } from '../../../src/scenarios/index.ts';
import { commandChoice } from '../../../src/state/choices.ts';
import { traceOf } from '../../../src/state/flow.ts';
import { compute } from '../../../src/state/store.ts';
import { decidingHop, decidingRules, expectation, flowBadge, hopBadge } from '../../../src/ui/flow/verdict.ts';
import { phaseTone, summaryOf } from '../../../src/ui/hops/summary.ts';

const cluster = compute(exampleScenario.yaml, undefined).cluster!;
const traced = (command: string) => {
  const choice = commandChoice(command);
  if (!choice.ok) throw new Error(choice.error);
  const { trace, error } = traceOf(cluster, choice.value, 1);
  if (!trace) throw new Error(error);
  return trace;
};

describe('badges', () => {
  it('gives every verdict an icon and a word, never colour alone', () => {
    for (const v of ['delivered', 'dropped', 'rejected', 'nxdomain', 'not-found', 'unavailable', 'unreachable'] as const) {
      expect(flowBadge(v).icon).not.toBe('');
      expect(flowBadge(v).text).not.toBe('');
    }
    expect(flowBadge('rejected').text).toBe('refused');
    expect(hopBadge('drop').tone).toBe('bad');
    expect(hopBadge('deliver').tone).toBe('ok');
  });

  it.each([
    ['delivered', undefined, undefined],
    ['delivered', 'delivered', { met: true, text: 'as expected' }],
    ['delivered', 'dropped', { met: false, text: '✗ expected dropped' }],
  ] as const)('%s against expect %s', (verdict, expect_, result) => {
    expect(expectation(verdict, expect_)).toEqual(result);
  });
});

describe('deciding rules', () => {
  it('names the policies behind a NetworkPolicy drop', () => {
    const trace = traced('kubectl exec -n shop deploy/frontend -- nc -z db 5432');
    expect(trace.verdict).toBe('dropped');
    expect(decidingHop(trace)?.verdict).toBe('drop');
    expect(decidingRules(trace)).toBe('Decided by NetworkPolicy shop/allow-backend-to-db and NetworkPolicy shop/default-deny-ingress.');
    expect(summaryOf(trace)).toMatchObject({ verdict: 'dropped', rules: decidingRules(trace) });
    expect(summaryOf(trace).reason).toMatch(/Dropped by NetworkPolicy/);
  });

  it('names nothing for a delivered flow', () => {
    const trace = traced('kubectl exec -n shop deploy/frontend -- curl http://backend:8080/');
    expect(decidingRules(trace)).toBeUndefined();
    expect(summaryOf(trace).rules).toBeUndefined();
    expect(trace.phases.map(phaseTone)).toEqual(['dns', 'request', 'reply']);
  });
});

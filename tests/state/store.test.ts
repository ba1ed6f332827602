import { describe, expect, it } from 'vitest';
import { exampleScenario } from '../../src/scenarios/index.ts';
import { compute, SCENARIO_NAME, selectCluster, selectDiagnostics, useSim } from '../../src/state/store.ts';

const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: nginx
`;
const broken = `${pod('a')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [b\n`;

describe('compute', () => {
  it('parses and builds a clean text', () => {
    const s = compute(pod('a'), undefined);
    expect(s.stale).toBe(false);
    expect(s.failure).toBeUndefined();
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(s.cluster?.pods.some((p) => p.id === 'default/a')).toBe(true);
  });

  it('keeps the last cluster, marked stale, when the new text has errors', () => {
    const good = compute(pod('a'), undefined);
    const bad = compute(broken, good.cluster);
    expect(bad.cluster).toBe(good.cluster);
    expect(bad.stale).toBe(true);
    expect(bad.text).toBe(broken);
    const syntax = bad.diagnostics.find((d) => d.code === 'yaml-syntax');
    // The editor's text is named, and the error is at or after the broken line 13.
    expect(syntax?.range.file).toBe(SCENARIO_NAME);
    expect(syntax?.range.startLine).toBeGreaterThanOrEqual(13);
  });

  it('with no earlier cluster, shows what the erroneous text can build', () => {
    const s = compute(broken, undefined);
    expect(s.stale).toBe(false);
    expect(s.cluster?.pods.some((p) => p.id === 'default/a')).toBe(true);
  });

  it('a fixed text replaces the stale cluster', () => {
    const good = compute(pod('a'), undefined);
    const bad = compute(broken, good.cluster);
    const fixed = compute(`${pod('a')}---\n${pod('b')}`, bad.cluster);
    expect(fixed.stale).toBe(false);
    expect(fixed.cluster).not.toBe(good.cluster);
    expect(fixed.cluster?.pods.some((p) => p.id === 'default/b')).toBe(true);
  });
});

describe('useSim', () => {
  it('starts with the example scenario, built without errors', () => {
    const s = useSim.getState();
    expect(s.text).toBe(exampleScenario.yaml);
    expect(s.stale).toBe(false);
    expect(selectDiagnostics(s).filter((d) => d.severity === 'error')).toEqual([]);
    expect(selectCluster(s)?.pods.length).toBeGreaterThan(0);
  });

  it('setText with the same text changes nothing; a new text recomputes', () => {
    const before = useSim.getState();
    before.setText(before.text);
    expect(useSim.getState()).toBe(before);
    before.setText(broken);
    const after = useSim.getState();
    expect(after.stale).toBe(true);
    expect(after.cluster).toBe(before.cluster);
    after.setText(exampleScenario.yaml);
    expect(useSim.getState().stale).toBe(false);
  });
});

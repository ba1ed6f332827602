import { describe, expect, it } from 'vitest';
import type { RuleRef } from '../../../src/engine/index.ts';
import { stepsOf } from '../../../src/state/hops.ts';
import { decidingStep, hopView, ruleView } from '../../../src/ui/inspector/hopView.ts';
import { exampleCluster, savedTrace } from './example.ts';

const cluster = exampleCluster();

describe('ruleView', () => {
  const policy = { kind: 'NetworkPolicy', namespace: 'shop', name: 'allow-web' } as const;
  const range = { doc: 3, startLine: 10, startCol: 7, endLine: 14, endCol: 21 };
  it.each<{ name: string; ref: RuleRef; words?: string; object?: string }>([
    {
      name: 'a numbered policy rule names its direction, number and policy',
      ref: { kind: 'NetworkPolicy', object: policy, rule: 2, text: 'NetworkPolicy shop/allow-web ingress rule #2 (from podSelector app=a; TCP 80)', range },
      words: 'ingress rule 2 of NetworkPolicy shop/allow-web', object: 'NetworkPolicy shop/allow-web',
    },
    {
      name: 'an isolating policy without a rule says none of its rules admits the connection',
      ref: { kind: 'NetworkPolicy', object: policy, text: 'NetworkPolicy shop/allow-web selects the pod and lists Egress in policyTypes' },
      words: 'NetworkPolicy shop/allow-web isolates the pod, and none of its rules admits this connection', object: 'NetworkPolicy shop/allow-web',
    },
    {
      name: 'a numbered iptables rule names its chain',
      ref: { kind: 'iptables', rule: 5, text: '-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -j KUBE-SVC-X' },
      words: 'rule 5 of chain KUBE-SERVICES',
    },
    { name: 'a route has no words beyond its text', ref: { kind: 'route', text: 'default via 10.244.1.1 dev eth0' } },
  ])('$name', ({ ref, words, object }) => {
    const v = ruleView(ref);
    expect(v.text).toBe(ref.text);
    expect(v.words).toBe(words);
    expect(v.object).toBe(object);
    expect(v.range).toEqual(ref.range);
  });
});

describe('hopView on the example', () => {
  it('the first hop shows the packet as sent, nothing marked', () => {
    const trace = savedTrace(cluster, 'frontend-to-backend');
    const v = hopView(trace, stepsOf(trace)[0]!, cluster);
    expect(v.fresh).toBe(true);
    expect(v.diff.changed).toBe(false);
    expect(v.position).toBe(`hop 1 of ${trace.phases[0]!.hops.length}`);
    expect(v.drop).toBeUndefined();
  });

  it('kube-proxy DNAT of the DNS query marks the new destination and keeps the iptables rules', () => {
    const trace = savedTrace(cluster, 'frontend-to-backend');
    const step = stepsOf(trace).find((s) => s.hop.verdict === 'nat')!;
    const v = hopView(trace, step, cluster);
    const ip = v.diff.frame.layers.find((l) => l.type === 'ipv4')!;
    expect(ip.fields.find((f) => f.name === 'dst')).toMatchObject({ changed: true, old: '10.96.0.10' });
    expect(v.where).toEqual(['node-1', 'nat PREROUTING', 'netfilter']);
    expect(v.rules.map((r) => r.kind)).toContain('iptables');
    expect(v.rules.some((r) => r.text.includes('-j DNAT --to-destination'))).toBe(true);
  });

  it('CoreDNS\u2019s answer is a new packet, shown as sent rather than as a rewrite of the query', () => {
    const trace = savedTrace(cluster, 'frontend-to-backend');
    const v = hopView(trace, stepsOf(trace).find((s) => s.hop.verdict === 'answer')!, cluster);
    expect(v.fresh).toBe(true);
    expect(v.diff.changed).toBe(false);
    expect(v.diff.removed).toEqual([]);
  });

  it('a delivered flow has no deciding step', () => {
    expect(decidingStep(stepsOf(savedTrace(cluster, 'frontend-to-backend')))).toBeUndefined();
  });

  it('a dropped flow: the deciding hop carries the reason and the policy verdicts once each', () => {
    const trace = savedTrace(cluster, 'browser-to-api');
    expect(trace.verdict).toBe('dropped');
    const steps = stepsOf(trace);
    const index = decidingStep(steps)!;
    expect(steps[index]!.hop.verdict).toBe('drop');
    const v = hopView(trace, steps[index]!, cluster);
    expect(v.drop?.sentence).toBe(trace.reason);
    for (const s of v.drop!.policy) expect(trace.reason).not.toContain(s);
    expect(v.rules.some((r) => r.kind === 'NetworkPolicy' && r.range !== undefined)).toBe(true);
  });
});

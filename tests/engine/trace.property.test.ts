// Properties of trace() on the example scenario, over generated flows: it never throws, every
// trace ends with a verdict and a sentence, the same seed gives the same trace, and the state is
// never mutated (STYLE.md habit 7).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trace } from '../../src/engine/trace.ts';
import type { FlowSpec } from '../../src/engine/types.ts';
import { state } from './trace-fixtures.ts';

const example = state(readFileSync(new URL('../../src/scenarios/example.yaml', import.meta.url), 'utf8'));
const verdicts = ['delivered', 'dropped', 'rejected', 'nxdomain', 'not-found', 'unavailable', 'unreachable'];

const sources = [...example.pods.filter((p) => p.ip !== undefined).map((p) => p.id), 'external', 'node/node-1', 'node/control-plane'];
const hosts = [
  ...example.pods.flatMap((p) => (p.ip ? [p.ip] : [])), ...example.services.flatMap((s) => [s.name, `${s.name}.${s.namespace}`, ...(s.clusterIP ? [s.clusterIP] : []), ...s.loadBalancerIPs]),
  ...example.nodes.map((n) => n.address), 'shop.example.com', 'example.com', 'nosuch', '203.0.113.99', '127.0.0.1', 'localhost', '10.96.200.1', '10.244.9.9',
];

const flow: fc.Arbitrary<FlowSpec> = fc.record({
  from: fc.constantFrom(...sources),
  host: fc.constantFrom(...hosts),
  port: fc.oneof(fc.constantFrom(53, 80, 443, 5432, 8080, 9153, 30080), fc.integer({ min: 1, max: 65535 })),
  protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const, 'ICMP' as const),
  kind: fc.constantFrom('plain', 'http', 'lookup'),
}).map(({ from, host, port, protocol, kind }): FlowSpec => {
  if (kind === 'lookup') return { from, to: host, protocol: 'UDP', lookupOnly: true };
  if (kind === 'http') return { from, to: `http://${host}:${port}/x`, port, protocol: 'TCP', http: { method: 'GET', path: '/x', tls: false } };
  return protocol === 'ICMP' ? { from, to: host, protocol } : { from, to: host, port, protocol };
});

describe('trace properties', () => {
  it('never throws; a verdict and a sentence; deterministic per seed; the state is untouched', () => {
    const before = JSON.stringify(example);
    fc.assert(fc.property(flow, fc.integer({ min: 0, max: 1000 }), (f, seed) => {
      const a = trace(example, f, { seed });
      if (!a.ok) return expect(a.error.length).toBeGreaterThan(0);
      expect(verdicts).toContain(a.value.verdict);
      expect(a.value.reason).toMatch(/\S.*[.)]$/);
      expect(trace(example, f, { seed })).toEqual(a);
      if (a.value.verdict === 'delivered' && !f.lookupOnly) expect(a.value.phases.some((p) => p.kind === 'request' || p.kind === 'icmp')).toBe(true);
    }), { numRuns: 150 });
    expect(JSON.stringify(example)).toBe(before);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { lines, run } from './harness.ts';

// A parser that throws stands for any bug in a kind parser: it must cost that object only.
vi.mock('../../src/parse/secret.ts', () => ({
  parseSecret: () => { throw new Error('boom'); },
}));

describe('a kind parser that throws', () => {
  it('loses only its own object, with an internal-error on it', () => {
    const ns = (name: string): string => lines('apiVersion: v1', 'kind: Namespace', `metadata: {name: ${name}}`);
    const r = run(`${ns('a')}\n---\n${lines('apiVersion: v1', 'kind: Secret', 'metadata: {name: s}')}\n---\n${ns('b')}`);
    expect(r.rows).toEqual([['error', 'internal-error', '', 5, 1]]);
    expect(r.diagnostics[0]?.message).toMatch(/failed while reading this Secret \(boom\)/);
    expect(r.diagnostics[0]?.object).toBe('Secret default/s');
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });
});

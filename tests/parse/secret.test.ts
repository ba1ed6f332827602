import { describe, expect, it } from 'vitest';
import { lines, one, run } from './harness.ts';

describe('Secret', () => {
  it.each([
    ['type defaults to Opaque', [], 'Opaque'],
    ['type kept', ['type: kubernetes.io/tls'], 'kubernetes.io/tls'],
  ])('%s', (_name, extra, type) => {
    const r = run(lines('apiVersion: v1', 'kind: Secret', 'metadata: {name: creds}', ...extra));
    expect(r.rows).toEqual([]);
    expect(one(r, 'Secret').type).toBe(type);
  });

  it('drops data and stringData entirely: no secret value survives parsing', () => {
    const r = run(lines('apiVersion: v1', 'kind: Secret', 'metadata: {name: creds}', 'data: {password: aHVudGVyMg==}', 'stringData: {token: hunter2}'));
    const s = one(r, 'Secret');
    expect(Object.keys(s).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'source', 'type']);
    expect(JSON.stringify({ ...s, source: undefined })).not.toMatch(/hunter2|aHVudGVyMg/);
  });
});

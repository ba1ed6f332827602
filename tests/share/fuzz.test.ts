// Hostile links: whatever the fragment, decodeShare answers (never throws) and quickly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { decodeShare, encodeShare } from '../../src/share/index.ts';
import { toBase64url } from '../../src/share/base64url.ts';
import { full } from './sample.ts';

const valid = encodeShare(full);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const answers = (fragment: string): void => {
  const r = decodeShare(fragment);
  expect(typeof r.ok).toBe('boolean');
  if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
};

describe('decodeShare under fuzzing', () => {
  it('any string', () => fc.assert(fc.property(fc.string({ maxLength: 400 }), answers), { numRuns: 500 }));
  it('truncated links', () => fc.assert(fc.property(fc.nat(valid.length), (n) => answers(valid.slice(0, n)))));
  it('one character changed', () => fc.assert(fc.property(fc.nat(valid.length - 1), fc.constantFrom(...BASE64URL), (i, c) => answers(valid.slice(0, i) + c + valid.slice(i + 1)))));
  it('random bytes behind v1.', () => fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => answers('v1.' + toBase64url(b))), { numRuns: 300 }));
  it('deflated random bytes behind v1.', () => fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => answers('v1.' + toBase64url(deflateSync(b)))), { numRuns: 300 }));
  it('deflated random JSON behind v1.', () => fc.assert(fc.property(fc.jsonValue(), (j) => answers('v1.' + toBase64url(deflateSync(new TextEncoder().encode(JSON.stringify(j))))))));
  it('wrong versions', () => fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }).filter((n) => n !== 1), (n) => answers(`v${n}.${valid.slice(3)}`))));
  it('huge base64url', () => answers('v1.' + 'A'.repeat(1_900_000)));
});

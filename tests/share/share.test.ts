import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { decodeShare, encodeShare, isShareFragment } from '../../src/share/index.ts';
import { fromBase64url, toBase64url } from '../../src/share/base64url.ts';
import fixtures from './fixtures.v1.json' with { type: 'json' };
import { full, minimal, settings } from './sample.ts';

const pack = (json: string): string => 'v1.' + toBase64url(deflateSync(strToU8(json), { level: 9 }));
const errorOf = (fragment: string): string => {
  const r = decodeShare(fragment);
  if (r.ok) throw new Error(`expected an error for ${fragment.slice(0, 40)}`);
  return r.error;
};

describe('share links', () => {
  it.each([['full', full], ['minimal', minimal]])('round-trips the %s state', (_name, state) => {
    const link = encodeShare(state);
    expect(link.startsWith('v1.')).toBe(true);
    expect(link).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(decodeShare(link)).toEqual({ ok: true, value: state });
  });

  it.each(fixtures.fixtures.map((f) => [f.name, f] as const))('still opens the v1 fixture %s', (_name, f) => {
    expect(decodeShare(f.link)).toEqual({ ok: true, value: f.state });
  });

  it('compresses the example-sized scenario well below the chat limit', () => {
    const text = Array.from({ length: 60 }, (_, i) => `  - name: item-${i}\n    port: ${8000 + i}`).join('\n');
    expect(encodeShare({ ...minimal, text }).length).toBeLessThan(text.length / 2);
  });

  it.each([
    ['no version', 'eJzLSM3JyQcABiwCFQ', /not a kube-netsim share link/],
    ['a newer version', 'v2.abc', /format v2.*newer kube-netsim/],
    ['not base64url', 'v1.ab+c/d==', /characters a link cannot have/],
    ['an impossible length', 'v1.abcde', /characters a link cannot have/],
    ['truncated', fixtures.fixtures[0]!.link.slice(0, 62), /cut short or corrupt/],
    ['not JSON', pack('{"text": '), /not readable/],
    ['JSON of the wrong shape', pack('[1,2]'), /link: expected an object/],
    ['an unknown field', pack(JSON.stringify({ ...minimal, extra: 1 })), /unknown field "extra"/],
    ['a bad enum', pack(JSON.stringify({ ...minimal, settings: { ...settings, proxyMode: 'bpf' } })), /settings.proxyMode: expected one of/],
    ['a bad port', pack(JSON.stringify({ ...full, flow: { kind: 'picked', namespace: 'x', spec: { from: 'a', to: 'b', protocol: 'TCP', port: 70000 } } })), /flow.spec.port/],
    ['a bad flow kind', pack(JSON.stringify({ ...minimal, flow: { kind: 'guess' } })), /flow.kind/],
    ['a negative hop', pack(JSON.stringify({ ...minimal, hop: { step: -1, at: 'x', verdict: 'pass' } })), /hop.step/],
  ])('refuses %s with a clear message', (_name, fragment, message) => {
    expect(errorOf(fragment)).toMatch(message);
  });

  it('refuses a decompression bomb without unpacking it all', () => {
    const bomb = pack(`{"text":"${'a'.repeat(10_000_000)}"}`);
    expect(bomb.length).toBeLessThan(100_000);
    expect(errorOf(bomb)).toMatch(/more than 2 MB/);
  });

  it('refuses a huge fragment at once', () => {
    expect(errorOf('v1.' + 'A'.repeat(3_000_000))).toMatch(/far too long/);
  });

  it.each([['v1.x', true], ['v12.x', true], ['', false], ['hops', false], ['view=graph', false]])('isShareFragment(%j) is %s', (f, yes) => {
    expect(isShareFragment(f)).toBe(yes);
  });

  it('base64url round-trips every length', () => {
    for (let n = 0; n < 10; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 200) & 255);
      expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
    }
  });
});

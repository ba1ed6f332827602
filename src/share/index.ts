// Scenario ⇄ URL fragment (DESIGN.md layer `share`; TOOLCHAIN.md #9): JSON → deflate level 9 →
// base64url, behind an explicit format version, `v1.`. A link made today must open for years:
// a new format gets a new prefix and this file keeps reading every older one (the fixtures in
// tests/share/ keep that promise). Decoding never throws and is bounded in time and memory.
import { deflateSync, strFromU8, strToU8 } from 'fflate';
import { fromBase64url, toBase64url } from './base64url.ts';
import { inflateCapped } from './inflate.ts';
import type { Result } from './result.ts';
import { validateShared } from './validate.ts';
import type { SharedState } from './types.ts';

export type * from './types.ts';
export type { Result } from './result.ts';

export const FORMAT_PREFIX = 'v1.';
/** Decompressed JSON larger than this is refused (a decompression bomb, not a scenario). */
export const MAX_UNPACKED = 2_000_000;
/** A fragment this long is refused before any work: no browser or server passes more. */
export const MAX_FRAGMENT = 2_000_000;

export function encodeShare(state: SharedState): string {
  return FORMAT_PREFIX + toBase64url(deflateSync(strToU8(JSON.stringify(state)), { level: 9 }));
}

/** True when `fragment` looks like a share link (any version), so the app should try to open it. */
export function isShareFragment(fragment: string): boolean {
  return /^v\d+\./.test(fragment);
}

export function decodeShare(fragment: string): Result<SharedState> {
  if (fragment.length > MAX_FRAGMENT) return { ok: false, error: 'the link is far too long to be a kube-netsim link' };
  const version = /^v(\d+)\./.exec(fragment);
  if (!version) return { ok: false, error: 'this is not a kube-netsim share link (it should start with "v1.")' };
  if (version[0] !== FORMAT_PREFIX) return { ok: false, error: `the link uses format v${version[1]}, which this version of kube-netsim does not know (it reads v1); open it with a newer kube-netsim` };
  const bytes = fromBase64url(fragment.slice(FORMAT_PREFIX.length));
  if (!bytes) return { ok: false, error: 'the link is damaged (it has characters a link cannot have, or was cut short)' };
  const unpacked = inflateCapped(bytes, MAX_UNPACKED);
  if (!unpacked.ok) return unpacked;
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(unpacked.value));
  } catch {
    return { ok: false, error: 'the link is damaged (its content is not readable)' };
  }
  return validateShared(json);
}

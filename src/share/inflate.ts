// Decompression with a cap. fflate's inflateSync has no output limit, so a few kilobytes of
// hostile link could ask for gigabytes; the streaming Inflate is fed small slices and stopped as
// soon as the output passes the cap. A deflate slice of 1 KiB inflates to at most ~1 MiB
// (deflate's ratio tops out near 1032:1), which bounds the memory of one step.
import { Inflate } from 'fflate';
import type { Result } from './result.ts';

const SLICE = 1024;

export function inflateCapped(input: Uint8Array, cap: number): Result<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const stream = new Inflate((data) => {
    size += data.length;
    if (size <= cap) parts.push(data);
  });
  try {
    for (let i = 0; i < input.length && size <= cap; i += SLICE) {
      const end = Math.min(i + SLICE, input.length);
      stream.push(input.subarray(i, end), end === input.length);
    }
    if (input.length === 0) stream.push(input, true);
  } catch {
    return { ok: false, error: 'the link is damaged (its compressed data is cut short or corrupt)' };
  }
  if (size > cap) return { ok: false, error: `the link unpacks to more than ${Math.round(cap / 1e6)} MB, more than any scenario needs` };
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { ok: true, value: out };
}

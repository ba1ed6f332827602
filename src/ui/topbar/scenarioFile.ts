// Reading a file someone opened or dropped: text if it is a scenario we can show, otherwise a
// message that says why not. Anything that is not UTF-8 text is refused before it can replace
// the person's work; YAML with mistakes still opens (the editor shows them).
import type { Result } from '../../engine/index.ts';
import { LIMITS } from '../../parse/yaml.ts';

export interface FileLike {
  readonly name: string;
  readonly size: number;
  readonly arrayBuffer: () => Promise<ArrayBuffer>;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const refusal = (name: string, why: string): Result<string> => ({ ok: false, error: `Could not open ${name}: ${why} Your scenario is unchanged.` });
const tooBig = (bytes: number): string => `it is ${mb(bytes)}; scenarios can be at most ${mb(LIMITS.maxChars)}.`;

/** Pure check of the bytes; `name` only for the message. */
export function decodeScenario(name: string, bytes: Uint8Array): Result<string> {
  const refuse = (why: string): Result<string> => refusal(name, why);
  if (bytes.length > LIMITS.maxChars) return refuse(tooBig(bytes.length));
  if (bytes.length === 0) return refuse('the file is empty.');
  // NUL bytes never occur in YAML or JSON text; they mark images, archives, executables.
  if (bytes.includes(0)) return refuse('it is a binary file, not YAML text.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse('it is not UTF-8 text. Save it as UTF-8 and open it again.');
  }
  // A UTF-8 byte order mark is legal but would show up as the first character of the editor.
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return refuse('it contains only blank space.');
  return { ok: true, value: text };
}

export async function readScenarioFile(file: FileLike): Promise<Result<string>> {
  // Checked before reading: a 2 GB video must not be loaded into memory first.
  if (file.size > LIMITS.maxChars) return refusal(file.name, tooBig(file.size));
  try {
    return decodeScenario(file.name, new Uint8Array(await file.arrayBuffer()));
  } catch {
    return { ok: false, error: `Could not read ${file.name}; the browser refused it. Your scenario is unchanged.` };
  }
}

// `-f PATH…` → SourceText[]: files as given, directories recursively in sorted order (so
// output never depends on the file system's listing order), `-f -` for standard input.
import { isAbsolute, join, resolve } from 'node:path';
import type { SourceText } from '../model/objects.ts';
import type { CliIO } from './io.ts';

export const STDIN_NAME = '<stdin>';
const MANIFEST = /\.(ya?ml|json)$/i;

export type InputsResult =
  | { readonly ok: true; readonly sources: readonly SourceText[] }
  | { readonly ok: false; readonly message: string };

export async function readInputs(paths: readonly string[], io: CliIO): Promise<InputsResult> {
  const sources: SourceText[] = [];
  let stdinRead = false;
  for (const path of paths) {
    if (path === '-') {
      if (stdinRead) return { ok: false, message: '-f - can be given only once' };
      stdinRead = true;
      try {
        sources.push({ name: STDIN_NAME, text: await io.readStdin() });
      } catch (e) {
        return { ok: false, message: `cannot read standard input: ${e instanceof Error ? e.message : String(e)}` };
      }
      continue;
    }
    const absolute = isAbsolute(path) ? path : resolve(io.cwd, path);
    const kind = await io.pathKind(absolute);
    if (kind === 'missing') return { ok: false, message: `the path "${path}" does not exist` };
    // A file named explicitly is read whatever its extension, as kubectl does.
    const files = kind === 'file' ? [path] : await listManifests(path, absolute, io);
    if (kind === 'directory' && files.length === 0) {
      return { ok: false, message: `no .yaml, .yml or .json files in "${path}"` };
    }
    for (const file of files) {
      try {
        sources.push({ name: file, text: await io.readFile(isAbsolute(file) ? file : resolve(io.cwd, file)) });
      } catch (e) {
        return { ok: false, message: `cannot read "${file}": ${e instanceof Error ? e.message : String(e)}` };
      }
    }
  }
  return { ok: true, sources };
}

/** Manifest files under a directory, depth first, entries sorted by code point. */
async function listManifests(shown: string, absolute: string, io: CliIO): Promise<string[]> {
  const out: string[] = [];
  const names = [...(await io.readDir(absolute))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    // Hidden entries (.git, .github workflows) hold YAML that is not a manifest.
    if (name.startsWith('.')) continue;
    const kind = await io.pathKind(join(absolute, name));
    if (kind === 'directory') out.push(...(await listManifests(join(shown, name), join(absolute, name), io)));
    else if (kind === 'file' && MANIFEST.test(name)) out.push(join(shown, name));
  }
  return out;
}

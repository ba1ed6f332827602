import { describe, expect, it } from 'vitest';
import { readInputs, STDIN_NAME } from '../../src/cli/files.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { nodeIO } from '../../src/cli/io.ts';
import { FIX, root } from './paths.ts';

const io = (over: Partial<CliIO> = {}): CliIO => ({ ...nodeIO(), cwd: root, readStdin: async () => 'from: stdin\n', ...over });

describe('readInputs', () => {
  it('reads a directory recursively, sorted, only .yaml/.yml/.json, skipping hidden entries', async () => {
    const r = await readInputs([`${FIX}/dir`], io());
    expect(r.ok && r.sources.map((s) => s.name)).toEqual([`${FIX}/dir/a.yaml`, `${FIX}/dir/c.json`, `${FIX}/dir/sub/b.yml`]);
  });

  it('keeps the order of -f flags and reads stdin for "-"', async () => {
    const r = await readInputs([`${FIX}/web.yaml`, '-'], io());
    expect(r.ok && r.sources).toEqual([
      expect.objectContaining({ name: `${FIX}/web.yaml` }),
      { name: STDIN_NAME, text: 'from: stdin\n' },
    ]);
  });

  it('reads a file named explicitly whatever its extension', async () => {
    const r = await readInputs([`${FIX}/dir/notes.txt`], io());
    expect(r.ok && r.sources[0]?.text).toBe('not a manifest\n');
  });

  it('does not depend on the order the file system lists entries in', async () => {
    const reversed = io({ readDir: async (p) => [...(await nodeIO().readDir(p))].reverse() });
    const a = await readInputs([`${FIX}/dir`], io());
    const b = await readInputs([`${FIX}/dir`], reversed);
    expect(b).toEqual(a);
  });

  it.each([
    ['a missing path', ['nope.yaml'], 'the path "nope.yaml" does not exist'],
    ['stdin twice', ['-', '-'], '-f - can be given only once'],
    ['a directory without manifests', [`${FIX}/dir/.hidden/..`, 'tests/cli'], 'no .yaml, .yml or .json files in "tests/cli"'],
  ])('fails on %s', async (_name, paths, message) => {
    expect(await readInputs(paths, io())).toEqual({ ok: false, message });
  });

  it('reports a file that cannot be read', async () => {
    const r = await readInputs([`${FIX}/web.yaml`], io({ readFile: async () => { throw new Error('EACCES: permission denied'); } }));
    expect(r).toEqual({ ok: false, message: `cannot read "${FIX}/web.yaml": EACCES: permission denied` });
  });
});

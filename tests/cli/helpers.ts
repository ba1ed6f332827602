// Runs the CLI in-process against the real file system, capturing its output.
import { run } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { nodeIO } from '../../src/cli/io.ts';

import { root } from './paths.ts';

export { EXAMPLE, FIX, root } from './paths.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(argv: readonly string[], opts: { stdin?: string; io?: Partial<CliIO> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    ...nodeIO(),
    cwd: root,
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => opts.stdin ?? '',
    ...opts.io,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

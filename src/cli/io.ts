// The world the CLI touches, injected so tests run commands in-process (STYLE.md habit 6).
import { readFile, readdir, stat } from 'node:fs/promises';

export type PathKind = 'file' | 'directory' | 'missing';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  /** Absolute paths in, text out; rejects when unreadable. */
  readonly readFile: (path: string) => Promise<string>;
  readonly pathKind: (path: string) => Promise<PathKind>;
  /** Entry names of a directory (not paths). */
  readonly readDir: (path: string) => Promise<readonly string[]>;
  readonly cwd: string;
}

/** The real process: stdout/stderr, stdin, the file system. */
export function nodeIO(): CliIO {
  return {
    stdout: (text) => { process.stdout.write(text); },
    stderr: (text) => { process.stderr.write(text); },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    pathKind: async (path) => {
      try {
        const s = await stat(path);
        return s.isDirectory() ? 'directory' : 'file';
      } catch {
        return 'missing';
      }
    },
    readDir: (path) => readdir(path),
    cwd: process.cwd(),
  };
}

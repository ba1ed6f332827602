// The CLI entry: `run(argv, io)` returns the exit code; every effect goes through `io`, so tests
// run commands in-process. Exit codes: 0 success, 1 a negative answer, 2 bad usage or unreadable input.
import { flag, flagAll, hasFlag, parseArgs } from './args.ts';
import type { ParsedArgs } from './args.ts';
import { check } from './check.ts';
import { readInputs } from './files.ts';
import { get } from './get.ts';
import type { GetFormat } from './get.ts';
import type { CliIO } from './io.ts';
import { errorCount, load } from './load.ts';
import { findResources, resources } from './resources.ts';
import { plural } from './table.ts';
import { runExplain } from './explain.ts';
import { runReach } from './reach.ts';
import { traceCommand } from './trace.ts';
import { commandUsage, mainUsage, usageHint } from './usage.ts';

export type ExitCode = 0 | 1 | 2;

/** Flags each command accepts besides --help. */
const commandFlags: Readonly<Record<string, readonly string[]>> = {
  check: ['filename', 'output'],
  get: ['filename', 'namespace', 'all-namespaces', 'output'],
  reach: ['filename', 'output', 'by', 'ipblock-matches-pods'],
  explain: ['filename', 'namespace', 'output', 'from', 'to', 'port', 'protocol'],
  trace: ['filename', 'namespace', 'output', 'from', 'to', 'port', 'protocol', 'lookup', 'seed'],
};

function usageError(io: CliIO, message: string, command?: string): ExitCode {
  const hint = command ? `See 'kube-netsim ${command} --help' for usage.` : usageHint;
  io.stderr(`error: ${message}\n${hint}\n`);
  return 2;
}

export async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    // A bug must not look like an answer: exit 1 means "the answer is no", so a crash is 2.
    io.stderr(`error: kube-netsim failed on this input: ${e instanceof Error ? e.message : String(e)}\nPlease report it with the manifests that caused it.\n`);
    return 2;
  }
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) return usageError(io, parsed.message);
  const { args } = parsed;
  const [command, ...rest] = args.positionals;
  if (command === undefined) {
    if (hasFlag(args, 'help')) {
      io.stdout(mainUsage);
      return 0;
    }
    io.stderr(mainUsage);
    return 2;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic === undefined) io.stdout(mainUsage);
    else if (commandUsage[topic]) io.stdout(commandUsage[topic]);
    else return usageError(io, `unknown command "${topic}"`);
    return 0;
  }
  const allowed = commandFlags[command];
  if (!allowed) return usageError(io, `unknown command "${command}" for "kube-netsim"`);
  if (hasFlag(args, 'help')) {
    io.stdout(commandUsage[command]!);
    return 0;
  }
  for (const name of args.flags.keys()) {
    if (name !== 'help' && !allowed.includes(name)) return usageError(io, `flag --${name} is not valid for ${command}`, command);
  }
  if (command === 'trace') return runTrace(rest, args, io);
  if (command === 'reach') return runReach(rest, args, io);
  if (command === 'explain') return runExplain(rest, args, io);
  return command === 'check' ? runCheck(rest, args, io) : runGet(rest, args, io);
}

async function readSources(args: ParsedArgs, io: CliIO, command: string) {
  const paths = flagAll(args, 'filename');
  if (paths.length === 0) return { error: usageError(io, 'must specify one or more files with -f PATH (or -f - for standard input)', command) };
  const inputs = await readInputs(paths, io);
  if (!inputs.ok) return { error: usageError(io, inputs.message, command) };
  return { sources: inputs.sources };
}

async function runCheck(positionals: readonly string[], args: ParsedArgs, io: CliIO): Promise<ExitCode> {
  if (positionals.length > 0) return usageError(io, `check takes no arguments, got "${positionals[0]}"`, 'check');
  const output = flag(args, 'output') ?? 'text';
  if (output !== 'text' && output !== 'json') return usageError(io, `unknown output format "${output}" for check (use text or json)`, 'check');
  const read = await readSources(args, io, 'check');
  if ('error' in read) return read.error!;
  const loaded = load(read.sources);
  const result = check(loaded.diagnostics, loaded.sources, output);
  io.stdout(result.stdout);
  return result.exitCode;
}

const getFormats: Readonly<Record<string, GetFormat>> = { wide: 'wide', json: 'json', yaml: 'yaml', name: 'name' };

async function runGet(positionals: readonly string[], args: ParsedArgs, io: CliIO): Promise<ExitCode> {
  const [type, ...names] = positionals;
  const known = resources.map((r) => r.resource).join(', ');
  if (type === undefined) return usageError(io, `you must specify the type of resource to get: ${known}`, 'get');
  const found = findResources(type);
  if (!found.ok) return usageError(io, `the server doesn't have a resource type "${found.unknown}" (kube-netsim knows ${known})`, 'get');
  const output = flag(args, 'output');
  const format: GetFormat | undefined = output === undefined ? 'table' : getFormats[output];
  if (!format) return usageError(io, `unknown output format "${output}" (use wide, json, yaml or name)`, 'get');
  const allNamespaces = hasFlag(args, 'all-namespaces');
  if (allNamespaces && names.length > 0) return usageError(io, 'a resource cannot be retrieved by name across all namespaces', 'get');
  const read = await readSources(args, io, 'get');
  if ('error' in read) return read.error!;
  const loaded = load(read.sources);
  const result = get(loaded.cluster, {
    resources: found.value, names, format, namespace: allNamespaces ? undefined : flag(args, 'namespace') ?? 'default',
  });
  io.stdout(result.stdout);
  const errors = errorCount(loaded.diagnostics);
  const note = errors > 0
    ? `note: the manifests have ${plural(errors, 'error')}; this shows what could be built ('kube-netsim check' lists them).\n`
    : '';
  io.stderr(result.stderr + note);
  return result.exitCode;
}

async function runTrace(positionals: readonly string[], args: ParsedArgs, io: CliIO): Promise<ExitCode> {
  const read = await readSources(args, io, 'trace');
  if ('error' in read) return read.error!;
  const loaded = load(read.sources);
  const result = traceCommand(loaded.cluster, {
    from: flag(args, 'from'), to: flag(args, 'to'), port: flag(args, 'port'), protocol: flag(args, 'protocol'), lookup: flag(args, 'lookup'),
    seed: flag(args, 'seed'), output: flag(args, 'output'), namespace: flag(args, 'namespace'), command: positionals,
  });
  io.stdout(result.stdout);
  const errors = errorCount(loaded.diagnostics);
  const note = errors > 0 && result.exitCode !== 2
    ? `note: the manifests have ${plural(errors, 'error')}; this traces what could be built ('kube-netsim check' lists them).\n`
    : '';
  if (result.exitCode === 2) return usageError(io, result.stderr.replace(/^error: /, '').trimEnd(), 'trace');
  io.stderr(result.stderr + note);
  return result.exitCode;
}

// kubectl-style flags: `-f PATH`, `-f=PATH`, `--filename PATH`, `--filename=PATH`; boolean
// flags take no value. Unknown flags are usage errors (exit 2), as kubectl reports them.

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  /** Takes a value (`-o json`); otherwise a boolean switch. */
  readonly value: boolean;
  readonly repeatable?: boolean;
}

export const flagSpecs: readonly FlagSpec[] = [
  { name: 'filename', short: 'f', value: true, repeatable: true },
  { name: 'namespace', short: 'n', value: true },
  { name: 'all-namespaces', short: 'A', value: false },
  { name: 'output', short: 'o', value: true },
  { name: 'help', short: 'h', value: false },
  // trace / explain / reach
  { name: 'from', value: true },
  { name: 'to', value: true },
  { name: 'port', value: true },
  { name: 'protocol', value: true },
  { name: 'lookup', value: true },
  { name: 'seed', value: true },
  { name: 'by', value: true },
  { name: 'ipblock-matches-pods', value: true },
];

export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** Flag name → values in order (booleans hold `'true'`). */
  readonly flags: ReadonlyMap<string, readonly string[]>;
}

export type ArgsResult = { readonly ok: true; readonly args: ParsedArgs } | { readonly ok: false; readonly message: string };

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[] = flagSpecs): ArgsResult {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // `-` alone is a positional (stdin), as are negative-looking words that are not flags.
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const body = arg.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    const key = eq >= 0 ? body.slice(0, eq) : body;
    const spec = specs.find((s) => (long ? s.name === key : s.short === key));
    if (!spec) return { ok: false, message: `unknown flag: ${long ? '--' : '-'}${key}` };
    let value: string;
    if (!spec.value) {
      if (eq >= 0) return { ok: false, message: `flag --${spec.name} does not take a value` };
      value = 'true';
    } else if (eq >= 0) {
      value = body.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) return { ok: false, message: `flag needs an argument: ${arg}` };
      value = next;
      i++;
    }
    const values = flags.get(spec.name) ?? [];
    if (values.length > 0 && !spec.repeatable && spec.value) {
      return { ok: false, message: `flag --${spec.name} given more than once` };
    }
    values.push(value);
    flags.set(spec.name, values);
  }
  return { ok: true, args: { positionals, flags } };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values?.[values.length - 1];
}

export function flagAll(args: ParsedArgs, name: string): readonly string[] {
  return args.flags.get(name) ?? [];
}

export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.has(name);
}

// Command-line options the way the tools read them: getopt(3) short options that cluster (`-zv`,
// `-qO-`) and take their argument attached or as the next word (`-XPOST`, `-X POST`); long options
// (`--header X`; `--timeout=5` where the tool uses GNU getopt_long, which curl does not), `--`
// ending the options. Options and operands may be mixed, as GNU getopt and curl allow.
import type { Result } from './types.ts';

export interface OptionSpec {
  /** Canonical key, e.g. `method` for `-X`/`--request`. */
  readonly key: string;
  /** `-X`, `--request`. */
  readonly names: readonly string[];
  readonly arg: boolean;
}

export interface Options {
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly operands: readonly string[];
}

export function getopt(tool: string, words: readonly string[], specs: readonly OptionSpec[], opts: { readonly longEquals: boolean }): Result<Options> {
  const values = new Map<string, string[]>();
  const operands: string[] = [];
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) for (const n of s.names) byName.set(n, s);
  const add = (key: string, value: string): void => {
    values.set(key, [...(values.get(key) ?? []), value]);
  };
  const known = specs.flatMap((s) => s.names.slice(0, 1)).join(' ');
  const unknown = (name: string): Result<Options> =>
    ({ ok: false, error: `${tool}: option ${name} is not simulated; the options it knows are ${known}` });
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      operands.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--')) {
      const eq = opts.longEquals ? w.indexOf('=') : -1;
      const name = eq < 0 ? w : w.slice(0, eq);
      const spec = byName.get(name);
      if (!spec) return unknown(name);
      if (!spec.arg) {
        if (eq >= 0) return { ok: false, error: `${tool}: option ${name} takes no value` };
        add(spec.key, '');
      } else if (eq >= 0) add(spec.key, w.slice(eq + 1));
      else if (i + 1 < words.length) add(spec.key, words[++i]!);
      else return { ok: false, error: `${tool}: option ${name} needs a value` };
    } else if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const name = `-${w[j]}`;
        const spec = byName.get(name);
        if (!spec) return unknown(name);
        if (!spec.arg) {
          add(spec.key, '');
          continue;
        }
        // The rest of the cluster is the value (`-XPOST`, `-qO-`), else the next word.
        if (j + 1 < w.length) add(spec.key, w.slice(j + 1));
        else if (i + 1 < words.length) add(spec.key, words[++i]!);
        else return { ok: false, error: `${tool}: option ${name} needs a value` };
        break;
      }
    } else operands.push(w);
  }
  return { ok: true, value: { values, operands } };
}

/** The last value given for an option (later options win, as in curl and getopt tools). */
export function last(o: Options, key: string): string | undefined {
  const v = o.values.get(key);
  return v?.[v.length - 1];
}

export const has = (o: Options, key: string): boolean => o.values.has(key);

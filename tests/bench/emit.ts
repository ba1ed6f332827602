// Helpers for the synthetic-cluster generator: a seeded random source and a small YAML writer
// that prints block style the way `kubectl get -o yaml` does, so the parser is measured on the
// kind of text people paste.

/** mulberry32: a tiny seeded generator; the same seed always gives the same cluster. */
export function createRng(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(list: readonly T[]): T } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)]!,
  };
}

/** A YAML value; `undefined` in a mapping means the key is left out (handy for optional fields). */
export type Yaml = string | number | boolean | null | readonly Yaml[] | { readonly [key: string]: Yaml | undefined };

// YAML 1.1 reads these plain words as booleans or null (go-yaml, as kubectl reads YAML).
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

function scalar(v: string | number | boolean | null): string {
  if (typeof v !== 'string') return String(v);
  return PLAIN.test(v) && !YAML11_WORDS.test(v) ? v : JSON.stringify(v);
}

const isMapping = (v: Yaml): v is { readonly [key: string]: Yaml | undefined } => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: Yaml): boolean => (Array.isArray(v) ? v.length === 0 : isMapping(v) && Object.keys(v).length === 0);
const inline = (v: Yaml): string => (Array.isArray(v) ? '[]' : isMapping(v) ? '{}' : scalar(v as string | number | boolean | null));

function lines(v: Yaml, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    for (const item of v as readonly Yaml[]) {
      if ((Array.isArray(item) || isMapping(item)) && !isEmpty(item)) {
        // The item's first line goes after the dash: "- name: x", the rest lines up under it.
        const start = out.length;
        lines(item, indent + 2, out);
        out[start] = `${pad}- ${out[start]!.slice(indent + 2)}`;
      } else out.push(`${pad}- ${inline(item)}`);
    }
    return;
  }
  if (isMapping(v)) {
    for (const [key, val] of Object.entries(v)) {
      if (val === undefined) continue;
      if ((Array.isArray(val) || isMapping(val)) && !isEmpty(val)) {
        out.push(`${pad}${scalar(key)}:`);
        lines(val, Array.isArray(val) ? indent : indent + 2, out);
      } else out.push(`${pad}${scalar(key)}: ${inline(val)}`);
    }
    return;
  }
  out.push(pad + inline(v));
}

/** One YAML document (no `---`), ending in a newline. */
export function toYaml(v: Yaml): string {
  const out: string[] = [];
  lines(v, 0, out);
  return `${out.join('\n')}\n`;
}

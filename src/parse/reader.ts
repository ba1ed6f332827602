// Typed field access over one YAML document. Every getter reports a positioned diagnostic instead
// of throwing, and returns undefined (or the default) so parsing carries on (STYLE.md habit 5).
import type { DiagnosticCode, Severity, SourceRange } from '../model/diagnostic.ts';
import type { LabelSelector, SelectorOperator, SelectorRequirement } from '../model/labels.ts';
import type { Protocol } from '../model/objects.ts';

/** What a document parser knows about its document and how it reports. */
export interface DocContext {
  /** Range of a field path, falling back to the nearest ancestor that has one, then the document. */
  rangeOf(path: string): SourceRange;
  report(severity: Severity, code: DiagnosticCode, message: string, path: string): void;
  /** `Service shop/web`, once known. */
  object?: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v;

export const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Opts { required?: boolean }

/** A mapping in the document at `path`. */
export class Fields {
  constructor(readonly ctx: DocContext, readonly value: Readonly<Record<string, unknown>>, readonly path: string) {}

  at(key: string | number): string {
    return join(this.path, key);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  error(key: string | number, code: DiagnosticCode, message: string): void {
    this.ctx.report('error', code, message, this.at(key));
  }

  warn(key: string | number, code: DiagnosticCode, message: string): void {
    this.ctx.report('warning', code, message, this.at(key));
  }

  private missing(key: string, what: string): undefined {
    this.ctx.report('error', 'missing-field', `${this.at(key)} is required: ${what}.`, this.path);
    return undefined;
  }

  private wrong(key: string | number, expected: string, got: unknown): undefined {
    this.ctx.report('error', 'wrong-type', `${this.at(key)} must be ${expected}, but it is ${typeName(got)}${typeof got === 'number' || typeof got === 'boolean' ? ` (${String(got)})` : ''}.`, this.at(key));
    return undefined;
  }

  /** A string. A number or boolean where a string belongs is an error, as kubectl reports it. */
  str(key: string, opts: Opts & { what?: string } = {}): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return opts.required ? this.missing(key, opts.what ?? 'a string') : undefined;
    if (typeof v !== 'string') return this.wrong(key, 'a string', v);
    if (opts.required && v === '') return this.missing(key, opts.what ?? 'a non-empty string');
    return v;
  }

  /** An integer in [min, max]. */
  int(key: string, opts: Opts & { min?: number; max?: number; what?: string } = {}): number | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return opts.required ? this.missing(key, opts.what ?? 'an integer') : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.wrong(key, 'an integer', v);
    if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
      this.error(key, 'invalid-value', `${this.at(key)} must be between ${opts.min ?? '-∞'} and ${opts.max ?? '∞'}, not ${v}.`);
      return undefined;
    }
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.value[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') return this.wrong(key, 'true or false', v) ?? fallback;
    return v;
  }

  /** A port-like int-or-string: a number 1–65535 or an IANA_SVC_NAME. */
  intOrString(key: string, opts: Opts = {}): number | string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return opts.required ? this.missing(key, 'a port number or name') : undefined;
    if (typeof v === 'number') return this.int(key, { min: 1, max: 65535 });
    if (typeof v === 'string') {
      if (/^\d+$/.test(v)) return this.int(key, { min: 1, max: 65535 }) ?? Number(v);
      return v;
    }
    return this.wrong(key, 'a port number or name', v);
  }

  /** One of `allowed`; `fallback` when absent. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T;
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined;
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T | undefined {
    const v = this.str(key);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.error(key, 'invalid-value', `${this.at(key)} must be one of ${allowed.join(', ')}, not "${v}".`);
    return fallback;
  }

  protocol(key = 'protocol'): Protocol {
    return this.oneOf(key, ['TCP', 'UDP', 'SCTP'] as const, 'TCP');
  }

  /** A nested mapping. */
  obj(key: string, opts: Opts = {}): Fields | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return opts.required ? this.missing(key, 'a mapping') : undefined;
    if (!isMapping(v)) return this.wrong(key, 'a mapping', v);
    return new Fields(this.ctx, v, this.at(key));
  }

  /** A list; undefined when absent. Items are returned with their paths. */
  list(key: string, opts: Opts = {}): { value: unknown; path: string; index: number }[] | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return opts.required ? this.missing(key, 'a list') : undefined;
    if (!Array.isArray(v)) return this.wrong(key, 'a list', v);
    return v.map((value, index) => ({ value, path: join(this.at(key), index), index }));
  }

  /** A list of mappings; items of the wrong type are reported and skipped. */
  objList(key: string, opts: Opts = {}): Fields[] | undefined {
    const items = this.list(key, opts);
    if (!items) return undefined;
    const out: Fields[] = [];
    for (const item of items) {
      if (isMapping(item.value)) out.push(new Fields(this.ctx, item.value, item.path));
      else this.ctx.report('error', 'wrong-type', `${item.path} must be a mapping, but it is ${typeName(item.value)}.`, item.path);
    }
    return out;
  }

  /** A list of strings; wrong items are reported and skipped. */
  strList(key: string): string[] {
    const items = this.list(key) ?? [];
    const out: string[] = [];
    for (const item of items) {
      if (typeof item.value === 'string') out.push(item.value);
      else this.ctx.report('error', 'wrong-type', `${item.path} must be a string, but it is ${typeName(item.value)}.`, item.path);
    }
    return out;
  }

  /** A map[string]string (labels, annotations, nodeSelector, Service selector). */
  strMap(key: string): Record<string, string> {
    const m = this.obj(key);
    if (!m) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.value)) {
      if (typeof v === 'string') out[k] = v;
      else m.wrong(k, 'a string (quote it: "…")', v);
    }
    return out;
  }

  /** A metav1.LabelSelector; absent → undefined. */
  selector(key: string): LabelSelector | undefined {
    const s = this.obj(key);
    if (!s) return undefined;
    const matchExpressions: SelectorRequirement[] = [];
    for (const e of s.objList('matchExpressions') ?? []) {
      const k = e.str('key', { required: true });
      const operator = e.oneOf<SelectorOperator>('operator', ['In', 'NotIn', 'Exists', 'DoesNotExist']);
      const values = e.strList('values');
      if (k === undefined || operator === undefined) continue;
      if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
        e.error('values', 'invalid-value', `${e.at('values')} must be non-empty when operator is ${operator}.`);
        continue;
      }
      if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
        e.error('values', 'invalid-value', `${e.at('values')} must be empty when operator is ${operator}.`);
        continue;
      }
      matchExpressions.push({ key: k, operator, values });
    }
    return { matchLabels: s.strMap('matchLabels'), matchExpressions };
  }
}

// YAML text → plain values, one document at a time, with hard limits for hostile input
// (share links carry text from strangers). kubectl reads YAML 1.1 (go-yaml v2 via
// sigs.k8s.io/yaml), so we load with js-yaml's YAML11_SCHEMA: merge keys, yes/no booleans.
import { constructFromEvents, defineScalarTag, NOT_RESOLVED, parseEvents, Schema, YAML11_SCHEMA, YAMLException } from 'js-yaml';
import type { Event, TagDefinition } from 'js-yaml';

export const LIMITS = {
  /** Total characters over all inputs. */
  maxChars: 5 * 1024 * 1024,
  /** Collection nesting; js-yaml's parser recurses, so its own maxDepth guards the stack. */
  maxDepth: 100,
  /** YAML documents over all inputs. */
  maxDocuments: 2000,
  /** Nodes that aliases may add on top of the ones written out (billion laughs). */
  maxAliasNodes: 100_000,
  /** Objects over all inputs, List items included. */
  maxObjects: 10_000,
  /**
   * Pods per workload (replicas, parallelism) and nodes per Cluster: a few bytes of YAML in a
   * share link must not make the cluster build create millions of pods or routes.
   */
  maxReplicas: 1000,
  maxNodes: 100,
  /** Diagnostics listed; 5 MB of broken labels must not become a million messages. */
  maxDiagnostics: 1000,
} as const;

/**
 * YAML 1.1 as kubectl's go-yaml reads it, which is not quite js-yaml's YAML11_SCHEMA:
 * - unquoted timestamps (creationTimestamp: 2024-01-01T00:00:00Z) stay strings when decoded into
 *   interface{}; js-yaml would build a Date, so the implicit timestamp tag goes;
 * - base-60 numbers (`1:30` = 90) are "purposefully unsupported" by go-yaml (resolve.go), so
 *   `backup-window: 01:30` is the string it looks like; js-yaml's int/float tags would read a number.
 */
function goYamlTag(tag: TagDefinition): TagDefinition | undefined {
  if (tag.tagName === 'tag:yaml.org,2002:timestamp') return undefined;
  if (tag.nodeKind !== 'scalar' || (tag.tagName !== 'tag:yaml.org,2002:int' && tag.tagName !== 'tag:yaml.org,2002:float')) return tag;
  const base = tag;
  return defineScalarTag(base.tagName, {
    implicit: base.implicit,
    matchByTagPrefix: base.matchByTagPrefix,
    implicitFirstChars: base.implicitFirstChars,
    resolve: (source, isExplicit, tagName) => (!isExplicit && source.includes(':') ? NOT_RESOLVED : base.resolve(source, isExplicit, tagName)),
    identify: base.identify,
    represent: base.represent,
    representTagName: base.representTagName,
  });
}

const SCHEMA = new Schema(YAML11_SCHEMA.tags.map(goYamlTag).filter((t): t is TagDefinition => t !== undefined));

/** One document's text, cut out of its file. */
export interface DocumentText {
  /** 1-based index of the document in its file. */
  readonly index: number;
  readonly text: string;
  /** 1-based line in the file where `text` begins. */
  readonly startLine: number;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/;

/**
 * Splits a file into documents on `---` and `...` lines at column 0. The YAML spec forbids
 * those markers at column 0 inside any content (block scalars included), so this cut matches
 * what a YAML parser does, and lets one broken document fail alone. A `%` directive just before
 * `---` belongs to the document that follows. Leading comments/blank lines alone are no document.
 */
export function splitDocuments(text: string): DocumentText[] {
  const lines = text.split('\n');
  const out: DocumentText[] = [];
  let start = 0; // first line of the current segment (0-based)
  let index = 0;
  const flush = (end: number): void => {
    // lines [start, end)
    const body = lines.slice(start, end).join('\n');
    const meaningful = lines.slice(start, end).some((l) => !/^\s*(#.*)?\r?$/.test(l) && !/^\.\.\.(\s|$)/.test(l));
    const opened = start < lines.length && /^---(\s|$)/.test(lines[start] ?? '');
    if (meaningful || opened) out.push({ index: ++index, text: body, startLine: start + 1 });
  };
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i] ?? '');
    if (!m) continue;
    if (m[1] === '---') {
      let cut = i;
      while (cut > start && (lines[cut - 1] ?? '').startsWith('%')) cut--;
      // The `---` line itself opens the new segment (it may carry content: `--- !tag {…}`).
      if (cut > start) flush(cut);
      start = cut;
    } else {
      flush(i + 1);
      start = i + 1;
    }
  }
  if (start < lines.length) flush(lines.length);
  return out;
}

export type LoadFailureCode = 'yaml-syntax' | 'yaml-too-deep' | 'yaml-alias-bomb';

export type Loaded =
  | { readonly ok: true; readonly value: unknown; readonly events: readonly Event[] }
  /** `offset` into the document text, when known. */
  | { readonly ok: false; readonly code: LoadFailureCode; readonly message: string; readonly offset?: number };

const fail = (code: LoadFailureCode, message: string, offset?: number): Loaded => ({ ok: false, code, message, offset });

function fromException(e: unknown, text: string): Loaded {
  if (e instanceof RangeError) return fail('yaml-too-deep', `The YAML nests too deeply to read (more than ${LIMITS.maxDepth} levels).`);
  if (e instanceof YAMLException) {
    const offset = e.mark?.position;
    if (/maxDepth/.test(e.reason)) return fail('yaml-too-deep', `The YAML nests deeper than ${LIMITS.maxDepth} levels; real manifests never need that many.`, offset);
    if (/merge/i.test(e.reason) && /limit|exceed|maximum/i.test(e.reason)) return fail('yaml-alias-bomb', `Merge keys (<<) expand to too many keys: ${e.reason}.`, offset);
    const near = offset !== undefined && offset < text.length ? '' : ' (at the end of the document)';
    return fail('yaml-syntax', `YAML syntax error: ${e.reason}${near}.${hint(e.reason, text, offset)}`, offset);
  }
  return fail('yaml-syntax', `YAML syntax error: ${e instanceof Error ? e.message : String(e)}.`);
}

/** What a student can do about js-yaml's most common complaints. */
function hint(reason: string, text: string, offset: number | undefined): string {
  if (/duplicated mapping key/.test(reason)) {
    const key = offset === undefined ? undefined : /^\s*["']?([^"':\n]+)/.exec(text.slice(offset))?.[1]?.trim();
    return ` The key${key ? ` "${key}"` : ''} appears twice in the same mapping; kubectl refuses that too. Keep one of them.`;
  }
  if (/tab characters/.test(reason)) return ' Indent with spaces: YAML does not allow tabs there.';
  if (/bad indentation/.test(reason)) return ' Check that keys at the same level start in the same column (spaces only), and that a value with ": " in it is quoted.';
  if (/within a flow collection/.test(reason)) return ' A [ or { is never closed.';
  if (/within a (double|single) quoted scalar/.test(reason)) return ' A quote is never closed.';
  if (/document separator is expected/.test(reason)) return ' The indentation does not match the lines above, or a line is missing its "key:".';
  if (/unidentified alias/.test(reason)) return ' An alias (*name) must refer to an anchor (&name) defined earlier in the same document.';
  return '';
}

/** Loads one document. Never throws. `value` is plain data: objects, arrays, strings, numbers, booleans, null. */
export function loadDocument(text: string): Loaded {
  let events: Event[];
  let values: unknown[];
  try {
    events = parseEvents(text, { maxDepth: LIMITS.maxDepth });
    values = constructFromEvents(events, { source: text, schema: SCHEMA });
  } catch (e) {
    return fromException(e, text);
  }
  // Aliases are shared by js-yaml, but every walk over the value expands them: copy once, with a
  // budget of the nodes written out plus LIMITS.maxAliasNodes, so walks after this are bounded.
  const budget = { left: events.length + LIMITS.maxAliasNodes };
  const value = values.length > 0 ? plain(values[0], budget, 0) : null;
  if (value === BOMB) {
    const alias = events.find((e) => e.type === 5);
    // anchorStart is the name after `*`.
    const offset = alias && 'anchorStart' in alias ? alias.anchorStart - 1 : undefined;
    return fail('yaml-alias-bomb', `YAML aliases (*name) expand to more than ${LIMITS.maxAliasNodes.toLocaleString('en-US')} extra nodes, a "billion laughs" pattern; write the values out instead.`, offset);
  }
  return { ok: true, value, events };
}

const BOMB = Symbol('bomb');

/** A deep copy into plain JSON-like data; BOMB when the budget runs out or aliases nest too deep. */
function plain(v: unknown, budget: { left: number }, depth: number): unknown {
  if (--budget.left < 0 || depth > LIMITS.maxDepth * 3) return BOMB;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const c = plain(item, budget, depth + 1);
      if (c === BOMB) return BOMB;
      out.push(c);
    }
    return out;
  }
  // !!binary and !!set are YAML 1.1 oddities no manifest uses; keep them readable.
  if (v instanceof Uint8Array) return `[binary ${v.length} bytes]`;
  const entries: [string, unknown][] = [];
  const source: Iterable<[unknown, unknown]> = v instanceof Set ? [...v].map((k) => [k, null]) : v instanceof Map ? v : Object.entries(v);
  for (const [k, item] of source) {
    const c = plain(item, budget, depth + 1);
    if (c === BOMB) return BOMB;
    entries.push([String(k), c]);
  }
  // fromEntries defines own properties, so a `__proto__` key stays an ordinary key.
  return Object.fromEntries(entries);
}

// One loaded YAML document → objects: checks the envelope (apiVersion, kind, metadata),
// unrolls Lists, dispatches on apiVersion + kind (kinds.ts) and reports what it skips.
import type { Diagnostic, SourceRange } from '../model/diagnostic.ts';
import { objectName } from '../model/objects.ts';
import type { KubeObject } from '../model/objects.ts';
import type { ObjectBase } from './base.ts';
import { KINDS, listItemKind, lookupKind } from './kinds.ts';
import { parseMeta } from './meta.ts';
import { rangeOf } from './positions.ts';
import { rejectUnknown } from './checks.ts';
import { Fields, isMapping } from './reader.ts';
import type { DocContext } from './reader.ts';
import { LIMITS } from './yaml.ts';

/** Where diagnostics go (the pipeline's sink caps their number). */
export interface DiagnosticSink {
  push(d: Diagnostic): void;
}

/** Everything document parsing needs from the pipeline, and the sinks it writes to. */
export interface DocEnv {
  readonly file?: string;
  readonly doc: number;
  /** The whole document. */
  readonly range: SourceRange;
  /** Path → range over the whole document. */
  readonly paths: Readonly<Record<string, SourceRange>>;
  readonly diagnostics: DiagnosticSink;
  /** Objects still allowed over the whole parse (LIMITS.maxObjects). */
  readonly budget: { objects: number; reported: boolean };
}

const under = (prefix: string, path: string): string =>
  prefix === '' ? path : path === '' ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;

/** A DocContext for the object at `prefix` (a List item) whose parser sees paths from ''. */
function contextFor(env: DocEnv, prefix: string): DocContext {
  const ctx: DocContext = {
    rangeOf: (path) => rangeOf(env.paths, under(prefix, path), env.range),
    report: (severity, code, message, path) => {
      const full = under(prefix, path);
      env.diagnostics.push({ severity, code, message, range: ctx.rangeOf(path), path: full, ...(ctx.object ? { object: ctx.object } : {}) });
    },
  };
  return ctx;
}

/** Splits the paths of a List (relative to it) into the paths of each item, relative to the item. */
function itemPaths(paths: Readonly<Record<string, SourceRange>>): Map<number, Record<string, SourceRange>> {
  const out = new Map<number, Record<string, SourceRange>>();
  // Hot for big dumps (every path of every item): plain string scanning, no regex.
  for (const path in paths) {
    if (!path.startsWith('items[')) continue;
    const close = path.indexOf(']', 6);
    const index = Number(path.slice(6, close));
    if (close < 0 || !Number.isInteger(index)) continue;
    let bucket = out.get(index);
    if (!bucket) out.set(index, (bucket = {}));
    bucket[path.charCodeAt(close + 1) === 46 ? path.slice(close + 2) : path.slice(close + 1)] = paths[path] as SourceRange;
  }
  return out;
}

interface Inherited {
  readonly apiVersion?: string;
  readonly kind?: string;
}

/**
 * Parses one document value. Empty documents and `null` give nothing, silently; a document that
 * is not a mapping is an error. Never throws.
 */
export function parseDocument(value: unknown, env: DocEnv): KubeObject[] {
  if (value === null || value === undefined) return [];
  const out: KubeObject[] = [];
  parseObject(value, env, '', env.paths, {}, out);
  return out;
}

function parseObject(value: unknown, env: DocEnv, prefix: string, paths: Readonly<Record<string, SourceRange>>, inherited: Inherited, out: KubeObject[]): void {
  const ctx = contextFor(env, prefix);
  if (!isMapping(value)) {
    const what = Array.isArray(value) ? 'a list' : value === null ? 'empty' : `the ${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
    ctx.report('error', 'not-an-object', `This ${prefix ? 'item' : 'document'} is ${what}, but a Kubernetes object is a mapping with apiVersion, kind and metadata (check the indentation).`, '');
    return;
  }
  const doc = new Fields(ctx, value, '');
  const apiVersion = doc.has('apiVersion') || inherited.apiVersion === undefined
    ? doc.str('apiVersion', { required: true, what: 'the API group and version, e.g. v1 or apps/v1' })
    : inherited.apiVersion;
  const kind = doc.has('kind') || inherited.kind === undefined
    ? doc.str('kind', { required: true, what: 'the object type, e.g. Pod, Service or Deployment' })
    : inherited.kind;
  if (apiVersion === undefined || kind === undefined) return;

  const itemKind = listItemKind(kind);
  if (kind === 'List' || itemKind !== undefined) {
    const items = doc.list('items') ?? [];
    const buckets = itemPaths(paths);
    const inheritedForItems = itemKind !== undefined ? { apiVersion, kind: itemKind } : {};
    for (const item of items) {
      if (item.value === null) continue;
      parseObject(item.value, env, under(prefix, `items[${item.index}]`), buckets.get(item.index) ?? {}, inheritedForItems, out);
    }
    return;
  }

  const found = lookupKind(apiVersion, kind);
  switch (found.type) {
    case 'wrong-version': {
      const right = found.expected.join(' or ');
      doc.error('apiVersion', 'unsupported-api-version', `${kind} is not served by apiVersion ${apiVersion}; use apiVersion: ${right}${apiVersion.includes('beta') || apiVersion.startsWith('extensions/') ? ' (the beta version was removed from Kubernetes)' : ''}.`);
      return;
    }
    case 'skipped':
      ctx.report('info', 'skipped-kind', `${kind} (${apiVersion}) does not change how packets travel, so the simulator skips it.`, 'kind');
      return;
    case 'unsimulated':
      ctx.report('warning', 'unsimulated-kind', `${kind} (${apiVersion}) changes which traffic is allowed or where it goes, but the simulator does not model it: verdicts may differ from a real cluster.`, 'kind');
      return;
    case 'unknown': {
      const s = found.suggestion;
      // Name the apiVersion too when the kind meant lives elsewhere (`v1 Ingres` → networking.k8s.io/v1).
      const versions = s === undefined ? undefined : KINDS.find((k) => k.kind === s)?.apiVersions;
      const where = versions && !versions.includes(apiVersion) ? ` (with apiVersion: ${versions[0]})` : '';
      const hint = s === undefined ? '' : ` Did you mean ${s}${where}?${s.toLowerCase() === kind.toLowerCase() ? ' Kinds are case-sensitive.' : ''}`;
      doc.error('kind', 'unknown-kind', `${kind} is not a kind of apiVersion ${apiVersion}.${hint}`);
      return;
    }
    case 'simulated':
      break;
  }
  const { info } = found;
  // kubectl apply's strict field validation rejects unknown top-level fields (`sepc:`), and the
  // object would otherwise be read as if that part were absent.
  rejectUnknown(doc, ['apiVersion', 'kind', 'metadata', ...info.fields]);
  const metadata = parseMeta(doc, { clusterScoped: info.clusterScoped, nameRule: info.nameRule });
  if (!metadata) return;
  ctx.object = objectName({ kind, metadata });
  if (env.budget.objects <= 0) {
    if (!env.budget.reported) ctx.report('error', 'yaml-too-large', `More than ${LIMITS.maxObjects.toLocaleString('en-US')} objects; the simulator reads no more than that, and skips the rest.`, '');
    env.budget.reported = true;
    return;
  }
  env.budget.objects--;
  const base: ObjectBase<KubeObject['kind']> = {
    kind: info.kind,
    apiVersion,
    metadata,
    source: {
      ...(env.file !== undefined ? { file: env.file } : {}),
      doc: env.doc,
      range: ctx.rangeOf(''),
      paths,
      ...(prefix ? { pathPrefix: prefix } : {}),
    },
  };
  let obj: KubeObject | undefined;
  try {
    obj = info.parser(doc, base);
  } catch (e) {
    // A bug in one kind's parser costs that object only, never the documents after it.
    ctx.report('error', 'internal-error', `The simulator failed while reading this ${kind} (${e instanceof Error ? e.message : String(e)}); it is left out. This is a bug in the simulator: please report it with this YAML.`, '');
  }
  if (obj) out.push(obj);
}

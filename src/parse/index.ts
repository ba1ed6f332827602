// The parse layer's door: YAML text (one string, a file, or several files) → objects and
// diagnostics. Never throws; one bad document never hides the good ones; objects come out in
// input order (files, then documents, then List items).
import type { Diagnostic, SourceRange } from '../model/diagnostic.ts';
import { objectName } from '../model/objects.ts';
import type { KubeObject, ParseResult, SourceText } from '../model/objects.ts';
import { parseDocument } from './document.ts';
import type { DiagnosticSink, DocEnv } from './document.ts';
import { LineIndex, mapPositions } from './positions.ts';
import { LIMITS, loadDocument, splitDocuments } from './yaml.ts';

export { SIMULATED_KINDS } from './kinds.ts';
export { LIMITS } from './yaml.ts';

const at = (file: string | undefined, doc: number, line = 1, col = 1): SourceRange =>
  ({ ...(file !== undefined ? { file } : {}), doc, startLine: line, startCol: col, endLine: line, endCol: col + 1 });

const describe = (r: SourceRange): string => `${r.file !== undefined ? `${r.file}:` : ''}line ${r.startLine}`;

/** Parses every document of every input. */
export function parse(input: string | SourceText | readonly SourceText[]): ParseResult {
  const sources: readonly SourceText[] = typeof input === 'string' ? [{ text: input }] : Array.isArray(input) ? input : [input as SourceText];
  const diagnostics = cappedSink(LIMITS.maxDiagnostics);
  const objects: KubeObject[] = [];
  const budget = { objects: LIMITS.maxObjects, reported: false };
  let chars = 0;
  let documents = 0;
  try {
    for (const source of sources) {
      const file = source.name;
      // A byte-order mark is invisible in editors; left in, it would shift every column of line 1.
      const text = typeof source.text === 'string' ? source.text.replace(/^\uFEFF/, '') : '';
      chars += text.length;
      if (chars > LIMITS.maxChars) {
        diagnostics.push({ severity: 'error', code: 'yaml-too-large', message: `The input is ${chars.toLocaleString('en-US')} characters, more than the ${LIMITS.maxChars.toLocaleString('en-US')} (5 MB) the simulator reads${sources.length > 1 ? '; this file and the ones after it are skipped' : ''}. Split it, or leave out what the scenario does not need (managedFields, for one).`, range: at(file, 1), path: '' });
        break;
      }
      for (const piece of splitDocuments(text)) {
        if (++documents > LIMITS.maxDocuments) {
          diagnostics.push({ severity: 'error', code: 'yaml-too-large', message: `More than ${LIMITS.maxDocuments} YAML documents; the simulator reads no more than that, and skips the rest.`, range: at(file, piece.index, piece.startLine), path: '' });
          break;
        }
        const origin = { file, doc: piece.index, startLine: piece.startLine };
        try {
          for (const o of parsePiece(piece.text, origin, diagnostics, budget)) objects.push(o);
        } catch (e) {
          // Defence in depth: a bug costs this document, not the ones after it.
          diagnostics.push({ severity: 'error', code: 'internal-error', message: `The simulator failed while reading this document (${e instanceof Error ? e.message : String(e)}); it is left out. Please report it.`, range: at(file, piece.index, piece.startLine), path: '' });
        }
      }
      if (documents > LIMITS.maxDocuments) break;
    }
  } catch (e) {
    // Defence in depth: a bug must not take the editor down with it.
    diagnostics.push({ severity: 'error', code: 'internal-error', message: `The simulator could not read this input (${e instanceof Error ? e.message : String(e)}); please report it.`, range: at(undefined, 1), path: '' });
  }
  const kept = dedupe(objects, diagnostics);
  return { objects: kept, diagnostics: diagnostics.finish() };
}

/** Keeps the first `limit` diagnostics, then one warning saying how many more there were. */
function cappedSink(limit: number): DiagnosticSink & { finish(): Diagnostic[] } {
  const list: Diagnostic[] = [];
  let dropped = 0;
  let firstDropped: Diagnostic | undefined;
  return {
    push(d) {
      if (list.length < limit) list.push(d);
      else if (dropped++ === 0) firstDropped = d;
    },
    finish() {
      if (firstDropped) {
        list.push({ severity: 'warning', code: 'simulator-limit', message: `${dropped.toLocaleString('en-US')} more problems were found but are not listed (the first ${limit} are); fix those first.`, range: firstDropped.range, path: firstDropped.path });
      }
      return list;
    },
  };
}

function parsePiece(text: string, origin: { file?: string; doc: number; startLine: number }, diagnostics: DiagnosticSink, budget: DocEnv['budget']): KubeObject[] {
  const lines = new LineIndex(text, origin);
  const loaded = loadDocument(text);
  if (!loaded.ok) {
    const range = loaded.offset !== undefined ? lines.range(loaded.offset) : lines.whole();
    diagnostics.push({ severity: 'error', code: loaded.code, message: loaded.message, range, path: '' });
    return [];
  }
  const { paths, booleans } = mapPositions(loaded.events, lines);
  for (const b of booleans) {
    // The API server would then see a boolean where it may want a string; say so at the value.
    const message = b.isKey
      ? `The key ${b.text} is read by YAML 1.1 (and kubectl) as the boolean ${b.value}, so the field is named "${b.value}"; quote it ("${b.text}") if you meant the word.`
      : `${b.text} is read by YAML 1.1 (and kubectl) as the boolean ${b.value}, not the word "${b.text}"; quote it ("${b.text}") if you meant the word.`;
    diagnostics.push({ severity: 'warning', code: 'yaml-11-surprise', message, range: b.range, path: b.path });
  }
  return parseDocument(loaded.value, { ...(origin.file !== undefined ? { file: origin.file } : {}), doc: origin.doc, range: paths[''] ?? lines.whole(), paths, diagnostics, budget });
}

/**
 * Two objects with the same kind, namespace and name are one object in a cluster: `kubectl create`
 * refuses the second, `kubectl apply` lets it replace the first. Either way the YAML says two
 * different things, so it is an error; the simulator keeps the first. Only the first Cluster is used.
 */
function dedupe(objects: readonly KubeObject[], diagnostics: DiagnosticSink): KubeObject[] {
  const seen = new Map<string, KubeObject>();
  let cluster: KubeObject | undefined;
  const out: KubeObject[] = [];
  for (const o of objects) {
    const pathOf = (p: string): string => (o.source.pathPrefix ? `${o.source.pathPrefix}.${p}` : p);
    if (o.kind === 'Cluster') {
      if (cluster) {
        diagnostics.push({ severity: 'warning', code: 'duplicate-cluster', message: `A second Cluster object (${o.metadata.name}); only the first one (${cluster.metadata.name}, ${describe(cluster.source.range)}) is used. Merge their settings into one.`, range: o.source.range, path: o.source.pathPrefix ?? '', object: objectName(o) });
        continue;
      }
      cluster = o;
    }
    const key = `${o.kind}\u0000${o.metadata.namespace}\u0000${o.metadata.name}`;
    const first = seen.get(key);
    if (first) {
      const range = o.source.paths['metadata.name'] ?? o.source.range;
      diagnostics.push({ severity: 'error', code: 'duplicate-name', message: `${objectName(o)} is defined twice: the first definition is at ${describe(first.source.range)}. In a cluster this one would replace it (kubectl apply) or be refused (kubectl create); the simulator ignores it. Rename one or delete it.`, range, path: pathOf('metadata.name'), object: objectName(o) });
      continue;
    }
    seen.set(key, o);
    out.push(o);
  }
  return out;
}

// Field path → source range for one document, from js-yaml's event stream (TOOLCHAIN.md
// pitfall 8): a small stack walk over the events, which carry offsets into the text.
import { getScalarValue } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import type { SourceRange } from '../model/diagnostic.ts';
import { join } from './reader.ts';

/** Where a document sits: its file, its index in the file, and the file line its text starts on. */
export interface DocOrigin {
  readonly file?: string;
  readonly doc: number;
  readonly startLine: number;
}

/** Turns offsets into 1-based line/column ranges (columns count UTF-16 units, as editors do). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string, readonly origin: DocOrigin) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  private locate(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: this.origin.startLine + lo, col: offset - (this.starts[lo] ?? 0) + 1 };
  }

  /** `end` is exclusive. */
  range(start: number, end: number = start + 1): SourceRange {
    const s = this.locate(Math.max(0, Math.min(start, this.text.length)));
    const e = this.locate(Math.max(start, Math.min(end, this.text.length)));
    return {
      ...(this.origin.file !== undefined ? { file: this.origin.file } : {}),
      doc: this.origin.doc,
      startLine: s.line, startCol: s.col, endLine: e.line, endCol: e.col,
    };
  }

  /** The whole document text, without trailing blank lines. */
  whole(): SourceRange {
    let end = this.text.length;
    while (end > 0 && /\s/.test(this.text[end - 1] ?? '')) end--;
    return this.range(0, Math.max(end, 0));
  }
}

/** A plain scalar that YAML 1.1 read as a boolean (`no`, `on`, `y` …), with where it is. */
export interface PlainBoolean {
  readonly path: string;
  readonly text: string;
  readonly value: boolean;
  readonly range: SourceRange;
  readonly isKey: boolean;
}

// The YAML 1.1 booleans other than true/false, as js-yaml's boolYaml11Tag and go-yaml v2 read them.
const SURPRISES: Readonly<Record<string, boolean>> = {
  y: true, Y: true, yes: true, Yes: true, YES: true, on: true, On: true, ON: true,
  n: false, N: false, no: false, No: false, NO: false, off: false, Off: false, OFF: false,
};

// Plain keys that YAML 1.1 resolves to booleans or null become the strings "true", "false" and
// "null" in the loaded object (js-yaml's object map); paths must use the same names.
const KEY_NAMES = new Map<string, string>([
  ...Object.entries(SURPRISES).map(([k, v]): [string, string] => [k, String(v)]),
  ...['true', 'True', 'TRUE'].map((k): [string, string] => [k, 'true']),
  ...['false', 'False', 'FALSE'].map((k): [string, string] => [k, 'false']),
  ...['~', 'null', 'Null', 'NULL'].map((k): [string, string] => [k, 'null']),
]);

const keyName = (raw: string | undefined, decoded: string): string => (raw === undefined ? decoded : KEY_NAMES.get(raw) ?? decoded);

interface Frame {
  readonly kind: 'map' | 'seq';
  /** null: no paths are recorded inside (complex keys, merge-key values). */
  readonly path: string | null;
  readonly start: number;
  readonly flow: boolean;
  end: number;
  index: number;
  expectKey: boolean;
  /** Current key: undefined when it is not a plain string (complex key, alias). */
  key: string | undefined;
  keyStart: number;
  /** This collection is itself a mapping key. */
  readonly isKey: boolean;
}

/** The earliest of a node's offsets (value, anchor, tag); -1 means absent. Hot path: no allocation. */
function minPos(a: number, b: number, c: number): number {
  let m = a;
  if (b >= 0 && (m < 0 || b < m)) m = b;
  if (c >= 0 && (m < 0 || c < m)) m = c;
  return m;
}

function scalarBounds(ev: ScalarEvent, text: string): [number, number] {
  const quoted = ev.style === 2 || ev.style === 3;
  let end = ev.valueEnd + (quoted ? 1 : 0);
  // Block scalars (| and >) include their trailing line breaks.
  if (ev.style === 4 || ev.style === 5) while (end > ev.valueStart && /[\r\n ]/.test(text[end - 1] ?? '')) end--;
  return [minPos(ev.valueStart - (quoted ? 1 : 0), ev.anchorStart, ev.tagStart), end];
}

/**
 * Walks the events of one document. Paths follow reader.ts `join`: `spec.ports[0].targetPort`,
 * `metadata.labels.app`; a mapping entry's range starts at its key. Values reached through a
 * merge key (`<<: *base`) or a complex key get no path of their own: lookups fall back to the parent.
 */
export function mapPositions(events: readonly Event[], lines: LineIndex): { paths: Record<string, SourceRange>; booleans: PlainBoolean[] } {
  const paths: Record<string, SourceRange> = {};
  const booleans: PlainBoolean[] = [];
  const stack: Frame[] = [];
  const text = lines.text;

  // Decides the path and range start of a node that begins at `nodeStart`; null when unrecorded.
  const slot = (nodeStart: number): { path: string | null; start: number; isKey: boolean } => {
    const top = stack[stack.length - 1];
    if (!top) return { path: '', start: nodeStart, isKey: false };
    if (top.kind === 'seq') return { path: top.path === null ? null : join(top.path, top.index++), start: nodeStart, isKey: false };
    if (top.expectKey) return { path: null, start: nodeStart, isKey: true };
    top.expectKey = true;
    const path = top.path === null || top.key === undefined || top.key === '<<' ? null : join(top.path, top.key);
    return { path, start: top.keyStart, isKey: false };
  };

  // A node ended at `end`: its parent collection extends at least that far.
  const finish = (end: number): void => {
    const top = stack[stack.length - 1];
    if (top) top.end = Math.max(top.end, end);
  };

  for (const ev of events) {
    switch (ev.type) {
      case 4: { // scalar
        const [s, e] = scalarBounds(ev, text);
        const at = slot(s);
        const top = stack[stack.length - 1];
        // Only short plain scalars can be YAML 1.1 words (`false` is the longest): skip the slice otherwise.
        const raw = ev.style === 1 && ev.tagStart < 0 && ev.valueEnd - ev.valueStart <= 5 ? text.slice(ev.valueStart, ev.valueEnd) : undefined;
        if (at.isKey && top) {
          top.key = keyName(raw, getScalarValue(text, ev));
          top.keyStart = s;
          top.expectKey = false;
          if (raw !== undefined && raw in SURPRISES && top.path !== null) {
            booleans.push({ path: join(top.path, top.key), text: raw, value: SURPRISES[raw] as boolean, range: lines.range(s, e), isKey: true });
          }
        } else if (at.path !== null) {
          paths[at.path] = lines.range(at.start, e);
          if (raw !== undefined && raw in SURPRISES) booleans.push({ path: at.path, text: raw, value: SURPRISES[raw] as boolean, range: lines.range(s, e), isKey: false });
        }
        finish(e);
        break;
      }
      case 5: { // alias
        const at = slot(ev.anchorStart - 1);
        const top = stack[stack.length - 1];
        if (at.isKey && top) {
          top.key = undefined;
          top.keyStart = ev.anchorStart - 1;
          top.expectKey = false;
        } else if (at.path !== null) paths[at.path] = lines.range(at.start, ev.anchorEnd);
        finish(ev.anchorEnd);
        break;
      }
      case 2: case 3: { // sequence, mapping
        const s = minPos(ev.start, ev.anchorStart, ev.tagStart);
        const at = slot(s);
        stack.push({
          kind: ev.type === 2 ? 'seq' : 'map', path: at.isKey ? null : at.path, start: at.start, flow: ev.style === 2,
          end: ev.start + 1, index: 0, expectKey: true, key: undefined, keyStart: s, isKey: at.isKey,
        });
        break;
      }
      case 6: { // pop (document pops have no frame)
        const f = stack.pop();
        if (!f) break;
        let end = f.end;
        if (f.flow) {
          // Include the closing bracket of a flow collection.
          let i = end;
          while (i < text.length && /[\s,]/.test(text[i] ?? '')) i++;
          if (text[i] === ']' || text[i] === '}') end = i + 1;
        }
        if (f.path !== null) paths[f.path] = lines.range(f.start, end);
        const top = stack[stack.length - 1];
        if (f.isKey && top) {
          top.key = undefined;
          top.keyStart = f.start;
          top.expectKey = false;
        }
        finish(end);
        break;
      }
      default:
        break;
    }
  }
  return { paths, booleans };
}

/** The range of `path`, else of its nearest ancestor with one (`a.b[2].c` → `a.b[2]` → `a.b` → `a` → ''). */
export function rangeOf(paths: Readonly<Record<string, SourceRange>>, path: string, fallback: SourceRange): SourceRange {
  let p = path;
  for (;;) {
    const r = paths[p];
    if (r) return r;
    if (p === '') return fallback;
    p = parentPath(p);
  }
}

export function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  const cut = Math.max(dot, bracket);
  return cut <= 0 ? '' : path.slice(0, cut);
}

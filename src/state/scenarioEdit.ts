// Writes a top-bar setting (CNI, kube-proxy mode) into the scenario's Cluster object as TEXT, so
// the YAML stays the single source of truth: only the value on its line changes; comments, order,
// indentation, quotes, line endings and the other documents stay byte-for-byte. A missing field
// (or a missing Cluster document) is inserted. Pure: positions come from js-yaml's event stream.
import type { Event } from 'js-yaml';
import { cniModes } from '../model/objects.ts';
import type { CniMode, CniPlugin, ProxyMode } from '../model/objects.ts';
import type { Result } from '../engine/index.ts';
import { loadDocument, splitDocuments } from '../parse/yaml.ts';

export const SIM_API_VERSION = 'sim.kube-netsim.dev/v1alpha1';

export type ClusterSetting =
  | { readonly kind: 'cni'; readonly plugin: CniPlugin; readonly mode?: CniMode }
  | { readonly kind: 'kubeProxy'; readonly mode: ProxyMode };

export interface SettingEdit {
  readonly text: string;
  /** What changed besides the asked-for value, in words (a default mode picked, …). */
  readonly notes: readonly string[];
}

/** The default mode of each plugin (cluster/settings.ts pluginDefaults, DESIGN.md "Defaults"). */
export const DEFAULT_MODE: Readonly<Record<CniPlugin, CniMode>> = { flannel: 'vxlan', calico: 'ipip', cilium: 'vxlan' };

interface Node {
  readonly kind: 'map' | 'scalar' | 'other';
  /** map: `{` for flow style, the first key for block style; scalar: the value (quote included). */
  readonly start: number;
  /** Exclusive end of the last text inside (scalars only; flow maps: unused). */
  end: number;
  readonly flow: boolean;
  /** Offset of this node's key in its parent mapping (-1 at the root). */
  readonly keyStart: number;
  /** Scalar value as written, without quotes. */
  readonly raw: string;
  readonly quote: string;
}

/** Paths (`spec.cni.mode`) of one document → where their nodes are. Keys that are not plain strings are skipped. */
function locate(events: readonly Event[], text: string): Map<string, Node> {
  const out = new Map<string, Node>();
  const stack: { path: string | null; node: Node | undefined; expectKey: boolean; key: string | null; keyStart: number; isMap: boolean }[] = [];
  const open = (kind: Node['kind'], start: number, end: number, flow: boolean, raw: string, quote: string): { node: Node; path: string } | undefined => {
    const top = stack[stack.length - 1];
    let path: string | null = '';
    let keyStart = -1;
    if (top) {
      if (!top.isMap || top.path === null || top.key === null) path = null;
      else { path = top.path ? `${top.path}.${top.key}` : top.key; keyStart = top.keyStart; }
      if (top.isMap) top.expectKey = true;
    }
    const node: Node = { kind, start, end, flow, keyStart, raw, quote };
    if (path === null) return undefined;
    out.set(path, node);
    return { node, path };
  };
  const grow = (end: number): void => { for (const f of stack) if (f.node && end > f.node.end) f.node.end = end; };
  for (const ev of events) {
    const top = stack[stack.length - 1];
    if (ev.type === 4) {
      const quoted = ev.style === 2 || ev.style === 3;
      const start = ev.valueStart < 0 ? -1 : ev.valueStart - (quoted ? 1 : 0);
      const end = ev.valueStart < 0 ? -1 : ev.valueEnd + (quoted ? 1 : 0);
      const raw = ev.valueStart < 0 ? '' : text.slice(ev.valueStart, ev.valueEnd);
      if (top?.isMap && top.expectKey) {
        top.expectKey = false;
        top.key = ev.style === 1 || quoted ? raw : null;
        top.keyStart = start;
      } else {
        open('scalar', start, end, false, raw, quoted ? text[start] ?? '' : '');
      }
      // Block scalars include their line breaks; the entry ends where its text does.
      if (end >= 0) grow(ev.style >= 4 ? text.slice(0, end).trimEnd().length : end);
    } else if (ev.type === 2 || ev.type === 3) {
      const isKey = top?.isMap === true && top.expectKey;
      const opened = isKey ? undefined : open(ev.type === 3 ? 'map' : 'other', ev.start, ev.start, ev.style === 2, '', '');
      if (isKey && top) { top.expectKey = false; top.key = null; }
      stack.push({ path: opened?.path ?? null, node: opened?.node, expectKey: ev.type === 3, key: null, keyStart: -1, isMap: ev.type === 3 });
    } else if (ev.type === 5) {
      if (top?.isMap && top.expectKey) { top.expectKey = false; top.key = null; } else open('other', ev.anchorStart, ev.anchorEnd, false, '', '');
    } else if (ev.type === 6) {
      stack.pop();
    }
  }
  return out;
}

interface ClusterDoc {
  /** Offset of the document in the whole text. */
  readonly offset: number;
  readonly text: string;
  readonly paths: Map<string, Node>;
}

/** The scenario's first Cluster document, undefined when there is none; an error when the text does not load. */
function findCluster(text: string): Result<ClusterDoc | undefined> {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  let found: ClusterDoc | undefined;
  for (const doc of splitDocuments(text)) {
    const loaded = loadDocument(doc.text);
    if (!loaded.ok) {
      const line = doc.startLine + (loaded.offset === undefined ? 0 : doc.text.slice(0, loaded.offset).split('\n').length - 1);
      return { ok: false, error: `The scenario has a YAML error on line ${line}; fix it first, then switch again.` };
    }
    const v = loaded.value as { apiVersion?: unknown; kind?: unknown } | null;
    if (found || !v || typeof v !== 'object' || v.kind !== 'Cluster' || v.apiVersion !== SIM_API_VERSION) continue;
    found = { offset: lineStarts[doc.startLine - 1] ?? 0, text: doc.text, paths: locate(loaded.events, doc.text) };
  }
  return { ok: true, value: found };
}

const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');
const columnOf = (text: string, offset: number): number => offset - (text.lastIndexOf('\n', offset - 1) + 1);

/** Where a line ends (before its \r\n or \n). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** `fields` as YAML at `indent`: nested block lines, e.g. ["cni:", "  plugin: calico"]. */
function blockLines(fields: readonly [string, string][], indent: string): string[] {
  const [[key, value] = ['', ''], ...rest] = fields;
  if (rest.length === 0) return [`${indent}${key}: ${value}`];
  return [`${indent}${key}:`, ...blockLines(rest, `${indent}  `)];
}

/** `{a: {b: v}}` style for flow mappings. */
function flowText(fields: readonly [string, string][]): string {
  const [[key, value] = ['', ''], ...rest] = fields;
  return rest.length === 0 ? `${key}: ${value}` : `${key}: {${flowText(rest)}}`;
}

/** One text edit within the document: [start, end) → insert. */
interface Splice { readonly start: number; readonly end: number; readonly insert: string }

/** The splice that makes `path` (e.g. spec.cni.mode) hold `value` in a document. */
function spliceFor(doc: ClusterDoc, path: string, value: string, eol: string): Splice {
  const { paths, text } = doc;
  const existing = paths.get(path);
  if (existing?.kind === 'scalar' && existing.start >= 0) {
    return { start: existing.start, end: existing.end, insert: `${existing.quote}${value}${existing.quote}` };
  }
  // The nearest ancestor that is a mapping; the fields below it are written out.
  const parts = path.split('.');
  for (let depth = parts.length - 1; depth >= 0; depth--) {
    const parentPath = parts.slice(0, depth).join('.');
    const parent = paths.get(parentPath);
    const fields = parts.slice(depth).map((k, i, all): [string, string] => [k, i === all.length - 1 ? value : '']);
    if (parent?.kind === 'map' && parent.flow) {
      const after = text.slice(parent.start + 1).trimStart();
      return { start: parent.start + 1, end: parent.start + 1, insert: after.startsWith('}') ? flowText(fields) : `${flowText(fields)}, ` };
    }
    if (parent?.kind === 'map') {
      const indent = ' '.repeat(columnOf(text, parent.start));
      const at = lineEnd(text, parent.end - 1);
      return { start: at, end: at, insert: eol + blockLines(fields, indent).join(eol) };
    }
    // `cni:` with nothing after it: the fields go on the lines below its key.
    if (parent?.kind === 'scalar' && parent.start < 0 && parent.keyStart >= 0) {
      const indent = ' '.repeat(columnOf(text, parent.keyStart) + 2);
      const at = lineEnd(text, parent.keyStart);
      return { start: at, end: at, insert: eol + blockLines(fields, indent).join(eol) };
    }
    if (parent) break; // a scalar or list where a mapping belongs: the parser reports it; do not guess.
  }
  throw new Error(`cannot place ${path}`);
}

/** Applies `[path, value]` pairs one after the other (each re-reads the text, so offsets stay true). */
function setFields(text: string, fields: readonly [string, string][]): Result<string> {
  let current = text;
  for (const [path, value] of fields) {
    let found = findCluster(current);
    if (found.ok && !found.value) {
      current = withClusterDocument(current);
      found = findCluster(current);
    }
    if (!found.ok) return found;
    const d = found.value;
    if (!d) return { ok: false, error: 'Could not add a Cluster object to the scenario.' };
    const existing = d.paths.get(path);
    if (existing && existing.kind !== 'scalar') return { ok: false, error: `The Cluster object's ${path} is not a single value; edit it in the YAML.` };
    let next: string;
    try {
      const s = spliceFor(d, path, value, eolOf(current));
      next = current.slice(0, d.offset + s.start) + s.insert + current.slice(d.offset + s.end);
    } catch {
      return { ok: false, error: `The Cluster object's ${path.split('.').slice(0, -1).join('.')} is not a mapping; edit it in the YAML.` };
    }
    // Unusual layouts (a flow mapping spread over lines, …) could defeat the splice: never hand back broken YAML.
    const check = findCluster(next);
    if (!check.ok || check.value?.paths.get(path)?.raw !== value) return { ok: false, error: `Could not write ${path} into this Cluster object's layout; edit it in the YAML.` };
    current = next;
  }
  return { ok: true, value: current };
}

/** Prepends a minimal Cluster document, with a comment saying where it came from. */
function withClusterDocument(text: string): string {
  const eol = eolOf(text);
  const doc = ['# Cluster settings, added when a setting was switched in the top bar.', `apiVersion: ${SIM_API_VERSION}`, 'kind: Cluster', 'metadata:', '  name: cluster', 'spec: {}'].join(eol);
  if (text.trim() === '') return doc + eol;
  return /^---[ \t]*\r?$/m.test(text.split('\n')[0] ?? '') ? `${doc}${eol}${text}` : `${doc}${eol}---${eol}${text}`;
}

/** The Cluster object's current values, as written (undefined when absent). */
export function clusterValues(text: string): Result<{ plugin?: string; mode?: string; proxy?: string }> {
  const found = findCluster(text);
  if (!found.ok) return found;
  const get = (p: string): string | undefined => {
    const n = found.value?.paths.get(p);
    return n?.kind === 'scalar' && n.start >= 0 ? n.raw : undefined;
  };
  const plugin = get('spec.cni.plugin');
  const mode = get('spec.cni.mode');
  const proxy = get('spec.kubeProxy.mode');
  return { ok: true, value: { ...(plugin ? { plugin } : {}), ...(mode ? { mode } : {}), ...(proxy ? { proxy } : {}) } };
}

const PLUGIN_NAMES: Readonly<Record<CniPlugin, string>> = { flannel: 'Flannel', calico: 'Calico', cilium: 'Cilium' };

/** Writes one setting into the scenario text; keeps the Cluster object valid (mode fits the plugin, replacement only with Cilium). */
export function setClusterSetting(text: string, setting: ClusterSetting): Result<SettingEdit> {
  const current = clusterValues(text);
  if (!current.ok) return current;
  const notes: string[] = [];
  const fields: [string, string][] = [];
  if (setting.kind === 'cni') {
    const valid: readonly string[] = cniModes[setting.plugin];
    if (setting.mode !== undefined && !valid.includes(setting.mode)) {
      return { ok: false, error: `${PLUGIN_NAMES[setting.plugin]} has no ${setting.mode} mode; it supports ${valid.join(', ')}.` };
    }
    let mode = setting.mode;
    if (mode === undefined && !(current.value.mode !== undefined && valid.includes(current.value.mode))) {
      mode = DEFAULT_MODE[setting.plugin];
      notes.push(`${PLUGIN_NAMES[setting.plugin]} uses its default mode, ${mode}.`);
    }
    fields.push(['spec.cni.plugin', setting.plugin]);
    if (mode !== undefined) fields.push(['spec.cni.mode', mode]);
    if (setting.plugin !== 'cilium' && current.value.proxy === 'replacement') {
      fields.push(['spec.kubeProxy.mode', 'iptables']);
      notes.push(`Only Cilium replaces kube-proxy, so kube-proxy is back to iptables mode.`);
    }
  } else {
    if (setting.mode === 'replacement' && current.value.plugin !== 'cilium') {
      return { ok: false, error: 'Only Cilium replaces kube-proxy; switch the CNI to Cilium first.' };
    }
    fields.push(['spec.kubeProxy.mode', setting.mode]);
  }
  const edited = setFields(text, fields);
  return edited.ok ? { ok: true, value: { text: edited.value, notes } } : edited;
}

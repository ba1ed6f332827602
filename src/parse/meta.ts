// ObjectMeta: names, namespace, labels, annotations, ownerReferences, validated as the API
// server validates them (k8s.io/apimachinery/pkg/util/validation, apimachinery's ObjectMeta).
import type { Labels } from '../model/labels.ts';
import type { ObjectMeta, OwnerReference } from '../model/objects.ts';
import type { Fields } from './reader.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** RFC 1123 label: lowercase alphanumerics and '-', ≤63 characters (namespaces, container names). */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** RFC 1035 label: as a 1123 label but starting with a letter (Service names). */
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** RFC 1123 subdomain: dot-separated labels, ≤253 characters (most object names). */
export function isDns1123Subdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && s.split('.').every((l) => DNS1123_LABEL.test(l));
}

/** IANA_SVC_NAME (container and Service port names): ≤15, lowercase alphanumerics and '-', a letter, no '--'. */
export function isIanaSvcName(s: string): boolean {
  return s.length <= 15 && DNS1123_LABEL.test(s) && /[a-z]/.test(s) && !s.includes('--');
}

/** Why a label/annotation key is invalid (`prefix/name`), or undefined when it is valid. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a key has at most one "/" (an optional DNS prefix, then the name)';
  const name = parts[parts.length - 1] ?? '';
  const prefix = parts.length === 2 ? parts[0] ?? '' : undefined;
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return `the prefix "${prefix}" must be a lowercase DNS subdomain like example.com`;
  if (name.length === 0 || name.length > 63) return 'the name part must be 1–63 characters';
  if (!LABEL_NAME.test(name)) return 'the name part may hold only letters, digits, "-", "_" and ".", and must start and end with a letter or digit';
  return undefined;
}

/** Why a label value is invalid, or undefined. Empty values are allowed. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'a label value is at most 63 characters';
  if (value !== '' && !LABEL_NAME.test(value)) return 'a label value may hold only letters, digits, "-", "_" and ".", and must start and end with a letter or digit';
  return undefined;
}

export type NameRule = 'subdomain' | 'label' | 'label1035';

const RULE_TEXT: Record<NameRule, string> = {
  subdomain: 'lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
  label: 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
  label1035: 'lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters',
};

const checkName: Record<NameRule, (s: string) => boolean> = {
  subdomain: isDns1123Subdomain, label: isDns1123Label, label1035: isDns1035Label,
};

/** Checks `value` against a name rule; reports `invalid-value` at `key` of `f`. */
export function checkDnsName(f: Fields, key: string, value: string, rule: NameRule): boolean {
  if (checkName[rule](value)) return true;
  const hint = rule !== 'label1035' && /[A-Z_]/.test(value) ? ` Try "${value.toLowerCase().replace(/_/g, '-')}".` : '';
  f.error(key, 'invalid-value', `${f.at(key)} "${value}" is not a valid name: use ${RULE_TEXT[rule]}.${hint}`);
  return false;
}

/**
 * A map[string]string with YAML's usual trap spelled out: `version: 1` or `enabled: true` are a
 * number and a boolean, and the API server rejects them where a string belongs.
 */
export function stringMap(f: Fields, key: string, validate?: { keys?: boolean; values?: boolean }): Labels {
  const m = f.obj(key);
  if (!m) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.value)) {
    if (typeof v !== 'string') {
      // Don't echo the number back as a suggestion: `1.10` was read as 1.1, so only the source text is right.
      const got = v === null ? 'empty (null)' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `read by YAML as the ${typeof v} ${String(v)}`;
      const hint = typeof v === 'number' || typeof v === 'boolean' ? ': put quotes around the value, e.g. "1.10" or "true"' : v === null ? ': write "" for an empty value' : '';
      m.error(k, 'wrong-type', `${m.at(k)} must be a string, but it is ${got}${hint}.`);
      continue;
    }
    const keyProblem = validate?.keys ? qualifiedNameProblem(k) : undefined;
    if (keyProblem) { m.error(k, 'invalid-value', `${m.at(k)}: "${k}" is not a valid key: ${keyProblem}.`); continue; }
    const valueProblem = validate?.values ? labelValueProblem(v) : undefined;
    if (valueProblem) { m.error(k, 'invalid-value', `${m.at(k)}: "${v}" is not a valid label value: ${valueProblem}.`); continue; }
    out[k] = v;
  }
  return out;
}

export const labels = (f: Fields, key = 'labels'): Labels => stringMap(f, key, { keys: true, values: true });
export const annotations = (f: Fields, key = 'annotations'): Labels => stringMap(f, key, { keys: true });

// Every ObjectMeta field; the server-written ones (uid, resourceVersion, managedFields …) appear in
// `kubectl get -o yaml` dumps and are accepted silently.
const META_FIELDS = [
  'name', 'generateName', 'namespace', 'labels', 'annotations', 'ownerReferences', 'finalizers',
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'managedFields', 'selfLink',
];

/** Reports keys that are not ObjectMeta fields (kubectl apply's strict validation rejects them). */
export function checkMetaFields(m: Fields): void {
  for (const key of Object.keys(m.value)) {
    if (META_FIELDS.includes(key)) continue;
    const guess = closest(key, META_FIELDS);
    m.error(key, 'unknown-field', `${m.at(key)} is not a field of metadata${guess ? `: did you mean ${guess}?` : ''} (kubectl apply rejects unknown fields).`);
  }
}

export interface MetaOptions {
  readonly clusterScoped: boolean;
  readonly nameRule: NameRule;
}

/** Parses `metadata`; undefined when the object has no usable name (missing-field reported). */
export function parseMeta(doc: Fields, opts: MetaOptions): ObjectMeta | undefined {
  const m = doc.obj('metadata');
  if (!m) {
    if (!doc.has('metadata')) doc.ctx.report('error', 'missing-field', 'metadata.name is required: every object needs a name (add metadata: then name: under it).', doc.path);
    return undefined;
  }
  checkMetaFields(m);
  const name = m.str('name');
  if (name === undefined || name === '') {
    if (m.has('generateName')) m.error('generateName', 'missing-field', 'metadata.name is required: generateName works only with kubectl create, which the simulator does not model; give the object a name.');
    else if (!m.has('name') || name === '') doc.ctx.report('error', 'missing-field', `${m.at('name')} is required: every object needs a name.`, m.path);
    return undefined;
  }
  checkDnsName(m, 'name', name, opts.nameRule);
  let namespace = opts.clusterScoped ? '' : 'default';
  const ns = m.str('namespace');
  // The API server ignores metadata.namespace on cluster-scoped kinds.
  if (!opts.clusterScoped && ns !== undefined && ns !== '' && checkDnsName(m, 'namespace', ns, 'label')) namespace = ns;
  return {
    name,
    namespace,
    labels: labels(m),
    annotations: annotations(m),
    ownerReferences: ownerReferences(m),
  };
}

function ownerReferences(m: Fields): OwnerReference[] {
  const out: OwnerReference[] = [];
  for (const r of m.objList('ownerReferences') ?? []) {
    const apiVersion = r.str('apiVersion', { required: true });
    const kind = r.str('kind', { required: true });
    const name = r.str('name', { required: true });
    if (apiVersion === undefined || kind === undefined || name === undefined) continue;
    out.push({ apiVersion, kind, name, controller: r.bool('controller', false) });
  }
  return out;
}

// "Did you mean …?" for kinds and field names: the closest candidate by edit distance.
/** Levenshtein distance, bounded work: inputs are short identifiers. */
export function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidate nearest to `word`, or undefined when none is close. A case-only difference
 * (`service` → `Service`) always wins; otherwise at most a third of the word may differ.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best;
}

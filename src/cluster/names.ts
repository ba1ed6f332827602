// Deterministic stand-ins for the randomness of a real control plane: generated pod names,
// ReplicaSet pod-template-hashes, EndpointSlice names, MAC addresses, hash-based address picks.
// Same input → same output, so share links and tests stay stable. Also: where diagnostics point.
import type { Diagnostic, DiagnosticCode, Severity, SourceRange } from '../model/diagnostic.ts';
import type { ObjectSource } from '../model/objects.ts';

/** k8s.io/apimachinery/pkg/util/rand: the alphabet without vowels and confusable characters. */
export const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** 32-bit FNV-1a over the UTF-16 code units; the hash Kubernetes uses for pod-template-hash. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A well-mixed 32-bit hash (FNV-1a with a murmur3 finaliser) for spreading picks over a range. */
export function hash32(text: string): number {
  let h = fnv32a(text);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** rand.SafeEncodeString: every character mapped into the safe alphabet by its code modulo 27. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += safeAlphabet[text.charCodeAt(i) % safeAlphabet.length];
  return out;
}

/** `n` characters from the safe alphabet, derived from `seed` (rand.String(n) made deterministic). */
export function randomString(seed: string, n: number): string {
  let out = '';
  let h = hash32(seed);
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % 5 === 0) h = hash32(`${seed}#${i}`);
    out += safeAlphabet[h % safeAlphabet.length];
    h = Math.floor(h / safeAlphabet.length);
  }
  return out;
}

/** JSON with object keys sorted, so equal values always serialise alike. */
export function stableJson(value: unknown): string {
  // Built up in one string: each Deployment's pod template goes through here on every build.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + stableJson(value[i]);
    return `${out}]`;
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // sort() compares UTF-16 code units, as `<` does.
    const keys = Object.keys(object).filter((k) => object[k] !== undefined).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) out += `${i ? ',' : ''}${JSON.stringify(keys[i])}:${stableJson(object[keys[i]!])}`;
    return `${out}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The Deployment controller's pod-template-hash: SafeEncodeString(fmt.Sprint(fnv32a(template))),
 * so the decimal digits map to the characters 4-9, b, c, d, f (`7d4b9c6f5d`); 10 characters
 * for most hashes, fewer when the 32-bit value has fewer decimal digits, as in a real cluster.
 * kubernetes/pkg/controller/controller_utils.go ComputeHash.
 */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv32a(stableJson(template))));
}

/**
 * A unique name `<base><5 chars>` (generateName), probing further seeds when taken, so names
 * handed out earlier never change when something is added later.
 */
export function generateName(base: string, seed: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const name = `${base}${randomString(attempt === 0 ? seed : `${seed}~${attempt}`, 5)}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** A locally administered unicast MAC (`x2:…`), as the kernel gives veth and bridge devices. */
export function macFromSeed(seed: string): string {
  const a = hash32(seed);
  const b = hash32(`${seed}/mac`);
  const bytes = [((a >>> 24) & 0xfe) | 0x02, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, (b >>> 8) & 255, b & 255];
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** An offset in [0, size) picked by hash with in-order probing past `taken` offsets; undefined when full. */
export function probe(seed: string, size: number, isTaken: (offset: number) => boolean): number | undefined {
  const start = hash32(seed) % size;
  for (let i = 0; i < size; i++) {
    const offset = (start + i) % size;
    if (!isTaken(offset)) return offset;
  }
  return undefined;
}

// ---- where diagnostics point ---------------------------------------------------------------

/** The range of `path` in the object's source, else of its nearest ancestor, else the document. */
export function rangeAt(source: ObjectSource, path: string): SourceRange {
  for (let p = path; p; p = parentPath(p)) {
    const range = source.paths[p];
    if (range) return range;
  }
  return source.range;
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}

/** Collects the build's diagnostics. */
export interface Reporter {
  report(severity: Severity, code: DiagnosticCode, message: string, at: { source?: ObjectSource; path: string; object?: string }): void;
  readonly diagnostics: readonly Diagnostic[];
}

export function createReporter(): Reporter {
  const diagnostics: Diagnostic[] = [];
  return {
    diagnostics,
    report(severity, code, message, at) {
      // Built-in objects have no text to point at; their problems are the simulator's, not the user's.
      if (!at.source || at.source.doc === 0) return;
      // List items: source paths are relative to the item, Diagnostic.path is the document's.
      const prefix = at.source.pathPrefix;
      const path = prefix ? (at.path ? `${prefix}.${at.path}` : prefix) : at.path;
      diagnostics.push({ severity, code, message, range: rangeAt(at.source, at.path), path, ...(at.object ? { object: at.object } : {}) });
    },
  };
}

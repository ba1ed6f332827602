// Deep freezing: ClusterState is read-only data (STYLE.md habit 7), so an accidental mutation in
// the engine or the UI fails loudly instead of corrupting a shared state.

/**
 * Freezes `value` and everything reachable from it through plain objects and arrays, in place.
 * Maps and Sets cannot be frozen; their entries are frozen. Returns the same value, typed read-only.
 */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v) { visit(k); visit(x); }
      return;
    }
    if (v instanceof Set) {
      for (const x of v) visit(x);
      return;
    }
    for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
    Object.freeze(v);
  };
  visit(value);
  return value;
}

/**
 * A deep copy of plain data (objects, arrays, primitives) that keeps shared references shared,
 * so freezing the copy never touches the caller's objects.
 */
export function plainCopy<T>(value: T, memo = new Map<unknown, unknown>()): T {
  if (value === null || typeof value !== 'object') return value;
  if (memo.has(value)) return memo.get(value) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const v of value) out.push(plainCopy(v, memo));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  memo.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = plainCopy(v, memo);
  return out as T;
}

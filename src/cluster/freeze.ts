// Deep freezing: ClusterState is read-only data (STYLE.md habit 7), so an accidental mutation in
// the engine or the UI fails loudly instead of corrupting a shared state.

/**
 * Objects and arrays deepFreeze has frozen, with everything reachable from them. Such a subtree
 * can be shared as it is (plainCopy) and need not be walked again (deepFreeze): the kube-proxy
 * chains every node has in common are frozen once and shared (proxy-iptables.ts). Only this
 * module's own freezing counts: an object frozen elsewhere may hold mutable ones.
 */
const deeplyFrozen = new WeakSet<object>();

/**
 * Freezes `value` and everything reachable from it through plain objects and arrays, in place.
 * Maps and Sets cannot be frozen; their entries are frozen. Returns the same value, typed read-only.
 */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || deeplyFrozen.has(v)) return;
    if (v instanceof Map || v instanceof Set) {
      // Not frozen, so not marked: a later call looks at the entries again.
      if (seen.has(v)) return;
      seen.add(v);
      if (v instanceof Map) for (const [k, x] of v) { visit(k); visit(x); }
      else for (const x of v) visit(x);
      return;
    }
    // Marked before the children are visited, so cycles end; all of them are frozen on return.
    deeplyFrozen.add(v);
    for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
    Object.freeze(v);
  };
  visit(value);
  return value;
}

/**
 * A deep copy of plain data (objects, arrays, primitives) that keeps shared references shared,
 * so freezing the copy never touches the caller's objects. Subtrees deepFreeze has frozen are
 * immutable already: they are shared, not copied.
 */
export function plainCopy<T>(value: T, memo = new Map<unknown, unknown>()): T {
  if (value === null || typeof value !== 'object' || deeplyFrozen.has(value)) return value;
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

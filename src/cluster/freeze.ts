// Deep freezing: ClusterState is read-only data (STYLE.md habit 7), so an accidental mutation in
// the engine or the UI fails loudly instead of corrupting a shared state.

/**
 * Values deepFreeze was called on (objects and arrays, not Maps or Sets), with everything
 * reachable from them frozen. Such a subtree can be shared as it is (plainCopy): the kube-proxy
 * chains every node has in common are frozen once and shared (proxy-iptables.ts). Only this
 * module's own freezing counts: an object frozen elsewhere may hold mutable ones.
 */
const deeplyFrozen = new WeakSet<object>();

/**
 * Freezes `value` and everything reachable from it through plain objects and arrays, in place.
 * Maps and Sets cannot be frozen; their entries are frozen. Returns the same value, typed read-only.
 * An object that is frozen already is taken to be deeply frozen and not walked again, so a
 * structure shared by many others is walked once.
 */
export function deepFreeze<T>(value: T): T {
  let seen: Set<unknown> | undefined;
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
    if (v instanceof Map || v instanceof Set) {
      // Cannot be frozen: remember it for cycles; a later call looks at the entries again.
      seen ??= new Set();
      if (seen.has(v)) return;
      seen.add(v);
      if (v instanceof Map) for (const [k, x] of v) { visit(k); visit(x); }
      else for (const x of v) visit(x);
      return;
    }
    // Frozen before its children are visited, so cycles end; all are frozen on return.
    Object.freeze(v);
    // Arrays by index: Object.keys would first make a string of every index.
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(v[i]);
    else for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
  };
  // Marked only when frozen here: a value someone else froze may hold mutable objects.
  const mark = value !== null && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Map) && !(value instanceof Set);
  visit(value);
  if (mark) deeplyFrozen.add(value as object);
  return value;
}

/**
 * A deep copy of plain data (objects, arrays, primitives) that keeps shared references shared,
 * so freezing the copy never touches the caller's objects. Subtrees deepFreeze has frozen are
 * immutable already: they are shared, not copied.
 */
export function plainCopy<T>(value: T, memo = new Map<unknown, unknown>()): T {
  if (value === null || typeof value !== 'object' || (Object.isFrozen(value) && deeplyFrozen.has(value))) return value;
  const known = memo.get(value);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const v of value) out.push(plainCopy(v, memo));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  memo.set(value, out);
  for (const k of Object.keys(value)) out[k] = plainCopy((value as Record<string, unknown>)[k], memo);
  return out as T;
}

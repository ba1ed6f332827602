// Deep freezing: ClusterState is read-only data (STYLE.md habit 7), so an accidental mutation in
// the engine or the UI fails loudly instead of corrupting a shared state.

/**
 * Freezes `value` and everything reachable from it through plain objects and arrays, in place.
 * Maps and Sets cannot be frozen; their entries are frozen. Returns the same value, typed read-only.
 * An object that is frozen already is taken to be deeply frozen and not walked again, so a
 * structure shared by many others is walked once.
 */
export function deepFreeze<T>(value: T): T {
  freezeWalk(value, { maps: undefined });
  return value;
}

/**
 * deepFreeze's walk. A module function, not a closure made per call: deepFreeze runs once per
 * rule and chain of every node, where a fresh closure each time costs more than the walk.
 */
function freezeWalk(v: unknown, ctx: { maps: Set<unknown> | undefined }): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  if (v instanceof Map || v instanceof Set) {
    // Cannot be frozen: remembered for cycles; a later call looks at the entries again.
    ctx.maps ??= new Set();
    if (ctx.maps.has(v)) return;
    ctx.maps.add(v);
    if (v instanceof Map) for (const [k, x] of v) { freezeWalk(k, ctx); freezeWalk(x, ctx); }
    else for (const x of v) freezeWalk(x, ctx);
    return;
  }
  // Frozen before its children are visited, so cycles end; all are frozen on return.
  Object.freeze(v);
  // Arrays by index: Object.keys would first make a string of every index. Objects by for…in,
  // which makes no array of keys (plain data has no inherited enumerable keys).
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) freezeWalk(v[i], ctx);
  else for (const key in v) freezeWalk((v as Record<string, unknown>)[key], ctx);
}

/**
 * A deep copy of plain data (objects, arrays, primitives), frozen as it is made, so the caller's
 * objects are never touched. Shared objects stay shared (and cycles end) through `memo`, except
 * objects that hold primitives only (source ranges, label maps): they cannot form a cycle and,
 * frozen, a copy per reference is the same value, so they skip the memo, the most of the work.
 */
export function plainCopy<T>(value: T, memo = new Map<unknown, unknown>()): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const known = memo.get(value);
    if (known !== undefined) return known as T;
    // A slice takes the array's elements in one step; the objects among them are replaced.
    const out: unknown[] = value.slice();
    memo.set(value, out);
    for (let i = 0; i < out.length; i++) {
      const x = out[i];
      if (x !== null && typeof x === 'object') out[i] = plainCopy(x, memo);
    }
    return Object.freeze(out) as T;
  }
  const source = value as Record<string, unknown>;
  let leaf = true;
  for (const key in source) {
    const x = source[key];
    if (x !== null && typeof x === 'object') {
      leaf = false;
      break;
    }
  }
  // A spread clones a small object's shape in one step. Objects holding objects are built key
  // by key: source maps key every path, too many keys for a fast clone.
  if (leaf) return Object.freeze({ ...source }) as T;
  const known = memo.get(value);
  if (known !== undefined) return known as T;
  const out: Record<string, unknown> = {};
  memo.set(value, out);
  for (const key in source) {
    const x = source[key];
    out[key] = x !== null && typeof x === 'object' ? plainCopy(x, memo) : x;
  }
  return Object.freeze(out) as T;
}

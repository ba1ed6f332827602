// Object references live in the engine (it resolves a Flow's `from` and `to` with them); the CLI
// keeps this module so its callers and tests import references from where they always did.
export { editDistance, findRef, kindOf, parseRef, resolveRef, shortKind } from '../engine/index.ts';
export type { ObjectReference, RefKind, Resolved, Result } from '../engine/index.ts';

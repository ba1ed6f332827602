// Secret: only the name and type survive parsing. The values (data, stringData) are dropped on
// purpose: scenarios travel in share links, and no part of the simulator needs them.
import type { KindParser } from './base.ts';

export const parseSecret: KindParser<'Secret'> = (doc, base) => ({
  ...base,
  // The API server defaults type to Opaque.
  type: doc.str('type') || 'Opaque',
});

// The engine's only door (STYLE.md layout): other layers import the engine through this file.
export type * from './types.ts';
export { checkPolicy } from './policy.ts';
export type { PolicyDecision, PolicyOptions, PolicyPeer } from './policy.ts';

// The engine's only door (STYLE.md layout): other layers import the engine through this file.
export type * from './types.ts';
export { checkPolicy } from './policy.ts';
export type { PolicyDecision, PolicyOptions, PolicyPeer } from './policy.ts';
export { reach } from './reach.ts';
export type { Reachability, ReachOptions, ReachPair, ReachPeer } from './reach.ts';
export { connlistConns, formatConnlist } from './connlist.ts';
export { explain } from './explain.ts';
export type { ExplainedConnection, Explanation, ExplainTarget } from './explain.ts';
export { formatConns } from './portset.ts';
export type { ConnSet, PortRange, PortSet } from './portset.ts';
export { editDistance, findRef, kindOf, parseRef, qualifiedRef, resolveRef, shortKind } from './refs.ts';
export type { ObjectReference, RefKind, Resolved } from './refs.ts';
export { describeFlow, flowSpecOf, parseCommand } from './flow.ts';
export type { ParsedCommand } from './flow.ts';
export { isTargetRef, parseTarget, resolveTarget } from './target.ts';
export type { FlowTarget, ParsedTarget } from './target.ts';
export { classifyIp, describeIpClass, resolveSource } from './endpoints.ts';
export type { FlowSource, IpClass } from './endpoints.ts';

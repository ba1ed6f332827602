// The engine's answer version, recorded in every share link. Bump it (by one) whenever a change
// can make an existing scenario trace differently: another verdict, other hops or another hop
// order. Opening an older link then compares what it recorded with today's answer and says so.
export const ENGINE_VERSION = 3;

// Port sets and connection sets, symbolic: what a NetworkPolicy allows is a union of port ranges
// per protocol, so reachability is computed on ranges, never by trying ports one by one (issue 3 §2).
import type { FlowProtocol, Protocol } from '../model/objects.ts';

/** A port range, inclusive at both ends. */
export type PortRange = readonly [number, number];

/** Sorted, disjoint, non-adjacent ranges inside 1–65535. */
export type PortSet = readonly PortRange[];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export const noPorts: PortSet = [];
export const allPorts: PortSet = [[MIN_PORT, MAX_PORT]];

/** The protocols NetworkPolicy defines (sentences list them in this order; connlist.ts sorts them as np-guard does). */
export const policyProtocols: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** Normalizes any list of ranges: clips to 1–65535, drops empty ones, sorts, merges overlaps and neighbours. */
export function portSet(ranges: readonly PortRange[]): PortSet {
  const clipped = ranges
    .map(([lo, hi]): PortRange => [Math.max(lo, MIN_PORT), Math.min(hi, MAX_PORT)])
    .filter(([lo, hi]) => lo <= hi)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of clipped) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export const portRange = (lo: number, hi: number = lo): PortSet => portSet([[lo, hi]]);

export function union(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || isAllPorts(b)) return b;
  if (b.length === 0 || isAllPorts(a)) return a;
  return portSet([...a, ...b]);
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || isAllPorts(b)) return a;
  if (b.length === 0 || isAllPorts(a)) return b;
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

/** The ports of 1–65535 not in `a`. */
export function complement(a: PortSet): PortSet {
  const out: PortRange[] = [];
  let next = MIN_PORT;
  for (const [lo, hi] of a) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_PORT) out.push([next, MAX_PORT]);
  return out;
}

export const subtract = (a: PortSet, b: PortSet): PortSet => intersect(a, complement(b));

export const hasPort = (a: PortSet, port: number): boolean => a.some(([lo, hi]) => lo <= port && port <= hi);
export const isEmptyPorts = (a: PortSet): boolean => a.length === 0;
export const isAllPorts = (a: PortSet): boolean => a.length === 1 && a[0]![0] === MIN_PORT && a[0]![1] === MAX_PORT;
export const samePorts = (a: PortSet, b: PortSet): boolean =>
  a.length === b.length && a.every(([lo, hi], i) => lo === b[i]![0] && hi === b[i]![1]);

/** np-guard's rendering: `80,8000-9000`. */
export const formatPorts = (a: PortSet): string => a.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',');

// ---- connection sets: ports per protocol, plus the protocols NetworkPolicy does not define ----

/**
 * What may pass between two peers. `other` stands for every protocol NetworkPolicy does not define
 * (ICMP above all): a rule without `ports` admits them, a rule with ports does not (DATAPATH.md §8.1
 * item 9; kube-network-policies and Calico behave so).
 */
export interface ConnSet {
  readonly TCP: PortSet;
  readonly UDP: PortSet;
  readonly SCTP: PortSet;
  readonly other: boolean;
}

export const noConns: ConnSet = { TCP: noPorts, UDP: noPorts, SCTP: noPorts, other: false };
export const allConns: ConnSet = { TCP: allPorts, UDP: allPorts, SCTP: allPorts, other: true };

/** One protocol's ports, nothing else. */
export const protocolConns = (protocol: Protocol, ports: PortSet): ConnSet => ({ ...noConns, [protocol]: ports });

// The shortcuts matter: reach combines sets per class pair, and most of them are all or nothing.
export function connUnion(a: ConnSet, b: ConnSet): ConnSet {
  if (a === noConns || b === allConns) return b;
  if (b === noConns || a === allConns) return a;
  return { TCP: union(a.TCP, b.TCP), UDP: union(a.UDP, b.UDP), SCTP: union(a.SCTP, b.SCTP), other: a.other || b.other };
}

export function connIntersect(a: ConnSet, b: ConnSet): ConnSet {
  if (a === allConns || b === noConns) return b;
  if (b === allConns || a === noConns) return a;
  return { TCP: intersect(a.TCP, b.TCP), UDP: intersect(a.UDP, b.UDP), SCTP: intersect(a.SCTP, b.SCTP), other: a.other && b.other };
}

export const connSubtract = (a: ConnSet, b: ConnSet): ConnSet => ({
  TCP: subtract(a.TCP, b.TCP), UDP: subtract(a.UDP, b.UDP), SCTP: subtract(a.SCTP, b.SCTP), other: a.other && !b.other,
});

export const connEmpty = (a: ConnSet): boolean => !a.other && policyProtocols.every((p) => isEmptyPorts(a[p]));
export const connAll = (a: ConnSet): boolean => a.other && policyProtocols.every((p) => isAllPorts(a[p]));
export const connEqual = (a: ConnSet, b: ConnSet): boolean => a.other === b.other && policyProtocols.every((p) => samePorts(a[p], b[p]));

/** Whether one connection (ICMP: no port) is in the set. */
export function connHas(a: ConnSet, protocol: FlowProtocol, port: number): boolean {
  return protocol === 'ICMP' ? a.other : hasPort(a[protocol], port);
}

/**
 * For sentences: `All Connections`, `No Connections`, or `TCP 80,8000-9000,UDP 53`. A set with
 * every port of the three protocols but not ICMP still lists the three protocols, since it is not
 * everything (connlist.ts renders np-guard's convention instead).
 */
export function formatConns(a: ConnSet): string {
  if (connAll(a)) return 'All Connections';
  const parts = policyProtocols.filter((p) => !isEmptyPorts(a[p])).map((p) => `${p} ${formatPorts(a[p])}`);
  if (parts.length === 0) return a.other ? 'ICMP' : 'No Connections';
  return parts.join(',');
}

// Port sets are the algebra reach is built on: normalized, sorted, disjoint ranges in 1–65535.
// Tables for the rendering and edge cases, fast-check for the set laws, checked against a plain
// per-port model on a small window of ports.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allConns, allPorts, complement, connEmpty, connHas, connIntersect, connUnion, formatConns, formatPorts, hasPort,
  intersect, isAllPorts, noConns, noPorts, portRange, portSet, protocolConns, samePorts, subtract, union,
} from '../../src/engine/portset.ts';
import type { PortSet } from '../../src/engine/portset.ts';
import { connlistConns } from '../../src/engine/connlist.ts';

describe('normalization', () => {
  it.each([
    { name: 'sorted and merged when overlapping', input: [[90, 100], [80, 95]] as const, out: [[80, 100]] },
    { name: 'neighbours merge (80-81 and 82)', input: [[80, 81], [82, 82]] as const, out: [[80, 82]] },
    { name: 'a gap of one port stays', input: [[80, 81], [83, 83]] as const, out: [[80, 81], [83, 83]] },
    { name: 'clipped to 1-65535', input: [[0, 10], [65530, 70000]] as const, out: [[1, 10], [65530, 65535]] },
    { name: 'empty ranges dropped', input: [[10, 5]] as const, out: [] },
  ])('$name', ({ input, out }) => {
    expect(portSet(input)).toEqual(out);
  });
});

describe('rendering (np-guard: `80,8000-9000`; protocols in connlist as SCTP, TCP, UDP)', () => {
  it.each([
    { name: 'single port', set: portRange(8080), text: '8080' },
    { name: 'range', set: portRange(8000, 9000), text: '8000-9000' },
    { name: 'mixed', set: union(portRange(80), portRange(8000, 9000)), text: '80,8000-9000' },
    { name: 'all', set: allPorts, text: '1-65535' },
  ])('$name', ({ set, text }) => {
    expect(formatPorts(set)).toBe(text);
  });

  it.each([
    { name: 'everything', conns: allConns, sentence: 'All Connections', connlist: 'All Connections' },
    { name: 'nothing', conns: noConns, sentence: 'No Connections', connlist: 'No Connections' },
    { name: 'TCP and UDP', conns: connUnion(protocolConns('UDP', portRange(53)), protocolConns('TCP', portRange(8080))), sentence: 'TCP 8080,UDP 53', connlist: 'TCP 8080,UDP 53' },
    // np-guard's own test strings: "SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535" (alphabetical protocols)
    { name: 'all but TCP 80', conns: { ...allConns, TCP: subtract(allPorts, portRange(80)) }, sentence: 'TCP 1-79,81-65535,UDP 1-65535,SCTP 1-65535', connlist: 'SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535' },
    // Every port of the three protocols but no ICMP: all to np-guard, which models no ICMP
    { name: 'three protocols without ICMP', conns: { ...allConns, other: false }, sentence: 'TCP 1-65535,UDP 1-65535,SCTP 1-65535', connlist: 'All Connections' },
  ])('$name', ({ conns, sentence, connlist }) => {
    expect(formatConns(conns)).toBe(sentence);
    expect(connlistConns(conns)).toBe(connlist);
  });
});

describe('ICMP rides on `other` (DATAPATH.md §8.1 item 9)', () => {
  it.each([
    { name: 'all admits ICMP', conns: allConns, icmp: true },
    { name: 'a port set does not', conns: protocolConns('TCP', allPorts), icmp: false },
  ])('$name', ({ conns, icmp }) => {
    expect(connHas(conns, 'ICMP', 0)).toBe(icmp);
  });
});

// ---- properties ----------------------------------------------------------------

const WINDOW = 40; // ports 1..40 plus the top of the range, small enough to enumerate
const edge = fc.constantFrom(1, 2, 39, 40, 65534, 65535);
const port = fc.oneof(fc.integer({ min: 1, max: WINDOW }), edge);
const range = fc.tuple(port, port).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
const set = fc.array(range, { maxLength: 5 }).map((rs) => portSet(rs));
const probes = [...Array.from({ length: WINDOW + 1 }, (_, i) => i + 1), 1000, 65533, 65534, 65535];

/** The plain model: a set is the ports it contains. */
const members = (s: PortSet): number[] => probes.filter((p) => hasPort(s, p));
const isNormal = (s: PortSet): boolean =>
  s.every(([lo, hi], i) => lo >= 1 && hi <= 65535 && lo <= hi && (i === 0 || lo > s[i - 1]![1] + 1));

describe('set laws (fast-check)', () => {
  it('every operation returns a normalized set', () => {
    fc.assert(fc.property(set, set, (a, b) => [union(a, b), intersect(a, b), subtract(a, b), complement(a)].every(isNormal)));
  });

  it('union, intersection, difference agree with the per-port model', () => {
    fc.assert(fc.property(set, set, (a, b) => {
      for (const p of probes) {
        expect(hasPort(union(a, b), p)).toBe(hasPort(a, p) || hasPort(b, p));
        expect(hasPort(intersect(a, b), p)).toBe(hasPort(a, p) && hasPort(b, p));
        expect(hasPort(subtract(a, b), p)).toBe(hasPort(a, p) && !hasPort(b, p));
      }
    }));
  });

  it('commutative, associative, idempotent; distributive', () => {
    fc.assert(fc.property(set, set, set, (a, b, c) => {
      expect(samePorts(union(a, b), union(b, a))).toBe(true);
      expect(samePorts(intersect(a, b), intersect(b, a))).toBe(true);
      expect(samePorts(union(union(a, b), c), union(a, union(b, c)))).toBe(true);
      expect(samePorts(intersect(intersect(a, b), c), intersect(a, intersect(b, c)))).toBe(true);
      expect(samePorts(union(a, a), a)).toBe(true);
      expect(samePorts(intersect(a, a), a)).toBe(true);
      expect(samePorts(intersect(a, union(b, c)), union(intersect(a, b), intersect(a, c)))).toBe(true);
    }));
  });

  it('identities and De Morgan', () => {
    fc.assert(fc.property(set, set, (a, b) => {
      expect(samePorts(union(a, noPorts), a)).toBe(true);
      expect(samePorts(intersect(a, allPorts), a)).toBe(true);
      expect(isAllPorts(union(a, complement(a)))).toBe(true);
      expect(intersect(a, complement(a))).toEqual([]);
      expect(samePorts(complement(complement(a)), a)).toBe(true);
      expect(samePorts(complement(union(a, b)), intersect(complement(a), complement(b)))).toBe(true);
      expect(members(subtract(a, b))).toEqual(members(a).filter((p) => !hasPort(b, p)));
    }));
  });

  it('connection sets: per protocol, and empty only when nothing passes', () => {
    const conns = fc.record({ TCP: set, UDP: set, SCTP: set, other: fc.boolean() });
    fc.assert(fc.property(conns, conns, (a, b) => {
      const i = connIntersect(a, b);
      const u = connUnion(a, b);
      for (const proto of ['TCP', 'UDP', 'SCTP'] as const) {
        for (const p of probes) {
          expect(connHas(i, proto, p)).toBe(connHas(a, proto, p) && connHas(b, proto, p));
          expect(connHas(u, proto, p)).toBe(connHas(a, proto, p) || connHas(b, proto, p));
        }
      }
      expect(connEmpty(i)).toBe(!i.other && i.TCP.length === 0 && i.UDP.length === 0 && i.SCTP.length === 0);
    }));
  });
});

import { describe, expect, it } from 'vitest';
import {
  affinityOf, connection, emptyConntrack, lookupOriginal, lookupReply, remember, reverse, track, unDnat, unSnat, withIpvsNext,
} from '../../src/engine/conntrack.ts';
import type { ConntrackTable } from '../../src/engine/conntrack.ts';
import { deepFreeze } from '../cluster/net-fixtures.ts';
import { tcp } from './netfilter-fixtures.ts';

// Each case: the first packet as it arrived, as it left (after DNAT and SNAT), the reply the
// backend sends, what it is after the reply's destination manip (PREROUTING: SNAT undone) and
// what the client must see after the source manip too (POSTROUTING: DNAT undone) — DATAPATH
// §4.7.1, per hook as nf_nat_packet does it (include/net/netfilter/nf_nat.h HOOK2MANIP).
const cases = [
  {
    name: '§4.3 pod → ClusterIP, DNAT only: reply source becomes the Service address (R2)',
    original: tcp('10.244.1.5', 41000, '10.96.100.10', 80),
    translated: tcp('10.244.1.5', 41000, '10.244.2.7', 8080),
    reply: tcp('10.244.2.7', 8080, '10.244.1.5', 41000),
    midway: tcp('10.244.2.7', 8080, '10.244.1.5', 41000),
    restored: tcp('10.96.100.10', 80, '10.244.1.5', 41000),
    natted: { dnat: true },
  },
  {
    name: '§4.5 hairpin, DNAT + SNAT to cni0: un-SNAT and un-DNAT (step 4)',
    original: tcp('10.244.1.9', 41000, '10.96.100.10', 80),
    translated: tcp('10.244.1.1', 52000, '10.244.1.9', 8080),
    reply: tcp('10.244.1.9', 8080, '10.244.1.1', 52000),
    midway: tcp('10.244.1.9', 8080, '10.244.1.9', 41000),
    restored: tcp('10.96.100.10', 80, '10.244.1.9', 41000),
    natted: { dnat: true, snat: true },
  },
  {
    name: '§5.3 NodePort, Cluster policy: reply leaves as node:30080 → client',
    original: tcp('203.0.113.7', 51000, '172.16.0.11', 30080),
    translated: tcp('10.244.1.0', 61000, '10.244.2.7', 8080),
    reply: tcp('10.244.2.7', 8080, '10.244.1.0', 61000),
    midway: tcp('10.244.2.7', 8080, '203.0.113.7', 51000),
    restored: tcp('172.16.0.11', 30080, '203.0.113.7', 51000),
    natted: { dnat: true, snat: true },
  },
  {
    name: '§4.6 pod → Internet, CNI masquerade only',
    original: tcp('10.244.1.5', 41000, '198.51.100.10', 443),
    translated: tcp('172.16.0.11', 33000, '198.51.100.10', 443),
    reply: tcp('198.51.100.10', 443, '172.16.0.11', 33000),
    midway: tcp('198.51.100.10', 443, '10.244.1.5', 41000),
    restored: tcp('198.51.100.10', 443, '10.244.1.5', 41000),
    natted: { snat: true },
  },
];

describe('conntrack: reverse translation of replies (DATAPATH §4.7)', () => {
  it.each(cases)('$name', ({ original, translated, reply, midway, restored, natted }) => {
    const entry = connection('node-1', original, translated);
    expect(entry).toEqual({ original, reply, node: 'node-1', natted });
    expect(unSnat(entry, reply)).toEqual(midway);
    expect(unDnat(entry, midway)).toEqual(restored);
    const table = track(deepFreeze(emptyConntrack), entry);
    const found = lookupReply(table, reply, 'node-1');
    expect(found?.tuple).toEqual(restored);
    expect(found?.entry).toBe(entry);
    // Later packets of the original direction take the same translation (§4.1: nat sees only the first).
    expect(lookupOriginal(table, original)?.tuple).toEqual(translated);
  });

  it('a reply reaching another node is not translated there (§4.7.2: replies must come back through the translating node)', () => {
    const c = cases[0]!;
    const table = track(emptyConntrack, connection('node-1', c.original, c.translated));
    expect(lookupReply(table, c.reply, 'node-2')).toBeUndefined();
    expect(lookupReply(table, c.reply)).toBeDefined();
  });

  it('an unrelated packet finds nothing', () => {
    const table = track(emptyConntrack, connection('node-1', cases[0]!.original, cases[0]!.translated));
    expect(lookupReply(table, tcp('10.244.2.7', 8080, '10.244.1.5', 41001))).toBeUndefined();
  });

  it('track returns a new table and never mutates the old one; the same original replaces its entry', () => {
    const t0 = deepFreeze(emptyConntrack);
    const t1 = track(t0, connection('node-1', cases[0]!.original, cases[0]!.translated));
    const t2 = track(t1, connection('node-1', cases[0]!.original, tcp('10.244.1.5', 41000, '10.244.2.8', 8080)));
    expect(t0.entries).toHaveLength(0);
    expect(t1.entries).toHaveLength(1);
    expect(t2.entries).toHaveLength(1);
    expect(lookupReply(t2, tcp('10.244.2.8', 8080, '10.244.1.5', 41000))?.tuple).toEqual(cases[0]!.restored);
  });

  it('reverse swaps addresses and ports', () => {
    expect(reverse(tcp('a', 1, 'b', 2))).toEqual(tcp('b', 2, 'a', 1));
  });
});

describe('affinity lists (sessionAffinity ClientIP, DATAPATH §5.7: keyed on the client IP only)', () => {
  const base: ConntrackTable = deepFreeze(emptyConntrack);
  const entry = { node: 'node-1', name: 'KUBE-SEP-X', client: '10.244.1.5', endpoint: '10.244.2.7:8080' };

  it.each([
    { name: 'same node, list and client', node: 'node-1', list: 'KUBE-SEP-X', client: '10.244.1.5', found: true },
    { name: 'another client IP', node: 'node-1', list: 'KUBE-SEP-X', client: '10.244.1.6', found: false },
    { name: 'another list', node: 'node-1', list: 'KUBE-SEP-Y', client: '10.244.1.5', found: false },
    { name: 'another node (recent lists are per kernel)', node: 'node-2', list: 'KUBE-SEP-X', client: '10.244.1.5', found: false },
  ])('$name', ({ node, list, client, found }) => {
    const t = remember(base, entry);
    expect(affinityOf(t, node, list, client) !== undefined).toBe(found);
    expect(base.affinity).toHaveLength(0);
  });

  it('--set again refreshes instead of duplicating', () => {
    const t = remember(remember(base, entry), { ...entry, endpoint: '10.244.2.8:8080' });
    expect(t.affinity).toEqual([{ ...entry, endpoint: '10.244.2.8:8080' }]);
  });

  it('IPVS rr positions are kept per key', () => {
    const t = withIpvsNext(withIpvsNext(base, 'node-1|a', 1), 'node-1|b', 2);
    expect(t.ipvsNext).toEqual({ 'node-1|a': 1, 'node-1|b': 2 });
    expect(base.ipvsNext).toEqual({});
  });
});

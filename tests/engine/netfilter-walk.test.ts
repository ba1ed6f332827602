// The chain walker's netfilter semantics on small hand-written chains (iptables(8),
// iptables-extensions(8), nft(8)): first match, jump/RETURN, nftables goto, marks, ipsets,
// terminating targets, one random draw per statistic rule reached.
import { describe, expect, it } from 'vitest';
import { emptyConntrack, remember } from '../../src/engine/conntrack.ts';
import type { Tuple } from '../../src/engine/netfilter.ts';
import { isLocalAddress, walk } from '../../src/engine/netfilter-walk.ts';
import type { WalkEnv } from '../../src/engine/netfilter-walk.ts';
import type { IptablesChain, IptablesRule } from '../../src/model/cluster.ts';
import { NODE1, POD, nodeOf, scenario, scriptedRng, tcp } from './netfilter-fixtures.ts';

const state = scenario({ proxy: 'ipvs' });
const node = nodeOf(state, 'node-1');
const nat = (name: string, rules: IptablesRule[]): IptablesChain => ({ table: 'nat', name, rules });
const env = (chains: IptablesChain[], extra: Partial<WalkEnv> = {}): WalkEnv => ({ state, node, syntax: 'iptables', chains, rng: scriptedRng([]), ...extra });
const t = tcp(POD.client, 41000, '10.96.100.10', 80);
const at = (r: ReturnType<typeof walk>) => r.hits.map((h) => `${h.chain.name}#${h.index + 1}`);

describe('jump, RETURN and goto', () => {
  const chains = (inner: IptablesRule[], jump = 'INNER') => [
    nat('PREROUTING', [{ match: {}, jump }, { match: {}, jump: 'MARK', markOr: 0x1 }]),
    nat(jump, inner),
  ];

  it.each([
    { name: '-j CHAIN returns to the caller when the chain ends', inner: [{ match: { source: '192.0.2.1' }, jump: 'DROP' }], hits: ['PREROUTING#1', 'PREROUTING#2'], mark: 1 },
    { name: 'RETURN goes back to the caller; rules after it are not seen', inner: [{ match: {}, jump: 'RETURN' }, { match: {}, jump: 'DROP' }], hits: ['PREROUTING#1', 'INNER#1', 'PREROUTING#2'], mark: 1 },
    { name: 'MARK in the called chain is kept after the return', inner: [{ match: {}, jump: 'MARK', markOr: 0x4000 }], hits: ['PREROUTING#1', 'INNER#1', 'PREROUTING#2'], mark: 0x4001 },
    { name: 'a terminating target (DROP) ends the whole walk', inner: [{ match: {}, jump: 'DROP' }], hits: ['PREROUTING#1', 'INNER#1'], mark: 0 },
  ] as { name: string; inner: IptablesRule[]; hits: string[]; mark: number }[])('$name', ({ inner, hits, mark }) => {
    const r = walk(env(chains(inner)), 'nat', 'PREROUTING', t, 0, emptyConntrack);
    expect(at(r)).toEqual(hits);
    expect(r.mark).toBe(mark);
  });

  it.each([
    { syntax: 'iptables' as const, hits: ['PREROUTING#1', 'PREROUTING#2'] },
    // nft goto: the target replaces the current chain, so when it ends there is nothing to return to.
    { syntax: 'nftables' as const, hits: ['PREROUTING#1'] },
  ])('a chain not entered with jump in nftables is a goto ($syntax)', ({ syntax, hits }) => {
    const r = walk(env(chains([], 'service-x'), { syntax }), 'nat', 'PREROUTING', t, 0, emptyConntrack);
    expect(at(r)).toEqual(hits);
  });

  it('a jump to a chain that does not exist is skipped', () => {
    const r = walk(env([nat('PREROUTING', [{ match: {}, jump: 'NOPE' }, { match: {}, jump: 'ACCEPT' }])]), 'nat', 'PREROUTING', t, 0, emptyConntrack);
    expect(r.outcome).toBe('accept');
  });
});

describe('matches', () => {
  const one = (rule: IptablesRule, tuple: Tuple = t, mark = 0, extra: Partial<WalkEnv> = {}, ct = emptyConntrack) =>
    walk(env([nat('C', [rule])], extra), 'nat', 'C', tuple, mark, ct).hits.length === 1;

  it.each([
    { name: 'protocol', rule: { match: { protocol: 'TCP' }, jump: 'ACCEPT' }, hit: true },
    { name: 'other protocol', rule: { match: { protocol: 'UDP' }, jump: 'ACCEPT' }, hit: false },
    { name: 'source CIDR', rule: { match: { source: '10.244.0.0/16' }, jump: 'ACCEPT' }, hit: true },
    { name: '! -s CIDR', rule: { match: { notSource: '10.244.0.0/16' }, jump: 'ACCEPT' }, hit: false },
    { name: 'destination address', rule: { match: { destination: '10.96.100.10' }, jump: 'ACCEPT' }, hit: true },
    { name: '! -d 224.0.0.0/4', rule: { match: { notDestination: '224.0.0.0/4' }, jump: 'ACCEPT' }, hit: true },
    { name: '--dport', rule: { match: { protocol: 'TCP', dport: 80 }, jump: 'ACCEPT' }, hit: true },
    { name: 'multiport --dports', rule: { match: { protocol: 'TCP', dports: [443, 80] }, jump: 'ACCEPT' }, hit: true },
    // kube-ipvs0 holds the ClusterIP in IPVS mode (§4.9), so it is a LOCAL destination.
    { name: '--dst-type LOCAL (kube-ipvs0)', rule: { match: { dstTypeLocal: true }, jump: 'ACCEPT' }, hit: true },
    { name: '--src-type LOCAL for a pod source', rule: { match: { srcTypeLocal: true }, jump: 'ACCEPT' }, hit: false },
    { name: 'ctstate NEW (the nat table sees first packets)', rule: { match: { ctstate: ['NEW'] }, jump: 'ACCEPT' }, hit: true },
    { name: 'ctstate RELATED,ESTABLISHED', rule: { match: { ctstate: ['RELATED', 'ESTABLISHED'] }, jump: 'ACCEPT' }, hit: false },
    { name: 'mark 0x4000/0x4000 on an unmarked packet', rule: { match: { mark: { value: 0x4000, negate: false } }, jump: 'ACCEPT' }, hit: false },
    { name: '! mark 0x4000/0x4000 on an unmarked packet', rule: { match: { mark: { value: 0x4000, negate: true } }, jump: 'ACCEPT' }, hit: true },
  ] as { name: string; rule: IptablesRule; hit: boolean }[])('$name → $hit', ({ rule, hit }) => {
    expect(one(rule)).toBe(hit);
  });

  it.each([
    { name: 'a marked packet matches --mark', mark: 0x4001, negate: false, hit: true },
    { name: 'a marked packet fails ! --mark', mark: 0x4000, negate: true, hit: false },
  ])('$name', ({ mark, negate, hit }) => {
    expect(one({ match: { mark: { value: 0x4000, negate } }, jump: 'ACCEPT' }, t, mark)).toBe(hit);
  });

  it.each([
    { name: 'ICMP never matches a --dport rule (§4.8)', rule: { match: { dport: 7 }, jump: 'ACCEPT' } },
    { name: 'ICMP never matches -p tcp', rule: { match: { protocol: 'TCP' }, jump: 'ACCEPT' } },
  ] as { name: string; rule: IptablesRule }[])('$name', ({ rule }) => {
    expect(one(rule, { protocol: 'ICMP', src: POD.client, sport: 7, dst: '10.96.100.10', dport: 7 })).toBe(false);
  });

  it.each([
    { name: 'dst,dst ip + proto:port', set: 'S', flags: 'dst,dst', entries: ['10.96.100.10,tcp:80'], hit: true },
    { name: 'dst,dst wrong port', set: 'S', flags: 'dst,dst', entries: ['10.96.100.10,tcp:81'], hit: false },
    { name: 'dst,dst wrong protocol', set: 'S', flags: 'dst,dst', entries: ['10.96.100.10,udp:80'], hit: false },
    { name: 'bitmap:port dst', set: 'S', flags: 'dst', entries: ['80'], hit: true },
    { name: 'KUBE-LOOP-BACK dst,dst,src: source must be the endpoint', set: 'S', flags: 'dst,dst,src', entries: ['10.96.100.10,tcp:80,10.244.1.9'], hit: false },
    { name: 'unknown set', set: 'NONE', flags: 'dst', entries: ['80'], hit: false },
  ])('ipset $name', ({ set, flags, entries, hit }) => {
    expect(one({ match: { set: { name: set, flags } }, jump: 'ACCEPT' }, t, 0, { ipsets: { S: entries } })).toBe(hit);
  });

  it('recent --rcheck matches only a client already in that list on this node', () => {
    const rule: IptablesRule = { match: { recent: { op: 'rcheck', name: 'KUBE-SEP-X', seconds: 10800 } }, jump: 'ACCEPT' };
    expect(one(rule)).toBe(false);
    const ct = remember(emptyConntrack, { node: 'node-1', name: 'KUBE-SEP-X', client: POD.client, endpoint: '10.244.2.7:8080' });
    expect(one(rule, t, 0, {}, ct)).toBe(true);
    expect(one(rule, { ...t, src: POD.webA }, 0, {}, ct)).toBe(false);
  });

  it('isLocalAddress: node addresses, kube-ipvs0 Service IPs and 127.0.0.0/8, not pods', () => {
    expect([NODE1, '10.96.100.10', '127.0.0.53', '10.244.1.1', POD.client].map((ip) => isLocalAddress(node, ip))).toEqual([true, true, true, true, false]);
  });
});

describe('targets and random picks', () => {
  const picks = nat('SVC', [
    { match: { probability: 0.3333333333 }, jump: 'DNAT', toDestination: '10.244.1.9:8080' },
    { match: { probability: 0.5 }, jump: 'DNAT', toDestination: '10.244.2.7:8080' },
    { match: {}, jump: 'DNAT', toDestination: '10.244.2.8:8080' },
  ]);

  it.each([
    { draws: [0.2], dst: '10.244.1.9', misses: 0 },
    { draws: [0.4, 0.49], dst: '10.244.2.7', misses: 1 },
    { draws: [0.4, 0.6], dst: '10.244.2.8', misses: 2 },
  ])('iptables: draws $draws → $dst (exactly one draw per rule reached)', ({ draws, dst, misses }) => {
    const r = walk(env([picks], { rng: scriptedRng(draws) }), 'nat', 'SVC', t, 0, emptyConntrack);
    expect(r.outcome).toBe('dnat');
    expect(r.tuple).toEqual({ ...t, dst, dport: 8080 });
    expect(r.misses).toHaveLength(misses);
  });

  it.each([
    { draw: 0.1, dst: '10.244.1.9' }, { draw: 0.5, dst: '10.244.2.7' }, { draw: 0.99, dst: '10.244.2.8' },
  ])('nftables: one numgen draw ($draw) picks $dst', ({ draw, dst }) => {
    const r = walk(env([picks], { syntax: 'nftables', rng: scriptedRng([draw]) }), 'nat', 'SVC', t, 0, emptyConntrack);
    expect(r.tuple.dst).toBe(dst);
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0]!.draw?.mod).toBe(3);
  });

  it('DNAT without a port keeps the destination port; MASQUERADE reports --random-fully', () => {
    const d = walk(env([nat('C', [{ match: {}, jump: 'DNAT', toDestination: '10.244.2.7' }])]), 'nat', 'C', t, 0, emptyConntrack);
    expect(d.tuple).toEqual({ ...t, dst: '10.244.2.7' });
    const m = walk(env([nat('C', [{ match: {}, jump: 'MASQUERADE', randomFully: true }])]), 'nat', 'C', t, 0, emptyConntrack);
    expect([m.outcome, m.randomFully]).toEqual(['masquerade', true]);
  });

  it('MARK --xor-mark clears what --or-mark set', () => {
    const r = walk(env([nat('C', [{ match: {}, jump: 'MARK', markXor: 0x4000 }])]), 'nat', 'C', t, 0x4000, emptyConntrack);
    expect(r.mark).toBe(0);
  });
});

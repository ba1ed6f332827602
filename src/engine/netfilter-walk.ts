// The chain walk: evaluates the rules of NodeState.proxy as the kernel does — first match wins in
// a chain, `-j CHAIN` returns to the caller when the chain ends or says RETURN (nftables `goto`
// does not), MARK continues, DNAT/MASQUERADE/ACCEPT/DROP/REJECT end the hook's traversal
// (DATAPATH §4.2). Every rule that matched is recorded, in order.
import type { ClusterState, IptablesChain, IptablesRule, NodeState, RuleMatch } from '../model/cluster.ts';
import type { Cidr } from '../model/ip.ts';
import { cidrContains, parseCidr, parseIPv4 } from '../model/ip.ts';
import type { ConntrackTable } from './conntrack.ts';
import { localInterface } from './datapath-route.ts';
import { affinityOf, remember } from './conntrack.ts';
import type { Tuple } from './netfilter.ts';
import type { RuleSyntax } from './netfilter-rules.ts';
import { NFT_JUMPED } from '../cluster/proxy-nftList.ts';
import { probabilityRun } from './netfilter-rules.ts';
import type { Rng } from './random.ts';

export interface WalkEnv {
  readonly state: ClusterState;
  readonly node: NodeState;
  readonly syntax: RuleSyntax;
  readonly chains: readonly IptablesChain[];
  readonly ipsets?: Readonly<Record<string, readonly string[]>>;
  readonly rng: Rng;
}

/** A rule that matched; `draw` for the random pick that chose it. */
export interface Hit {
  readonly syntax: RuleSyntax;
  readonly chain: IptablesChain;
  readonly index: number;
  /** iptables statistic: the probability that fired; nftables numgen: the value of `mod N`. */
  readonly draw?: { readonly probability?: number; readonly value?: number; readonly mod?: number };
}

/** A `-m statistic` rule whose draw missed (for the sentence: "0.5 after 0.333 missed"). */
export interface Miss {
  readonly chain: IptablesChain;
  readonly index: number;
  readonly probability: number;
}

export type Outcome = 'end' | 'accept' | 'drop' | 'reject' | 'dnat' | 'masquerade';

export interface WalkResult {
  readonly tuple: Tuple;
  readonly mark: number;
  readonly hits: readonly Hit[];
  readonly misses: readonly Miss[];
  readonly outcome: Outcome;
  readonly ct: ConntrackTable;
  /** MASQUERADE: whether the source port is fully randomised. */
  readonly randomFully?: boolean;
}

const TARGETS = new Set(['DNAT', 'MARK', 'MASQUERADE', 'RETURN', 'REJECT', 'DROP', 'ACCEPT']);
const MAX_STEPS = 100_000;

// Addresses and CIDRs of rules, parsed once: a chain walk compares the packet against hundreds of
// rules (KUBE-SERVICES has one per Service port), and parsing each time dominated a trace.
const ips = new Map<string, number | null>();
const cidrs = new Map<string, Cidr | null>();

function ipOf(text: string): number | undefined {
  let hit = ips.get(text);
  if (hit === undefined) ips.set(text, (hit = parseIPv4(text) ?? null));
  return hit ?? undefined;
}

function cidrOf(text: string): Cidr | undefined {
  let hit = cidrs.get(text);
  if (hit === undefined) cidrs.set(text, (hit = parseCidr(text) ?? null));
  return hit ?? undefined;
}

/** ipInCidr with both sides parsed once. */
function inCidr(ip: string, cidr: string): boolean {
  const n = ipOf(ip);
  const c = cidrOf(cidr);
  return n !== undefined && c !== undefined && cidrContains(c, n);
}

/** `-m addrtype --dst-type LOCAL`: an address of this node (kube-ipvs0's Service IPs included), or 127.0.0.0/8. */
export function isLocalAddress(node: NodeState, ip: string): boolean {
  if (inCidr(ip, '127.0.0.0/8')) return true;
  return localInterface(node, ip) !== undefined;
}

/** ipset membership: each comma-separated part of an entry is checked against the flag at its position. */
function inSet(entries: readonly string[], flags: string, t: Tuple): boolean {
  const dirs = flags.split(',');
  return entries.some((entry) => entry.split(',').every((part, i) => {
    const dir = dirs[i] ?? 'dst';
    const ip = dir === 'src' ? t.src : t.dst;
    const port = dir === 'src' ? t.sport : t.dport;
    const protoPort = /^(tcp|udp|sctp):(\d+)$/.exec(part);
    if (protoPort) return t.protocol.toLowerCase() === protoPort[1] && port === Number(protoPort[2]);
    if (/^\d+$/.test(part)) return t.protocol !== 'ICMP' && port === Number(part);
    return part.includes('/') ? inCidr(ip, part) : ip === part;
  }));
}

function addressMatch(ip: string, cidr: string): boolean {
  return cidr.includes('/') ? inCidr(ip, cidr) : ip === cidr;
}

/** Every condition of the rule except the random draw (which the walker does once per rule). */
function matches(m: RuleMatch, t: Tuple, mark: number, env: WalkEnv, ct: ConntrackTable): boolean {
  if (m.protocol !== undefined && m.protocol !== t.protocol) return false;
  if (m.source !== undefined && !addressMatch(t.src, m.source)) return false;
  if (m.notSource !== undefined && addressMatch(t.src, m.notSource)) return false;
  if (m.destination !== undefined && !addressMatch(t.dst, m.destination)) return false;
  if (m.notDestination !== undefined && addressMatch(t.dst, m.notDestination)) return false;
  // Ports exist only for TCP/UDP/SCTP: ICMP never matches a --dport rule (§4.8).
  if (m.dport !== undefined && (t.protocol === 'ICMP' || m.dport !== t.dport)) return false;
  if (m.dports !== undefined && (t.protocol === 'ICMP' || !m.dports.includes(t.dport))) return false;
  if (m.dstTypeLocal && !isLocalAddress(env.node, t.dst)) return false;
  if (m.srcTypeLocal && !isLocalAddress(env.node, t.src)) return false;
  if (m.mark && ((mark & m.mark.value) === m.mark.value) === m.mark.negate) return false;
  // The nat table sees only a connection's first packet, which conntrack calls NEW (§4.1).
  if (m.ctstate && !m.ctstate.includes('NEW')) return false;
  if (m.set && !inSet(env.ipsets?.[m.set.name] ?? [], m.set.flags, t)) return false;
  if (m.recent?.op === 'rcheck' && !affinityOf(ct, env.node.name, m.recent.name, t.src)) return false;
  return true;
}

function dnat(t: Tuple, to: string): Tuple {
  const [ip = t.dst, port] = to.split(':');
  return { ...t, dst: ip, dport: port !== undefined ? Number(port) : t.dport };
}

interface Frame { readonly chain: IptablesChain; index: number }

// Chains by table and name, built once per node's rule set (the state is immutable).
const indexCache = new WeakMap<readonly IptablesChain[], ReadonlyMap<string, IptablesChain>>();

function chainIndex(chains: readonly IptablesChain[]): ReadonlyMap<string, IptablesChain> {
  let index = indexCache.get(chains);
  if (!index) {
    index = new Map(chains.map((c) => [`${c.table}/${c.name}`, c]));
    indexCache.set(chains, index);
  }
  return index;
}

/**
 * Where a long chain's rules can match, by destination and port: KUBE-SERVICES has one rule per
 * Service port, each `-d <ClusterIP>`, KUBE-NODEPORTS one per NodePort, each `--dport`, so a packet
 * can only match the few naming its destination or port and the rules with neither. The walk jumps from one such rule to the next; the rules it skips
 * would have failed `matches`, without side effects.
 */
interface ChainSkip {
  /** Indexes (ascending) of rules whose `destination` is an exact address, by that address. */
  readonly byDestination: ReadonlyMap<string, readonly number[]>;
  /** Indexes (ascending) of the other rules with a `dport` (KUBE-NODEPORTS: one per NodePort), by port. */
  readonly byDport: ReadonlyMap<number, readonly number[]>;
  /** Indexes (ascending) of every other rule. */
  readonly others: readonly number[];
}

const SKIP_MIN_RULES = 16;
const skipCache = new WeakMap<IptablesChain, ChainSkip | null>();

function pushTo<K>(m: Map<K, number[]>, key: K, i: number): void {
  const list = m.get(key);
  if (list) list.push(i);
  else m.set(key, [i]);
}

function chainSkip(chain: IptablesChain): ChainSkip | null {
  let skip = skipCache.get(chain);
  if (skip !== undefined) return skip;
  skip = null;
  if (chain.rules.length >= SKIP_MIN_RULES) {
    const byDestination = new Map<string, number[]>();
    const byDport = new Map<number, number[]>();
    const others: number[] = [];
    chain.rules.forEach((rule, i) => {
      const d = rule.match.destination;
      // addressMatch compares a destination without a prefix length as text.
      if (d !== undefined && !d.includes('/')) pushTo(byDestination, d, i);
      else if (rule.match.dport !== undefined) pushTo(byDport, rule.match.dport, i);
      else others.push(i);
    });
    skip = { byDestination, byDport, others };
  }
  skipCache.set(chain, skip);
  return skip;
}

/** The first value of ascending `a` that is ≥ `from`, or `none`. */
function firstFrom(a: readonly number[] | undefined, from: number, none: number): number {
  if (a === undefined) return none;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < a.length ? a[lo]! : none;
}

/**
 * Walks `table` from chain `start`. The random pick is drawn once per statistic rule reached, as
 * xt_statistic does (probability kept as a 31-bit fraction); in nftables syntax a flattened
 * `numgen random mod N` run is drawn once for the whole run.
 */
export function walk(
  env: WalkEnv, table: 'nat' | 'filter', start: string, tuple: Tuple, mark: number, ct: ConntrackTable,
): WalkResult {
  const index = chainIndex(env.chains);
  const byName = { get: (name: string) => index.get(`${table}/${name}`) };
  const hits: Hit[] = [];
  const misses: Miss[] = [];
  const first = byName.get(start);
  const stack: Frame[] = first ? [{ chain: first, index: 0 }] : [];
  let t = tuple;
  let m = mark;
  let table2 = ct;
  const done = (outcome: Outcome, randomFully?: boolean): WalkResult => ({
    tuple: t, mark: m, hits, misses, outcome, ct: table2, ...(randomFully !== undefined ? { randomFully } : {}),
  });

  for (let steps = 0; stack.length > 0 && steps < MAX_STEPS; steps++) {
    const frame = stack[stack.length - 1]!;
    const rules = frame.chain.rules;
    const skip = frame.index < rules.length ? chainSkip(frame.chain) : null;
    if (skip) {
      // Each skipped rule still counts as a step, so the MAX_STEPS bound stops where it always did.
      const next = Math.min(
        firstFrom(skip.byDestination.get(t.dst), frame.index, rules.length),
        firstFrom(skip.byDport.get(t.dport), frame.index, rules.length),
        firstFrom(skip.others, frame.index, rules.length),
      );
      steps += next - frame.index;
      frame.index = next;
      if (steps >= MAX_STEPS) break;
    }
    if (frame.index >= rules.length) { stack.pop(); continue; }
    const index = frame.index++;
    const rule: IptablesRule = rules[index]!;
    if (!matches(rule.match, t, m, env, table2)) continue;

    let draw: Hit['draw'];
    if (env.syntax === 'nftables') {
      const run = probabilityRun(rules, index);
      if (run && index === run.start) {
        const value = env.rng.int(0, run.end - run.start);
        // One numgen draw picks the element; the others of the run are not evaluated.
        frame.index = run.end + 1;
        hits.push({ syntax: env.syntax, chain: frame.chain, index: run.start + value, draw: { value, mod: run.end - run.start + 1 } });
        if (!enter(rules[run.start + value]!)) return done(outcomeOf(rules[run.start + value]!), rules[run.start + value]!.randomFully === true);
        continue;
      }
    } else if (rule.match.probability !== undefined) {
      const p = Math.round(rule.match.probability * 0x80000000) / 0x80000000;
      if (!(env.rng.next() < p)) { misses.push({ chain: frame.chain, index, probability: rule.match.probability }); continue; }
      draw = { probability: rule.match.probability };
    }
    hits.push({ syntax: env.syntax, chain: frame.chain, index, ...(draw ? { draw } : {}) });
    if (!enter(rule)) return done(outcomeOf(rule), rule.randomFully === true);
  }
  return done('end');

  /** Applies the rule's target; true when the walk goes on, false when the target ends it. */
  function enter(rule: IptablesRule): boolean {
    if (rule.match.recent?.op === 'set') {
      table2 = remember(table2, { node: env.node.name, name: rule.match.recent.name, client: t.src, endpoint: rule.toDestination ?? '' });
    }
    switch (rule.jump) {
      case 'MARK':
        if (rule.markOr !== undefined) m = (m | rule.markOr) >>> 0;
        if (rule.markXor !== undefined) m = (m ^ rule.markXor) >>> 0;
        return true;
      case 'RETURN':
        stack.pop();
        return true;
      case 'DNAT':
        t = dnat(t, rule.toDestination ?? t.dst);
        return false;
      case 'MASQUERADE': case 'ACCEPT': case 'DROP': case 'REJECT':
        return false;
      default: {
        const target = byName.get(rule.jump);
        if (!target || TARGETS.has(rule.jump)) return true;
        // nftables `goto`: the target replaces the current chain, so its end returns past it.
        if (env.syntax === 'nftables' && !NFT_JUMPED.has(rule.jump)) stack.pop();
        stack.push({ chain: target, index: 0 });
        return true;
      }
    }
  }
}

function outcomeOf(rule: IptablesRule): Outcome {
  switch (rule.jump) {
    case 'DNAT': return 'dnat';
    case 'MASQUERADE': return 'masquerade';
    case 'ACCEPT': return 'accept';
    case 'DROP': return 'drop';
    case 'REJECT': return 'reject';
    default: return 'end';
  }
}

// The DNS tools: nslookup, dig, host and `getent hosts`. Each only resolves a name (lookupOnly),
// over UDP port 53 unless told to use TCP. They differ in ways students trip over, kept here:
// dig does not apply resolv.conf's search list (dig(1) "+[no]search … The search list is not used
// by default"), while nslookup, host and getent (the libc resolver) do; an address given where a
// name is expected is a reverse (PTR) lookup of `d.c.b.a.in-addr.arpa` (nslookup(1), host(1), dig -x).
import { parseIPv4 } from '../model/ip.ts';
import { getopt, has, last } from './getopt.ts';
import type { CommandSpec } from './commands.ts';
import type { DnsLayer, FlowSpec, Result } from './types.ts';
import { checkHost } from './url.ts';

type Qtype = DnsLayer['qtype'];
const QTYPES: readonly Qtype[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT'];
/** Record types that exist but the simulated DNS does not serve. */
const OTHER_TYPES = ['MX', 'NS', 'SOA', 'ANY', 'CAA', 'HINFO', 'NAPTR', 'DS', 'DNSKEY', 'AXFR'];

const fail = <T>(error: string): Result<T> => ({ ok: false, error });

function qtypeOf(tool: string, text: string): Result<Qtype> {
  const t = text.toUpperCase();
  if ((QTYPES as readonly string[]).includes(t)) return { ok: true, value: t as Qtype };
  return fail(`${tool}: record type ${text} is not simulated; ask for one of ${QTYPES.join(', ')}`);
}

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa` (RFC 1035 §3.5). */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

interface Lookup {
  readonly name: string;
  readonly qtype?: Qtype;
  readonly server?: string;
  readonly search: boolean;
  readonly tcp: boolean;
  readonly files?: boolean;
}

function lookupSpec(tool: string, l: Lookup): Result<CommandSpec> {
  const name = checkHost(l.name, 'backend.shop');
  if (!name.ok) return fail(`${tool}: ${name.error}`);
  let server: string | undefined;
  if (l.server !== undefined) {
    const s = checkHost(l.server, 'kube-dns.kube-system');
    if (!s.ok) return fail(`${tool}: ${s.error}`);
    server = s.value;
  }
  // An address where a name was expected is a PTR query, never searched.
  const reverse = parseIPv4(name.value) !== undefined && (l.qtype === undefined || l.qtype === 'PTR');
  const to = reverse ? reverseName(name.value) : name.value;
  const qtype = reverse ? 'PTR' : l.qtype;
  const search = reverse ? false : l.search;
  const dns: NonNullable<FlowSpec['dns']> = {
    ...(server !== undefined ? { server } : {}),
    ...(qtype !== undefined ? { qtype } : {}),
    ...(!search ? { search: false } : {}),
    // A reverse lookup is shown and traced as the PTR query it becomes.
    ...(l.files && !reverse ? { files: true } : {}),
  };
  return {
    ok: true,
    value: { to, port: 53, protocol: l.tcp ? 'TCP' : 'UDP', lookupOnly: true, ...(Object.keys(dns).length > 0 ? { dns } : {}) },
  };
}

/** nslookup(1): `nslookup [-type=T] [-vc] NAME [SERVER]`; `-vc` uses TCP. */
export function nslookup(words: readonly string[]): Result<CommandSpec> {
  let qtype: Qtype | undefined;
  let tcp = false;
  const operands: string[] = [];
  for (const w of words) {
    const m = /^-(?:type|query|querytype|q|t)=(.*)$/i.exec(w);
    if (m) {
      const q = qtypeOf('nslookup', m[1]!);
      if (!q.ok) return q;
      qtype = q.value;
    } else if (w === '-vc') tcp = true;
    else if (/^-(debug|nodebug|timeout=\d+|retry=\d+|port=53)$/.test(w)) continue;
    else if (w.startsWith('-')) return fail(`nslookup: option ${w} is not simulated; the options it knows are -type=T -vc -debug -timeout=N`);
    else operands.push(w);
  }
  if (operands.length < 1 || operands.length > 2) return fail('nslookup takes a name and optionally a server, e.g. nslookup backend or nslookup backend 10.96.0.10');
  return lookupSpec('nslookup', { name: operands[0]!, qtype, server: operands[1], search: true, tcp });
}

/** dig(1): `dig [@SERVER] [-t T] [-x ADDR] [+[no]search] [+tcp] NAME [T] [IN]`. */
export function dig(words: readonly string[]): Result<CommandSpec> {
  let server: string | undefined;
  let qtype: Qtype | undefined;
  let name: string | undefined;
  let search = false;
  let tcp = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('@')) server = w.slice(1);
    else if (w === '-t' || w === '-x' || w === '-p') {
      const v = words[++i];
      if (v === undefined) return fail(`dig: option ${w} needs a value`);
      if (w === '-p' && v !== '53') return fail('dig: only port 53 is simulated (CoreDNS listens on 53)');
      if (w === '-x') {
        if (parseIPv4(v) === undefined) return fail(`dig -x takes an IPv4 address, e.g. dig -x 10.96.0.10`);
        name = v;
        qtype = 'PTR';
      } else if (w === '-t') {
        const q = qtypeOf('dig', v);
        if (!q.ok) return q;
        qtype = q.value;
      }
    } else if (w === '-4') continue;
    else if (w.startsWith('+')) {
      const opt = w.slice(1).toLowerCase();
      if (opt === 'search') search = true;
      else if (opt === 'nosearch') search = false;
      else if (opt === 'tcp' || opt === 'vc') tcp = true;
      else if (opt === 'notcp' || opt === 'novc') tcp = false;
      // +short, +noall, +answer … only change what dig prints.
    } else if (w.startsWith('-')) return fail(`dig: option ${w} is not simulated; the options it knows are @SERVER -t -x +search +tcp +short`);
    // dig reads a word that is a type or class mnemonic as one, wherever it stands (`dig SRV name`).
    else if ((QTYPES as readonly string[]).includes(w.toUpperCase())) qtype = w.toUpperCase() as Qtype;
    else if (OTHER_TYPES.includes(w.toUpperCase())) return fail(`dig: record type ${w} is not simulated; ask for one of ${QTYPES.join(', ')}`);
    else if (w.toUpperCase() === 'IN') continue;
    else if (name === undefined) name = w;
    else return fail(`dig got a second name "${w}"; ask for one name at a time, e.g. dig backend.shop.svc.cluster.local`);
  }
  // Without a name dig asks for the root servers (". NS"), which the simulation has no use for.
  if (name === undefined) return fail('dig needs a name, e.g. dig backend.shop.svc.cluster.local');
  return lookupSpec('dig', { name, qtype, server, search, tcp });
}

/** host(1): `host [-t T] [-T] NAME [SERVER]`; -T uses TCP. */
export function host(words: readonly string[]): Result<CommandSpec> {
  const o = getopt('host', words, [
    { key: 'type', names: ['-t'], arg: true }, { key: 'tcp', names: ['-T'], arg: false },
    { key: 'verbose', names: ['-v'], arg: false }, { key: 'ipv4', names: ['-4'], arg: false }, { key: 'wait', names: ['-W'], arg: true },
  ], { longEquals: false });
  if (!o.ok) return o;
  const [name, server, ...extra] = o.value.operands;
  if (name === undefined || extra.length > 0) return fail('host takes a name and optionally a server, e.g. host backend');
  const t = last(o.value, 'type');
  const q = t === undefined ? undefined : qtypeOf('host', t);
  if (q && !q.ok) return q;
  return lookupSpec('host', { name, qtype: q?.value, server, search: true, tcp: has(o.value, 'tcp') });
}

/** getent(1) `hosts`/`ahosts`/`ahostsv4` NAME: the libc resolver (nsswitch `files dns`), search list applied. */
export function getent(words: readonly string[]): Result<CommandSpec> {
  const [db, name, ...extra] = words;
  if (db === undefined || !['hosts', 'ahosts', 'ahostsv4'].includes(db) || name === undefined || extra.length > 0) {
    return fail('getent looks up one name in the hosts database, e.g. getent hosts backend');
  }
  return lookupSpec('getent', { name, search: true, tcp: false, files: true });
}

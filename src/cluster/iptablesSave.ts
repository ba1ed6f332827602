// Text renderings of kube-proxy's programming as a student would see it on a node:
// `iptables-save -t nat|filter`, `ipvsadm -Ln` and (nftables mode) `nft list table ip kube-proxy`.
import type { IptablesChain, IptablesRule, ProxyRules, RuleMatch } from '../model/cluster.ts';
import { nftList } from './proxy-nftList.ts';

export { nftList };

const BUILTIN: Readonly<Record<'nat' | 'filter', readonly string[]>> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** xtables_save_string: quote unless the value is only [_-0-9a-zA-Z]; escape `"`, `\` and `'`. */
function saveString(value: string): string {
  if (/^[_\-0-9a-zA-Z]+$/.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** iptables prints addresses with their mask: `10.96.100.10/32`. */
function withMask(address: string): string {
  return address.includes('/') ? address : `${address}/32`;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * xt_statistic keeps the probability as a 31-bit fraction and prints it back with 11 decimals:
 * kube-proxy writes 0.3333333333, `iptables-save` shows 0.33333333349 (libxt_statistic.c).
 */
export function savedProbability(p: number): string {
  return (Math.round(p * 0x80000000) / 0x80000000).toFixed(11);
}

function modules(m: RuleMatch, rule: IptablesRule, builtinChain: boolean, commentLast: boolean): string[] {
  const out: string[] = [];
  const ct = m.ctstate ? [`-m conntrack --ctstate ${m.ctstate.join(',')}`] : [];
  const comment = rule.comment !== undefined ? [`-m comment --comment ${saveString(rule.comment)}`] : [];
  // kube-proxy's jumps from the built-in chains put their conntrack filter before the comment
  // (proxier.go iptablesJumpChains extraArgs); everywhere else the comment comes first.
  if (builtinChain) out.push(...ct);
  if (!commentLast) out.push(...comment);
  if (!builtinChain) out.push(...ct);
  if (m.mark) out.push(`-m mark ${m.mark.negate ? '! ' : ''}--mark ${hex(m.mark.value)}/${hex(m.mark.value)}`);
  if (m.dstTypeLocal) out.push('-m addrtype --dst-type LOCAL');
  if (m.srcTypeLocal) out.push('-m addrtype --src-type LOCAL');
  if (m.set) out.push(`-m set --match-set ${m.set.name} ${m.set.flags}`);
  if (m.recent) {
    out.push(m.recent.op === 'rcheck'
      ? `-m recent --rcheck --seconds ${m.recent.seconds ?? 10800} --reap --name ${m.recent.name} --mask 255.255.255.255 --rsource`
      : `-m recent --set --name ${m.recent.name} --mask 255.255.255.255 --rsource`);
  }
  if (m.probability !== undefined) out.push(`-m statistic --mode random --probability ${savedProbability(m.probability)}`);
  if (m.dports) out.push(`-m multiport --dports ${m.dports.join(',')}`);
  // iptables-mode rules load the protocol match (`-m tcp`); the IPVS ipset rules only say `-p tcp`.
  else if (m.protocol && !m.set) {
    const p = m.protocol.toLowerCase();
    out.push(m.dport !== undefined ? `-m ${p} --dport ${m.dport}` : `-m ${p}`);
  }
  if (commentLast) out.push(...comment);
  return out;
}

function target(rule: IptablesRule): string {
  const parts = [`-j ${rule.jump}`];
  if (rule.jump === 'DNAT' && rule.toDestination) parts.push(`--to-destination ${rule.toDestination}`);
  // iptables-save shows --or-mark X as --set-xmark X/X and --xor-mark X as --set-xmark X/0x0.
  if (rule.jump === 'MARK' && rule.markOr !== undefined) parts.push(`--set-xmark ${hex(rule.markOr)}/${hex(rule.markOr)}`);
  if (rule.jump === 'MARK' && rule.markXor !== undefined) parts.push(`--set-xmark ${hex(rule.markXor)}/0x0`);
  if (rule.jump === 'MASQUERADE' && rule.randomFully) parts.push('--random-fully');
  if (rule.jump === 'REJECT') parts.push('--reject-with icmp-port-unreachable');
  return parts.join(' ');
}

/** One `-A` line in iptables-save's canonical order: addresses, protocol, matches, target. */
export function saveRule(chain: string, rule: IptablesRule, builtinChain = false): string {
  const m = rule.match;
  const parts = [`-A ${chain}`];
  if (m.source) parts.push(`-s ${withMask(m.source)}`);
  if (m.notSource) parts.push(`! -s ${withMask(m.notSource)}`);
  if (m.destination) parts.push(`-d ${withMask(m.destination)}`);
  if (m.notDestination) parts.push(`! -d ${withMask(m.notDestination)}`);
  if (m.protocol) parts.push(`-p ${m.protocol.toLowerCase()}`);
  // flanneld writes its matches before the comment (trafficmngr/iptables); kube-proxy after it.
  parts.push(...modules(m, rule, builtinChain, chain.startsWith('FLANNEL-')), target(rule));
  return parts.join(' ');
}

/**
 * `iptables-save -t <table>` for the chains kube-proxy owns on this node: built-in chains first
 * with policy ACCEPT, then user chains in name order (as iptables-legacy lists them), then the
 * rules chain by chain, then COMMIT. Counters are zero; no timestamp header (deterministic).
 */
export function iptablesSave(proxy: ProxyRules, table: 'nat' | 'filter'): string {
  // nftables mode and Cilium's replacement program no iptables rules of kube-proxy's (§4.10, §4.11).
  if (proxy.mode === 'replacement' || proxy.mode === 'nftables') {
    return `*${table}\n${BUILTIN[table].map((c) => `:${c} ACCEPT [0:0]`).join('\n')}\nCOMMIT\n`;
  }
  const chains = proxy.chains.filter((c) => c.table === table);
  const builtins = BUILTIN[table];
  const byName = new Map(chains.map((c) => [c.name, c]));
  const user = chains.filter((c) => !builtins.includes(c.name)).map((c) => c.name).sort();
  const ordered: IptablesChain[] = [
    ...builtins.map((name) => byName.get(name) ?? { table, name, rules: [] }),
    ...user.map((name) => byName.get(name)!),
  ];
  const lines = [`*${table}`];
  for (const c of ordered) lines.push(builtins.includes(c.name) ? `:${c.name} ACCEPT [0:0]` : `:${c.name} - [0:0]`);
  for (const c of ordered) for (const r of c.rules) lines.push(saveRule(c.name, r, builtins.includes(c.name)));
  lines.push('COMMIT');
  return `${lines.join('\n')}\n`;
}

/** `ipvsadm -Ln`: virtual servers sorted by protocol, address and port; counters zero. */
export function ipvsadmList(proxy: ProxyRules): string {
  const lines = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  if (proxy.mode !== 'ipvs') return `${lines.join('\n')}\n`;
  const key = (a: string) => a.split('.').map((o) => o.padStart(3, '0')).join('.');
  const servers = [...proxy.virtualServers].sort((a, b) =>
    a.protocol.localeCompare(b.protocol) || key(a.address).localeCompare(key(b.address)) || a.port - b.port);
  for (const vs of servers) {
    const persistent = vs.persistenceTimeout !== undefined ? ` persistent ${vs.persistenceTimeout}` : '';
    lines.push(`${vs.protocol.padEnd(4)} ${vs.address}:${vs.port} ${vs.scheduler}${persistent}`);
    for (const rs of vs.realServers) {
      lines.push(`  -> ${`${rs.address}:${rs.port}`.padEnd(28)} ${'Masq'.padEnd(7)} ${String(rs.weight).padEnd(6)} ${'0'.padEnd(10)} 0`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// `nft list table ip kube-proxy` for nftables mode: the chain data of proxy-nftables.ts printed
// back in nft syntax, with the flattened verdict maps and random picks folded again into
// `vmap` / `numgen random mod N vmap` statements (DATAPATH §4.10, pkg/proxy/nftables/proxier.go).
import type { IptablesChain, IptablesRule, ProxyRules } from '../model/cluster.ts';

const BASE_CHAINS: Readonly<Record<string, string>> = {
  'nat-prerouting': 'type nat hook prerouting priority dstnat; policy accept;',
  'nat-output': 'type nat hook output priority dstnat; policy accept;',
  'nat-postrouting': 'type nat hook postrouting priority srcnat; policy accept;',
  'filter-prerouting': 'type filter hook prerouting priority dstnat - 10; policy accept;',
  'filter-input': 'type filter hook input priority dstnat - 10; policy accept;',
  'filter-forward': 'type filter hook forward priority dstnat - 10; policy accept;',
  'filter-output': 'type filter hook output priority dstnat - 10; policy accept;',
};

/** Chains kube-proxy enters with `jump` (and returns from); service dispatch uses `goto`. */
export const NFT_JUMPED = new Set(['services', 'masquerading', 'mark-for-masquerade', 'firewall-check', 'nodeport-endpoints-check', 'service-endpoints-check', 'cluster-ips-check']);

/** The nft verdict of one rule (`goto service-…`, `masquerade fully-random`, `dnat to …`). */
export function nftVerdict(rule: IptablesRule): string {
  switch (rule.jump) {
    case 'RETURN': return 'return';
    case 'DROP': return 'drop';
    case 'REJECT': return 'reject';
    case 'ACCEPT': return 'accept';
    case 'MARK': return rule.markOr !== undefined
      ? `meta mark set meta mark or 0x${rule.markOr.toString(16)}`
      : `meta mark set meta mark xor 0x${(rule.markXor ?? 0).toString(16)}`;
    case 'MASQUERADE': return rule.randomFully ? 'masquerade fully-random' : 'masquerade';
    case 'DNAT': return `meta l4proto ${rule.match.protocol?.toLowerCase() ?? 'tcp'} dnat to ${rule.toDestination ?? ''}`;
    default: return `${NFT_JUMPED.has(rule.jump) ? 'jump' : 'goto'} ${rule.jump}`;
  }
}

/** One rule as an nft statement: matches, then the verdict, then the comment. */
export function nftStatement(rule: IptablesRule): string {
  const m = rule.match;
  const parts: string[] = [];
  if (m.ctstate) parts.push(`ct state ${m.ctstate.map((s) => s.toLowerCase()).join(',')}`);
  if (m.source) parts.push(`ip saddr ${m.source}`);
  if (m.notSource) parts.push(`ip saddr != ${m.notSource}`);
  if (m.destination) parts.push(`ip daddr ${m.destination}`);
  if (m.notDestination) parts.push(`ip daddr != ${m.notDestination}`);
  if (m.protocol && m.dport !== undefined) parts.push(`${m.protocol.toLowerCase()} dport ${m.dport}`);
  if (m.protocol && m.dports) parts.push(`${m.protocol.toLowerCase()} dport { ${m.dports.join(', ')} }`);
  if (m.srcTypeLocal) parts.push('fib saddr type local');
  if (m.dstTypeLocal) parts.push('fib daddr type local');
  if (m.mark) parts.push(`mark and 0x${m.mark.value.toString(16)} ${m.mark.negate ? '==' : '!='} 0`);
  if (m.recent?.op === 'rcheck') parts.push(`ip saddr @${m.recent.name}`);
  if (m.recent?.op === 'set') parts.push(`update @${m.recent.name} { ip saddr }`);
  parts.push(nftVerdict(rule));
  if (rule.comment) parts.push(`comment "${rule.comment}"`);
  return parts.join(' ');
}

/** A dispatch element: destination + protocol + port and nothing else (a vmap entry). */
function isMapElement(r: IptablesRule): boolean {
  const keys = Object.keys(r.match).sort().join(',');
  return keys === 'destination,dport,protocol';
}

function chainBody(chain: IptablesChain): string[] {
  const lines: string[] = [];
  if (BASE_CHAINS[chain.name]) lines.push(BASE_CHAINS[chain.name]!);
  const rules = chain.rules;
  const elements = rules.filter(isMapElement);
  if (elements.length > 0 && elements.length === rules.length) {
    lines.push('ip daddr . meta l4proto . th dport vmap {');
    for (const r of elements) lines.push(`\t${r.match.destination} . ${r.match.protocol!.toLowerCase()} . ${r.match.dport} : ${nftVerdict(r)},`);
    lines.push('}');
    return lines;
  }
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.match.probability === undefined) { lines.push(nftStatement(r)); continue; }
    // The 1/(n−i) run plus its final unconditional rule is one numgen statement.
    let j = i;
    while (j < rules.length && rules[j]!.match.probability !== undefined) j++;
    const picks = rules.slice(i, j + 1);
    lines.push(`numgen random mod ${picks.length} vmap { ${picks.map((p, k) => `${k} : goto ${p.jump}`).join(', ')} }`);
    i = j;
  }
  return lines;
}

export function nftList(proxy: ProxyRules): string {
  if (proxy.mode !== 'nftables') return '';
  const out = ['table ip kube-proxy {'];
  const names = proxy.chains.map((c) => c.name);
  const ordered = [...proxy.chains].sort((a, b) =>
    (BASE_CHAINS[a.name] ? 0 : 1) - (BASE_CHAINS[b.name] ? 0 : 1) || names.indexOf(a.name) - names.indexOf(b.name));
  ordered.forEach((chain, i) => {
    if (i > 0) out.push('');
    out.push(`\tchain ${chain.name} {`);
    for (const line of chainBody(chain)) out.push(`\t\t${line}`);
    out.push('\t}');
  });
  out.push('}');
  return `${out.join('\n')}\n`;
}

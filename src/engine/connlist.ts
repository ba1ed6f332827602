// The connectivity list in np-guard netpol-analyzer's `list` format (NETPOL.md "Output format"), so
// users can diff the two tools: `src => dst : conns`, one line per allowed directed pair, sorted.
// Conventions taken from np-guard's docs/connlist_output.md and test outputs: workloads as
// `ns/name[Deployment]`, bare pods `ns/name[Pod]`, outside ranges `a.b.c.d-e.f.g.h[External]`,
// protocols in alphabetical order (`SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535`), and
// `All Connections` when every port of the three protocols is open.
import type { ConnSet } from './portset.ts';
import { connEmpty, formatPorts, isAllPorts, isEmptyPorts } from './portset.ts';
import type { Reachability } from './reach.ts';

const connlistProtocols = ['SCTP', 'TCP', 'UDP'] as const;

/**
 * np-guard models only TCP, UDP and SCTP, so all three fully open is `All Connections` there; the
 * JSON output of reach keeps whether ICMP passes too.
 */
export function connlistConns(c: ConnSet): string {
  if (connlistProtocols.every((p) => isAllPorts(c[p]))) return 'All Connections';
  const parts = connlistProtocols.filter((p) => !isEmptyPorts(c[p])).map((p) => `${p} ${formatPorts(c[p])}`);
  return parts.length > 0 ? parts.join(',') : 'No Connections';
}

export function connlistLines(r: Reachability): string[] {
  return r.pairs.filter((p) => !connEmpty(p.conns)).map((p) => `${p.src} => ${p.dst} : ${connlistConns(p.conns)}`).sort();
}

export function formatConnlist(r: Reachability): string {
  const lines = connlistLines(r);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

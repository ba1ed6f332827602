// Name resolution for a client outside the cluster: it asks the simulated internet's resolver
// directly (DESIGN.md "Defaults": public names, and Ingress/Gateway hosts resolving to their
// controller's LoadBalancer address). No cluster packet path is involved, so the two hops of the
// exchange are drawn here: the query leaving the client, the resolver's answer.
import type { ClusterState } from '../model/cluster.ts';
import { queryUpstream } from '../cluster/resolver.ts';
import { emptyConntrack } from './conntrack.ts';
import type { Rng } from './random.ts';
import { recordText, type DnsResult } from './trace-dns.ts';
import { dnsQuery, dnsResponse, ephemeralPort, hop, socketPacket } from './trace-hops.ts';

export function outsideLookup(state: ClusterState, clientIp: string, name: string, rng: Rng): DnsResult {
  const server = state.outside.upstreamDNS;
  const fqdnName = name.replace(/\.+$/, '').toLowerCase();
  const tuple = { protocol: 'UDP' as const, src: clientIp, sport: ephemeralPort(rng), dst: server, dport: 53 };
  const query = dnsQuery(rng.int(1, 65535), fqdnName);
  const answer = queryUpstream(state.outside, fqdnName, 'A');
  const texts = answer.answers.map((r) => recordText(r, state.dns.ttl));
  const addresses = answer.answers.flatMap((r) => (r.type === 'A' ? [r.address] : []));
  const hops = [
    hop({
      at: `external:${clientIp}`, component: 'external', where: 'resolver', verdict: 'pass', packet: socketPacket(tuple, query),
      action: `The client outside the cluster asks its resolver ${server} for ${fqdnName}`,
    }),
    hop({
      at: `external:${server}`, component: 'upstream-dns', where: 'DNS :53', verdict: 'answer',
      packet: socketPacket({ ...tuple, src: server, sport: 53, dst: clientIp, dport: tuple.sport }, dnsResponse(query, answer.rcode, texts)),
      action: addresses.length > 0 ? `The resolver answers ${fqdnName}: ${addresses.join(', ')}` : `The resolver has no such name: ${answer.rcode}`,
      because: [{ kind: 'dns', text: texts.length > 0 ? texts.join('; ') : `${fqdnName}. IN A → NXDOMAIN` }],
    }),
  ];
  const phases = [{ name: `DNS query 1: ${fqdnName} A (UDP)`, kind: 'dns' as const, hops }];
  if (addresses.length === 0) {
    return { phases, ct: emptyConntrack, outcome: { kind: 'nxdomain', tried: [fqdnName], reason: `NXDOMAIN: the internet's resolver ${server} has no address for ${fqdnName}.` } };
  }
  return { phases, ct: emptyConntrack, outcome: { kind: 'answer', name: fqdnName, addresses, records: answer.answers, server } };
}

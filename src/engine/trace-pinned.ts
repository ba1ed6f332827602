// A name that needs no DNS: curl `--resolve HOST:PORT:ADDR` pins it (curl(1): "Provide a custom
// address for a specific host and port pair … the address will be used instead of the one DNS
// would return"), and the sending pod's /etc/hosts answers before DNS (nsswitch `hosts: files dns`,
// kubelet writes the pod's hostname and FQDN there). The trace shows that as a one-hop phase, so the
// missing DNS queries are explained rather than silently absent.
import type { ClusterState, PodState } from '../model/cluster.ts';
import { parseIPv4 } from '../model/ip.ts';
import { podHostsFile } from './target.ts';
import { hop } from './trace-hops.ts';
import type { FlowSpec, Phase } from './types.ts';
import { defaultPort, isUrl, parseUrl } from './url.ts';

/** The host and port the flow names, as typed (before --resolve or /etc/hosts turn it into an address). */
function typedHost(flow: FlowSpec): { readonly host: string; readonly port?: number } | undefined {
  if (isUrl(flow.to)) {
    const u = parseUrl(flow.to);
    return u.ok ? { host: u.value.host.toLowerCase(), port: u.value.port ?? defaultPort[u.value.scheme] } : undefined;
  }
  const m = /^(.*):(\d+)$/.exec(flow.to);
  const host = (m ? m[1]! : flow.to).toLowerCase();
  const port = m ? Number(m[2]) : flow.port;
  return port !== undefined ? { host, port } : { host };
}

/**
 * The phase explaining why `address` needed no DNS, or undefined when the flow gave an address
 * itself. `clientAt` is the element the client is drawn as (`pod:…`, `node:…`, `external:IP`).
 */
export function pinnedBy(flow: FlowSpec, clientAt: string, sender: PodState | undefined, state: ClusterState, address: string): Phase | undefined {
  const typed = typedHost(flow);
  if (!typed || parseIPv4(typed.host) !== undefined || typed.host.includes('/')) return undefined;
  const r = flow.resolve;
  const packet = { layers: [] };
  if (r && r.host.toLowerCase() === typed.host && r.port === typed.port && r.address === address) {
    return {
      name: `curl --resolve: ${typed.host}:${r.port}`, kind: 'dns',
      hops: [hop({
        at: clientAt, ...(sender?.nodeName ? { node: sender.nodeName } : {}),
        component: 'application', where: 'curl --resolve', verdict: 'answer', packet,
        action: `curl --resolve ${r.host}:${r.port}:${r.address} pins ${typed.host}:${r.port} to ${r.address}, so no DNS query is sent; the Host header stays ${flow.http?.host ?? typed.host}`,
        because: [{ kind: 'resolv.conf', text: `--resolve ${r.host}:${r.port}:${r.address}` }],
      })],
    };
  }
  if (!sender || podHostsFile(state, sender).get(typed.host) !== address) return undefined;
  return hostsPhase(sender, typed.host, address);
}

/** The one-hop phase of a name answered by the pod's /etc/hosts. */
export function hostsPhase(sender: PodState, host: string, address: string): Phase {
  return {
    name: `/etc/hosts: ${host}`, kind: 'dns',
    hops: [hop({
      at: `pod:${sender.id}`, ...(sender.nodeName ? { node: sender.nodeName } : {}), component: 'pod-netns', where: '/etc/hosts',
      verdict: 'answer', packet: { layers: [] },
      action: `${host} is in pod ${sender.id}'s /etc/hosts (written by kubelet), which the resolver reads before DNS (nsswitch hosts: files dns): ${address}, no DNS query`,
      because: [{ kind: 'Pod', object: { kind: 'Pod', namespace: sender.namespace, name: sender.name }, text: `${address}\t${host}`, ...(sender.source ? { range: sender.source.range } : {}) }],
    })],
  };
}

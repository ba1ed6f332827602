// trace(): one flow as a sequence of phases, the way it happens on a real cluster (DESIGN.md "Core
// contracts"): the DNS attempts down the search list when a name is used, then the connection's
// first packet (`connect`) and the answer to it (`reply`). Every packet moves through `send` (the
// datapath: routing, NAT, NetworkPolicy, encapsulation); this module decides what is sent, from
// where, and what the ends do with it (answer, refuse, time out), then names the verdict.
import type { ClusterState, PodState } from '../model/cluster.ts';
import type { FlowProtocol } from '../model/objects.ts';
import { reverseName } from '../cluster/dns.ts';
import { parseIPv4 } from '../model/ip.ts';
import { emptyConntrack } from './conntrack.ts';
import { seededRng, type Rng } from './random.ts';
import { classifyIp, resolveSource, type FlowSource } from './endpoints.ts';
import { hostsPhase, pinnedBy } from './trace-pinned.ts';
import { podHostsFile, resolveTarget } from './target.ts';
import { connect, type Client } from './trace-connect.ts';
import { resolveName } from './trace-dns.ts';
import { outsideLookup } from './trace-outside.ts';
import type { FlowTarget } from './target.ts';
import type { FlowSpec, Phase, Result, Trace, TraceOptions } from './types.ts';

export interface TraceRunOptions extends Partial<TraceOptions> {
  /** Namespace for references without one (`-n`); default `default`. */
  readonly namespace?: string;
}

/** curl's default ports per scheme (curl(1)): http 80, https 443. */
const schemePorts: Readonly<Record<string, number>> = { http: 80, https: 443 };

function clientOf(source: FlowSource): Client | { readonly problem: string } {
  if (source.kind === 'external') return { place: source, ip: source.ip, label: `external client ${source.ip}` };
  if (source.kind === 'node') return { place: source, ip: source.node.address, label: `node ${source.node.name}`, resolvConf: source.node.resolvConf };
  const pod: PodState = source.pod;
  if (pod.ip === undefined || pod.nodeName === undefined) return { problem: `pod ${pod.id} is Pending (no node fits it), so it has no network and sends nothing` };
  // A hostNetwork pod lives in its node's network namespace: `send` starts its packets there (DATAPATH §9.1).
  return { place: { kind: 'pod', pod }, ip: pod.ip, label: `pod ${pod.id}`, resolvConf: pod.resolvConf, pod };
}

/**
 * Traces `flow` through `state`. Bad input (an unknown source, a target that is not a URL, host
 * or reference, a missing port) is an error; everything the network does is a Trace.
 */
export function trace(state: ClusterState, flow: FlowSpec, options: TraceRunOptions = {}): Result<Trace> {
  const rng: Rng = seededRng(options.seed ?? 1);
  const namespace = options.namespace ?? 'default';
  const source = resolveSource(state, flow.from, namespace);
  if (!source.ok) return source;
  // The sending pod's /etc/hosts answers before DNS (nsswitch `hosts: files dns`): resolveTarget reads it.
  const sender = source.value.kind === 'pod' ? source.value.pod : undefined;
  const parsed = resolveTarget(state, flow, namespace, sender);
  if (!parsed.ok) return parsed;
  const { target, scheme } = parsed.value;
  const protocol: FlowProtocol = flow.protocol;
  const port = protocol === 'ICMP' ? undefined : flow.port ?? parsed.value.port ?? (scheme ? schemePorts[scheme] : undefined);
  if (protocol !== 'ICMP' && port === undefined && !flow.lookupOnly) {
    return { ok: false, error: `a ${protocol} flow needs a port: give a URL (http://web:8080/), HOST:PORT, or --port N` };
  }
  const phases: Phase[] = [];
  const finish = (t: Omit<Trace, 'flow' | 'phases'>): Result<Trace> =>
    ({ ok: true, value: { flow, phases, ...t, ...(protocol ? { protocol } : {}) } });

  const client = clientOf(source.value);
  if ('problem' in client) return finish({ verdict: 'unreachable', reason: `${client.problem[0]!.toUpperCase()}${client.problem.slice(1)}.` });

  let ct = emptyConntrack;
  if (flow.lookupOnly) return finishLookup(state, flow, client, target, rng, phases, finish);
  let address: string;
  let hostName: string | undefined;
  if (target.kind === 'name') {
    hostName = target.name;
    const dnsRng = rng.fork('dns');
    const dns = client.resolvConf
      ? resolveName(state, { place: client.place, ip: client.ip, resolvConf: client.resolvConf }, target.name, ct, dnsRng)
      : outsideLookup(state, client.ip, target.name, dnsRng);
    phases.push(...dns.phases);
    ct = dns.ct;
    const o = dns.outcome;
    if (o.kind === 'nxdomain') return finish({ verdict: 'nxdomain', reason: o.reason });
    if (o.kind === 'failed') return finish({ verdict: o.verdict, reason: o.reason });
    // getaddrinfo hands curl the addresses in the order of the answer; it connects to the first.
    address = o.addresses[0]!;
  } else {
    address = target.ip;
    const v = source.value;
    const clientAt = v.kind === 'pod' ? `pod:${v.pod.id}` : v.kind === 'node' ? `node:${v.node.name}` : `external:${v.ip}`;
    const pinned = pinnedBy(flow, clientAt, sender, state, address);
    if (pinned) phases.push(pinned);
  }

  const result = connect(state, {
    client, dst: address, port, protocol, flow, hostName, kind: classifyIp(state, address, port), ct, rng: rng.fork('connect'),
  });
  phases.push(...result.phases);
  return finish({ verdict: result.verdict, reason: result.reason, ...(result.servedBy ? { servedBy: result.servedBy } : {}) });
}

/**
 * nslookup / dig / host: only the DNS exchange (FlowSpec.dns: server, record type, search list,
 * TCP). An address is looked up as its reverse name (PTR), as `dig -x` and `nslookup IP` do.
 */
function finishLookup(
  state: ClusterState, flow: FlowSpec, client: Client, target: FlowTarget, rng: Rng, phases: Phase[],
  finish: (t: Omit<Trace, 'flow' | 'phases'>) => Result<Trace>,
): Result<Trace> {
  let dnsOpts = flow.dns ?? {};
  const fromFile = dnsOpts.files && client.pod && target.kind === 'name' ? podHostsFile(state, client.pod).get(target.name.replace(/\.$/, '')) : undefined;
  if (fromFile !== undefined && client.pod && target.kind === 'name') {
    phases.push(hostsPhase(client.pod, target.name, fromFile));
    return finish({ verdict: 'delivered', reason: `${target.name} resolves to ${fromFile} (from pod ${client.pod.id}'s /etc/hosts; getent reads files before dns).` });
  }
  let ct = emptyConntrack;
  if (dnsOpts.server !== undefined && parseIPv4(dnsOpts.server) === undefined && client.resolvConf) {
    // nslookup NAME SERVER / dig @SERVER with a server name: the tool first resolves the server's own
    // name with the system resolver (getaddrinfo: resolv.conf, search list), then asks that address.
    const own = resolveName(state, { place: client.place, ip: client.ip, resolvConf: client.resolvConf }, dnsOpts.server, ct, rng.fork('server'));
    phases.push(...own.phases.map((p) => ({ ...p, name: `server ${dnsOpts.server}: ${p.name}` })));
    const o = own.outcome;
    if (o.kind === 'nxdomain') return finish({ verdict: 'nxdomain', reason: `The DNS server name ${dnsOpts.server} does not resolve, so nothing is asked: ${o.reason}` });
    if (o.kind === 'failed') return finish({ verdict: o.verdict, reason: o.reason });
    ct = own.ct;
    dnsOpts = { ...dnsOpts, server: o.addresses[0]! };
  }
  const reverse = target.kind === 'ip' ? reverseName(target.ip) : undefined;
  const name = target.kind === 'ip' ? `${reverse}.` : target.name;
  const qtype = target.kind === 'ip' ? 'PTR' : dnsOpts.qtype ?? 'A';
  const options = { qtype, transport: flow.protocol === 'TCP' ? 'TCP' as const : 'UDP' as const, ...(dnsOpts.server !== undefined ? { server: dnsOpts.server } : {}), ...(dnsOpts.search === false ? { search: false } : {}) };
  const dnsRng = rng.fork('dns');
  const dns = client.resolvConf
    ? resolveName(state, { place: client.place, ip: client.ip, resolvConf: client.resolvConf }, name, ct, dnsRng, options)
    : outsideLookup(state, client.ip, name, dnsRng);
  phases.push(...dns.phases);
  const o = dns.outcome;
  if (o.kind === 'nxdomain') return finish({ verdict: 'nxdomain', reason: o.reason });
  if (o.kind === 'failed') return finish({ verdict: o.verdict, reason: o.reason });
  const shown = o.records.map((r) => (r.type === 'A' ? r.address : r.type === 'TXT' ? r.text : r.type === 'SRV' ? `${r.port} ${r.target}` : r.target));
  return finish({ verdict: 'delivered', reason: `${o.name} ${qtype === 'A' ? 'resolves to' : `has ${qtype}`} ${shown.join(', ')} (answered by ${o.server}).` });
}

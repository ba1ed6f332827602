// `kube-netsim explain --from SRC --to DST --port N [--protocol P]`: the egress and the ingress
// NetworkPolicy verdicts of one connection with the deciding rules and their YAML lines; for a
// Service, per endpoint after DNAT. Exit 0 allowed, 1 denied (or denied by some endpoints), 2 bad input.
import { explain } from '../engine/index.ts';
import type { ExplainTarget, Explanation, PolicyDecision, PolicyPeer, RuleRef } from '../engine/index.ts';
import type { ClusterState } from '../model/cluster.ts';
import { parseIPv4 } from '../model/ip.ts';
import type { FlowProtocol } from '../model/objects.ts';
import { flag, flagAll } from './args.ts';
import type { ParsedArgs } from './args.ts';
import { readInputs } from './files.ts';
import type { CliIO } from './io.ts';
import { errorCount, load } from './load.ts';
import { findRef } from './refs.ts';
import { plural } from './table.ts';

type Exit = 0 | 1 | 2;

function usage(io: CliIO, message: string): Exit {
  io.stderr(`error: ${message}\nSee 'kube-netsim explain --help' for usage.\n`);
  return 2;
}

const protocols: Readonly<Record<string, FlowProtocol>> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmp: 'ICMP' };

export async function runExplain(positionals: readonly string[], args: ParsedArgs, io: CliIO): Promise<Exit> {
  // DESIGN.md writes `explain SRC DST`; the issue `--from SRC --to DST`: both are accepted, not mixed.
  const byFlags = flag(args, 'from') !== undefined || flag(args, 'to') !== undefined;
  if (positionals.length > 0 && (byFlags || positionals.length !== 2)) {
    return usage(io, `explain takes SRC DST, or --from SRC --to DST (got ${positionals.map((p) => `"${p}"`).join(' ')})`);
  }
  const output = flag(args, 'output') ?? 'text';
  if (output !== 'text' && output !== 'json') return usage(io, `unknown output format "${output}" for explain (use text or json)`);
  const from = byFlags ? flag(args, 'from') : positionals[0];
  const to = byFlags ? flag(args, 'to') : positionals[1];
  if (from === undefined || to === undefined) return usage(io, 'explain needs --from SRC and --to DST');
  const protocol = protocols[(flag(args, 'protocol') ?? 'TCP').toLowerCase()];
  if (!protocol) return usage(io, `--protocol must be TCP, UDP, SCTP or ICMP, not "${flag(args, 'protocol')}"`);
  const portText = flag(args, 'port');
  if (portText === undefined && protocol !== 'ICMP') return usage(io, 'explain needs --port N (the port the client connects to)');
  const port = portText === undefined ? 0 : Number(portText);
  if (portText !== undefined && !(/^\d+$/.test(portText) && port >= 1 && port <= 65535)) return usage(io, `--port must be a number from 1 to 65535, not "${portText}"`);
  const paths = flagAll(args, 'filename');
  if (paths.length === 0) return usage(io, 'must specify one or more files with -f PATH (or -f - for standard input)');
  const inputs = await readInputs(paths, io);
  if (!inputs.ok) return usage(io, inputs.message);
  const loaded = load(inputs.sources);
  const state = loaded.cluster;
  const namespace = flag(args, 'namespace') ?? 'default';
  const src = resolvePeer(state, from, namespace);
  if (!src.ok) return usage(io, `--from: ${src.error}`);
  if (src.value.kind === 'service') return usage(io, `--from names a Service; a Service does not open connections: name a pod or workload of it`);
  const dst = resolvePeer(state, to, namespace);
  if (!dst.ok) return usage(io, `--to: ${dst.error}`);
  const result = explain(state, src.value, dst.value, port, protocol);
  if (!result.ok) return usage(io, result.error);
  io.stdout(output === 'json' ? `${JSON.stringify(explanationJson(result.value), null, 2)}\n` : formatExplanation(result.value));
  const errors = errorCount(loaded.diagnostics);
  if (errors > 0) io.stderr(`note: the manifests have ${plural(errors, 'error')}; this explains what could be built ('kube-netsim check' lists them).\n`);
  return result.value.verdict === 'allowed' ? 0 : 1;
}

/** A reference (CLI contract), or a bare IP: a pod, a node, a ClusterIP, or an outside address. */
export function resolvePeer(state: ClusterState, text: string, namespace: string): { ok: true; value: ExplainTarget } | { ok: false; error: string } {
  if (parseIPv4(text) !== undefined) {
    const pod = state.index.podByIp.get(text);
    if (pod) return { ok: true, value: { kind: 'pod', pod } };
    const node = state.index.nodeByAddress.get(text);
    if (node) return { ok: true, value: { kind: 'node', node } };
    const service = state.index.serviceByClusterIP.get(text);
    if (service) return { ok: true, value: { kind: 'service', service } };
    return { ok: true, value: { kind: 'external', ip: text } };
  }
  const found = findRef(state, text, namespace);
  if (!found.ok) return found;
  const r = found.value;
  switch (r.type) {
    case 'pod': return { ok: true, value: { kind: 'pod', pod: r.pod } };
    case 'service': return { ok: true, value: { kind: 'service', service: r.service } };
    case 'node': return { ok: true, value: { kind: 'node', node: r.node } };
    case 'external': return { ok: true, value: { kind: 'external', ip: r.ip } };
  }
}

const where = (ref: RuleRef): string => (ref.range ? ` (${ref.range.file ?? `document ${ref.range.doc}`}:${ref.range.startLine})` : '');

function decisionLines(label: string, d: PolicyDecision): string[] {
  const lines = [`  ${label} ${d.allowed ? 'allowed' : 'DENIED '}  ${d.sentence}`];
  for (const ref of d.because) lines.push(`             ${ref.rule !== undefined ? 'rule' : 'by'}: ${ref.text}${where(ref)}`);
  return lines;
}

const peerName = (p: PolicyPeer): string => (p.kind === 'pod' ? `pod ${p.pod.id} (${p.pod.ip ?? 'no IP'})` : p.kind === 'node' ? `node ${p.node.name} (${p.node.address})` : `${p.ip} (outside)`);

export function formatExplanation(e: Explanation): string {
  const lines: string[] = [];
  for (const c of e.connections) {
    lines.push(`to ${peerName(c.dst)} on ${e.protocol === 'ICMP' ? 'ICMP' : `${e.protocol} ${c.port}`}:`);
    lines.push(...decisionLines('egress: ', c.egress), ...decisionLines('ingress:', c.ingress));
  }
  lines.push(e.summary, `verdict: ${e.verdict}`);
  return `${lines.join('\n')}\n`;
}

/** A peer by name and address: the whole PodState would bury the verdicts. */
const peerJson = (p: PolicyPeer) => (p.kind === 'pod' ? { kind: 'pod', name: p.pod.id, ip: p.pod.ip } : p.kind === 'node' ? { kind: 'node', name: p.node.name, ip: p.ip ?? p.node.address } : { kind: 'external', ip: p.ip });

export function explanationJson(e: Explanation) {
  return {
    verdict: e.verdict,
    protocol: e.protocol,
    connections: e.connections.map((c) => ({ dst: peerJson(c.dst), port: c.port, allowed: c.allowed, egress: c.egress, ingress: c.ingress })),
    summary: e.summary,
    text: e.text,
  };
}

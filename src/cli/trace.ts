// `kube-netsim trace`: one flow through the simulated cluster, hop by hop (DESIGN.md "The CLI
// contract"). The flow comes from flags (--from, --to/--lookup, --port, --protocol) or from a
// whole command after `--` (`-- curl http://backend:8080/`, `-- kubectl exec -n shop deploy/frontend -- curl …`).
// Exit 0 when the serving pod got the request, 1 when it did not, 2 on bad input.
import type { ClusterState } from '../model/cluster.ts';
import type { Flow, FlowProtocol } from '../model/objects.ts';
import { describeFlow, flowSpecOf, parseCommand, renderTrace, shellQuote, trace } from '../engine/index.ts';
import type { FlowSpec, Result } from '../engine/index.ts';

export interface TraceRequest {
  readonly from?: string;
  readonly to?: string;
  readonly port?: string;
  readonly protocol?: string;
  readonly lookup?: string;
  readonly seed?: string;
  readonly output?: string;
  readonly namespace?: string;
  /** The words after `--`. */
  readonly command: readonly string[];
}

export interface TraceOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: 0 | 1 | 2;
}

const protocols: readonly FlowProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP'];

const fail = <T>(error: string): Result<T> => ({ ok: false, error });

/** A Flow object for the flags, so the CLI reads `--to` exactly as a Flow's `to` is read. */
function flagFlow(from: string, to: string, port: number | undefined, protocol: FlowProtocol | undefined, namespace: string): Flow {
  return {
    kind: 'Flow', apiVersion: 'sim.kube-netsim.dev/v1alpha1',
    metadata: { name: 'cli', namespace, labels: {}, annotations: {}, ownerReferences: [] },
    source: { doc: 0, range: { doc: 0, startLine: 0, startCol: 0, endLine: 0, endCol: 0 }, paths: {} },
    spec: { from, to, ...(port !== undefined ? { port } : {}), ...(protocol ? { protocol } : {}) },
  };
}

/** The FlowSpec the flags or the command describe, and the namespace for references. */
export function requestedFlow(req: TraceRequest): Result<{ readonly spec: FlowSpec; readonly namespace: string }> {
  const namespace = req.namespace ?? 'default';
  let protocol: FlowProtocol | undefined;
  if (req.protocol !== undefined) {
    const p = req.protocol.toUpperCase() as FlowProtocol;
    if (!protocols.includes(p)) return fail(`unknown protocol "${req.protocol}" (use TCP, UDP, SCTP or ICMP)`);
    protocol = p;
  }
  let port: number | undefined;
  if (req.port !== undefined) {
    if (!/^\d+$/.test(req.port) || Number(req.port) < 1 || Number(req.port) > 65535) return fail(`--port must be a number from 1 to 65535, got "${req.port}"`);
    port = Number(req.port);
  }
  if (req.command.length > 0) {
    if (req.to !== undefined || req.lookup !== undefined || port !== undefined || protocol !== undefined) {
      return fail('give the flow either as flags (--to, --lookup, --port, --protocol) or as a command after --, not both');
    }
    const parsed = parseCommand(req.command.map(shellQuote).join(' '));
    if (!parsed.ok) return parsed;
    const from = req.from ?? parsed.value.from;
    if (from === undefined) return fail('say who sends the packets: --from POD (or deploy/NAME, external), or run the command through kubectl exec POD --');
    if (req.from !== undefined && parsed.value.from !== undefined) return fail(`the client is given twice (--from ${req.from} and kubectl exec ${parsed.value.from}); keep one`);
    return { ok: true, value: { spec: { from, ...parsed.value.spec }, namespace: parsed.value.namespace ?? namespace } };
  }
  if (req.from === undefined) return fail('--from is required: the pod (or deploy/NAME, node/NAME, external) that sends the packets');
  if (req.lookup !== undefined) {
    if (req.to !== undefined) return fail('--lookup does only the DNS part; drop --to (or drop --lookup to trace the connection)');
    return { ok: true, value: { spec: { from: req.from, to: req.lookup, protocol: protocol ?? 'UDP', lookupOnly: true }, namespace } };
  }
  if (req.to === undefined) return fail('--to is required: a URL (http://backend:8080/), HOST:PORT, IP:PORT, or a host with --port; or --lookup NAME');
  const spec = flowSpecOf(flagFlow(req.from, req.to, port, protocol, namespace));
  if (!spec.ok) return fail(spec.error.replace(/^Flow [^:]*: /, '').replace(/^to: /, '--to: '));
  return { ok: true, value: { spec: spec.value, namespace } };
}

export function traceCommand(cluster: ClusterState, req: TraceRequest): TraceOutput {
  const output = req.output ?? 'text';
  if (output !== 'text' && output !== 'json') return { stdout: '', stderr: `error: unknown output format "${output}" for trace (use text or json)\n`, exitCode: 2 };
  let seed = 1;
  if (req.seed !== undefined) {
    if (!/^\d+$/.test(req.seed)) return { stdout: '', stderr: `error: --seed must be a non-negative integer, got "${req.seed}"\n`, exitCode: 2 };
    seed = Number(req.seed);
  }
  const flow = requestedFlow(req);
  if (!flow.ok) return { stdout: '', stderr: `error: ${flow.error}\n`, exitCode: 2 };
  const result = trace(cluster, flow.value.spec, { seed, namespace: flow.value.namespace });
  if (!result.ok) return { stdout: '', stderr: `error: ${result.error}\n`, exitCode: 2 };
  const t = result.value;
  const stdout = output === 'json'
    ? `${JSON.stringify(t, null, 2)}\n`
    : `Trace: ${describeFlow(t.flow)} from ${t.flow.from} (seed ${seed})\n\n${renderTrace(t)}`;
  return { stdout, stderr: '', exitCode: t.verdict === 'delivered' ? 0 : 1 };
}

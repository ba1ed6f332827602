// `kube-netsim reach`: every allowed connection between workloads (or pods) and outside address
// ranges, in np-guard netpol-analyzer's connlist format by default (NETPOL.md "Output format"),
// or as JSON with the port sets per protocol and the pairs whose pods differ.
import { connlistConns, formatConnlist, reach } from '../engine/index.ts';
import type { ConnSet, Reachability, ReachOptions } from '../engine/index.ts';
import { flag, flagAll } from './args.ts';
import type { ParsedArgs } from './args.ts';
import { readInputs } from './files.ts';
import type { CliIO } from './io.ts';
import { errorCount, load } from './load.ts';
import { plural } from './table.ts';

type Exit = 0 | 1 | 2;

function usage(io: CliIO, message: string): Exit {
  io.stderr(`error: ${message}\nSee 'kube-netsim reach --help' for usage.\n`);
  return 2;
}

/** Reads `--ipblock-matches-pods=true|false`; undefined when malformed. */
export function booleanFlag(value: string | undefined, fallback: boolean): boolean | undefined {
  if (value === undefined) return fallback;
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

export async function runReach(positionals: readonly string[], args: ParsedArgs, io: CliIO): Promise<Exit> {
  if (positionals.length > 0) return usage(io, `reach takes no arguments, got "${positionals[0]}"`);
  const output = flag(args, 'output') ?? 'connlist';
  if (output !== 'connlist' && output !== 'json') return usage(io, `unknown output format "${output}" for reach (use connlist or json)`);
  const by = flag(args, 'by') ?? 'workload';
  if (by !== 'workload' && by !== 'pod') return usage(io, `--by must be workload or pod, not "${by}"`);
  const matches = booleanFlag(flag(args, 'ipblock-matches-pods'), true);
  if (matches === undefined) return usage(io, `--ipblock-matches-pods must be true or false, not "${flag(args, 'ipblock-matches-pods')}"`);
  const paths = flagAll(args, 'filename');
  if (paths.length === 0) return usage(io, 'must specify one or more files with -f PATH (or -f - for standard input)');
  const inputs = await readInputs(paths, io);
  if (!inputs.ok) return usage(io, inputs.message);
  const loaded = load(inputs.sources);
  // np-guard's view: ipBlocks are external-only and only the user's workloads are peers.
  const options: ReachOptions = { by, ipBlockMatchesPods: matches, includeSystem: matches };
  const result = reach(loaded.cluster, options);
  io.stdout(output === 'json' ? `${JSON.stringify(reachJson(result, options), null, 2)}\n` : formatConnlist(result));
  const errors = errorCount(loaded.diagnostics);
  if (errors > 0) io.stderr(`note: the manifests have ${plural(errors, 'error')}; this shows what could be built ('kube-netsim check' lists them).\n`);
  if (!loaded.cluster.settings.cni.networkPolicy && loaded.cluster.policies.length > 0) {
    const n = loaded.cluster.policies.length;
    io.stderr(`note: the cluster's CNI (${loaded.cluster.settings.cni.plugin}) does not enforce NetworkPolicy: ${n === 1 ? 'the NetworkPolicy exists' : `the ${n} NetworkPolicies exist`} but nothing applies them, so everything is allowed.\n`);
  }
  return 0;
}

const portsJson = (c: ConnSet) => ({
  TCP: c.TCP.map(([lo, hi]) => [lo, hi]), UDP: c.UDP.map(([lo, hi]) => [lo, hi]), SCTP: c.SCTP.map(([lo, hi]) => [lo, hi]), ICMP: c.other,
});

export function reachJson(r: Reachability, options: ReachOptions) {
  return {
    by: r.by,
    ipBlockMatchesPods: options.ipBlockMatchesPods !== false,
    includeSystem: options.includeSystem !== false,
    peers: r.peers,
    connections: r.pairs.map((p) => ({
      src: p.src,
      dst: p.dst,
      conn: connlistConns(p.conns),
      ports: portsJson(p.conns),
      podsDiffer: p.differs,
      ...(p.differs && { anyPod: { conn: connlistConns(p.any), ports: portsJson(p.any) } }),
      rules: p.rules,
    })),
  };
}

// One benchmark size, measured in its own process (run.ts starts it) so that peak memory belongs
// to this size alone. Prints one JSON line: the figures for run.ts's table.
//   node --expose-gc --import tsx tests/bench/measure.ts --pods 5000 --namespaces 40 --policies 300
// Timing: performance.now() around each step; a step is repeated while the repeats stay under a
// time budget, and the median is kept (the first, JIT-cold run is done on a small cluster first).
// Memory: heapUsed after a forced GC (--expose-gc) is what the step's result keeps alive; peak RSS
// is the kernel's high-water mark for the process (process.resourceUsage().maxRSS), which covers
// the garbage made during the step as well.
import type { ClusterState } from '../../src/model/cluster.ts';
import { build } from '../../src/cluster/index.ts';
import { reach, trace } from '../../src/engine/index.ts';
import type { FlowSpec } from '../../src/engine/index.ts';
import { parse } from '../../src/parse/index.ts';
import { generate } from './generate.ts';

/** What one size measured; a step that did not finish leaves its fields out and is named in `running`. */
export interface Figures {
  readonly pods: number;
  readonly namespaces: number;
  readonly policies: number;
  readonly objects?: number;
  readonly layout?: string;
  readonly yamlBytes?: number;
  readonly generateMs?: number;
  readonly parseMs?: number;
  readonly buildMs?: number;
  /** Median CPU time of a build (user + system). */
  readonly buildCpuMs?: number;
  readonly buildRuns?: number;
  /** Error diagnostics of parse and build: the generator should make none. */
  readonly errors?: number;
  readonly traceMs?: number;
  /** The first trace on the built state, once. */
  readonly firstTraceMs?: number;
  readonly traceRuns?: number;
  readonly traceFlow?: string;
  readonly traceVerdict?: string;
  readonly reachMs?: number;
  readonly reachPeers?: number;
  readonly reachPairs?: number;
  /** MB retained after the step, with a forced GC. */
  readonly heapParsedMB?: number;
  readonly heapBuiltMB?: number;
  readonly peakRssMB?: number;
  /** The step under way when this line was written: `parse`, `build`, `trace`, `reach`; absent when all are done. */
  readonly running?: string;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): number => Math.round(bytes / 1048576);
const heapMB = (): number => {
  gc();
  return mb(process.memoryUsage().heapUsed);
};

/**
 * Median of runs of `fn`, repeating while the total stays under `budgetMs` (at least once, at most
 * `max`); also the median CPU time of a run (process.cpuUsage, user + system, GC threads included),
 * which other processes on a shared machine disturb far less than the wall time.
 */
export function timed<T>(fn: () => T, budgetMs: number, max: number): { ms: number; cpuMs: number; runs: number; value: T } {
  const times: number[] = [];
  const cpu: number[] = [];
  let value: T;
  let spent = 0;
  do {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    times.push(t);
    cpu.push((c.user + c.system) / 1000);
    spent += t;
  } while (spent + spent / times.length < budgetMs && times.length < max);
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  return { ms: median(times), cpuMs: median(cpu), runs: times.length, value: value! };
}

/**
 * A flow that gets through when there is one (a dropped trace stops early and would flatter the
 * figure): pod→Service by name, so the trace has a DNS phase, kube-proxy's DNAT and policy on both
 * ends; else a browser through the namespace's Ingress (load balancer, controller, second connection).
 */
function pickFlow(state: ClusterState): { flow: FlowSpec; verdict: string; firstMs: number } | undefined {
  const http = (path: string, host?: string) => ({ method: 'GET', path, tls: false, ...(host ? { host } : {}) });
  const candidates = (ns: string): FlowSpec[] => [
    { from: `${ns}/deploy/web`, to: 'http://api:8080/api/items', protocol: 'TCP', http: http('/api/items') },
    { from: `${ns}/deploy/web`, to: 'http://web:80/', protocol: 'TCP', http: http('/') },
    { from: 'external', to: `http://${ns}.example.com/`, protocol: 'TCP', http: http('/', `${ns}.example.com`) },
  ];
  let first: { flow: FlowSpec; verdict: string; firstMs: number } | undefined;
  for (const ns of state.namespaces.filter((n) => state.workloads.some((w) => w.namespace === n.name && w.name === 'web')).slice(0, 40)) {
    for (const flow of candidates(ns.name)) {
      const t0 = performance.now();
      const result = trace(state, flow, { seed: 1 });
      const verdict = result.ok ? result.value.verdict : `error: ${result.error}`;
      // The first trace on a state also pays for the engine's caches of it (compiled policies).
      first ??= { flow, verdict, firstMs: performance.now() - t0 };
      if (verdict === 'delivered') return { flow, verdict, firstMs: first.firstMs };
    }
  }
  return first;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const pods = arg('pods', 1000);
  const options = { pods, namespaces: arg('namespaces', 8), policies: arg('policies', 60), seed: arg('seed', 1) };
  // Warm the JIT on a small cluster, so the first measured run is not the one compiling the code.
  const small = build(parse(generate({ pods: 200, namespaces: 2, policies: 10, seed: 2 }).text));
  pickFlow(small);
  reach(small, { by: 'workload' });

  // A line after each step: if a later step is killed by run.ts's timeout, the earlier figures stay.
  let figures: Figures = { ...options };
  const report = (more: Partial<Figures>, running?: string) => {
    // JSON leaves out `running: undefined`: the last line of a finished run has no step under way.
    figures = { ...figures, ...more, peakRssMB: mb(process.resourceUsage().maxRSS * 1024), running };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  };

  // A step that throws (V8's Map size limit, out of memory in a Map…) still reports the peak
  // memory it reached, then fails as before; run.ts reads the error from stderr.
  process.on('uncaughtException', (error) => {
    report({}, figures.running);
    process.stderr.write(`${error.stack ?? String(error)}\n`);
    process.exit(1);
  });

  const heapBase = heapMB();
  const t0 = performance.now();
  const generated = generate(options);
  report({ objects: generated.counts.objects, layout: generated.layout, yamlBytes: generated.text.length, generateMs: performance.now() - t0 }, 'parse');
  const parsed = timed(() => parse(generated.text), 3000, 5);
  report({ parseMs: parsed.ms, heapParsedMB: heapMB() - heapBase }, 'build');
  const built = timed(() => build(parsed.value), 3000, 5);
  const state = built.value;
  const errors = parsed.value.diagnostics.filter((d) => d.severity === 'error').length + state.diagnostics.filter((d) => d.severity === 'error').length;
  report({ buildMs: built.ms, buildCpuMs: built.cpuMs, buildRuns: built.runs, errors, heapBuiltMB: heapMB() - heapBase }, 'trace');

  const picked = pickFlow(state);
  if (picked) {
    const run = timed(() => trace(state, picked.flow, { seed: 1 }), 2000, 1001);
    report({ traceMs: run.ms, firstTraceMs: picked.firstMs, traceRuns: run.runs, traceFlow: `${picked.flow.from} → ${picked.flow.to}`, traceVerdict: picked.verdict }, 'reach');
  } else report({}, 'reach');
  const reached = timed(() => reach(state, { by: 'workload' }), 5000, 3);
  report({ reachMs: reached.ms, reachPeers: reached.value.peers.length, reachPairs: reached.value.pairs.length });
}

await main();

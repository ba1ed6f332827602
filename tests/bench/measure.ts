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
import { parse } from '../../src/parse/index.ts';
import { generate } from './generate.ts';

export interface Figures {
  readonly pods: number;
  readonly namespaces: number;
  readonly policies: number;
  readonly objects: number;
  readonly layout: string;
  readonly yamlBytes: number;
  readonly generateMs: number;
  readonly parseMs: number;
  readonly buildMs: number;
  readonly buildRuns: number;
  readonly errors: number;
  readonly traceMs?: number;
  readonly traceRuns?: number;
  readonly traceFlow?: string;
  readonly traceVerdict?: string;
  readonly reachMs?: number;
  readonly reachPeers?: number;
  readonly reachPairs?: number;
  /** MB retained after the step, with a forced GC. */
  readonly heapParsedMB: number;
  readonly heapBuiltMB: number;
  readonly peakRssMB: number;
  readonly engine: string;
}

type TraceFn = (state: ClusterState, flow: { from: string; to: string; protocol: 'TCP' }, options?: { seed?: number }) => unknown;
type ReachFn = (state: ClusterState, options?: { by?: 'workload' | 'pod' }) => unknown;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): number => Math.round(bytes / 1048576);
const heapMB = (): number => {
  gc();
  return mb(process.memoryUsage().heapUsed);
};

/** Median of runs of `fn`, repeating while the total stays under `budgetMs` (at least once, at most `max`). */
export function timed<T>(fn: () => T, budgetMs: number, max: number): { ms: number; runs: number; value: T } {
  const times: number[] = [];
  let value: T;
  let spent = 0;
  do {
    const t0 = performance.now();
    value = fn();
    const t = performance.now() - t0;
    times.push(t);
    spent += t;
  } while (spent + spent / times.length < budgetMs && times.length < max);
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, runs: times.length, value: value! };
}

/** The engine's `trace` and `reach`, when src/engine/index.ts exports them (looked up at run time). */
async function engineFunctions(): Promise<{ trace?: TraceFn; reach?: ReachFn }> {
  try {
    const engine = (await import('../../src/engine/index.ts')) as unknown as Record<string, unknown>;
    return {
      ...(typeof engine.trace === 'function' ? { trace: engine.trace as TraceFn } : {}),
      ...(typeof engine.reach === 'function' ? { reach: engine.reach as ReachFn } : {}),
    };
  } catch {
    return {};
  }
}

/** A pod→Service flow by name (DNS phase, kube-proxy DNAT, policy on both ends): `web` curls its namespace's `api`. */
function pickFlow(state: ClusterState, trace: TraceFn): { flow: { from: string; to: string; protocol: 'TCP' }; verdict: string } | undefined {
  let first: { flow: { from: string; to: string; protocol: 'TCP' }; verdict: string } | undefined;
  for (const ns of state.namespaces.filter((n) => state.workloads.some((w) => w.namespace === n.name && w.name === 'web')).slice(0, 20)) {
    const flow = { from: `${ns.name}/deploy/web`, to: 'http://api:8080/api/items', protocol: 'TCP' as const };
    const result = trace(state, flow, { seed: 1 }) as { ok: boolean; value?: { verdict: string }; error?: string };
    const verdict = result.ok ? result.value!.verdict : `error: ${result.error}`;
    first ??= { flow, verdict };
    if (verdict === 'delivered') return { flow, verdict };
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
  const engine = await engineFunctions();
  // Warm the JIT on a small cluster, so the first measured run is not the one compiling the code.
  const small = build(parse(generate({ pods: 200, namespaces: 2, policies: 10, seed: 2 }).text));
  if (engine.trace) pickFlow(small, engine.trace);
  engine.reach?.(small, { by: 'workload' });

  const heapBase = heapMB();
  const t0 = performance.now();
  const generated = generate(options);
  const generateMs = performance.now() - t0;
  const parsed = timed(() => parse(generated.text), 3000, 5);
  const heapParsedMB = heapMB() - heapBase;
  const built = timed(() => build(parsed.value), 3000, 5);
  const state = built.value;
  const heapBuiltMB = heapMB() - heapBase;
  const errors = parsed.value.diagnostics.filter((d) => d.severity === 'error').length + state.diagnostics.filter((d) => d.severity === 'error').length;

  let traceFigures: Partial<Figures> = {};
  if (engine.trace) {
    const picked = pickFlow(state, engine.trace);
    if (picked) {
      const run = timed(() => engine.trace!(state, picked.flow, { seed: 1 }), 2000, 1001);
      traceFigures = { traceMs: run.ms, traceRuns: run.runs, traceFlow: `${picked.flow.from} → ${picked.flow.to}`, traceVerdict: picked.verdict };
    }
  }
  let reachFigures: Partial<Figures> = {};
  if (engine.reach) {
    const run = timed(() => engine.reach!(state, { by: 'workload' }) as { peers?: readonly unknown[]; pairs?: readonly unknown[] }, 5000, 3);
    reachFigures = { reachMs: run.ms, reachPeers: run.value.peers?.length ?? 0, reachPairs: run.value.pairs?.length ?? 0 };
  }
  const figures: Figures = {
    pods, namespaces: options.namespaces, policies: options.policies, objects: generated.counts.objects, layout: generated.layout,
    yamlBytes: generated.text.length, generateMs, parseMs: parsed.ms, buildMs: built.ms, buildRuns: built.runs, errors,
    ...traceFigures, ...reachFigures,
    heapParsedMB, heapBuiltMB, peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
    engine: [engine.trace ? 'trace' : '', engine.reach ? 'reach' : ''].filter(Boolean).join('+') || 'none',
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

await main();

// `npm run bench`: parse, build, one trace and full workload-level reach on synthetic clusters of
// 1,000 / 5,000 / 20,000 pods (issue 3 §4), printed as markdown next to the goals. Each size runs
// in its own Node process (measure.ts) with --expose-gc, so its peak memory is its own.
//   npm run bench -- --sizes 1000,5000 [--timeout 150] [--seed 1]
// --timeout bounds each size (seconds, default 150), so a slow step cannot make the run endless;
// the steps that finished before it keep their figures, and the table names the one that did not.
// Namespaces and policies grow with the pods (5,000 pods: 40 namespaces, 300 policies, as the
// issue's reach goal says), so the growth column shows how a whole cluster scales.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Figures } from './measure.ts';

const measureScript = fileURLToPath(new URL('./measure.ts', import.meta.url));

export function shape(pods: number): { pods: number; namespaces: number; policies: number } {
  return { pods, namespaces: Math.max(1, Math.round(pods / 125)), policies: Math.round(pods * 0.06) };
}

function option(name: string): string | undefined {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = process.argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : process.argv[i + 1];
}

/** The figures a size got, and what stopped it early (a timeout, a crash), if anything did. */
interface Outcome { readonly figures: Figures; readonly problem?: string }

function measure(pods: number, timeoutS: number, seed: number): Outcome {
  const s = shape(pods);
  const args = ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', measureScript,
    '--pods', String(s.pods), '--namespaces', String(s.namespaces), '--policies', String(s.policies), '--seed', String(seed)];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 1 << 24 });
  // measure.ts writes a line after every step; the last one holds everything that finished.
  const last = (child.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  const figures: Figures = last ? (JSON.parse(last) as Figures) : { ...s, running: 'generate' };
  if (!child.error && child.status === 0) return { figures };
  // The thrown error's own line (`RangeError: Map maximum size exceeded`) and where it came from.
  const stderr = (child.stderr ?? '').split('\n');
  const at = stderr.findIndex((l) => /^\w*Error\b/.test(l));
  const crash = at >= 0 ? `crashed: ${stderr[at]!.trim()} ${stderr.slice(at + 1).find((l) => l.includes('/src/'))?.trim() ?? ''}`.trim() : stderr.filter(Boolean).slice(-2).join(' ');
  const during = figures.running ? `${figures.running} ` : '';
  const problem = child.signal === 'SIGTERM' ? `${during}did not finish within ${timeoutS} s` : `${during}${crash || String(child.error ?? `exit ${child.status}`)}`;
  return { figures, problem };
}

const ms = (v: number | undefined): string => (v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0));
const n = (v: number | undefined): string => (v === undefined ? '—' : v.toLocaleString('en-US'));

/** Exponent k of time ∝ pods^k between two sizes, and what it means per 4× pods. */
function growth(a: number, b: number, ta: number | undefined, tb: number | undefined): string {
  if (ta === undefined || tb === undefined || ta <= 0 || tb <= 0) return '—';
  const k = Math.log(tb / ta) / Math.log(b / a);
  return `×${(tb / ta).toFixed(1)} (∝ pods^${k.toFixed(2)}, ×${(4 ** k).toFixed(1)} per 4× pods)`;
}

function row(o: Outcome): string {
  const f = o.figures;
  const cells = [
    n(f.pods), String(f.namespaces), String(f.policies), f.objects === undefined ? '—' : `${n(f.objects)} (${f.layout})`,
    f.yamlBytes === undefined ? '—' : `${(f.yamlBytes / 1e6).toFixed(1)} MB`, ms(f.parseMs),
    f.buildMs === undefined ? '—' : `${ms(f.buildMs)}${f.buildCpuMs === undefined ? '' : ` (CPU ${ms(f.buildCpuMs)})`}${f.buildRuns === 1 ? ' (1 run)' : ''}`,
    f.traceMs === undefined ? '—' : `${ms(f.traceMs)} (${f.traceRuns})${f.firstTraceMs === undefined ? '' : `; first ${ms(f.firstTraceMs)}`}`,
    f.reachMs === undefined ? '—' : `${ms(f.reachMs)} (${f.reachPeers}, ${f.reachPairs})`,
    f.heapParsedMB === undefined ? '—' : `${f.heapParsedMB} + ${f.heapBuiltMB === undefined ? '—' : f.heapBuiltMB - f.heapParsedMB}`,
    // Killed by the timeout, the child could not say how far its memory went: the figure is a floor.
    `${o.problem?.includes('did not finish') ? '≥ ' : ''}${n(f.peakRssMB)}`, o.problem ?? 'ok',
  ];
  return `| ${cells.join(' | ')} |`;
}

function report(results: readonly Outcome[]): string {
  const all = results.map((r) => r.figures);
  const lines: string[] = [];
  lines.push('| pods | namespaces | policies | objects (layout) | YAML | parse ms | build ms (CPU ms) | trace ms (median, runs; first) | reach ms (peers, pairs) | heap: parsed + state MB | peak RSS MB | status |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) lines.push(row(r));
  const errors = all.filter((f) => (f.errors ?? 0) > 0);
  if (errors.length) lines.push('', `Warning: the generated YAML had error diagnostics at ${errors.map((f) => n(f.pods)).join(', ')} pods; the figures are not meaningful there.`);
  for (const f of all.filter((x) => x.traceFlow)) lines.push('', `Trace at ${n(f.pods)} pods: \`${f.traceFlow}\` (${f.traceVerdict}).`);

  const at = (pods: number) => results.find((r) => r.figures.pods === pods);
  const verdict = (value: number | undefined, goal: number, o: Outcome | undefined) =>
    value !== undefined ? (value <= goal ? 'met' : `missed (×${(value / goal).toFixed(1)})`) : o?.problem ? `missed: ${o.problem}` : 'not measured';
  const r5 = at(5000);
  const r20 = at(20000);
  const f5 = r5?.figures;
  const done20 = r20 && !r20.problem ? r20.figures.peakRssMB : undefined;
  lines.push('', '| goal (issue 3 §4, 2 cores) | target | measured | |', '|---|---:|---:|---|');
  lines.push(`| build at 5,000 pods | ≤ 300 ms | ${ms(f5?.buildMs)} ms | ${verdict(f5?.buildMs, 300, r5)} |`);
  lines.push(`| one trace at 5,000 pods | ≤ 1 ms | ${ms(f5?.traceMs)} ms | ${verdict(f5?.traceMs, 1, r5)} |`);
  lines.push(`| workload reach, 5,000 pods / 40 ns / 300 policies | ≤ 2,000 ms | ${ms(f5?.reachMs)} ms | ${verdict(f5?.reachMs, 2000, r5)} |`);
  lines.push(`| 20,000 pods finish, peak memory | < 2,048 MB | ${done20 === undefined ? '—' : `${n(done20)} MB RSS`} | ${verdict(done20, 2048, r20)} |`);

  if (all.length > 1) {
    lines.push('', '| growth | parse | build | trace | reach | peak RSS |', '|---|---|---|---|---|---|');
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1]!;
      const b = all[i]!;
      const g = (key: 'parseMs' | 'buildMs' | 'traceMs' | 'reachMs' | 'peakRssMB') => growth(a.pods, b.pods, a[key], b[key]);
      // Traces of different flows (or verdicts: a drop stops early) do not compare.
      const flowOf = (f: Figures) => `${f.traceFlow?.replace(/^[^/]+\//, '')} ${f.traceVerdict}`;
      const traceGrowth = a.traceFlow && b.traceFlow && flowOf(a) !== flowOf(b) ? '— (different flows)' : g('traceMs');
      // Peak memory compares only between runs that did all their steps.
      const rssGrowth = results[i - 1]!.problem || results[i]!.problem ? '—' : g('peakRssMB');
      lines.push(`| ${n(a.pods)} → ${n(b.pods)} pods | ${g('parseMs')} | ${g('buildMs')} | ${traceGrowth} | ${g('reachMs')} | ${rssGrowth} |`);
    }
  }
  return lines.join('\n');
}

function main(): void {
  const sizes = (option('sizes') ?? '1000,5000,20000').split(',').map((s) => Number(s.trim())).filter((s) => Number.isInteger(s) && s > 0);
  const timeoutS = Number(option('timeout') ?? 150);
  const seed = Number(option('seed') ?? 1);
  if (!sizes.length || !(timeoutS > 0)) {
    console.error('usage: npm run bench -- [--sizes 1000,5000,20000] [--timeout SECONDS] [--seed N]');
    process.exit(2);
  }
  const results: Outcome[] = [];
  for (const pods of sizes) {
    const s = shape(pods);
    process.stderr.write(`measuring ${n(pods)} pods (${s.namespaces} namespaces, ${s.policies} policies)… `);
    const t0 = performance.now();
    const r = measure(pods, timeoutS, seed);
    process.stderr.write(`${r.problem ?? 'done'} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    results.push(r);
  }
  console.log(`\nkube-netsim benchmark (Node ${process.version}, seed ${seed})\n`);
  console.log(report(results));
}

main();

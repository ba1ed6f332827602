// `npm run bench`: parse, build, one trace and full workload-level reach on synthetic clusters of
// 1,000 / 5,000 / 20,000 pods (issue 3 §4), printed as markdown next to the goals. Each size runs
// in its own Node process (measure.ts) with --expose-gc, so its peak memory is its own.
//   npm run bench -- --sizes 1000,5000 [--timeout 300] [--seed 1]
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

type Outcome = { ok: true; figures: Figures } | { ok: false; pods: number; why: string };

function measure(pods: number, timeoutS: number, seed: number): Outcome {
  const s = shape(pods);
  const args = ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', measureScript,
    '--pods', String(s.pods), '--namespaces', String(s.namespaces), '--policies', String(s.policies), '--seed', String(seed)];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 1 << 24 });
  if (child.error || child.status !== 0) {
    // The thrown error's own line (`RangeError: Map maximum size exceeded`) and where it came from.
    const stderr = child.stderr.split('\n');
    const at = stderr.findIndex((l) => /^\w*Error\b/.test(l));
    const crash = at >= 0 ? `crashed: ${stderr[at]!.trim()} ${stderr.slice(at + 1).find((l) => l.includes('/src/'))?.trim() ?? ''}` : stderr.filter(Boolean).slice(-2).join(' ');
    const why = child.signal === 'SIGTERM' ? `did not finish within ${timeoutS} s` : crash || String(child.error ?? `exit ${child.status}`);
    return { ok: false, pods, why };
  }
  return { ok: true, figures: JSON.parse(child.stdout.trim().split('\n').pop()!) as Figures };
}

const ms = (v: number | undefined): string => (v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0));
const n = (v: number): string => v.toLocaleString('en-US');

/** Exponent k of time ∝ pods^k between two sizes, and what it means per 4× pods. */
function growth(a: number, b: number, ta: number | undefined, tb: number | undefined): string {
  if (ta === undefined || tb === undefined || ta <= 0 || tb <= 0) return '—';
  const k = Math.log(tb / ta) / Math.log(b / a);
  return `×${(tb / ta).toFixed(1)} (∝ pods^${k.toFixed(2)}, ×${(4 ** k).toFixed(1)} per 4× pods)`;
}

function report(results: readonly Outcome[]): string {
  const ok = results.filter((r): r is Extract<Outcome, { ok: true }> => r.ok).map((r) => r.figures);
  const lines: string[] = [];
  lines.push('| pods | namespaces | policies | objects (layout) | YAML | parse ms | build ms | trace ms (median, runs) | reach ms (peers, pairs) | heap: parsed + state MB | peak RSS MB |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of ok) {
    lines.push(`| ${n(f.pods)} | ${f.namespaces} | ${f.policies} | ${n(f.objects)} (${f.layout}) | ${(f.yamlBytes / 1e6).toFixed(1)} MB | ${ms(f.parseMs)} | ${ms(f.buildMs)}${f.buildRuns > 1 ? '' : ' (1 run)'} | ${f.traceMs === undefined ? '—' : `${ms(f.traceMs)} (${f.traceRuns})`} | ${f.reachMs === undefined ? '—' : `${ms(f.reachMs)} (${f.reachPeers}, ${f.reachPairs})`} | ${f.heapParsedMB} + ${f.heapBuiltMB - f.heapParsedMB} | ${n(f.peakRssMB)} |`);
  }
  for (const r of results) if (!r.ok) lines.push(`| ${n(r.pods)} | — | — | — | — | — | — | — | — | — | ${r.why} |`);
  const errors = ok.filter((f) => f.errors > 0);
  if (errors.length) lines.push('', `Warning: the generated YAML had error diagnostics at ${errors.map((f) => n(f.pods)).join(', ')} pods; the figures are not meaningful there.`);
  const traced = ok.find((f) => f.traceFlow);
  if (traced) lines.push('', `Trace: \`${traced.traceFlow}\` (${traced.traceVerdict} at ${n(traced.pods)} pods).`);
  if (!ok.some((f) => f.engine !== 'none')) lines.push('', 'src/engine/index.ts exports neither trace nor reach yet: those columns are empty.');

  const at = (pods: number) => ok.find((f) => f.pods === pods);
  const verdict = (value: number | undefined, goal: number) => (value === undefined ? 'not measured' : value <= goal ? 'met' : `missed (×${(value / goal).toFixed(1)})`);
  const f5 = at(5000);
  const f20 = at(20000);
  const failed20 = results.find((r) => !r.ok && r.pods === 20000) as { why: string } | undefined;
  lines.push('', '| goal (issue 3 §4, 2 cores) | target | measured | |', '|---|---:|---:|---|');
  lines.push(`| build at 5,000 pods | ≤ 300 ms | ${ms(f5?.buildMs)} ms | ${verdict(f5?.buildMs, 300)} |`);
  lines.push(`| one trace at 5,000 pods | ≤ 1 ms | ${ms(f5?.traceMs)} ms | ${verdict(f5?.traceMs, 1)} |`);
  lines.push(`| workload reach, 5,000 pods / 40 ns / 300 policies | ≤ 2,000 ms | ${ms(f5?.reachMs)} ms | ${verdict(f5?.reachMs, 2000)} |`);
  lines.push(`| 20,000 pods finish, peak memory | < 2,048 MB | ${f20 ? `${n(f20.peakRssMB)} MB RSS` : failed20 ? failed20.why : '—'} | ${f20 ? verdict(f20.peakRssMB, 2048) : failed20 ? 'missed' : 'not measured'} |`);

  if (ok.length > 1) {
    lines.push('', '| growth | parse | build | trace | reach | peak RSS |', '|---|---|---|---|---|---|');
    for (let i = 1; i < ok.length; i++) {
      const a = ok[i - 1]!;
      const b = ok[i]!;
      lines.push(`| ${n(a.pods)} → ${n(b.pods)} pods | ${growth(a.pods, b.pods, a.parseMs, b.parseMs)} | ${growth(a.pods, b.pods, a.buildMs, b.buildMs)} | ${growth(a.pods, b.pods, a.traceMs, b.traceMs)} | ${growth(a.pods, b.pods, a.reachMs, b.reachMs)} | ${growth(a.pods, b.pods, a.peakRssMB, b.peakRssMB)} |`);
    }
  }
  return lines.join('\n');
}

function main(): void {
  const sizes = (option('sizes') ?? '1000,5000,20000').split(',').map((s) => Number(s.trim())).filter((s) => Number.isInteger(s) && s > 0);
  const timeoutS = Number(option('timeout') ?? 300);
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
    process.stderr.write(`${r.ok ? 'done' : r.why} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    results.push(r);
  }
  console.log(`\nkube-netsim benchmark (Node ${process.version}, seed ${seed})\n`);
  console.log(report(results));
}

main();

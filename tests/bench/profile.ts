// Where does build() (or, with --reach, workload-level reach(); with --trace, one trace() run --runs
// times) spend its time? Profiles one run on
// a synthetic cluster with V8's CPU profiler (node:inspector, so only that step is sampled, not the
// generator or the parser) and prints the functions of src/ by self time and by inclusive time;
// for build, also where the ClusterState's objects are.
//   npx tsx tests/bench/profile.ts [--pods 2000] [--namespaces 16] [--policies 120] [--top 25] [--reach | --trace [--runs 2000]]
import { Session } from 'node:inspector/promises';
import { build } from '../../src/cluster/index.ts';
import { reach, trace } from '../../src/engine/index.ts';
import type { FlowSpec } from '../../src/engine/index.ts';
import { parse } from '../../src/parse/index.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import { generate } from './generate.ts';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export interface FunctionCost { readonly name: string; readonly self: number; readonly total: number }

const label = (f: ProfileNode['callFrame']): string => {
  const file = f.url.replace(/^file:\/\//, '').replace(/^.*?\/(src|tests|node_modules)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
};

/** Self and inclusive milliseconds per function; recursion is counted once per stack. */
export function costs(profile: Profile): FunctionCost[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ms = new Map<number, number>();
  profile.samples.forEach((id, i) => ms.set(id, (ms.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, t] of ms) {
    self.set(label(byId.get(id)!.callFrame), (self.get(label(byId.get(id)!.callFrame)) ?? 0) + t);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!.callFrame);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + t);
    }
  }
  return [...total].map(([name, t]) => ({ name, self: self.get(name) ?? 0, total: t }));
}

/** Objects and arrays reachable from `value` (shared ones once): what plainCopy and deepFreeze walk. */
export function countObjects(value: unknown, seen = new Set<unknown>()): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  let n = 1;
  for (const v of value instanceof Map ? value.values() : Object.values(value)) n += countObjects(v, seen);
  return n;
}

/** Where the state's objects are: per top-level field, and per field of the nodes. */
function shapeOf(state: ClusterState): string[] {
  const rows: [string, number][] = [];
  for (const [key, value] of Object.entries(state)) if (key !== 'index') rows.push([key, countObjects(value)]);
  const fields = new Set(state.nodes.flatMap((n) => Object.keys(n)));
  for (const f of fields) {
    const seen = new Set<unknown>(); // shared across nodes: the Cluster object's source is one object
    rows.push([`nodes[*].${f}`, state.nodes.reduce((a, n) => a + countObjects((n as unknown as Record<string, unknown>)[f], seen), 0)]);
  }
  const rules = state.nodes.reduce((a, n) => a + (n.proxy.mode !== 'replacement' ? n.proxy.chains.reduce((b, c) => b + c.rules.length, 0) : 0), 0);
  return [
    `State objects (objects and arrays, each counted once; V8 Maps hold at most 2^24 = 16,777,216 entries, which bounds plainCopy's memo):\n`,
    '| field | objects |', '|---|---:|',
    ...rows.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([k, n]) => `| ${k} | ${n.toLocaleString('en-US')} |`),
    '', `kube-proxy rules over all ${state.nodes.length} nodes: ${rules.toLocaleString('en-US')} (${Math.round(rules / state.nodes.length).toLocaleString('en-US')} per node).`,
  ];
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const pods = arg('pods', 2000);
  const top = arg('top', 25);
  const g = generate({ pods, namespaces: arg('namespaces', Math.max(1, Math.round(pods / 125))), policies: arg('policies', Math.round(pods * 0.06)), seed: 1 });
  const parsed = parse(g.text);
  const step = process.argv.includes('--reach') ? 'reach' : process.argv.includes('--trace') ? 'trace' : 'build';
  const runs = arg('runs', 2000);
  // measure.ts's first choice of flow: pod → Service by name (DNS, kube-proxy's DNAT, policy both ends).
  const flowIn = (s: ClusterState): FlowSpec => {
    const ns = s.namespaces.find((n) => s.workloads.some((w) => w.namespace === n.name && w.name === 'web'))?.name ?? 'default';
    return { from: `${ns}/deploy/web`, to: 'http://api:8080/api/items', protocol: 'TCP', http: { method: 'GET', path: '/api/items', tls: false } };
  };
  const warm = build(parse(generate({ pods: 200, namespaces: 2, policies: 10, seed: 2 }).text)); // warm the JIT
  if (step === 'reach') reach(warm, { by: 'workload' });
  if (step === 'trace') for (let i = 0; i < 200; i++) trace(warm, flowIn(warm), { seed: 1 });
  const before = step !== 'build' ? build(parsed) : undefined;
  const flow = before ? flowIn(before) : undefined;
  if (before && flow) trace(before, flow, { seed: 1 }); // the first trace compiles the state's caches
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  const state = before ?? build(parsed);
  if (step === 'reach') reach(state, { by: 'workload' });
  if (step === 'trace') for (let i = 0; i < runs; i++) trace(state, flow!, { seed: 1 });
  const elapsed = performance.now() - t0;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  session.disconnect();
  const all = costs(profile).filter((c) => /^\S+ (src|node_modules)\//.test(c.name) || c.name.startsWith('(garbage'));
  const fmt = (c: FunctionCost) => `| ${c.name} | ${c.self.toFixed(0)} | ${c.total.toFixed(0)} |`;
  const what = step === 'reach' ? "reach(state, { by: 'workload' })" : step === 'trace' ? `${runs} × trace(${flow!.from} → ${flow!.to})` : 'build()';
  const per = step === 'trace' ? ` (${(elapsed / runs).toFixed(3)} ms per trace)` : '';
  console.log(`${what} of ${pods} pods (${g.counts.namespaces} namespaces, ${g.counts.policies} policies): ${elapsed.toFixed(0)} ms${per}\n`);
  console.log('By inclusive time (ms):\n\n| function | self | total |\n|---|---:|---:|');
  for (const c of [...all].sort((a, b) => b.total - a.total).slice(0, top)) console.log(fmt(c));
  console.log('\nBy self time (ms):\n\n| function | self | total |\n|---|---:|---:|');
  for (const c of [...all].sort((a, b) => b.self - a.self).slice(0, top)) console.log(fmt(c));
  if (step === 'build') console.log(`\n${shapeOf(state).join('\n')}`);
}

await main();

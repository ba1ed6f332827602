// Golden Gateway API traces as text (tests/golden/gateway-*.txt), on DATAPATH.md §0.1's address
// plan with Gateway infra/edge (gateway-fixtures.ts): the whole hop list with every packet, to hold
// against DATAPATH §7.2's hop table (the Gateway's data path is the Ingress one, §7.4). Regenerate
// with `UPDATE_GOLDEN=1 npx vitest run tests/engine/trace-gateway-golden.test.ts` and read the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeFlow } from '../../src/engine/flow.ts';
import { trace } from '../../src/engine/trace.ts';
import { renderTrace } from '../../src/engine/trace-render.ts';
import type { FlowSpec } from '../../src/engine/types.ts';
import { gatewayState, http, route } from './gateway-fixtures.ts';

const update = process.env.UPDATE_GOLDEN === '1';
const dir = new URL('../golden/', import.meta.url);

/** A route in infra sending to app/web: no ReferenceGrant lets it (Gateway API: ReferenceGrant). */
const crossNamespace = route('cross', `  parentRefs: [{name: edge}]
  hostnames: [cross.example.com]
  rules:
    - backendRefs: [{name: web, namespace: app, port: 80}]
`, 'infra');

const goldens: readonly [name: string, flow: Omit<FlowSpec, 'protocol'>][] = [
  ['gateway', { from: 'external', to: 'http://shop.example.com/api/items', http: http('/api/items') }],
  ['gateway-404', { from: 'app/client', to: 'http://api.example.com/', http: http('/') }],
  ['gateway-refused-cross-namespace', { from: 'external', to: 'http://cross.example.com/', http: http('/') }],
];

describe('golden Gateway traces (tests/golden/gateway-*.txt)', () => {
  const s = gatewayState(crossNamespace);
  it.each(goldens.map(([name, flow]) => ({ name, flow })))('$name', ({ name, flow }) => {
    const r = trace(s, { protocol: 'TCP', ...flow }, { seed: 1 });
    if (!r.ok) throw new Error(r.error);
    const text = `# ${describeFlow(r.value.flow)} from ${r.value.flow.from} (seed 1)\n${renderTrace(r.value, { packets: true })}`;
    const file = new URL(`${name}.txt`, dir);
    if (update) writeFileSync(file, text);
    expect(existsSync(file), `missing tests/golden/${name}.txt: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

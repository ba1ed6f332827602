// Golden traces as text, one per traffic type, on DATAPATH.md §0.1's address plan: the whole hop
// list with every packet in DATAPATH's header notation, so a reviewer can hold it against the hop
// tables. Regenerate with `UPDATE_GOLDEN=1 npx vitest run tests/engine/trace-golden.test.ts`, then
// read the diff against DATAPATH.md before committing it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeFlow } from '../../src/engine/flow.ts';
import { trace } from '../../src/engine/trace.ts';
import { renderTrace } from '../../src/engine/trace-render.ts';
import type { FlowSpec } from '../../src/engine/types.ts';
import { denyWeb, egressWithoutDns, plan, pod, soloNodePortService, state } from './trace-fixtures.ts';

const update = process.env.UPDATE_GOLDEN === '1';
const dir = new URL('../golden/', import.meta.url);

const services = `${pod('solo', 'node-2', '10.244.2.8', '{app: solo}')}---
${soloNodePortService}---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: app}
spec:
  clusterIP: None
  selector: {app: solo}
  ports: [{port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: app}
spec:
  selector: {app: nothing}
  ports: [{port: 80, targetPort: 8080}]
`;

/** A UDP Service whose pods listen only on TCP: the datagram draws ICMP port-unreachable. */
const udpService = `---
apiVersion: v1
kind: Service
metadata: {name: dns2, namespace: app}
spec:
  clusterIP: 10.96.100.30
  selector: {app: web}
  ports: [{port: 53, targetPort: 5353, protocol: UDP}]
`;

const http = { method: 'GET', path: '/', tls: false };
const base = state(plan(services));

const example = readFileSync(new URL('../../src/scenarios/example.yaml', import.meta.url), 'utf8');

/** The same plan on Cilium (VXLAN) beside kube-proxy: its eBPF programs do the work (DATAPATH §2.3, §3.7, §4.11). */
const cilium = plan(services).replace('cni: {plugin: flannel, mode: vxlan, networkPolicy: true}', 'cni: {plugin: cilium, mode: vxlan}\n  podCIDR: 10.244.0.0/16');

/** extraYaml `example`: src/scenarios/example.yaml instead of the address plan; `cilium`: the plan on Cilium. */
type Golden = readonly [name: string, extraYaml: string, flow: Omit<FlowSpec, 'protocol'> & { readonly protocol?: FlowSpec['protocol'] }, seed?: number];

const goldens: readonly Golden[] = [
  ['pod-to-pod-same-node', '', { from: 'app/client', to: '10.244.1.9:8080' }],
  ['pod-to-pod-vxlan', '', { from: 'app/client', to: '10.244.2.7:8080' }],
  ['pod-to-service-by-name', '', { from: 'app/client', to: 'http://web/', http }],
  ['headless', '', { from: 'app/client', to: 'db:8080' }],
  ['dns-nxdomain', '', { from: 'app/client', to: 'nosuch:80' }],
  ['policy-drop-at-dns', egressWithoutDns, { from: 'app/client', to: 'http://web/', http }],
  ['policy-drop-at-connect', denyWeb, { from: 'app/client', to: '10.96.100.10:80' }],
  ['no-endpoints-reject', '', { from: 'app/client', to: 'empty:80' }],
  ['ping', '', { from: 'app/client', to: '10.244.2.7', protocol: 'ICMP' }],
  ['nslookup', '', { from: 'app/client', to: 'web', protocol: 'UDP', lookupOnly: true }],
  ['pod-to-outside', '', { from: 'app/client', to: 'http://example.com/', http }],
  ['nodeport-cluster', '', { from: 'external', to: '172.16.0.11:30080' }, 2],
  ['nodeport-local', '', { from: 'external', to: '172.16.0.12:30081' }],
  ['hairpin', '', { from: 'app/web-a', to: '10.96.100.10:80' }],
  ['ping-clusterip', '', { from: 'app/client', to: '10.96.100.10', protocol: 'ICMP' }],
  ['ingress', 'example', { from: 'external', to: 'http://shop.example.com/', http }],
  ['udp-port-unreachable', udpService, { from: 'app/client', to: '10.96.100.30:53', protocol: 'UDP' }, 2],
  ['host-unreachable', '', { from: 'app/client', to: '10.244.2.99:80', protocol: 'UDP' }],
  ['cilium-clusterip', 'cilium', { from: 'app/client', to: '10.96.100.10:80' }, 2],
  ['cilium-no-endpoints', 'cilium', { from: 'app/client', to: 'empty:80' }],
];

describe('golden traces (tests/golden/*.txt)', () => {
  it.each(goldens.map((g) => ({ name: g[0], extra: g[1], flow: g[2], seed: g[3] ?? 1 })))('$name', ({ name, extra, flow, seed }) => {
    const s = extra === 'example' ? state(example) : extra === 'cilium' ? state(cilium) : extra ? state(plan(services + extra)) : base;
    const r = trace(s, { protocol: 'TCP', ...flow }, { seed });
    if (!r.ok) throw new Error(r.error);
    const text = `# ${describeFlow(r.value.flow)} from ${r.value.flow.from} (seed ${seed})\n${renderTrace(r.value, { packets: true })}`;
    const file = new URL(`${name}.txt`, dir);
    if (update) writeFileSync(file, text);
    expect(existsSync(file), `missing tests/golden/${name}.txt: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

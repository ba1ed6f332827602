// Shared setup for the NetworkPolicy tests: scenarios written as YAML, read through the real
// parser and control plane, and truth tables in the style of the upstream conformance suite.
import { readFileSync } from 'node:fs';
import { build } from '../../src/cluster/index.ts';
import { checkPolicy } from '../../src/engine/index.ts';
import type { PolicyOptions, PolicyPeer } from '../../src/engine/index.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import type { FlowProtocol } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';

/** Builds a cluster from YAML; a parse or build error fails the test, so fixtures stay valid Kubernetes. */
export function cluster(yaml: string): ClusterState {
  const parsed = parse(yaml);
  const state = build(parsed);
  const errors = [...parsed.diagnostics, ...state.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`scenario has errors: ${errors.map((d) => `${d.range.startLine}: ${d.message}`).join('; ')}`);
  return state;
}

/** The x/y/z × a/b/c model of the upstream NetworkPolicy e2e tests. */
export const XYZ = readFileSync(new URL('../fixtures/netpol/xyz.yaml', import.meta.url), 'utf8');
export const XYZ_PODS = ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'];

export function pod(state: ClusterState, id: string): PolicyPeer {
  const found = state.index.podById.get(id);
  if (!found) throw new Error(`no pod ${id}; pods: ${[...state.index.podById.keys()].join(', ')}`);
  return { kind: 'pod', pod: found };
}

export function node(state: ClusterState, name: string): PolicyPeer {
  const found = state.index.nodeByName.get(name);
  if (!found) throw new Error(`no node ${name}`);
  return { kind: 'node', node: found };
}

export const external = (ip: string): PolicyPeer => ({ kind: 'external', ip });

/** Both ends must allow (NETPOL.md 5). */
export function allowed(state: ClusterState, src: PolicyPeer, dst: PolicyPeer, port: number, protocol: FlowProtocol = 'TCP', options: PolicyOptions = {}): boolean {
  return checkPolicy(state, src, dst, port, protocol, 'egress', options).allowed
    && checkPolicy(state, src, dst, port, protocol, 'ingress', options).allowed;
}

/**
 * The upstream suite's truth table: rows are clients, columns servers, `.` allowed, `X` denied.
 * A pod to itself is always `.` (NETPOL.md 19).
 */
export function truthTable(state: ClusterState, port: number, protocol: FlowProtocol = 'TCP', pods: readonly string[] = XYZ_PODS): string {
  const rows = [`    ${pods.join(' ')}`];
  for (const from of pods) {
    const cells = pods.map((to) => (allowed(state, pod(state, from), pod(state, to), port, protocol) ? '.' : 'X').padEnd(3));
    rows.push(`${from} ${cells.join(' ')}`.trimEnd());
  }
  return rows.join('\n');
}

/** A NetworkPolicy document. */
export function netpol(namespace: string, name: string, spec: string): string {
  return `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: "${namespace}"}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
}

// `kube-netsim reach`: np-guard's connlist by default, JSON on request, exit codes (DESIGN.md "The CLI contract").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from './helpers.ts';

const SHOP = 'tests/fixtures/netpol/shop.yaml';
const golden = (name: string): string => readFileSync(join(root, 'tests/fixtures/netpol', name), 'utf8');

describe('kube-netsim reach', () => {
  it.each([
    { name: 'connlist by default', args: [] as string[], file: 'shop.connlist.txt' },
    { name: '-o connlist', args: ['-o', 'connlist'], file: 'shop.connlist.txt' },
    { name: "--ipblock-matches-pods=false is np-guard's view", args: ['--ipblock-matches-pods=false'], file: 'shop.npguard.connlist.txt' },
    { name: '--ipblock-matches-pods true (separate value)', args: ['--ipblock-matches-pods', 'true'], file: 'shop.connlist.txt' },
  ])('$name', async ({ args, file }) => {
    expect(await cli(['reach', '-f', SHOP, ...args])).toEqual({ code: 0, stdout: golden(file), stderr: '' });
  });

  it('--by pod names pods', async () => {
    const r = await cli(['reach', '-f', SHOP, '--by', 'pod']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^shop\/backend-[a-z0-9]+-[a-z0-9]+\[Pod\] => shop\/db-0\[Pod\] : TCP 5432$/m);
    expect(r.stdout).not.toContain('[Deployment]');
  });

  it('-o json: port ranges per protocol, ICMP, rules, podsDiffer', async () => {
    const r = await cli(['reach', '-f', SHOP, '-o', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ by: 'workload', ipBlockMatchesPods: true, includeSystem: true });
    const pair = json.connections.find((c: { src: string; dst: string }) => c.src === 'shop/frontend[Deployment]' && c.dst === 'shop/backend[Deployment]');
    expect(pair).toEqual({
      src: 'shop/frontend[Deployment]', dst: 'shop/backend[Deployment]', conn: 'TCP 9090',
      ports: { TCP: [[9090, 9090]], UDP: [], SCTP: [], ICMP: false },
      podsDiffer: false, rules: ['shop/backend ingress rule #1', 'shop/frontend egress rule #1'],
    });
    expect(json.peers.map((p: { name: string }) => p.name)).toContain('shop/db[StatefulSet]');
  });

  it('says when the CNI enforces nothing', async () => {
    const off = 'apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec: {cni: {networkPolicy: false}}\n---\n';
    const r = await cli(['reach', '-f', '-'], { stdin: off + readFileSync(join(root, SHOP), 'utf8') });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("note: the cluster's CNI (flannel) does not enforce NetworkPolicy: the 5 NetworkPolicies exist but nothing applies them, so everything is allowed.\n");
    expect(r.stdout).toContain('shop/debug[Pod] => shop/db[StatefulSet] : All Connections');
  });

  it.each([
    { name: 'unknown --by', args: ['-f', SHOP, '--by', 'node'], message: 'error: --by must be workload or pod, not "node"' },
    { name: 'bad --ipblock-matches-pods', args: ['-f', SHOP, '--ipblock-matches-pods=maybe'], message: 'error: --ipblock-matches-pods must be true or false, not "maybe"' },
    { name: 'unknown output', args: ['-f', SHOP, '-o', 'yaml'], message: 'error: unknown output format "yaml" for reach (use connlist or json)' },
    { name: 'no -f', args: [], message: 'error: must specify one or more files' },
    { name: 'a positional argument', args: ['-f', SHOP, 'web'], message: 'error: reach takes no arguments, got "web"' },
    { name: 'a flag of another command', args: ['-f', SHOP, '--port', '80'], message: 'error: flag --port is not valid for reach' },
    { name: 'a missing file', args: ['-f', 'tests/fixtures/netpol/nope.yaml'], message: 'does not exist' },
  ])('exit 2: $name', async ({ args, message }) => {
    const r = await cli(['reach', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('--help', async () => {
    const r = await cli(['reach', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kube-netsim reach -f PATH... [-o connlist|json] [--by workload|pod] [--ipblock-matches-pods=true|false]');
  });
});

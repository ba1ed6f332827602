// `kube-netsim trace` in-process on the example scenario: flag and `--` forms, text and JSON,
// and the exit codes of DESIGN.md's CLI contract (0 delivered, 1 not, 2 bad input).
import { describe, expect, it } from 'vitest';
import { requestedFlow } from '../../src/cli/trace.ts';
import { cli, EXAMPLE } from './helpers.ts';

describe('kube-netsim trace', () => {
  it.each([
    ['--to URL from a workload: delivered', ['--from', 'shop/deploy/frontend', '--to', 'http://backend:8080/api/items'], 0, /^Verdict: delivered \(served by shop\/backend-/m],
    ['-n and a command after --', ['-n', 'shop', '--from', 'deploy/frontend', '--', 'curl', '-s', 'http://backend:8080/'], 0, /^connect$/m],
    ['kubectl exec inside the command', ['--', 'kubectl', 'exec', '-n', 'shop', 'deploy/frontend', '--', 'nc', '-z', 'db', '5432'], 1, /^Verdict: dropped — .*shop\/db-0/m],
    ['--lookup does only DNS', ['-n', 'shop', '--from', 'deploy/frontend', '--lookup', 'backend'], 0, /^DNS query 1: backend\.shop\.svc\.cluster\.local A \(UDP\)\n(?:.*\n)*Verdict: delivered/m],
    ['NXDOMAIN exits 1', ['-n', 'shop', '--from', 'deploy/frontend', '--lookup', 'nosuch'], 1, /^Verdict: nxdomain/m],
    ['ping with --protocol ICMP', ['-n', 'shop', '--from', 'deploy/frontend', '--to', 'example.com', '--protocol', 'ICMP'], 0, /^echo request$/m],
    // NETPOL.md / DATAPATH §8.1 item 9: an isolated pod with port-only rules admits no ICMP.
    ['ping an isolated pod: dropped', ['-n', 'shop', '--from', 'deploy/frontend', '--', 'ping', 'db-0.db'], 1, /^Verdict: dropped — .*shop\/db-0/m],
  ])('%s', async (_n, args, code, out) => {
    const r = await cli(['trace', '-f', EXAMPLE, ...args]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(out);
    expect(r.code).toBe(code);
  });

  it('-o json prints the Trace; the same --seed gives the same output', async () => {
    const args = ['trace', '-f', EXAMPLE, '--from', 'shop/deploy/frontend', '--to', 'backend.shop:8080', '-o', 'json', '--seed', '5'];
    const a = await cli(args);
    const b = await cli(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const t = JSON.parse(a.stdout);
    expect(t.verdict).toBe('delivered');
    expect(t.phases.map((p: { name: string }) => p.name)).toContain('connect');
  });

  it.each([
    ['no --from', ['--to', 'http://backend:8080/'], /--from is required/],
    ['no --to', ['--from', 'shop/deploy/frontend'], /--to is required/],
    ['an unknown pod', ['--from', 'shop/nobody', '--to', '10.96.0.10:53'], /nobody/],
    ['a bad protocol', ['--from', 'shop/deploy/frontend', '--to', 'backend:8080', '--protocol', 'QUIC'], /unknown protocol "QUIC"/],
    ['a bad port', ['--from', 'shop/deploy/frontend', '--to', 'backend', '--port', '70000'], /--port must be a number/],
    ['flags and a command together', ['--from', 'shop/deploy/frontend', '--to', 'backend:8080', '--', 'curl', 'http://backend/'], /either as flags .* or as a command/],
    ['a bad output format', ['--from', 'shop/deploy/frontend', '--to', 'backend:8080', '-o', 'yaml'], /unknown output format "yaml"/],
  ])('bad input exits 2: %s', async (_n, args, message) => {
    const r = await cli(['trace', '-f', EXAMPLE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('--help shows the usage', async () => {
    const r = await cli(['trace', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kube-netsim trace -f PATH\.\.\. --from SRC --to TARGET/);
  });
});

describe('requestedFlow', () => {
  it.each([
    ['--to HOST:PORT', { from: 'web', to: 'backend:8080', command: [] }, { from: 'default/web', to: 'backend:8080', port: 8080, protocol: 'TCP' }],
    ['--to with --port and --protocol', { from: 'web', to: '10.96.0.10', port: '53', protocol: 'udp', command: [] }, { from: 'default/web', to: '10.96.0.10', port: 53, protocol: 'UDP' }],
    ['--lookup', { from: 'web', lookup: 'db', command: [] }, { from: 'web', to: 'db', protocol: 'UDP', lookupOnly: true }],
    ['a command after --', { from: 'web', command: ['ping', '-c', '1', '10.244.1.2'] }, { from: 'web', to: '10.244.1.2', protocol: 'ICMP' }],
  ])('%s', (_n, req, spec) => {
    const r = requestedFlow(req);
    expect(r.ok && r.value.spec).toMatchObject(spec);
  });
});

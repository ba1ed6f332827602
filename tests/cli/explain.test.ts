// `kube-netsim explain`: egress and ingress verdicts with rules and YAML lines; exit 0 allowed,
// 1 denied, 2 bad input (DESIGN.md "The CLI contract").
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';

const SHOP = 'tests/fixtures/netpol/shop.yaml';

describe('kube-netsim explain', () => {
  it('a denied connection: golden text, exit 1', async () => {
    const r = await cli(['explain', '-f', SHOP, '-n', 'shop', '--from', 'debug', '--to', 'sts/db', '--port', '5432']);
    expect(r).toEqual({
      code: 1,
      stderr: '',
      stdout: `to pod shop/db-0 (10.244.1.4) on TCP 5432:
  egress:  DENIED   egress denied: pod shop/debug is isolated for egress by shop/allow-dns and shop/default-deny, and no egress rule of the 2 policies selecting it admits shop/db-0 on TCP 5432.
             by: NetworkPolicy shop/allow-dns selects the pod and lists Egress in policyTypes (tests/fixtures/netpol/shop.yaml:94)
             by: NetworkPolicy shop/default-deny selects the pod and lists Egress in policyTypes (tests/fixtures/netpol/shop.yaml:87)
  ingress: DENIED   ingress denied: pod shop/db-0 is isolated for ingress by shop/db and shop/default-deny, and no ingress rule of the 2 policies selecting it admits shop/debug on TCP 5432.
             by: NetworkPolicy shop/db selects the pod and lists Ingress in policyTypes (tests/fixtures/netpol/shop.yaml:137)
             by: NetworkPolicy shop/default-deny selects the pod and lists Ingress in policyTypes (tests/fixtures/netpol/shop.yaml:87)
So the connection from shop/debug to shop/db-0 on TCP 5432 is denied.
verdict: denied
`,
    });
  });

  it.each([
    { name: 'workload to workload, allowed', args: ['-n', 'shop', '--from', 'deploy/backend', '--to', 'sts/db', '--port', '5432'], code: 0, verdict: 'verdict: allowed' },
    { name: 'a Service: per endpoint after DNAT (port 80 → 9090)', args: ['-n', 'shop', '--from', 'deploy/frontend', '--to', 'svc/backend', '--port', '80'], code: 0, verdict: 'verdict: allowed' },
    { name: 'the Service port is not what policy sees', args: ['-n', 'shop', '--from', 'deploy/frontend', '--to', 'deploy/backend', '--port', '80'], code: 1, verdict: 'verdict: denied' },
    { name: 'from outside, inside the ipBlock', args: ['--from', 'external:203.0.113.7', '--to', 'shop/deploy/frontend', '--port', '8080'], code: 0, verdict: 'verdict: allowed' },
    { name: 'from outside, in the except', args: ['--from', 'external:10.1.2.3', '--to', 'shop/deploy/frontend', '--port', '8080'], code: 1, verdict: 'verdict: denied' },
    { name: 'ICMP needs no port; a rule with ports does not admit it', args: ['--from', 'external', '--to', 'shop/deploy/frontend', '--protocol', 'icmp'], code: 1, verdict: 'verdict: denied' },
    { name: 'SRC DST as arguments, as DESIGN.md writes it', args: ['-n', 'shop', 'deploy/backend', 'sts/db', '--port', '5432'], code: 0, verdict: 'verdict: allowed' },
    { name: 'a ClusterIP as destination is a Service', args: ['-n', 'shop', '--from', 'deploy/frontend', '--to', '10.96.0.10', '--port', '53', '--protocol', 'UDP'], code: 0, verdict: 'verdict: allowed' },
  ])('$name', async ({ args, code, verdict }) => {
    const r = await cli(['explain', '-f', SHOP, ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(verdict);
  });

  it('-o json carries both decisions per endpoint', async () => {
    const r = await cli(['explain', '-f', SHOP, '-n', 'shop', '--from', 'deploy/frontend', '--to', 'svc/backend', '--port', '80', '-o', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe('allowed');
    expect(json.connections).toHaveLength(2);
    expect(json.connections[0].ingress.because[0]).toMatchObject({ kind: 'NetworkPolicy', rule: 1, object: { namespace: 'shop', name: 'backend' } });
    expect(json.connections[0].dst).toMatchObject({ kind: 'pod', name: expect.stringMatching(/^shop\/backend-/), ip: expect.stringMatching(/^10\.244\./) });
    expect(json.connections[0].port).toBe(9090);
  });

  it.each([
    { name: 'no --to', args: ['--from', 'shop/debug', '--port', '80'], message: 'explain needs --from SRC and --to DST' },
    { name: 'arguments and flags mixed', args: ['shop/debug', '--to', 'shop/db-0', '--port', '80'], message: 'explain takes SRC DST, or --from SRC --to DST (got "shop/debug")' },
    { name: 'no --port', args: ['--from', 'shop/debug', '--to', 'shop/db-0'], message: 'explain needs --port N' },
    { name: 'bad port', args: ['--from', 'shop/debug', '--to', 'shop/db-0', '--port', '70000'], message: '--port must be a number from 1 to 65535, not "70000"' },
    { name: 'bad protocol', args: ['--from', 'shop/debug', '--to', 'shop/db-0', '--port', '80', '--protocol', 'http'], message: '--protocol must be TCP, UDP, SCTP or ICMP' },
    { name: 'unknown pod, with a suggestion', args: ['-n', 'shop', '--from', 'frontend', '--to', 'db-0', '--port', '80'], message: '--from: no pod named frontend in namespace shop; did you mean deploy/frontend or svc/frontend?' },
    { name: 'a Service as the source', args: ['-n', 'shop', '--from', 'svc/frontend', '--to', 'db-0', '--port', '80'], message: '--from names a Service' },
    { name: 'a Service port that does not exist', args: ['-n', 'shop', '--from', 'debug', '--to', 'svc/backend', '--port', '8080'], message: 'Service shop/backend has no port 8080/TCP' },
  ])('exit 2: $name', async ({ args, message }) => {
    const r = await cli(['explain', '-f', SHOP, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});

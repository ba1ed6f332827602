import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { describeFlow, flowSpecOf, parseCommand } from '../../src/engine/flow.ts';
import { parseTarget } from '../../src/engine/target.ts';
import type { FlowSpec } from '../../src/engine/types.ts';
import type { Flow } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';
import { scenarioUrl } from '../../src/scenarios/files.ts';

type Spec = Omit<FlowSpec, 'from'>;
const http = (to: string, port: number, path: string, host: string, extra: Partial<NonNullable<FlowSpec['http']>> = {}): Spec =>
  ({ to, port, protocol: 'TCP', http: { method: 'GET', path, host, tls: to.startsWith('https:'), ...extra } });

const flowOf = (spec: string, namespace = 'shop'): Flow => {
  const text = `apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Flow\nmetadata:\n  name: f\n  namespace: ${namespace}\nspec:\n${spec}`;
  const r = parse({ name: 'flow.yaml', text });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture does not parse: ${errors.map((d) => d.message).join('; ')}`);
  return r.objects[0] as Flow;
};

// kubectl exec --help: `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]`.
describe('parseCommand: kubectl exec', () => {
  const backend = http('http://backend:8080/api', 8080, '/api', 'backend:8080');
  it.each([
    ['-it before the pod', 'kubectl exec -it frontend -- curl http://backend:8080/api', { from: 'frontend', spec: backend }],
    ['-n before exec, TYPE/NAME, -c', 'kubectl -n shop exec deploy/frontend -c app -- curl http://backend:8080/api', { from: 'deploy/frontend', namespace: 'shop', spec: backend }],
    ['-n after the pod, sh -c', `kubectl exec frontend -n shop -- sh -c 'curl http://backend:8080/api'`, { from: 'frontend', namespace: 'shop', spec: backend }],
    ['--namespace=NS and --container=C', 'kubectl exec --namespace=shop --container=app -ti frontend -- curl http://backend:8080/api', { from: 'frontend', namespace: 'shop', spec: backend }],
    ['-n=NS and -cCONTAINER attached (pflag)', 'kubectl exec -n=shop -capp frontend -- curl http://backend:8080/api', { from: 'frontend', namespace: 'shop', spec: backend }],
    ['-nNS attached', 'kubectl -nshop exec frontend -- curl http://backend:8080/api', { from: 'frontend', namespace: 'shop', spec: backend }],
    ['bash -c with a nested quote', `kubectl exec -i shop/frontend -- /bin/bash -c "curl -H 'Host: shop.example.com' http://172.16.0.200/"`,
      { from: 'shop/frontend', spec: http('http://172.16.0.200/', 80, '/', 'shop.example.com') }],
    ['sh -lc', `kubectl exec frontend -- sh -lc 'nc -zv db 5432'`, { from: 'frontend', spec: { to: 'db', port: 5432, protocol: 'TCP' } }],
    ['busybox inside', 'kubectl exec client -- busybox nslookup db', { from: 'client', spec: { to: 'db', port: 53, protocol: 'UDP', lookupOnly: true } }],
    ['timeout N', 'kubectl exec client -- timeout 5 nc -z db 5432', { from: 'client', spec: { to: 'db', port: 5432, protocol: 'TCP' } }],
  ])('%s', (_name, text, value) => {
    expect(parseCommand(text)).toEqual({ ok: true, value });
  });
});

describe('parseCommand errors say what to type instead', () => {
  it.each([
    ['nothing', '', 'type a command, e.g. curl http://backend:8080/'],
    ['an unknown tool', 'wireshark', '"wireshark" is not a command the simulator runs; use curl, wget, nc, telnet, ping, nslookup, dig, host or getent hosts'],
    ['ping with a port', 'ping web:80', 'ping takes a host, e.g. ping 10.244.2.7; ICMP has no ports, so to test a port use nc -zv HOST PORT'],
    ['ping with a URL', 'ping http://web/', 'ping takes a host, e.g. ping 10.244.2.7; ICMP has no ports'],
    ['ping without a host', 'ping -c 3', 'ping takes a host, e.g. ping 10.244.2.7'],
    ['curl without a URL', 'curl -s', 'curl needs a URL, e.g. curl http://backend:8080/'],
    ['curl with two URLs', 'curl http://a/ http://b/', 'curl got 2 URLs'],
    ['curl with an unknown option', 'curl --proxy x http://a/', 'curl: option --proxy is not simulated'],
    ['curl -X without a value', 'curl http://a/ -X', 'curl: option -X needs a value'],
    ['curl --opt=value (curl takes no =)', 'curl --connect-timeout=2 http://a/', 'curl: option --connect-timeout=2 is not simulated'],
    ['curl -H "Host:" (removes the header)', `curl -H 'Host:' http://a/`, `curl -H 'Host:' would remove the Host header`],
    ['curl ftp://', 'curl ftp://files/', 'curl: ftp:// is not simulated'],
    ['a bad --resolve', 'curl --resolve shop.example.com:80 http://shop.example.com/', 'curl --resolve takes HOST:PORT:ADDRESS'],
    ['--resolve to a name', 'curl --resolve a:80:b http://a/', '"b" in --resolve is not an IPv4 address'],
    ['nc without a port', 'nc -zv db', 'nc takes a host and a port, e.g. nc -zv backend 8080'],
    ['nc with a port range', 'nc -zv db 5000-5500', 'nc: "5000-5500" is a port range; trace one port at a time, e.g. nc -zv db 5000'],
    ['nc -l', 'nc -l 8080', 'nc -l listens for connections'],
    ['nc -n with a name', 'nc -nz db 5432', 'nc -n does not use DNS, so "db" cannot be resolved'],
    ['nc with a service name', 'nc db postgresql', 'nc: "postgresql" is not a port'],
    ['telnet with three words', 'telnet a 1 2', 'telnet takes a host and a port, e.g. telnet backend 8080'],
    ['nslookup alone (interactive)', 'nslookup', 'nslookup takes a name'],
    ['a DNS type the simulation does not serve', 'dig example.com MX', 'dig: record type MX is not simulated'],
    ['dig without a name', 'dig +short', 'dig needs a name'],
    ['getent passwd', 'getent passwd root', 'getent looks up one name in the hosts database'],
    ['an unclosed quote', `curl -H 'Host: x http://a/`, `a ' quote is not closed`],
    ['a pipe', 'curl -s http://web/ | grep ok', '"|" runs more than one command'],
    ['IPv6', 'ping fd00::1', 'IPv4 only'],
    ['kubectl run', 'kubectl run tmp --rm -it --image=busybox -- wget -qO- web', 'kubectl run starts a new pod'],
    ['kubectl get', 'kubectl get pods', 'kubectl get is not simulated here'],
    ['exec without --', 'kubectl exec frontend curl http://web/', 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead'],
    ['-n without a value', 'kubectl exec frontend -n', 'kubectl -n needs a namespace'],
    ['an unknown kubectl flag', 'kubectl exec --privileged frontend -- curl http://web/', 'kubectl: flag --privileged is not simulated'],
    ['exec without a pod', 'kubectl exec -- curl http://web/', 'kubectl exec needs a pod before --'],
    ['exec without a command', 'kubectl exec frontend --', 'type a command after --'],
    ['exec with no -- at all', 'kubectl exec frontend', 'kubectl exec needs -- and a command'],
    ['sh without -c', 'kubectl exec frontend -- sh', 'sh needs -c and a command'],
  ])('%s', (_name, text, error) => {
    const r = parseCommand(text);
    expect(r.ok ? `parsed as ${JSON.stringify(r.value)}` : r.error).toContain(error);
  });
});

describe('flowSpecOf: Flow objects from YAML', () => {

  it.each([
    ['a command; from keeps the Flow namespace', '  from: deploy/frontend\n  command: curl http://backend:8080/api',
      { from: 'shop/deploy/frontend', ...http('http://backend:8080/api', 8080, '/api', 'backend:8080') }],
    ['a pod by name', '  from: client\n  command: nc -zv db 5432', { from: 'shop/client', to: 'db', port: 5432, protocol: 'TCP' }],
    ['external stays external', '  from: external\n  command: curl http://shop.example.com/', { from: 'external', ...http('http://shop.example.com/', 80, '/', 'shop.example.com') }],
    ['a node', '  from: node/node-1\n  command: ping 10.244.2.7', { from: 'node/node-1', to: '10.244.2.7', protocol: 'ICMP' }],
    ['to as a URL', '  from: client\n  to: https://shop.example.com/cart', { from: 'shop/client', ...http('https://shop.example.com/cart', 443, '/cart', 'shop.example.com') }],
    ['to as HOST:PORT', '  from: client\n  to: backend:8080', { from: 'shop/client', to: 'backend:8080', port: 8080, protocol: 'TCP' }],
    ['to as IP:PORT, UDP', '  from: client\n  to: 10.96.0.10:53\n  protocol: UDP', { from: 'shop/client', to: '10.96.0.10:53', port: 53, protocol: 'UDP' }],
    ['to as a host with port', '  from: client\n  to: backend\n  port: 8080', { from: 'shop/client', to: 'backend', port: 8080, protocol: 'TCP' }],
    ['to as a host with the same port twice', '  from: client\n  to: backend:8080\n  port: 8080', { from: 'shop/client', to: 'backend:8080', port: 8080, protocol: 'TCP' }],
    ['ICMP to a host', '  from: client\n  to: 10.244.2.7\n  protocol: ICMP', { from: 'shop/client', to: '10.244.2.7', protocol: 'ICMP' }],
    ['a Service reference, port from the Service later', '  from: client\n  to: svc/backend', { from: 'shop/client', to: 'shop/svc/backend', protocol: 'TCP' }],
    ['a Service reference in another namespace', '  from: client\n  to: kube-system/svc/kube-dns\n  port: 53\n  protocol: UDP', { from: 'shop/client', to: 'kube-system/svc/kube-dns', port: 53, protocol: 'UDP' }],
    ['a pod reference with a port', '  from: client\n  to: pod/db-0\n  port: 5432', { from: 'shop/client', to: 'shop/db-0', port: 5432, protocol: 'TCP' }],
    ['a workload reference', '  from: client\n  to: sts/db\n  port: 5432', { from: 'shop/client', to: 'shop/sts/db', port: 5432, protocol: 'TCP' }],
    ['a port that agrees with the command', '  from: client\n  command: nc -zvu 10.96.0.10 53\n  port: 53\n  protocol: UDP', { from: 'shop/client', to: '10.96.0.10', port: 53, protocol: 'UDP' }],
  ])('%s', (_name, yaml, spec) => {
    expect(flowSpecOf(flowOf(yaml))).toEqual({ ok: true, value: spec });
  });

  it('a Flow without a namespace is in default', () => {
    const flow = { ...flowOf('  from: client\n  to: web:80'), metadata: { ...flowOf('  from: client\n  to: web:80').metadata, namespace: '' } };
    expect(flowSpecOf(flow)).toEqual({ ok: true, value: { from: 'default/client', to: 'web:80', port: 80, protocol: 'TCP' } });
  });

  it.each([
    ['a command that names the client', '  from: client\n  command: kubectl exec client -- curl http://web/', 'Flow shop/f: put the client in from and only the tool in command'],
    ['a bad command', '  from: client\n  command: ping web:80', 'Flow shop/f: command: ping takes a host'],
    ['a port the command contradicts', '  from: client\n  command: curl http://web:8080/\n  port: 80', 'port 80 disagrees with the command, which uses 8080; drop port'],
    ['a protocol the command contradicts', '  from: client\n  command: nc -zv web 80\n  protocol: UDP', 'protocol UDP disagrees with the command, which uses TCP'],
    ['a URL with UDP', '  from: client\n  to: http://web/\n  protocol: UDP', 'a http:// URL is TCP; drop protocol UDP'],
    ['a URL with another port', '  from: client\n  to: http://web:8080/\n  port: 80', "port 80 disagrees with the URL's port 8080"],
    ['a host without a port', '  from: client\n  to: backend', 'say which port to connect to, e.g. to: backend:8080 or port: 8080'],
    ['a pod reference without a port', '  from: client\n  to: pod/db-0', 'say which port to connect to on pod/db-0, e.g. port: 8080'],
    ['HOST:PORT and another port', '  from: client\n  to: backend:8080\n  port: 80', '"backend:8080" says port 8080 but the flow says port 80'],
    ['ICMP with a port', '  from: client\n  to: web\n  port: 80\n  protocol: ICMP', 'ICMP (ping) has no ports; drop the port'],
    ['a bad from', '  from: a/b/c/d\n  to: web:80', 'Flow shop/f: from: "a/b/c/d" has too many "/"'],
    ['a bad reference in to', '  from: client\n  to: shop/gizmo/web\n  port: 80', 'to: "gizmo" in "shop/gizmo/web" is not a kind the simulator knows'],
  ])('rejects %s', (_name, yaml, error) => {
    const r = flowSpecOf(flowOf(yaml));
    expect(r.ok ? `accepted as ${JSON.stringify(r.value)}` : r.error).toContain(error);
  });
});

describe('flowSpecOf: the Flow objects of the example scenario', () => {
  const cluster = build(parse({ name: 'example.yaml', text: readFileSync(scenarioUrl('example'), 'utf8') }));
  it.each([
    ['frontend-to-backend', { from: 'shop/deploy/frontend', ...http('http://backend:8080/api/items', 8080, '/api/items', 'backend:8080') }],
    ['browser-to-shop', { from: 'external', ...http('http://shop.example.com/', 80, '/', 'shop.example.com') }],
    ['frontend-to-db', { from: 'shop/deploy/frontend', to: 'db', port: 5432, protocol: 'TCP' }],
  ])('%s', (name, spec) => {
    const flow = cluster.flows.find((f) => f.metadata.name === name);
    expect(flow && flowSpecOf(flow)).toEqual({ ok: true, value: spec });
  });
});

describe('describeFlow', () => {
  const from = 'shop/client';
  it.each([
    ['curl as typed', { from, ...http('http://backend:8080/api', 8080, '/api', 'backend:8080') }, 'curl http://backend:8080/api'],
    ['a Host header that differs', { from, ...http('http://172.16.0.200/', 80, '/', 'shop.example.com') }, `curl -H 'Host: shop.example.com' http://172.16.0.200/`],
    ['HEAD', { from, ...http('http://web/', 80, '/', 'web', { method: 'HEAD' }) }, 'curl -I http://web/'],
    ['POST', { from, ...http('http://web/', 80, '/', 'web', { method: 'POST' }) }, 'curl -X POST http://web/'],
    ['a query is quoted for the shell', { from, ...http('http://web/?a=1&b=2', 80, '/', 'web') }, `curl 'http://web/?a=1&b=2'`],
    ['--resolve', { from, ...http('http://a/', 80, '/', 'a'), resolve: { host: 'a', port: 80, address: '172.16.0.200' } }, 'curl --resolve a:80:172.16.0.200 http://a/'],
    ['HTTP to a host given apart from a URL', { from, to: 'backend', port: 8080, protocol: 'TCP', http: { method: 'GET', path: '/api', tls: false } }, 'curl http://backend:8080/api'],
    ['HTTPS on its default port', { from, to: '172.16.0.250:443', protocol: 'TCP', http: { method: 'POST', path: '/', tls: true } }, 'curl -X POST https://172.16.0.250/'],
    ['TCP', { from, to: 'db', port: 5432, protocol: 'TCP' }, 'nc -zv db 5432'],
    ['TCP to HOST:PORT', { from, to: 'backend:8080', port: 8080, protocol: 'TCP' }, 'nc -zv backend 8080'],
    ['UDP', { from, to: '10.96.0.10', port: 53, protocol: 'UDP' }, 'nc -zvu 10.96.0.10 53'],
    ['SCTP', { from, to: 'web', port: 9999, protocol: 'SCTP' }, 'ncat --sctp web 9999'],
    ['a reference', { from, to: 'shop/svc/backend', protocol: 'TCP' }, 'nc -zv shop/svc/backend'],
    ['ICMP', { from, to: '10.244.2.7', protocol: 'ICMP' }, 'ping 10.244.2.7'],
    ['a lookup', { from, to: 'db', port: 53, protocol: 'UDP', lookupOnly: true }, 'nslookup db'],
    ['a lookup without the search list', { from, to: 'db', port: 53, protocol: 'UDP', lookupOnly: true, dns: { search: false } }, 'dig db'],
    ['a typed lookup at a server', { from, to: 'x', port: 53, protocol: 'TCP', lookupOnly: true, dns: { qtype: 'SRV', server: '10.96.0.10' } }, 'nslookup -type=SRV -vc x 10.96.0.10'],
  ] as const)('%s', (_name, spec, text) => {
    expect(describeFlow(spec as FlowSpec)).toBe(text);
  });
});

describe('properties', () => {
  it('parseCommand never throws, whatever is typed', () => {
    const words = fc.constantFrom('curl', 'wget', 'nc', 'ping', 'dig', 'nslookup', 'kubectl', 'exec', '--', '-zv', '-X', '-H', "'", '"', 'sh', '-c', 'http://', ':', '/', '@', '+tcp', '-n');
    const typed = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.oneof(words, fc.string({ maxLength: 8 })), { maxLength: 10 }).map((w) => w.join(' ')));
    fc.assert(fc.property(typed, (text) => {
      const r = parseCommand(text);
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 2000 });
  });

  // Generated valid commands: describeFlow of the parsed spec parses back to the same spec.
  const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
  // dig reads a type mnemonic as the type wherever it stands, so such words cannot be dig's name.
  const mnemonics = ['a', 'aaaa', 'srv', 'ptr', 'cname', 'txt', 'mx', 'ns', 'soa', 'any', 'caa', 'hinfo', 'naptr', 'ds', 'dnskey', 'axfr', 'in'];
  const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')).filter((n) => !mnemonics.includes(n));
  const ip = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((o) => o.join('.'));
  const host = fc.oneof(name, ip);
  const port = fc.integer({ min: 1, max: 65535 });
  const path = fc.array(fc.stringMatching(/^[a-z0-9._-]{1,6}$/), { maxLength: 3 }).map((p) => `/${p.join('/')}`);
  const command = fc.oneof(
    fc.record({ scheme: fc.constantFrom('http', 'https', ''), host, port: fc.option(port), path, method: fc.constantFrom('', '-I', '-X POST', '-X DELETE'), hostHeader: fc.option(name) })
      .map((c) => `curl ${c.method} ${c.hostHeader ? `-H 'Host: ${c.hostHeader}' ` : ''}${c.scheme ? `${c.scheme}://` : ''}${c.host}${c.port !== null ? `:${c.port}` : ''}${c.path}`),
    fc.tuple(fc.constantFrom('-z', '-zv', '-zu', '-vzu'), host, port).map(([o, h, p]) => `nc ${o} ${h} ${p}`),
    fc.tuple(host, fc.option(port)).map(([h, p]) => `telnet ${h}${p !== null ? ` ${p}` : ''}`),
    fc.tuple(fc.option(fc.integer({ min: 1, max: 9 })), host).map(([c, h]) => `ping ${c !== null ? `-c ${c} ` : ''}${h}`),
    fc.tuple(host, fc.option(ip)).map(([h, s]) => `nslookup ${h}${s !== null ? ` ${s}` : ''}`),
    fc.tuple(fc.option(ip), name, fc.constantFrom('', 'A', 'SRV', 'TXT', '+search', '+tcp')).map(([s, n, t]) => `dig ${s !== null ? `@${s} ` : ''}${n} ${t}`),
    fc.tuple(fc.constantFrom('host', 'getent hosts'), host).map(([t, h]) => `${t} ${h}`),
    fc.tuple(host, port).map(([h, p]) => `wget -qO- http://${h}:${p}/`),
  );

  // A structured Flow (`to` + `port` + `protocol`) described as a command goes to the same place.
  it('describeFlow of a structured Flow parses to the same target, port and protocol', () => {
    const template = flowOf('  from: client\n  to: web:80');
    const structured = fc.record({
      to: fc.oneof(
        fc.tuple(fc.constantFrom('http', 'https'), host, fc.option(port), path).map(([s, h, p, pa]) => `${s}://${h}${p !== null ? `:${p}` : ''}${pa}`),
        fc.tuple(host, port).map(([h, p]) => `${h}:${p}`),
        host,
      ),
      port: fc.option(port),
      protocol: fc.constantFrom('TCP', 'UDP', 'SCTP', 'ICMP'),
    });
    fc.assert(fc.property(structured, (s) => {
      const flow: Flow = { ...template, spec: { from: 'client', to: s.to, ...(s.port !== null ? { port: s.port } : {}), protocol: s.protocol } };
      const spec = flowSpecOf(flow);
      if (!spec.ok) return; // contradictions (ICMP with a port, a URL over UDP) are rejected, tested above
      const described = describeFlow(spec.value);
      const again = parseCommand(described);
      if (!again.ok) throw new Error(`${JSON.stringify(s)} → ${described}: ${again.error}`);
      const before = parseTarget(spec.value);
      const after = parseTarget({ from: spec.value.from, ...again.value.spec });
      expect(after.ok && { ...after.value, protocol: again.value.spec.protocol }, `${JSON.stringify(s)} → ${described}`)
        .toEqual(before.ok && { ...before.value, protocol: spec.value.protocol });
    }), { numRuns: 500 });
  });

  it('describeFlow(parseCommand(x)) parses back to the same flow', () => {
    fc.assert(fc.property(command, (text) => {
      const first = parseCommand(text);
      if (!first.ok) throw new Error(`generated command did not parse: ${text}: ${first.error}`);
      const spec: FlowSpec = { from: 'shop/client', ...first.value.spec };
      const described = describeFlow(spec);
      const again = parseCommand(described);
      expect(again, `${text} → ${described}`).toEqual({ ok: true, value: { spec: first.value.spec } });
    }), { numRuns: 1000 });
  });
});

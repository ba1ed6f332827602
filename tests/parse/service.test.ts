import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/model/objects.ts';
import { parse } from '../../src/parse/index.ts';
import { fuzzParsers, runKindParser } from './kind-harness.ts';
import type { Reported } from './kind-harness.ts';
import { parseService } from '../../src/parse/service.ts';



function run(text: string): { service: Service | undefined; diagnostics: Reported[]; messages: string[] } {
  const { object, diagnostics, messages } = runKindParser(parseService, { kind: 'Service', apiVersion: 'v1', name: 'web', namespace: 'shop' }, text);
  return { service: object, diagnostics, messages };
}

describe('parseService: defaults (DATAPATH.md §5)', () => {
  it('fills every API default for a minimal ClusterIP Service', () => {
    const { service, diagnostics } = run('spec: {selector: {app: web}, ports: [{port: 80}]}');
    expect(diagnostics).toEqual([]);
    expect(service?.spec).toEqual({
      type: 'ClusterIP', // §5.1: the default type
      selector: { app: 'web' },
      ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }], // §5.8: protocol TCP, targetPort = port
      externalIPs: [],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster', // §5.6
      sessionAffinity: 'None',
      sessionAffinityTimeoutSeconds: 10800, // §5.7
      loadBalancerSourceRanges: [],
      publishNotReadyAddresses: false,
    });
    expect(service?.status).toEqual({ loadBalancer: { ingress: [] } });
  });

  it.each([
    { name: 'named targetPort kept as a name', spec: '{ports: [{port: 80, targetPort: http}]}', port: { protocol: 'TCP', port: 80, targetPort: 'http' } },
    { name: 'targetPort 0 means "same as port"', spec: '{ports: [{port: 80, targetPort: 0}]}', port: { protocol: 'TCP', port: 80, targetPort: 80 } },
    { name: 'UDP kept', spec: '{ports: [{port: 53, protocol: UDP}]}', port: { protocol: 'UDP', port: 53, targetPort: 53 } },
    { name: 'appProtocol kept', spec: '{ports: [{port: 443, appProtocol: https}]}', port: { protocol: 'TCP', port: 443, targetPort: 443, appProtocol: 'https' } },
    { name: 'a single port may go unnamed', spec: '{ports: [{port: 80, targetPort: 8080}]}', port: { protocol: 'TCP', port: 80, targetPort: 8080 } },
    { name: 'nodePort kept on NodePort', spec: '{type: NodePort, ports: [{port: 80, nodePort: 30080}]}', port: { protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30080 } },
    { name: 'lowest node port', spec: '{type: NodePort, ports: [{port: 80, nodePort: 30000}]}', port: { protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30000 } },
    { name: 'highest node port', spec: '{type: LoadBalancer, ports: [{port: 80, nodePort: 32767}]}', port: { protocol: 'TCP', port: 80, targetPort: 80, nodePort: 32767 } },
  ])('port: $name', ({ spec, port }) => {
    const { service, diagnostics } = run(`spec: ${spec}`);
    expect(diagnostics).toEqual([]);
    expect(service?.spec.ports).toEqual([port]);
  });

  it('53/TCP and 53/UDP may share a port number (kube-dns does)', () => {
    const { service, diagnostics } = run('spec: {ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53}]}');
    expect(diagnostics).toEqual([]);
    expect(service?.spec.ports.map((p) => `${p.name}:${p.port}/${p.protocol}`)).toEqual(['dns:53/UDP', 'dns-tcp:53/TCP']);
  });

  it.each([
    // DATAPATH.md §5.10: no selector → endpoints are managed by hand.
    { name: 'absent selector → selector-less Service', spec: '{ports: [{port: 80}]}', selector: undefined, want: [] },
    // selector is map[string]string with omitempty: {} is stored as nil, and the EndpointSlice
    // controller skips Services with a nil selector, so {} selects no pods (not all pods).
    { name: 'selector {} is stored as no selector: warn', spec: '{selector: {}, ports: [{port: 80}]}', selector: undefined, want: [['warning', 'selector-matches-nothing', 'spec.selector']] },
    // A rejected entry must not leave a wider selector behind ({app: web} would match more pods).
    { name: 'selector values must be strings', spec: '{selector: {app: web, ready: true}, ports: [{port: 80}]}', selector: undefined, want: [['error', 'wrong-type', 'spec.selector.ready']] },
    { name: 'selector must be a mapping', spec: '{selector: app=web, ports: [{port: 80}]}', selector: undefined, want: [['error', 'wrong-type', 'spec.selector']] },
  ])('$name', ({ spec, selector, want }) => {
    const { service, diagnostics } = run(`spec: ${spec}`);
    expect(service?.spec.selector).toEqual(selector);
    expect(diagnostics).toEqual(want);
  });

  it.each([
    { name: 'headless Service needs no ports (§5.2)', spec: '{clusterIP: None, selector: {app: db}}', check: (s: Service) => s.spec.clusterIP === 'None' && s.spec.ports.length === 0 },
    { name: 'headless with targetPort equal to port is fine', spec: '{clusterIP: None, ports: [{port: 80, targetPort: 80}]}', check: (s: Service) => s.spec.ports[0]?.targetPort === 80 },
    { name: 'clusterIP requested', spec: '{clusterIP: 10.96.0.20, ports: [{port: 80}]}', check: (s: Service) => s.spec.clusterIP === '10.96.0.20' },
    { name: 'clusterIPs[0] is used when clusterIP is absent', spec: '{clusterIPs: [10.96.0.21], ports: [{port: 80}]}', check: (s: Service) => s.spec.clusterIP === '10.96.0.21' },
    { name: 'empty clusterIP means "allocate"', spec: '{clusterIP: "", ports: [{port: 80}]}', check: (s: Service) => s.spec.clusterIP === undefined },
    { name: 'ExternalName needs no ports (§5.5)', spec: '{type: ExternalName, externalName: db.example.com}', check: (s: Service) => s.spec.externalName === 'db.example.com' && s.spec.clusterIP === undefined },
    { name: 'ExternalName may end in a dot', spec: '{type: ExternalName, externalName: db.example.com.}', check: (s: Service) => s.spec.externalName === 'db.example.com.' },
    { name: 'ClientIP affinity with its timeout', spec: '{sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}, ports: [{port: 80}]}', check: (s: Service) => s.spec.sessionAffinity === 'ClientIP' && s.spec.sessionAffinityTimeoutSeconds === 600 },
    { name: 'ClientIP affinity defaults to 10800 s', spec: '{sessionAffinity: ClientIP, ports: [{port: 80}]}', check: (s: Service) => s.spec.sessionAffinityTimeoutSeconds === 10800 },
    { name: 'LoadBalancer with Local policy and healthCheckNodePort', spec: '{type: LoadBalancer, externalTrafficPolicy: Local, healthCheckNodePort: 32000, ports: [{port: 80}]}', check: (s: Service) => s.spec.externalTrafficPolicy === 'Local' && s.spec.healthCheckNodePort === 32000 },
    { name: 'externalTrafficPolicy is allowed on ClusterIP with externalIPs', spec: '{externalIPs: [198.51.100.10], externalTrafficPolicy: Local, ports: [{port: 80}]}', check: (s: Service) => s.spec.externalTrafficPolicy === 'Local' && s.spec.externalIPs[0] === '198.51.100.10' },
    { name: 'internalTrafficPolicy Local', spec: '{internalTrafficPolicy: Local, ports: [{port: 80}]}', check: (s: Service) => s.spec.internalTrafficPolicy === 'Local' },
    { name: 'publishNotReadyAddresses', spec: '{clusterIP: None, publishNotReadyAddresses: true}', check: (s: Service) => s.spec.publishNotReadyAddresses },
    {
      name: 'LoadBalancer fields kept',
      spec: '{type: LoadBalancer, loadBalancerIP: 172.16.0.210, loadBalancerClass: example.com/lb, loadBalancerSourceRanges: [203.0.113.0/24], ports: [{port: 80}]}',
      check: (s: Service) => s.spec.loadBalancerIP === '172.16.0.210' && s.spec.loadBalancerClass === 'example.com/lb' && s.spec.loadBalancerSourceRanges[0] === '203.0.113.0/24',
    },
    { name: 'ipFamilies [IPv4] and SingleStack are fine', spec: '{ipFamilies: [IPv4], ipFamilyPolicy: SingleStack, ports: [{port: 80}]}', check: (s: Service) => s.spec.type === 'ClusterIP' },
  ])('$name', ({ spec, check }) => {
    const { service, diagnostics } = run(`spec: ${spec}`);
    expect(diagnostics).toEqual([]);
    expect(service && check(service)).toBe(true);
  });

  it('reads status.loadBalancer.ingress', () => {
    const { service, diagnostics } = run('spec: {type: LoadBalancer, ports: [{port: 80}]}\nstatus: {loadBalancer: {ingress: [{ip: 172.16.0.200}, {hostname: lb.example.com}]}}');
    expect(diagnostics).toEqual([]);
    expect(service?.status.loadBalancer.ingress).toEqual([{ ip: '172.16.0.200' }, { hostname: 'lb.example.com' }]);
  });
});

describe('parseService: validation', () => {
  it.each([
    { name: 'unknown type (case matters)', spec: '{type: Nodeport, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.type']] },
    { name: 'ClusterIP without ports', spec: '{selector: {app: web}}', want: [['error', 'missing-field', 'spec']] },
    { name: 'no spec at all', spec: null, want: [['error', 'missing-field', 'spec']] },
    { name: 'port missing', spec: '{ports: [{targetPort: 8080}]}', want: [['error', 'missing-field', 'spec.ports[0]']] },
    { name: 'port 0', spec: '{ports: [{port: 0}]}', want: [['error', 'invalid-value', 'spec.ports[0].port']] },
    { name: 'port above 65535', spec: '{ports: [{port: 65536}]}', want: [['error', 'invalid-value', 'spec.ports[0].port']] },
    { name: 'port given as a string', spec: '{ports: [{port: http}]}', want: [['error', 'wrong-type', 'spec.ports[0].port']] },
    { name: 'unknown protocol', spec: '{ports: [{port: 80, protocol: HTTP}]}', want: [['error', 'invalid-value', 'spec.ports[0].protocol']] },
    // §5.8: with several ports every port must be named.
    { name: 'two ports, one unnamed', spec: '{ports: [{name: http, port: 80}, {port: 443}]}', want: [['error', 'missing-field', 'spec.ports[1]']] },
    { name: 'two ports, same name', spec: '{ports: [{name: web, port: 80}, {name: web, port: 443}]}', want: [['error', 'invalid-value', 'spec.ports[1].name']] },
    { name: 'port name is not a DNS label', spec: '{ports: [{name: Web_Port, port: 80}]}', want: [['error', 'invalid-value', 'spec.ports[0].name']] },
    { name: 'same port and protocol twice', spec: '{ports: [{name: a, port: 80}, {name: b, port: 80, targetPort: 81}]}', want: [['error', 'invalid-value', 'spec.ports[1].port']] },
    { name: 'targetPort above 65535', spec: '{ports: [{port: 80, targetPort: 70000}]}', want: [['error', 'invalid-value', 'spec.ports[0].targetPort']] },
    { name: 'targetPort quoted number is a bad name', spec: '{ports: [{port: 80, targetPort: "8080"}]}', want: [['error', 'invalid-value', 'spec.ports[0].targetPort']] },
    { name: 'targetPort name with upper case', spec: '{ports: [{port: 80, targetPort: Http}]}', want: [['error', 'invalid-value', 'spec.ports[0].targetPort']] },
    { name: 'nodePort on ClusterIP', spec: '{ports: [{port: 80, nodePort: 30080}]}', want: [['error', 'invalid-value', 'spec.ports[0].nodePort']] },
    { name: 'nodePort below the range', spec: '{type: NodePort, ports: [{port: 80, nodePort: 8080}]}', want: [['error', 'nodeport-out-of-range', 'spec.ports[0].nodePort']] },
    { name: 'nodePort above the range', spec: '{type: NodePort, ports: [{port: 80, nodePort: 32768}]}', want: [['error', 'nodeport-out-of-range', 'spec.ports[0].nodePort']] },
    { name: 'same nodePort twice', spec: '{type: NodePort, ports: [{name: a, port: 80, nodePort: 30080}, {name: b, port: 81, nodePort: 30080}]}', want: [['error', 'invalid-value', 'spec.ports[1].nodePort']] },
    { name: 'clusterIP not an address', spec: '{clusterIP: 10.96.0.300, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.clusterIP']] },
    { name: 'clusterIP "none" is not "None"', spec: '{clusterIP: none, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.clusterIP']] },
    { name: 'headless NodePort', spec: '{type: NodePort, clusterIP: None, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.clusterIP']] },
    { name: 'targetPort on a headless Service is ignored (§5.2)', spec: '{clusterIP: None, ports: [{port: 80, targetPort: 8080}]}', want: [['warning', 'invalid-value', 'spec.ports[0].targetPort']] },
    { name: 'IPv6 clusterIP is not simulated', spec: '{clusterIP: "fd00::10", ports: [{port: 80}]}', want: [['warning', 'unsimulated-feature', 'spec.clusterIP']] },
    { name: 'clusterIPs[0] differs from clusterIP', spec: '{clusterIP: 10.96.0.20, clusterIPs: [10.96.0.21], ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.clusterIPs']] },
    { name: 'ExternalName without externalName', spec: '{type: ExternalName}', want: [['error', 'missing-field', 'spec']] },
    { name: 'ExternalName with a URL', spec: '{type: ExternalName, externalName: "https://db.example.com"}', want: [['error', 'invalid-value', 'spec.externalName']] },
    { name: 'ExternalName with a clusterIP', spec: '{type: ExternalName, externalName: db.example.com, clusterIP: 10.96.0.20}', want: [['error', 'invalid-value', 'spec.clusterIP']] },
    { name: 'externalName on a ClusterIP Service (ignored)', spec: '{externalName: db.example.com, ports: [{port: 80}]}', want: [['warning', 'invalid-value', 'spec.externalName']] },
    { name: 'ports not a list', spec: '{ports: {port: 80}}', want: [['error', 'wrong-type', 'spec.ports']] },
    { name: 'ports empty', spec: '{ports: []}', want: [['error', 'missing-field', 'spec']] },
    { name: 'ExternalName with a selector (ignored)', spec: '{type: ExternalName, externalName: db.example.com, selector: {app: db}}', want: [['warning', 'invalid-value', 'spec.selector']] },
    { name: 'externalTrafficPolicy on ClusterIP', spec: '{externalTrafficPolicy: Local, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.externalTrafficPolicy']] },
    { name: 'externalTrafficPolicy misspelt', spec: '{type: NodePort, externalTrafficPolicy: local, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.externalTrafficPolicy']] },
    { name: 'internalTrafficPolicy misspelt', spec: '{internalTrafficPolicy: Node, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.internalTrafficPolicy']] },
    { name: 'sessionAffinity unknown', spec: '{sessionAffinity: Cookie, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.sessionAffinity']] },
    { name: 'sessionAffinityConfig without ClientIP', spec: '{sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.sessionAffinityConfig']] },
    { name: 'affinity timeout 0', spec: '{sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 0}}, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds']] },
    { name: 'affinity timeout above a day', spec: '{sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds']] },
    { name: 'loadBalancerSourceRanges on NodePort', spec: '{type: NodePort, loadBalancerSourceRanges: [10.0.0.0/8], ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.loadBalancerSourceRanges']] },
    { name: 'loadBalancerSourceRanges not a CIDR', spec: '{type: LoadBalancer, loadBalancerSourceRanges: [office], ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.loadBalancerSourceRanges[0]']] },
    { name: 'loadBalancerClass on ClusterIP', spec: '{loadBalancerClass: example.com/lb, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.loadBalancerClass']] },
    { name: 'loadBalancerIP not an address', spec: '{type: LoadBalancer, loadBalancerIP: vip, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.loadBalancerIP']] },
    { name: 'healthCheckNodePort with Cluster policy', spec: '{type: LoadBalancer, healthCheckNodePort: 32000, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.healthCheckNodePort']] },
    { name: 'healthCheckNodePort outside the range', spec: '{type: LoadBalancer, externalTrafficPolicy: Local, healthCheckNodePort: 10256, ports: [{port: 80}]}', want: [['error', 'nodeport-out-of-range', 'spec.healthCheckNodePort']] },
    { name: 'externalIPs loopback', spec: '{externalIPs: [127.0.0.1], ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.externalIPs[0]']] },
    { name: 'externalIPs link-local', spec: '{externalIPs: [169.254.169.254], ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.externalIPs[0]']] },
    { name: 'ipFamilies asks for IPv6', spec: '{ipFamilies: [IPv6], ports: [{port: 80}]}', want: [['warning', 'unsimulated-feature', 'spec.ipFamilies']] },
    { name: 'ipFamilyPolicy asks for dual-stack', spec: '{ipFamilyPolicy: RequireDualStack, ports: [{port: 80}]}', want: [['warning', 'unsimulated-feature', 'spec.ipFamilyPolicy']] },
    { name: 'PreferDualStack too', spec: '{ipFamilyPolicy: PreferDualStack, ports: [{port: 80}]}', want: [['warning', 'unsimulated-feature', 'spec.ipFamilyPolicy']] },
    { name: 'ipFamilies unknown value', spec: '{ipFamilies: [IPv5], ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.ipFamilies[0]']] },
    // kubectl apply uses strict field validation: unknown fields are rejected, not ignored.
    { name: 'misspelt port field', spec: '{ports: [{port: 80, targetport: 8080}]}', want: [['error', 'unknown-field', 'spec.ports[0].targetport']] },
    { name: 'misspelt spec field', spec: '{selectors: {app: web}, ports: [{port: 80}]}', want: [['error', 'unknown-field', 'spec.selectors']] },
    { name: 'unknown field in sessionAffinityConfig.clientIP', spec: '{sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeout: 60}}, ports: [{port: 80}]}', want: [['error', 'unknown-field', 'spec.sessionAffinityConfig.clientIP.timeout']] },
    { name: 'selector value not a valid label value', spec: '{selector: {app: "web server"}, ports: [{port: 80}]}', want: [['error', 'invalid-value', 'spec.selector.app']] },
  ])('$name', ({ spec, want }) => {
    expect(run(spec === null ? 'metadata: {name: web}' : `spec: ${spec}`).diagnostics).toEqual(want);
  });

  it.each([
    { name: 'a bad clusterIP is left to allocation, a bad nodePort to the allocator', spec: '{type: NodePort, clusterIP: 10.96.0.300, ports: [{port: 80, nodePort: 80}]}', ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }], clusterIP: undefined },
    // Defaulting a rejected targetPort to port would send traffic to a port nobody wrote.
    { name: 'a port with a rejected targetPort is left out', spec: '{ports: [{name: a, port: 80, targetPort: "8080"}, {name: b, port: 81}]}', ports: [{ name: 'b', protocol: 'TCP', port: 81, targetPort: 81 }], clusterIP: undefined },
    { name: 'a port with a rejected protocol is left out', spec: '{ports: [{name: a, port: 53, protocol: udp}, {name: b, port: 81}]}', ports: [{ name: 'b', protocol: 'TCP', port: 81, targetPort: 81 }], clusterIP: undefined },
    { name: 'a duplicate port is left out', spec: '{ports: [{name: a, port: 80}, {name: b, port: 80, targetPort: 8080}]}', ports: [{ name: 'a', protocol: 'TCP', port: 80, targetPort: 80 }], clusterIP: undefined },
  ])('drops what it rejects instead of guessing: $name', ({ spec, ports, clusterIP }) => {
    const { service } = run(`spec: ${spec}`);
    expect(service?.spec.clusterIP).toBe(clusterIP);
    expect(service?.spec.ports).toEqual(ports);
  });

  it('a misspelt field gets a suggestion', () => {
    expect(run('spec: {ports: [{port: 80, targetport: 8080}]}').messages[0]).toContain('did you mean targetPort?');
  });

  it('the node port message names the range and the fix', () => {
    expect(run('spec: {type: NodePort, ports: [{port: 80, nodePort: 80}]}').messages[0]).toMatch(/30000-32767.*leave nodePort out/);
  });
});

describe('parseService through parse(): diagnostics land on the line', () => {
  const yaml = [
    'apiVersion: v1', //                 1
    'kind: Service', //                  2
    'metadata:', //                      3
    '  name: web', //                    4
    '  namespace: shop', //              5
    'spec:', //                          6
    '  type: ClusterIP', //              7
    '  selector: {}', //                 8
    '  externalTrafficPolicy: Local', // 9
    '  ports:', //                      10
    '  - name: http', //                11
    '    port: 80', //                  12
    '    nodePort: 30080', //           13
    '  - port: 443', //                 14
    '    targetport: 8443', //          15
  ].join('\n');

  it.each([
    { code: 'selector-matches-nothing', severity: 'warning', path: 'spec.selector', line: 8, col: 3 },
    { code: 'invalid-value', severity: 'error', path: 'spec.externalTrafficPolicy', line: 9, col: 3 },
    { code: 'invalid-value', severity: 'error', path: 'spec.ports[0].nodePort', line: 13, col: 5 },
    { code: 'missing-field', severity: 'error', path: 'spec.ports[1]', line: 14, col: 5 },
    { code: 'unknown-field', severity: 'error', path: 'spec.ports[1].targetport', line: 15, col: 5 },
  ])('$code at $path → line $line, column $col', ({ code, severity, path, line, col }) => {
    const d = parse(yaml).diagnostics.find((x) => x.path === path && x.code === code);
    expect(d).toMatchObject({ severity, object: 'Service shop/web', range: { startLine: line, startCol: col } });
  });

  it('reports nothing else', () => {
    expect(parse(yaml).diagnostics).toHaveLength(5);
  });

  it('a nodePort out of range is reported on its line with its own code', () => {
    const { diagnostics } = parse('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 8080\n');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'nodeport-out-of-range', severity: 'error', path: 'spec.ports[0].nodePort', range: expect.objectContaining({ startLine: 8, startCol: 5 }) })]);
  });
});

describe('parseService: what kubectl get -o yaml prints is accepted as is', () => {
  it('a LoadBalancer Service dump (server-filled fields and status) parses without diagnostics', () => {
    const { objects, diagnostics } = parse(`apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  uid: 0f6e3c2a-0000-4000-8000-000000000000
  resourceVersion: "1234"
  creationTimestamp: "2026-01-01T00:00:00Z"
spec:
  allocateLoadBalancerNodePorts: true
  clusterIP: 10.96.12.34
  clusterIPs:
  - 10.96.12.34
  externalTrafficPolicy: Local
  healthCheckNodePort: 31234
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - appProtocol: http
    name: http
    nodePort: 30080
    port: 80
    protocol: TCP
    targetPort: http
  - appProtocol: https
    name: https
    nodePort: 30443
    port: 443
    protocol: TCP
    targetPort: https
  selector:
    app.kubernetes.io/component: controller
    app.kubernetes.io/name: ingress-nginx
  sessionAffinity: None
  type: LoadBalancer
status:
  loadBalancer:
    ingress:
    - ip: 172.16.0.200
      ipMode: VIP
`);
    expect(diagnostics).toEqual([]);
    const svc = objects[0] as Service;
    expect(svc.spec).toMatchObject({ type: 'LoadBalancer', clusterIP: '10.96.12.34', externalTrafficPolicy: 'Local', healthCheckNodePort: 31234 });
    expect(svc.spec.ports.map((p) => [p.name, p.port, p.targetPort, p.nodePort])).toEqual([['http', 80, 'http', 30080], ['https', 443, 'https', 30443]]);
    expect(svc.status.loadBalancer.ingress).toEqual([{ ip: '172.16.0.200' }]);
  });
});

fuzzParsers('parseService', ['spec', 'status', 'type', 'selector', 'ports', 'name', 'port', 'targetPort', 'nodePort', 'protocol', 'clusterIP', 'clusterIPs', 'externalName', 'externalIPs', 'externalTrafficPolicy', 'sessionAffinity', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds', 'loadBalancerSourceRanges', 'healthCheckNodePort', 'ipFamilies', 'loadBalancer', 'ingress', 'ip'], [['Service', parseService]]);


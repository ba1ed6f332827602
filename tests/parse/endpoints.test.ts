import { describe, expect, it } from 'vitest';
import type { Labels } from '../../src/model/labels.ts';
import type { Endpoints, EndpointSlice } from '../../src/model/objects.ts';
import type { KindParser } from '../../src/parse/base.ts';
import { parseEndpoints, parseEndpointSlice } from '../../src/parse/endpoints.ts';
import { parse } from '../../src/parse/index.ts';
import { fuzzParsers, runKindParser } from './kind-harness.ts';
import type { Reported } from './kind-harness.ts';



function run<K extends 'Endpoints' | 'EndpointSlice'>(parser: KindParser<K>, kind: K, text: string, labels: Labels = {}) {
  const { object, diagnostics } = runKindParser(parser, { kind, apiVersion: kind === 'Endpoints' ? 'v1' : 'discovery.k8s.io/v1', name: 'db', namespace: 'shop', labels }, text);
  return { object, diagnostics };
}

const endpoints = (text: string) => run(parseEndpoints, 'Endpoints', text) as { object: Endpoints | undefined; diagnostics: Reported[] };
const sliceLabels = { 'kubernetes.io/service-name': 'db' };
const slice = (text: string, labels: Labels = sliceLabels) => run(parseEndpointSlice, 'EndpointSlice', text, labels) as { object: EndpointSlice | undefined; diagnostics: Reported[] };

describe('parseEndpoints (legacy core/v1, DATAPATH.md §5.9, §5.10)', () => {
  it('reads addresses, notReadyAddresses and ports with their defaults', () => {
    const { object, diagnostics } = endpoints(`
subsets:
- addresses:
  - ip: 192.0.2.42
    hostname: db-0
    nodeName: node-1
    targetRef: {kind: Pod, name: db-0, namespace: shop}
  notReadyAddresses:
  - ip: 192.0.2.43
  ports:
  - port: 9376
`);
    expect(diagnostics).toEqual([]);
    expect(object?.subsets).toEqual([{
      addresses: [{ ip: '192.0.2.42', hostname: 'db-0', nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'db-0', namespace: 'shop' } }],
      notReadyAddresses: [{ ip: '192.0.2.43' }],
      ports: [{ port: 9376, protocol: 'TCP' }], // protocol defaults to TCP
    }]);
  });

  it('no subsets is an Endpoints object with no endpoints', () => {
    expect(endpoints('metadata: {name: db}')).toEqual({ object: expect.objectContaining({ subsets: [] }), diagnostics: [] });
  });

  it.each([
    // §5.10: endpoint IPs may not be loopback or link-local (ValidateEndpointIP).
    { name: 'loopback address', yaml: '{subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{port: 80}]}]}', want: [['error', 'invalid-value', 'subsets[0].addresses[0].ip']] },
    { name: 'link-local address', yaml: '{subsets: [{addresses: [{ip: 169.254.169.254}], ports: [{port: 80}]}]}', want: [['error', 'invalid-value', 'subsets[0].addresses[0].ip']] },
    { name: 'link-local multicast address', yaml: '{subsets: [{addresses: [{ip: 224.0.0.5}], ports: [{port: 80}]}]}', want: [['error', 'invalid-value', 'subsets[0].addresses[0].ip']] },
    { name: 'unspecified address', yaml: '{subsets: [{notReadyAddresses: [{ip: 0.0.0.0}], ports: [{port: 80}]}]}', want: [['error', 'invalid-value', 'subsets[0].notReadyAddresses[0].ip']] },
    { name: 'not an address', yaml: '{subsets: [{addresses: [{ip: db.example.com}], ports: [{port: 80}]}]}', want: [['error', 'invalid-value', 'subsets[0].addresses[0].ip']] },
    { name: 'ip missing', yaml: '{subsets: [{addresses: [{hostname: db}], ports: [{port: 80}]}]}', want: [['error', 'missing-field', 'subsets[0].addresses[0]']] },
    { name: 'IPv6 address is not simulated', yaml: '{subsets: [{addresses: [{ip: "2001:db8::1"}], ports: [{port: 80}]}]}', want: [['warning', 'unsimulated-feature', 'subsets[0].addresses[0].ip']] },
    { name: 'hostname not a DNS label', yaml: '{subsets: [{addresses: [{ip: 192.0.2.1, hostname: db.0}], ports: [{port: 80}]}]}', want: [['error', 'invalid-value', 'subsets[0].addresses[0].hostname']] },
    { name: 'port missing', yaml: '{subsets: [{addresses: [{ip: 192.0.2.1}], ports: [{name: http}]}]}', want: [['error', 'missing-field', 'subsets[0].ports[0]']] },
    { name: 'port 0', yaml: '{subsets: [{addresses: [{ip: 192.0.2.1}], ports: [{port: 0}]}]}', want: [['error', 'invalid-value', 'subsets[0].ports[0].port']] },
    { name: 'two ports, one unnamed', yaml: '{subsets: [{ports: [{name: http, port: 80}, {port: 443}]}]}', want: [['error', 'missing-field', 'subsets[0].ports[1]']] },
    { name: 'two ports, same name', yaml: '{subsets: [{ports: [{name: http, port: 80}, {name: http, port: 443}]}]}', want: [['error', 'invalid-value', 'subsets[0].ports[1].name']] },
    { name: 'port name not a DNS label', yaml: '{subsets: [{ports: [{name: HTTP, port: 80}]}]}', want: [['error', 'invalid-value', 'subsets[0].ports[0].name']] },
    { name: 'bad protocol', yaml: '{subsets: [{ports: [{port: 80, protocol: tcp}]}]}', want: [['error', 'invalid-value', 'subsets[0].ports[0].protocol']] },
    { name: 'targetRef without a name', yaml: '{subsets: [{addresses: [{ip: 192.0.2.1, targetRef: {kind: Pod}}]}]}', want: [['error', 'missing-field', 'subsets[0].addresses[0].targetRef']] },
  ])('$name', ({ yaml, want }) => {
    expect(endpoints(yaml).diagnostics).toEqual(want);
  });

  it('rejected addresses are left out, the rest kept', () => {
    const { object } = endpoints('{subsets: [{addresses: [{ip: 127.0.0.1}, {ip: 192.0.2.7}], ports: [{port: 80}]}]}');
    expect(object?.subsets[0]?.addresses).toEqual([{ ip: '192.0.2.7' }]);
  });
});

describe('parseEndpointSlice (discovery.k8s.io/v1)', () => {
  it('reads endpoints, conditions and ports', () => {
    const { object, diagnostics } = slice(`
addressType: IPv4
endpoints:
- addresses: [192.0.2.42]
  conditions: {ready: true, serving: true, terminating: false}
  hostname: db-0
  nodeName: node-1
  zone: zone-a
  targetRef: {kind: Pod, name: db-0}
- addresses: [192.0.2.43]
ports:
- name: postgres
  port: 5432
`);
    expect(diagnostics).toEqual([]);
    expect(object?.addressType).toBe('IPv4');
    expect(object?.endpoints).toEqual([
      { addresses: ['192.0.2.42'], conditions: { ready: true, serving: true, terminating: false }, hostname: 'db-0', nodeName: 'node-1', zone: 'zone-a', targetRef: { kind: 'Pod', name: 'db-0' } },
      // Absent conditions stay unknown; consumers treat unknown "ready" as ready (API docs).
      { addresses: ['192.0.2.43'], conditions: {} },
    ]);
    expect(object?.ports).toEqual([{ name: 'postgres', port: 5432, protocol: 'TCP' }]);
  });

  it('a port without a number is kept (it means every port)', () => {
    const { object, diagnostics } = slice('{addressType: IPv4, endpoints: [], ports: [{protocol: UDP}]}');
    expect(diagnostics).toEqual([]);
    expect(object?.ports).toEqual([{ protocol: 'UDP' }]);
  });

  it.each([
    { name: 'addressType missing', yaml: '{endpoints: []}', want: [['error', 'missing-field', '']], usable: false },
    { name: 'addressType unknown', yaml: '{addressType: ipv4, endpoints: []}', want: [['error', 'invalid-value', 'addressType']], usable: false },
    { name: 'IPv6 slices are not simulated', yaml: '{addressType: IPv6, endpoints: [{addresses: ["2001:db8::1"]}]}', want: [['warning', 'unsimulated-feature', 'addressType']], usable: true },
    { name: 'FQDN slices are not simulated', yaml: '{addressType: FQDN, endpoints: [{addresses: [db.example.com]}]}', want: [['warning', 'unsimulated-feature', 'addressType']], usable: true },
    { name: 'loopback address', yaml: '{addressType: IPv4, endpoints: [{addresses: [127.0.0.2]}]}', want: [['error', 'invalid-value', 'endpoints[0].addresses[0]']], usable: true },
    { name: 'link-local address', yaml: '{addressType: IPv4, endpoints: [{addresses: [169.254.0.1]}]}', want: [['error', 'invalid-value', 'endpoints[0].addresses[0]']], usable: true },
    { name: 'IPv6 address in an IPv4 slice', yaml: '{addressType: IPv4, endpoints: [{addresses: ["fd00::1"]}]}', want: [['warning', 'unsimulated-feature', 'endpoints[0].addresses[0]']], usable: true },
    { name: 'addresses missing', yaml: '{addressType: IPv4, endpoints: [{nodeName: node-1}]}', want: [['error', 'missing-field', 'endpoints[0]']], usable: true },
    { name: 'addresses empty', yaml: '{addressType: IPv4, endpoints: [{addresses: []}]}', want: [['error', 'missing-field', 'endpoints[0].addresses']], usable: true },
    { name: 'ready not a boolean', yaml: '{addressType: IPv4, endpoints: [{addresses: [192.0.2.1], conditions: {ready: "yes"}}]}', want: [['error', 'wrong-type', 'endpoints[0].conditions.ready']], usable: true },
    { name: 'port above 65535', yaml: '{addressType: IPv4, endpoints: [], ports: [{port: 70000}]}', want: [['error', 'invalid-value', 'ports[0].port']], usable: true },
    { name: 'port names repeat', yaml: '{addressType: IPv4, endpoints: [], ports: [{name: a, port: 1}, {name: a, port: 2}]}', want: [['error', 'invalid-value', 'ports[1].name']], usable: true },
  ])('$name', ({ yaml, want, usable }) => {
    const { object, diagnostics } = slice(yaml);
    expect(diagnostics).toEqual(want);
    expect(object !== undefined).toBe(usable);
  });

  it('warns when no Service owns the slice (kubernetes.io/service-name label missing)', () => {
    expect(slice('{addressType: IPv4, endpoints: []}', {}).diagnostics).toEqual([['warning', 'missing-field', 'metadata.labels']]);
  });
});

describe('Endpoints and EndpointSlice through parse(): diagnostics land on the line', () => {
  const yaml = [
    'apiVersion: v1', //                                 1
    'kind: Endpoints', //                                2
    'metadata: {name: legacy, namespace: shop}', //      3
    'subsets:', //                                       4
    '- addresses:', //                                   5
    '  - ip: 127.0.0.1', //                              6
    '  ports:', //                                       7
    '  - port: 5432', //                                 8
    '---', //                                            9
    'apiVersion: discovery.k8s.io/v1', //               10
    'kind: EndpointSlice', //                           11
    'metadata:', //                                     12
    '  name: db-1', //                                  13
    '  namespace: shop', //                             14
    '  labels: {kubernetes.io/service-name: db}', //    15
    'addressType: IPv4', //                             16
    'endpoints:', //                                    17
    '- addresses: [192.0.2.10, 169.254.1.1]', //        18
    '  conditions: {ready: true, live: true}', //       19
    'ports:', //                                        20
    '- {name: pg, port: 5432}', //                      21
  ].join('\n');

  it.each([
    { object: 'Endpoints shop/legacy', code: 'invalid-value', path: 'subsets[0].addresses[0].ip', doc: 1, line: 6, col: 5 },
    { object: 'EndpointSlice shop/db-1', code: 'invalid-value', path: 'endpoints[0].addresses[1]', doc: 2, line: 18, col: 27 },
    { object: 'EndpointSlice shop/db-1', code: 'unknown-field', path: 'endpoints[0].conditions.live', doc: 2, line: 19, col: 29 },
  ])('$code at $path → line $line, column $col', ({ object, code, path, doc, line, col }) => {
    const d = parse(yaml).diagnostics.find((x) => x.path === path && x.code === code);
    expect(d).toMatchObject({ severity: 'error', object, range: { doc, startLine: line, startCol: col } });
  });

  it('reports nothing else and keeps both objects', () => {
    const { diagnostics, objects } = parse(yaml);
    expect(diagnostics).toHaveLength(3);
    expect(objects.map((o) => o.kind)).toEqual(['Endpoints', 'EndpointSlice']);
    expect((objects[1] as EndpointSlice).endpoints[0]?.addresses).toEqual(['192.0.2.10']);
  });
});

describe('EndpointSlice: what the controller writes is accepted as is', () => {
  it('a kubectl get -o yaml dump parses without diagnostics', () => {
    const { objects, diagnostics } = parse(`apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc12
  namespace: shop
  generateName: web-
  labels:
    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
    kubernetes.io/service-name: web
  ownerReferences:
  - apiVersion: v1
    kind: Service
    name: web
    uid: 0f6e3c2a-0000-4000-8000-000000000000
    blockOwnerDeletion: true
    controller: true
addressType: IPv4
endpoints:
- addresses:
  - 10.244.1.9
  conditions:
    ready: true
    serving: true
    terminating: false
  nodeName: node-1
  targetRef:
    kind: Pod
    name: web-7c9d-x2
    namespace: shop
    uid: 1f6e3c2a-0000-4000-8000-000000000000
  zone: zone-a
- addresses:
  - 10.244.2.7
  conditions:
    ready: false
    serving: true
    terminating: true
  nodeName: node-2
ports:
- name: http
  port: 8080
  protocol: TCP
  appProtocol: http
`);
    expect(diagnostics).toEqual([]);
    const slice = objects[0] as EndpointSlice;
    // DATAPATH.md §5.9: a terminating endpoint is never ready but may still be serving.
    expect(slice.endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['10.244.1.9', { ready: true, serving: true, terminating: false }],
      ['10.244.2.7', { ready: false, serving: true, terminating: true }],
    ]);
    expect(slice.endpoints[0]?.targetRef).toEqual({ kind: 'Pod', name: 'web-7c9d-x2', namespace: 'shop' });
  });
});

fuzzParsers('parseEndpoints and parseEndpointSlice', ['subsets', 'addresses', 'notReadyAddresses', 'ip', 'hostname', 'nodeName', 'targetRef', 'kind', 'name', 'ports', 'port', 'protocol', 'addressType', 'endpoints', 'conditions', 'ready', 'serving', 'terminating', 'zone'], [['Endpoints', parseEndpoints], ['EndpointSlice', parseEndpointSlice]]);


import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { safeAlphabet } from '../../src/cluster/names.ts';
import { parse } from '../../src/parse/index.ts';
import { deployment, docs, service } from '../fixtures/objects.ts';

const state = (yaml: string) => build(parse(yaml));
const slicesOf = (yaml: string, id = 'default/web') => {
  const s = state(yaml);
  return { slices: s.index.serviceById.get(id)!.endpointSlices, s };
};

const pod = (name: string, labels: string, ports: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {${labels}}${extra ? `, annotations: {${extra}}` : ''}}
spec: {containers: [{name: c, image: x, ports: [${ports}]}]}
`;

describe('EndpointSlices', () => {
  it('one slice <svc>-<5 chars> with every selected pod, nodeName filled', () => {
    const { slices, s } = slicesOf(docs(deployment('web', { replicas: 2 }), service('web')));
    expect(slices).toHaveLength(1);
    expect(slices[0]!.name).toMatch(new RegExp(`^web-[${safeAlphabet}]{5}$`));
    expect(slices[0]!.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    const pods = s.pods.filter((p) => p.labels.app === 'web');
    expect(slices[0]!.endpoints).toEqual(pods.map((p) => ({ ip: p.ip, pod: p.id, nodeName: p.nodeName, ready: true, serving: true, terminating: false })));
  });

  it.each([
    // DATAPATH §5.9: not-ready pods are listed with ready=false, serving=false…
    ['not ready', false, { ready: false, serving: false }],
    // …and publishNotReadyAddresses marks them ready (serving still follows the pod: podToEndpoint).
    ['not ready with publishNotReadyAddresses', true, { ready: true, serving: false }],
  ])('a %s pod', (_name, publish, conditions) => {
    const yaml = docs(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {conditions: [{type: Ready, status: "False"}]}\n`,
      service('web', { spec: `publishNotReadyAddresses: ${publish}\nports: [{port: 80}]` }),
    );
    expect(slicesOf(yaml).slices[0]!.endpoints[0]).toMatchObject(conditions);
  });

  it('a named targetPort resolves per pod by name AND protocol; differing pods go into separate slices', () => {
    const { slices } = slicesOf(docs(
      pod('a', 'app: web', '{name: http, containerPort: 8080}'),
      pod('b', 'app: web', '{name: http, containerPort: 9090}'),
      pod('c', 'app: web', '{name: http, containerPort: 8080, protocol: UDP}, {name: other, containerPort: 1}'),
      service('web', { spec: 'ports: [{port: 80, targetPort: http}]' }),
    ));
    expect(slices.map((sl) => [sl.ports, sl.endpoints.map((e) => e.pod)])).toEqual([
      [[{ name: '', port: 8080, protocol: 'TCP' }], ['default/a']],
      [[{ name: '', port: 9090, protocol: 'TCP' }], ['default/b']],
      // c defines "http" only for UDP: left out of the TCP port, so its slice has no ports.
      [[], ['default/c']],
    ]);
  });

  it('a named targetPort no selected pod defines: targetport-not-found on spec.ports[i].targetPort', () => {
    const s = state(docs(deployment('web', { portName: 'web' }), service('web', { spec: 'ports: [{name: a, port: 80, targetPort: 8080}, {name: b, port: 81, targetPort: http}]' })));
    expect(s.diagnostics.map((d) => [d.severity, d.code, d.path])).toEqual([['warning', 'targetport-not-found', 'spec.ports[1].targetPort']]);
    expect(s.diagnostics[0]!.message).toContain('"http"');
    expect(s.index.serviceById.get('default/web')!.endpointSlices[0]!.ports.map((p) => p.name)).toEqual(['a']);
  });

  it('at most 100 endpoints per slice (EndpointSlice controller default)', () => {
    const yaml = docs(`apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: big}\nspec: {nodeCIDRMaskSize: 22}\n`, deployment('web', { replicas: 150 }), service('web'));
    const { slices } = slicesOf(yaml);
    expect(slices.map((sl) => sl.endpoints.length)).toEqual([100, 50]);
    expect(new Set(slices.map((sl) => sl.name)).size).toBe(2);
  });

  it('StatefulSet pods behind their headless governing Service get hostnames db-0, db-1', () => {
    const { slices } = slicesOf(docs(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]}
`, service('db', { spec: 'clusterIP: None\nports: [{port: 5432}]' })), 'default/db');
    expect(slices[0]!.endpoints.map((e) => e.hostname)).toEqual(['db-0', 'db-1']);
  });

  it('zone is filled from the node', () => {
    const yaml = docs(`apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: z}
spec:
  nodes: [{name: cp, role: control-plane}, {name: w1, zone: zone-a}]
`, deployment('web'), service('web'));
    expect(slicesOf(yaml).slices[0]!.endpoints[0]).toMatchObject({ nodeName: 'w1', zone: 'zone-a' });
  });

  it('a Service without selector takes the Endpoints object of the same name (DATAPATH §5.10)', () => {
    const { slices } = slicesOf(`apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{port: 80, targetPort: 9376}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: web}
subsets:
- addresses: [{ip: 192.0.2.42}]
  notReadyAddresses: [{ip: 192.0.2.43}]
  ports: [{port: 9376}]
`);
    expect(slices.map((sl) => [sl.ports, sl.endpoints.map((e) => [e.ip, e.ready])])).toEqual([
      [[{ name: '', port: 9376, protocol: 'TCP' }], [['192.0.2.42', true], ['192.0.2.43', false]]],
    ]);
  });

  it.each([
    // A dump's controller-made slice is recomputed, not doubled; a slice the user manages is added (kube-proxy reads both).
    ['endpointslice-controller.k8s.io', ['web-']],
    ['my-operator', ['web-', 'extra']],
  ])('a selector Service with a slice managed by %s', (manager, prefixes) => {
    const { slices } = slicesOf(docs(deployment('web'), service('web'), `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: extra, labels: {kubernetes.io/service-name: web, endpointslice.kubernetes.io/managed-by: ${manager}}}
addressType: IPv4
ports: [{port: 8080}]
endpoints: [{addresses: [192.0.2.50]}]
`));
    expect(slices.map((sl) => (sl.name === 'extra' ? 'extra' : sl.name.slice(0, 4)))).toEqual(prefixes);
  });

  it('…or EndpointSlices labelled kubernetes.io/service-name, names kept', () => {
    const { slices } = slicesOf(`apiVersion: v1
kind: Service
metadata: {name: web}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-manual, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints:
- addresses: [192.0.2.10]
- addresses: [192.0.2.11]
  conditions: {ready: false}
`);
    expect(slices.map((sl) => [sl.name, sl.endpoints.map((e) => [e.ip, e.ready])])).toEqual([['web-manual', [['192.0.2.10', true], ['192.0.2.11', false]]]]);
  });
});

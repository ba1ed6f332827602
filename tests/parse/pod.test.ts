import { describe, expect, it } from 'vitest';
import { lines, one, pod, run } from './harness.ts';
import type { Row } from './harness.ts';

const C = '  containers: [{name: app, image: nginx}]';

describe('Pod defaults (API server defaulting, k8s.io/kubernetes pkg/apis/core/v1/defaults.go)', () => {
  it('fills dnsPolicy, hostNetwork, protocol and empty collections', () => {
    const r = run(pod('  containers:', '  - name: app', '    image: nginx', '    ports:', '    - containerPort: 8080', '      name: http'));
    expect(r.rows).toEqual([]);
    expect(one(r, 'Pod').spec).toEqual({
      nodeSelector: {}, tolerations: [], hostNetwork: false, dnsPolicy: 'ClusterFirst',
      containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }] }],
      initContainers: [],
    });
    expect(one(r, 'Pod').status).toEqual({ podIPs: [] });
  });

  it('keeps scheduling and DNS fields', () => {
    const r = run(pod(C, '  nodeName: node-1', '  nodeSelector: {disk: ssd}', '  hostNetwork: true', '  dnsPolicy: ClusterFirstWithHostNet',
      '  hostname: web-0', '  subdomain: web', '  tolerations:', '  - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}', '  - {key: k, value: v}',
      '  initContainers: [{name: init, image: busybox, ports: [{containerPort: 53, protocol: UDP, hostPort: 53}]}]'));
    expect(r.rows).toEqual([]);
    const s = one(r, 'Pod').spec;
    expect(s).toMatchObject({ nodeName: 'node-1', nodeSelector: { disk: 'ssd' }, hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', hostname: 'web-0', subdomain: 'web' });
    // Toleration operator defaults to Equal (core/v1 Toleration docs).
    expect(s.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }, { key: 'k', operator: 'Equal', value: 'v' }]);
    expect(s.initContainers).toEqual([{ name: 'init', image: 'busybox', ports: [{ containerPort: 53, protocol: 'UDP', hostPort: 53 }] }]);
  });

  it('without hostNetwork, hostPort maps any node port to the container port', () => {
    const r = run(pod('  containers: [{name: a, image: i, ports: [{containerPort: 53, protocol: UDP, hostPort: 5353, hostIP: 172.16.0.11}]}]'));
    expect(r.rows).toEqual([]);
    expect(one(r, 'Pod').spec.containers[0]?.ports).toEqual([{ containerPort: 53, protocol: 'UDP', hostPort: 5353, hostIP: '172.16.0.11' }]);
  });

  // pkg/apis/core/v1/defaults.go: hostNetwork pods get hostPort = containerPort.
  it('hostNetwork: hostPort defaults to containerPort', () => {
    const r = run(pod('  hostNetwork: true', '  containers: [{name: a, image: i, ports: [{containerPort: 9100}, {containerPort: 53, protocol: UDP, hostPort: 53}]}]'));
    expect(r.rows).toEqual([]);
    expect(one(r, 'Pod').spec.containers[0]?.ports).toEqual([{ containerPort: 9100, protocol: 'TCP', hostPort: 9100 }, { containerPort: 53, protocol: 'UDP', hostPort: 53 }]);
  });

  it('dnsPolicy None with a dnsConfig', () => {
    const r = run(pod(C, '  dnsPolicy: None', '  dnsConfig:', '    nameservers: [1.1.1.1]', '    searches: [corp.example]', '    options: [{name: ndots, value: "2"}, {name: edns0}]'));
    expect(r.rows).toEqual([]);
    expect(one(r, 'Pod').spec.dnsConfig).toEqual({ nameservers: ['1.1.1.1'], searches: ['corp.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] });
  });
});

describe('Pod validation', () => {
  const cases: { name: string; text: string; rows: Row[] }[] = [
    { name: 'no spec', text: lines('apiVersion: v1', 'kind: Pod', 'metadata: {name: web}'), rows: [['error', 'missing-field', '', 1, 1]] },
    { name: 'no containers', text: pod('  nodeName: node-1'), rows: [['error', 'missing-field', 'spec', 5, 1]] },
    { name: 'empty containers', text: pod('  containers: []'), rows: [['error', 'invalid-value', 'spec.containers', 6, 3]] },
    { name: 'container without a name', text: pod('  containers: [{image: nginx}]'), rows: [['error', 'missing-field', 'spec.containers[0]', 6, 16]] },
    { name: 'container without an image', text: pod('  containers: [{name: a}]'), rows: [['error', 'missing-field', 'spec.containers[0]', 6, 16]] },
    { name: 'container name not a DNS label', text: pod('  containers: [{name: App, image: i}]'), rows: [['error', 'invalid-value', 'spec.containers[0].name', 6, 17]] },
    { name: 'duplicate container names', text: pod('  containers: [{name: a, image: i}]', '  initContainers: [{name: a, image: i}]'), rows: [['error', 'invalid-value', 'spec.initContainers[0].name', 7, 21]] },
    { name: 'containerPort 0', text: pod('  containers: [{name: a, image: i, ports: [{containerPort: 0}]}]'), rows: [['error', 'invalid-value', 'spec.containers[0].ports[0].containerPort', 6, 45]] },
    { name: 'containerPort as a string', text: pod('  containers: [{name: a, image: i, ports: [{containerPort: "80"}]}]'), rows: [['error', 'wrong-type', 'spec.containers[0].ports[0].containerPort', 6, 45]] },
    { name: 'port without containerPort', text: pod('  containers: [{name: a, image: i, ports: [{name: http}]}]'), rows: [['error', 'missing-field', 'spec.containers[0].ports[0]', 6, 44]] },
    { name: 'bad protocol', text: pod('  containers: [{name: a, image: i, ports: [{containerPort: 80, protocol: tcp}]}]'), rows: [['error', 'invalid-value', 'spec.containers[0].ports[0].protocol', 6, 64]] },
    { name: 'port name over 15 characters', text: pod('  containers: [{name: a, image: i, ports: [{containerPort: 80, name: metrics-endpoint}]}]'), rows: [['error', 'invalid-value', 'spec.containers[0].ports[0].name', 6, 64]] },
    { name: 'port name of digits only', text: pod('  containers: [{name: a, image: i, ports: [{containerPort: 80, name: "8080"}]}]'), rows: [['error', 'invalid-value', 'spec.containers[0].ports[0].name', 6, 64]] },
    // validateContainerPorts (pkg/apis/core/validation) checks names per container: an error there,
    // only a warning across containers (a named targetPort would resolve to the first).
    {
      name: 'duplicate port name in one container',
      text: pod('  containers:', '  - {name: a, image: i, ports: [{containerPort: 80, name: http}, {containerPort: 81, name: http}]}'),
      rows: [['error', 'invalid-value', 'spec.containers[0].ports[1].name', 7, 86]],
    },
    {
      name: 'duplicate port name across containers',
      text: pod('  containers:', '  - {name: a, image: i, ports: [{containerPort: 80, name: http}]}', '  - {name: b, image: i, ports: [{containerPort: 81, name: http}]}'),
      rows: [['warning', 'invalid-value', 'spec.containers[1].ports[0].name', 8, 53]],
    },
    { name: 'hostPort out of range', text: pod('  containers: [{name: a, image: i, ports: [{containerPort: 80, hostPort: 70000}]}]'), rows: [['error', 'invalid-value', 'spec.containers[0].ports[0].hostPort', 6, 64]] },
    { name: 'hostNetwork with a different hostPort', text: pod('  hostNetwork: true', '  containers: [{name: a, image: i, ports: [{containerPort: 9100, hostPort: 9101}]}]'), rows: [['error', 'invalid-value', 'spec.containers[0].ports[0].hostPort', 7, 66]] },
    { name: 'bad restartPolicy', text: pod(C, '  restartPolicy: always'), rows: [['error', 'invalid-value', 'spec.restartPolicy', 7, 3]] },
    { name: 'bad dnsPolicy', text: pod(C, '  dnsPolicy: clusterfirst'), rows: [['error', 'invalid-value', 'spec.dnsPolicy', 7, 3]] },
    // "must provide `dnsConfig` when `dnsPolicy` is None" (core validation, validateDNSPolicy).
    { name: 'dnsPolicy None without dnsConfig', text: pod(C, '  dnsPolicy: None'), rows: [['error', 'missing-field', 'spec.dnsPolicy', 7, 3]] },
    { name: 'dnsPolicy None without nameservers', text: pod(C, '  dnsPolicy: None', '  dnsConfig: {searches: [a.example]}'), rows: [['error', 'invalid-value', 'spec.dnsConfig', 8, 3]] },
    // glibc reads at most 3 nameservers (MAXNS); the API server rejects more.
    { name: 'four nameservers', text: pod(C, '  dnsConfig: {nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, 8.8.4.4]}'), rows: [['error', 'invalid-value', 'spec.dnsConfig.nameservers', 7, 15]] },
    { name: 'nameserver not an IP', text: pod(C, '  dnsConfig: {nameservers: [dns.example]}'), rows: [['error', 'invalid-value', 'spec.dnsConfig.nameservers[0]', 7, 29]] },
    { name: 'hostname not a DNS label', text: pod(C, '  hostname: web.0'), rows: [['error', 'invalid-value', 'spec.hostname', 7, 3]] },
    { name: 'subdomain not a DNS label', text: pod(C, '  subdomain: Web'), rows: [['error', 'invalid-value', 'spec.subdomain', 7, 3]] },
    { name: 'Exists toleration with a value', text: pod(C, '  tolerations: [{key: k, operator: Exists, value: v}]'), rows: [['error', 'invalid-value', 'spec.tolerations[0].value', 7, 44]] },
    { name: 'empty key needs Exists', text: pod(C, '  tolerations: [{effect: NoSchedule}]'), rows: [['error', 'invalid-value', 'spec.tolerations[0].operator', 7, 17]] },
    { name: 'hostNetwork as a string', text: pod(C, '  hostNetwork: "true"'), rows: [['error', 'wrong-type', 'spec.hostNetwork', 7, 3]] },
    // kubectl apply's strict field validation: "unknown field" (a typo would silently drop the ports).
    { name: 'port: instead of ports:', text: pod('  containers:', '  - name: a', '    image: i', '    port: [{containerPort: 80}]'), rows: [['error', 'unknown-field', 'spec.containers[0].port', 9, 5]] },
    { name: 'typo in a container port', text: pod('  containers: [{name: a, image: i, ports: [{containerport: 80}]}]'), rows: [['error', 'unknown-field', 'spec.containers[0].ports[0].containerport', 6, 45], ['error', 'missing-field', 'spec.containers[0].ports[0]', 6, 44]] },
    { name: 'typo in the pod spec', text: pod(C, '  hostNetwrok: true'), rows: [['error', 'unknown-field', 'spec.hostNetwrok', 7, 3]] },
    { name: 'typo in a toleration', text: pod(C, '  tolerations: [{key: k, operater: Exists}]'), rows: [['error', 'unknown-field', 'spec.tolerations[0].operater', 7, 26]] },
    { name: 'nodeSelector value a boolean', text: pod(C, '  nodeSelector: {gpu: true}'), rows: [['error', 'wrong-type', 'spec.nodeSelector.gpu', 7, 18]] },
  ];
  it.each(cases)('$name', ({ text, rows }) => {
    expect(run(text).rows).toEqual(rows);
  });
});

describe('Pod status from dumps', () => {
  it('honours podIP, podIPs, hostIP and the Ready condition', () => {
    const r = run(pod(C, 'status:', '  hostIP: 172.16.0.11', '  podIP: 10.244.1.5', '  podIPs: [{ip: 10.244.1.5}]',
      '  conditions:', '  - {type: PodScheduled, status: "True"}', '  - {type: Ready, status: "False"}'));
    expect(r.rows).toEqual([]);
    expect(one(r, 'Pod').status).toEqual({ podIP: '10.244.1.5', podIPs: ['10.244.1.5'], hostIP: '172.16.0.11', ready: false });
  });

  it.each([
    ['Ready True', ['status:', '  conditions: [{type: Ready, status: "True"}]'], [], true],
    ['no status', [], [], undefined],
    // Simulator-only annotation: a scenario can fail a readiness probe without writing a status.
    ['annotation false', [], ['  annotations: {sim.kube-netsim.dev/ready: "false"}'], false],
    ['annotation false beats Ready True', ['status:', '  conditions: [{type: Ready, status: "True"}]'], ['  annotations: {sim.kube-netsim.dev/ready: "false"}'], false],
    ['annotation true', [], ['  annotations: {sim.kube-netsim.dev/ready: "true"}'], true],
  ] as const)('ready: %s', (_name, status, annotations, ready) => {
    const text = lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', ...annotations, 'spec:', C, ...status);
    const r = run(text);
    expect(r.rows).toEqual([]);
    expect(one(r, 'Pod').status.ready).toBe(ready);
  });

  it('warns that IPv6 addresses are not simulated and keeps the IPv4 ones', () => {
    const r = run(pod(C, 'status:', '  podIP: 10.244.1.5', '  podIPs: [{ip: 10.244.1.5}, {ip: "fd00::5"}]'));
    expect(r.rows).toEqual([['warning', 'unsimulated-feature', 'status.podIPs[1].ip', 9, 31]]);
    expect(one(r, 'Pod').status.podIPs).toEqual(['10.244.1.5']);
  });

  it('rejects an address that is not IPv4', () => {
    const r = run(pod(C, 'status:', '  podIP: 10.244.1.500'));
    expect(r.rows).toEqual([['error', 'invalid-value', 'status.podIP', 8, 3]]);
    expect(one(r, 'Pod').status.podIP).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createReporter } from '../../src/cluster/names.ts';
import { allocateServices, clusterIPStaticBand, nodePortStaticBand } from '../../src/cluster/services.ts';
import { resolveSettings } from '../../src/cluster/settings.ts';
import { ipInCidr } from '../../src/model/ip.ts';
import type { Service } from '../../src/model/objects.ts';
import { docs, objects } from '../fixtures/objects.ts';

const svc = (name: string, spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
const kubeDns = `apiVersion: v1\nkind: Service\nmetadata: {name: kube-dns, namespace: kube-system}\nspec: {clusterIP: 10.96.0.10, selector: {k8s-app: kube-dns}, ports: [{name: dns, port: 53, protocol: UDP}]}\n`;

function allocate(yaml: string, systemYaml = '') {
  const reporter = createReporter();
  const { settings } = resolveSettings(undefined, reporter);
  const user = objects(yaml) as Service[];
  const system = systemYaml ? (objects(systemYaml) as Service[]) : [];
  const result = allocateServices(settings, [...user.map((object) => ({ object, system: false })), ...system.map((object) => ({ object, system: true }))], reporter);
  return { get: (id: string) => result.get(id)!, diagnostics: reporter.diagnostics };
}

describe('allocateServices', () => {
  it('static bands as in KEP-3070 and KEP-3668', () => {
    expect(clusterIPStaticBand(2 ** 20)).toBe(256);
    expect(clusterIPStaticBand(256)).toBe(16);
    expect(nodePortStaticBand(2768)).toBe(86);
  });

  it('a ClusterIP is picked by hash from above the static band of 10.96.0.0/12, deterministically', () => {
    const a = allocate(svc('web', 'ports: [{port: 80}]')).get('default/web').clusterIP!;
    expect(ipInCidr(a, '10.96.0.0/12')).toBe(true);
    expect(ipInCidr(a, '10.96.0.0/24')).toBe(false);
    expect(allocate(svc('web', 'ports: [{port: 80}]')).get('default/web').clusterIP).toBe(a);
  });

  it.each([
    ['headless (clusterIP: None) gets none', 'clusterIP: None\nports: [{port: 80}]'],
    ['ExternalName gets none', 'type: ExternalName\nexternalName: db.example.com'],
  ])('%s', (_name, spec) => {
    expect(allocate(svc('x', spec)).get('default/x').clusterIP).toBeUndefined();
  });

  it('a requested clusterIP inside the Service CIDR is honoured', () => {
    expect(allocate(svc('web', 'clusterIP: 10.96.100.10\nports: [{port: 80}]')).get('default/web').clusterIP).toBe('10.96.100.10');
  });

  it.each([
    ['outside the CIDR', '10.200.0.5', 'clusterip-out-of-range', ''],
    ['the kube-dns address', '10.96.0.10', 'clusterip-taken', 'kube-system/kube-dns'],
  ])('a requested clusterIP %s is an error on spec.clusterIP, and another address is allocated', (_n, ip, code, owner) => {
    const { get, diagnostics } = allocate(svc('web', `clusterIP: ${ip}\nports: [{port: 80}]`), kubeDns);
    expect(diagnostics.map((d) => [d.severity, d.code, d.path])).toEqual([['error', code, 'spec.clusterIP']]);
    expect(diagnostics[0]!.message).toContain(owner);
    expect(get('default/web').clusterIP).not.toBe(ip);
    expect(get('kube-system/kube-dns').clusterIP).toBe('10.96.0.10');
  });

  it('NodePort and LoadBalancer ports get nodePorts from 30000-32767; ClusterIP ports none', () => {
    const { get } = allocate(docs(svc('np', 'type: NodePort\nports: [{name: a, port: 80}, {name: b, port: 81}]'), svc('ci', 'ports: [{port: 80}]')));
    const ports = get('default/np').ports.map((p) => p.nodePort!);
    for (const p of ports) expect(p).toBeGreaterThanOrEqual(30000 + 86);
    for (const p of ports) expect(p).toBeLessThanOrEqual(32767);
    expect(new Set(ports).size).toBe(2);
    expect(get('default/ci').ports[0]!.nodePort).toBeUndefined();
  });

  it('a requested nodePort is honoured; the same one again is nodeport-taken naming the other Service', () => {
    const { get, diagnostics } = allocate(docs(svc('a', 'type: NodePort\nports: [{port: 80, nodePort: 30080}]'), svc('b', 'type: NodePort\nports: [{port: 80, nodePort: 30080}]')));
    expect(get('default/a').ports[0]!.nodePort).toBe(30080);
    expect(get('default/b').ports[0]!.nodePort).not.toBe(30080);
    expect(diagnostics.map((d) => [d.code, d.path, d.object])).toEqual([['nodeport-taken', 'spec.ports[0].nodePort', 'Service default/b']]);
    expect(diagnostics[0]!.message).toContain('default/a');
  });

  it('one Service may use the same nodePort for TCP and UDP', () => {
    const { diagnostics } = allocate(svc('dns', 'type: NodePort\nports: [{name: u, port: 53, protocol: UDP, nodePort: 30053}, {name: t, port: 53, protocol: TCP, nodePort: 30053}]'));
    expect(diagnostics).toEqual([]);
  });

  it('LoadBalancer: user addresses lowest first from 172.16.0.200, built-in ones from the top; requested ones kept', () => {
    const { get } = allocate(
      docs(svc('a', 'type: LoadBalancer\nports: [{port: 80}]'), svc('b', 'type: LoadBalancer\nports: [{port: 80}]'), svc('c', 'type: LoadBalancer\nloadBalancerIP: 172.16.0.220\nports: [{port: 80}]')),
      'apiVersion: v1\nkind: Service\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\nspec: {type: LoadBalancer, ports: [{port: 80}]}\n',
    );
    expect(['default/a', 'default/b', 'default/c', 'ingress-nginx/ingress-nginx-controller'].map((id) => get(id).loadBalancerIPs)).toEqual([
      ['172.16.0.200'], ['172.16.0.201'], ['172.16.0.220'], ['172.16.0.250'],
    ]);
    expect(get('ingress-nginx/ingress-nginx-controller').ports[0]!.nodePort).toBe(32767);
  });

  it('LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort (DATAPATH §5.3)', () => {
    const { get } = allocate(docs(svc('l', 'type: LoadBalancer\nexternalTrafficPolicy: Local\nports: [{port: 80}]'), svc('c', 'type: LoadBalancer\nports: [{port: 80}]')));
    expect(get('default/l').healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(get('default/c').healthCheckNodePort).toBeUndefined();
  });

  it('adding a Service later moves nothing allocated before it', () => {
    const first = svc('a', 'type: NodePort\nports: [{port: 80}]');
    const before = allocate(first).get('default/a');
    const after = allocate(docs(first, svc('b', 'type: NodePort\nports: [{port: 80}]'), svc('c', 'type: LoadBalancer\nports: [{port: 80}]'))).get('default/a');
    expect(after).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import type { PodState, Route } from '../../src/model/cluster.ts';
import type { CniMode, CniPlugin } from '../../src/model/objects.ts';
import { nodeNetwork, podInterfaces } from '../../src/cluster/network.ts';
import { hostVethName, macFor } from '../../src/cluster/net-params.ts';
import { sha1, sha256, toHex } from '../../src/cluster/hash.ts';
import type { NodeDraft, PodAttachment } from '../../src/cluster/draft.ts';
import { calicoNode1, calicoNode2, deepFreeze, node1, node2, podState, settingsFor } from './net-fixtures.ts';

const client: PodAttachment = { id: 'app/client', namespace: 'app', name: 'client', ip: '10.244.1.5', hostNetwork: false };
const calicoClient: PodAttachment = { ...client, ip: '192.168.36.5' };

/** `ip route`-style one-liners so a failing table prints readably. */
function show(r: Route): string {
  return [
    r.type === 'blackhole' ? 'blackhole' : '', r.dst, r.via ? `via ${r.via}` : '', r.dev ? `dev ${r.dev}` : '',
    r.proto ? `proto ${r.proto}` : '', r.scope ? `scope ${r.scope}` : '', r.src ? `src ${r.src}` : '', r.onlink ? 'onlink' : '',
  ].filter(Boolean).join(' ');
}

/** Builds the PodState the orchestrator would make from podInterfaces. */
function attached(plugin: CniPlugin, mode: CniMode, node: NodeDraft, pod: PodAttachment): PodState {
  return podState(pod.namespace, pod.name, pod.ip, node.name, podInterfaces(settingsFor(plugin, mode), node, pod));
}

describe('podInterfaces', () => {
  // DATAPATH §1.2 table, column by column.
  it.each([
    {
      name: 'flannel vxlan', plugin: 'flannel', mode: 'vxlan', node: node1, pod: client, addr: '10.244.1.5/24', mtu: 1450,
      routes: ['default via 10.244.1.1 dev eth0', '10.244.0.0/16 via 10.244.1.1 dev eth0', '10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.5'],
    },
    { name: 'flannel host-gw', plugin: 'flannel', mode: 'host-gw', node: node1, pod: client, addr: '10.244.1.5/24', mtu: 1500 },
    { name: 'flannel wireguard (80 reserved, §3.3)', plugin: 'flannel', mode: 'wireguard', node: node1, pod: client, addr: '10.244.1.5/24', mtu: 1420 },
    {
      name: 'calico ipip', plugin: 'calico', mode: 'ipip', node: calicoNode1, pod: calicoClient, addr: '192.168.36.5/32', mtu: 1480,
      routes: ['default via 169.254.1.1 dev eth0', '169.254.1.1 dev eth0 scope link'],
    },
    { name: 'calico vxlan', plugin: 'calico', mode: 'vxlan', node: calicoNode1, pod: calicoClient, addr: '192.168.36.5/32', mtu: 1450 },
    { name: 'calico wireguard', plugin: 'calico', mode: 'wireguard', node: calicoNode1, pod: calicoClient, addr: '192.168.36.5/32', mtu: 1440 },
    { name: 'calico bgp', plugin: 'calico', mode: 'bgp', node: calicoNode1, pod: calicoClient, addr: '192.168.36.5/32', mtu: 1500 },
    {
      name: 'cilium vxlan', plugin: 'cilium', mode: 'vxlan', node: node1, pod: client, addr: '10.244.1.5/32', mtu: 1450,
      routes: ['default via 10.244.1.1 dev eth0', '10.244.1.1 dev eth0 scope link'],
    },
    { name: 'cilium native', plugin: 'cilium', mode: 'native', node: node1, pod: client, addr: '10.244.1.5/32', mtu: 1500 },
  ] as const)('$name: eth0 $addr, MTU $mtu', ({ plugin, mode, node, pod, addr, mtu, ...rest }) => {
    const out = podInterfaces(deepFreeze(settingsFor(plugin, mode)), deepFreeze(node), deepFreeze(pod));
    expect(out.eth0?.addresses).toEqual([addr]);
    expect(out.eth0?.mtu).toBe(mtu);
    expect(out.hostVeth?.mtu).toBe(mtu);
    if ('routes' in rest) expect(out.routes.map(show)).toEqual(rest.routes);
  });

  it('flannel: host end is veth + 8 hex, enslaved to cni0 with hairpin (§1.1.4, §4.5)', () => {
    const { hostVeth } = podInterfaces(settingsFor('flannel', 'vxlan'), node1, client);
    expect(hostVeth?.name).toMatch(/^veth[0-9a-f]{8}$/);
    expect(hostVeth).toMatchObject({ master: 'cni0', peerPod: 'app/client', flags: ['hairpin on'] });
  });

  it('calico: cali + first 11 hex of SHA-1("<namespace>.<pod>"), MAC ee:ee:ee:ee:ee:ee, proxy ARP (§1.1.4, §1.2)', () => {
    const { hostVeth } = podInterfaces(settingsFor('calico', 'ipip'), calicoNode1, calicoClient);
    expect(hostVeth?.name).toBe(`cali${toHex(sha1('app.client')).slice(0, 11)}`);
    expect(hostVeth?.name).toHaveLength(15); // IFNAMSIZ − 1
    expect(hostVeth?.mac).toBe('ee:ee:ee:ee:ee:ee');
    expect(hostVeth?.flags).toEqual(['proxy_arp=1', 'proxy_delay=0', 'forwarding=1']);
    expect(hostVeth?.master).toBeUndefined();
  });

  it('cilium: lxc + first 12 hex of SHA-256(endpoint id) (§1.1.4)', () => {
    const { hostVeth } = podInterfaces(settingsFor('cilium', 'vxlan'), node1, client);
    expect(hostVeth?.name).toBe(`lxc${toHex(sha256('app/client')).slice(0, 12)}`);
  });

  it('hostNetwork pods have no eth0 or veth of their own and no routes (§9.1)', () => {
    const out = podInterfaces(settingsFor(), node1, { ...client, ip: '172.16.0.11', hostNetwork: true });
    expect(out).toEqual({ routes: [] });
  });

  it('MACs are deterministic, locally administered and unicast', () => {
    const a = podInterfaces(settingsFor(), node1, client).eth0?.mac;
    expect(podInterfaces(settingsFor(), node1, client).eth0?.mac).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    const first = parseInt(a!.slice(0, 2), 16);
    expect(first & 0b11).toBe(0b10);
    expect(macFor('x')).not.toBe(macFor('y'));
  });
});

describe('nodeNetwork', () => {
  const nodes = [node1, node2];
  const calicoNodes = [calicoNode1, calicoNode2];
  const common = ['default via 172.16.0.1 dev eth0 proto static'];
  const eth0Net = '172.16.0.0/24 dev eth0 proto kernel scope link src 172.16.0.11';

  it.each([
    {
      name: 'flannel vxlan (§3.1)', plugin: 'flannel', mode: 'vxlan', self: node1, all: nodes, pod: client,
      routes: [...common, '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1', '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink', eth0Net],
    },
    {
      name: 'flannel host-gw (§3.2)', plugin: 'flannel', mode: 'host-gw', self: node1, all: nodes, pod: client,
      routes: [...common, '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1', '10.244.2.0/24 via 172.16.0.12 dev eth0', eth0Net],
    },
    {
      name: 'flannel wireguard (§3.8)', plugin: 'flannel', mode: 'wireguard', self: node1, all: nodes, pod: client,
      routes: [...common, '10.244.0.0/16 dev flannel-wg scope link', '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1', eth0Net],
    },
    {
      name: 'calico ipip (§3.4)', plugin: 'calico', mode: 'ipip', self: calicoNode1, all: calicoNodes, pod: calicoClient,
      routes: [...common, eth0Net, 'blackhole 192.168.36.0/26', '192.168.36.5 dev cali' + toHex(sha1('app.client')).slice(0, 11) + ' scope link', '192.168.54.0/26 via 172.16.0.12 dev tunl0 onlink'],
    },
    {
      name: 'calico vxlan (§3.5)', plugin: 'calico', mode: 'vxlan', self: calicoNode1, all: calicoNodes, pod: calicoClient,
      routes: [...common, eth0Net, 'blackhole 192.168.36.0/26', '192.168.36.5 dev cali' + toHex(sha1('app.client')).slice(0, 11) + ' scope link', '192.168.54.0/26 via 192.168.54.0 dev vxlan.calico onlink'],
    },
    {
      name: 'calico bgp (§3.6)', plugin: 'calico', mode: 'bgp', self: calicoNode1, all: calicoNodes, pod: calicoClient,
      routes: [...common, eth0Net, 'blackhole 192.168.36.0/26 proto bird', '192.168.36.5 dev cali' + toHex(sha1('app.client')).slice(0, 11) + ' scope link', '192.168.54.0/26 via 172.16.0.12 dev eth0 proto bird'],
    },
    {
      name: 'cilium native (§3.7)', plugin: 'cilium', mode: 'native', self: node1, all: nodes, pod: client,
      routes: [...common, '10.244.1.0/24 via 10.244.1.1 dev cilium_host proto kernel src 10.244.1.1', '10.244.1.1 dev cilium_host proto kernel scope link', '10.244.2.0/24 via 172.16.0.12 dev eth0', eth0Net],
    },
    {
      name: 'cilium vxlan (§3.7)', plugin: 'cilium', mode: 'vxlan', self: node1, all: nodes, pod: client,
      routes: [...common, '10.244.1.0/24 via 10.244.1.1 dev cilium_host proto kernel src 10.244.1.1', '10.244.1.1 dev cilium_host proto kernel scope link', '10.244.2.0/24 via 10.244.1.1 dev cilium_host proto kernel src 10.244.1.1', eth0Net],
    },
  ] as const)('$name: routes as `ip route` shows them', ({ plugin, mode, self, all, pod, routes }) => {
    const pods = deepFreeze([attached(plugin, mode, self, pod)]);
    const out = nodeNetwork(deepFreeze(settingsFor(plugin, mode)), deepFreeze(self), deepFreeze(all), pods);
    expect(out.routes.map(show)).toEqual(routes);
  });

  // DATAPATH §3.3 encapsulation matrix: device, port, VNI, MTU per mode.
  it.each([
    { plugin: 'flannel', mode: 'vxlan', device: 'flannel.1', kind: 'vxlan', port: 8472, vni: 1, mtu: 1450, addr: ['10.244.1.0/32'] },
    { plugin: 'flannel', mode: 'wireguard', device: 'flannel-wg', kind: 'wireguard', port: 51820, vni: undefined, mtu: 1420, addr: ['10.244.1.0/32'] },
    { plugin: 'calico', mode: 'ipip', device: 'tunl0', kind: 'ipip', port: undefined, vni: undefined, mtu: 1480, addr: ['192.168.36.0/32'] },
    { plugin: 'calico', mode: 'vxlan', device: 'vxlan.calico', kind: 'vxlan', port: 4789, vni: 4096, mtu: 1450, addr: ['192.168.36.0/32'] },
    { plugin: 'calico', mode: 'wireguard', device: 'wireguard.cali', kind: 'wireguard', port: 51820, vni: undefined, mtu: 1440, addr: ['192.168.36.0/32'] },
    { plugin: 'cilium', mode: 'vxlan', device: 'cilium_vxlan', kind: 'vxlan', port: 8472, vni: undefined, mtu: 1450, addr: [] },
    { plugin: 'cilium', mode: 'geneve', device: 'cilium_geneve', kind: 'geneve', port: 6081, vni: undefined, mtu: 1450, addr: [] },
    { plugin: 'cilium', mode: 'wireguard', device: 'cilium_wg0', kind: 'wireguard', port: 51871, vni: undefined, mtu: 1420, addr: [] },
  ] as const)('$plugin $mode: $device ($kind) port $port VNI $vni MTU $mtu', ({ plugin, mode, device, kind, port, vni, mtu, addr }) => {
    const self = plugin === 'calico' ? calicoNode1 : node1;
    const all = plugin === 'calico' ? calicoNodes : nodes;
    const dev = nodeNetwork(settingsFor(plugin, mode), self, all, []).interfaces.find((i) => i.name === device);
    expect(dev).toMatchObject({ kind, mtu, addresses: addr });
    expect(dev?.port).toBe(port);
    expect(dev?.vni).toBe(vni);
  });

  it('flannel vxlan: one permanent neighbour and one FDB entry per remote VTEP (§3.1)', () => {
    const one = nodeNetwork(settingsFor(), node1, nodes, []);
    const two = nodeNetwork(settingsFor(), node2, nodes, []);
    const vtep2 = two.interfaces.find((i) => i.name === 'flannel.1')!.mac!;
    expect(one.neighbours).toEqual([{ ip: '10.244.2.0', mac: vtep2, dev: 'flannel.1', permanent: true }]);
    expect(one.fdb).toEqual([{ mac: vtep2, dev: 'flannel.1', dst: '172.16.0.12' }]);
    expect(one.interfaces.find((i) => i.name === 'flannel.1')?.flags).toContain('learning off');
  });

  it('calico vxlan: static ARP + FDB for the peer VTEP (tunnel IP → tunnel MAC → host IP, §3.5)', () => {
    const one = nodeNetwork(settingsFor('calico', 'vxlan'), calicoNode1, calicoNodes, []);
    const vtep2 = nodeNetwork(settingsFor('calico', 'vxlan'), calicoNode2, calicoNodes, []).interfaces.find((i) => i.name === 'vxlan.calico')!.mac!;
    expect(one.neighbours).toEqual([{ ip: '192.168.54.0', mac: vtep2, dev: 'vxlan.calico', permanent: true }]);
    expect(one.fdb).toEqual([{ mac: vtep2, dev: 'vxlan.calico', dst: '172.16.0.12' }]);
  });

  it.each([
    ['flannel', 'host-gw'], ['calico', 'ipip'], ['calico', 'bgp'], ['cilium', 'native'],
  ] as const)('%s %s keeps no neighbour or FDB entries', (plugin, mode) => {
    const out = nodeNetwork(settingsFor(plugin, mode), plugin === 'calico' ? calicoNode1 : node1, plugin === 'calico' ? calicoNodes : nodes, []);
    expect(out.neighbours).toEqual([]);
    expect(out.fdb).toEqual([]);
  });

  it('flannel: cni0 (10.244.1.1/24) exists once a pod is attached, with the pod veth enslaved (§1.2)', () => {
    const empty = nodeNetwork(settingsFor(), node1, nodes, []);
    expect(empty.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0', 'flannel.1']);
    const pod = attached('flannel', 'vxlan', node1, client);
    const out = nodeNetwork(settingsFor(), node1, nodes, [pod]);
    expect(out.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0', 'flannel.1', 'cni0', pod.hostVeth!.name]);
    expect(out.interfaces.find((i) => i.name === 'cni0')).toMatchObject({ kind: 'bridge', addresses: ['10.244.1.1/24'], mtu: 1450 });
    expect(out.interfaces.find((i) => i.name === 'eth0')).toMatchObject({ addresses: ['172.16.0.11/24'], mtu: 1500 });
  });

  it('hostNetwork pods add no interface and no route (§9.1)', () => {
    const api = podState('kube-system', 'kube-apiserver', '172.16.0.11', 'node1', { hostNetwork: true });
    const out = nodeNetwork(settingsFor(), node1, nodes, [api]);
    expect(out.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0', 'flannel.1']);
  });

  it('cilium: cilium_host holds the router IP; lxc devices of local pods are listed', () => {
    const pod = attached('cilium', 'vxlan', node1, client);
    const out = nodeNetwork(settingsFor('cilium', 'vxlan'), node1, nodes, [pod]);
    expect(out.interfaces.map((i) => i.name)).toEqual(['lo', 'eth0', 'cilium_net', 'cilium_host', 'cilium_vxlan', hostVethName(settingsFor('cilium'), client)]);
    expect(out.interfaces.find((i) => i.name === 'cilium_host')?.addresses).toEqual(['10.244.1.1/32']);
  });

  it('ipvs mode: kube-ipvs0 dummy carries every Service IP (§4.9)', () => {
    const out = nodeNetwork(settingsFor('flannel', 'vxlan', 'ipvs'), node1, nodes, [], ['10.96.0.1', '10.96.0.10', '10.96.100.10', '10.96.0.10']);
    expect(out.interfaces.find((i) => i.name === 'kube-ipvs0')).toMatchObject({
      kind: 'dummy', addresses: ['10.96.0.1/32', '10.96.0.10/32', '10.96.100.10/32'],
    });
    expect(nodeNetwork(settingsFor(), node1, nodes, [], ['10.96.0.1']).interfaces.some((i) => i.name === 'kube-ipvs0')).toBe(false);
  });
});

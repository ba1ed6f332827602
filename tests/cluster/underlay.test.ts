// Node-routed CNI modes need every node on one link (DATAPATH §3.2: host-gw "requires direct L2
// connectivity"; §3.6 BGP and Cilium native routing put the node address as gateway on eth0).
// Linux refuses a route through an off-link gateway ("Nexthop has invalid gateway", fib_check_nh),
// so those routes do not exist, and build() says why.
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cluster/index.ts';
import { parse } from '../../src/parse/index.ts';

const scenario = (cni: string, node2: string) => build(parse(`apiVersion: sim.kube-netsim.dev/v1alpha1
kind: Cluster
metadata: {name: lab}
spec:
  cni: ${cni}
  nodes:
    - {name: control-plane, role: control-plane, address: 172.16.0.10}
    - {name: node-1, role: worker, address: 172.16.0.11}
    - {name: node-2, role: worker, address: ${node2}}
`));

describe('nodes on different subnets', () => {
  it.each([
    ['{plugin: flannel, mode: host-gw}', '172.16.1.12', "flannel's host-gw", true],
    ['{plugin: calico, mode: bgp}', '172.16.1.12', "Calico's BGP mode", true],
    ['{plugin: cilium, mode: native}', '172.16.1.12', "Cilium's native routing", true],
    ['{plugin: flannel, mode: host-gw}', '172.16.0.12', '', false],
    ['{plugin: flannel, mode: vxlan}', '172.16.1.12', '', false],
    ['{plugin: calico, mode: ipip}', '172.16.1.12', '', false],
    ['{plugin: cilium, mode: geneve}', '172.16.1.12', '', false],
  ])('cni %s, node-2 at %s: %s warns: %s', (cni, node2, mode, warns) => {
    const state = scenario(cni, node2);
    const warning = state.diagnostics.find((d) => d.code === 'nodes-not-adjacent');
    expect(warning !== undefined).toBe(warns);
    if (!warning) return;
    expect(warning.message).toContain(mode);
    expect(warning.message).toContain(`node-2 (${node2}) is not on control-plane's network 172.16.0.0/24`);
    expect(warning.path).toBe('spec.cni.mode');
  });

  it.each([
    ['{plugin: flannel, mode: host-gw}', '172.16.1.12', 0],
    ['{plugin: flannel, mode: host-gw}', '172.16.0.12', 1],
    ['{plugin: calico, mode: bgp}', '172.16.1.12', 0],
    ['{plugin: cilium, mode: native}', '172.16.1.12', 0],
  ])('cni %s, node-2 at %s: node-1 has %i route(s) via node-2', (cni, node2, count) => {
    const node1 = scenario(cni, node2).index.nodeByName.get('node-1')!;
    expect(node1.routes.filter((r) => r.via === node2 && r.dev === 'eth0')).toHaveLength(count);
  });
});

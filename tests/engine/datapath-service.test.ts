// Services through the datapath (DATAPATH §4, §5, §9.1): DNAT on the client's node, post-DNAT
// routing, masquerade where §4.6 says, conntrack entries, and replies reversed on the node that
// translated. Endpoint choice is seeded; `seedPicking` finds a seed for the endpoint a table needs.
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/model/cluster.ts';
import { reverse } from '../../src/engine/conntrack.ts';
import type { Place, SendOutput } from '../../src/engine/datapath.ts';
import type { Tuple } from '../../src/engine/netfilter.ts';
import { formatHops, fromPod, layersOf, node, plan, pod, row, sendFrom, sym, tcp } from './datapath-helpers.ts';

function seedPicking(state: ClusterState, from: Place, tuple: Tuple, endpoint: string): number {
  for (let seed = 1; seed < 200; seed++) {
    if (sendFrom(state, from, tuple, { seed }).dnat?.tuple.dst === endpoint) return seed;
  }
  throw new Error(`no seed picks ${endpoint}`);
}

function connect(state: ClusterState, from: Place, tuple: Tuple, endpoint?: string): { out: SendOutput; back: SendOutput } {
  const seed = endpoint ? seedPicking(state, from, tuple, endpoint) : 1;
  const out = sendFrom(state, from, tuple, { seed });
  const back = sendFrom(state, out.receivedBy!, reverse(out.tuple), { ct: out.ct, reply: true, seed });
  return { out, back };
}

const CLUSTER_IP = tcp('10.244.1.5', '10.96.100.10', 80);

describe('§4.3 pod → ClusterIP, backend on another node', () => {
  const state = plan();
  const client = fromPod(pod(state, 'client'));
  const { out, back } = connect(state, client, CLUSTER_IP, '10.244.2.7');

  it('steps 1–12: DNAT on node1 in PREROUTING, no mark, source kept, VXLAN to node2, web-b sees ttl 62', () => {
    const dump = formatHops(out.hops);
    const rows = out.hops.map(row);
    expect(rows.slice(0, 8), dump).toEqual([
      'eth0 | 64 | 10.244.1.5>10.96.100.10 | {m:client}>{if:node-1/cni0}', // 1 ClusterIP via the default route
      '{hv:client} | 64 | 10.244.1.5>10.96.100.10 | {m:client}>{if:node-1/cni0}',
      'cni0 | 64 | 10.244.1.5>10.96.100.10 | {m:client}>{if:node-1/cni0}', // 2 routed up
      'nat PREROUTING | 64 | 10.244.1.5>10.244.2.7 | {m:client}>{if:node-1/cni0}', // 3–4 KUBE-SVC → KUBE-SEP-B, DNAT
      'routing | 63 | 10.244.1.5>10.244.2.7 | {if:node-1/flannel.1}>{if:node-2/flannel.1}', // 5 via flannel.1, TTL−1
      'filter FORWARD | 63 | 10.244.1.5>10.244.2.7 | {if:node-1/flannel.1}>{if:node-2/flannel.1}', // 6
      'nat POSTROUTING | 63 | 10.244.1.5>10.244.2.7 | {if:node-1/flannel.1}>{if:node-2/flannel.1}', // 7 source kept
      'flannel.1 | 63 | 10.244.1.5>10.244.2.7 | {if:node-1/flannel.1}>{if:node-2/flannel.1}', // 8– §3.1 6–12
    ].map((r) => sym(state, r)));
    expect(out.hops[3]!.verdict).toBe('nat');
    expect(out.dnat?.masqueradeMark).toBe(false);
    expect(out.tuple).toEqual(tcp('10.244.1.5', '10.244.2.7', 8080));
    expect(layersOf(out.hops[out.hops.length - 1]!).ip!.ttl).toBe(62);
    // Node2 never evaluates the Service: its PREROUTING sees the translated packet and matches nothing.
    const node2Nat = out.hops.find((h) => h.node === 'node-2' && h.where === 'nat PREROUTING')!;
    expect(node2Nat.verdict, dump).toBe('pass');
  });

  it('step 4: the conntrack entry on node1 (original → expected reply)', () => {
    expect(out.ct.entries).toEqual([{
      original: tcp('10.244.1.5', '10.96.100.10', 80), reply: tcp('10.244.2.7', '10.244.1.5', 41000, 8080), node: 'node-1', natted: { dnat: true },
    }]);
  });

  it('R1–R3: the reply is plain pod-to-pod back to node1, where conntrack restores the Service address after routing', () => {
    const dump = formatHops(back.hops);
    expect(back.outcome, dump).toBe('delivered');
    expect(row(back.hops[0]!), dump).toBe(sym(state, 'eth0 | 64 | 10.244.2.7>10.244.1.5 | {m:web-b}>{if:node-2/cni0}')); // R1
    const r2 = back.hops.find((h) => h.component === 'conntrack')!;
    // R2: a DNAT is undone by the reply's source manip, at POSTROUTING (nf_nat_packet, HOOK2MANIP).
    expect([r2.node, r2.where, layersOf(r2).ip!.src, layersOf(r2).ip!.dst], dump).toEqual(['node-1', 'nat POSTROUTING', '10.96.100.10', '10.244.1.5']);
    expect(back.hops[back.hops.indexOf(r2) - 1]!.where, dump).toBe('routing');
    expect(back.tuple).toEqual(tcp('10.96.100.10', '10.244.1.5', 41000, 80)); // R3: what the client dialed
    expect(layersOf(back.hops[back.hops.length - 1]!).ip!.ttl).toBe(62);
    // No NetworkPolicy check on a reply (NETPOL.md 6).
    expect(back.hops.some((h) => h.action.includes('NetworkPolicy')), dump).toBe(false);
  });
});

describe('§4.4 pod → ClusterIP, backend on the same node behind the bridge', () => {
  const state = plan();
  const { out, back } = connect(state, fromPod(pod(state, 'client')), CLUSTER_IP, '10.244.1.9');

  it('request: routed back out cni0, `m(cni0@n1)>mA`, ttl 63', () => {
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(row(out.hops[out.hops.length - 1]!), dump).toBe(sym(state, 'eth0 | 63 | 10.244.1.5>10.244.1.9 | {if:node-1/cni0}>{m:web-a}'));
  });

  it('reply: bridged mA>mC with ttl 64; br_netfilter\'s POSTROUTING lets conntrack rewrite the source to 10.96.100.10:80', () => {
    const dump = formatHops(back.hops);
    expect(back.hops.map((h) => h.where), dump).toEqual(['eth0', '{hv:web-a}', 'cni0', 'br_netfilter nat POSTROUTING', '{hv:client}', 'eth0'].map((w) => sym(state, w)));
    expect(row(back.hops[back.hops.length - 1]!)).toBe(sym(state, 'eth0 | 64 | 10.96.100.10>10.244.1.5 | {m:web-a}>{m:client}'));
    expect(back.tuple).toEqual(tcp('10.96.100.10', '10.244.1.5', 41000, 80));
  });
});

describe('§4.5 hairpin: a pod reaching itself through its own Service', () => {
  const state = plan();
  const webA = fromPod(pod(state, 'web-a'));
  const { out, back } = connect(state, webA, tcp('10.244.1.9', '10.96.100.10', 80), '10.244.1.9');

  it('marked, DNATed to itself, masqueraded to cni0 10.244.1.1, sent back out the port it came in on (hairpin)', () => {
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.dnat?.masqueradeMark).toBe(true);
    expect(out.tuple.src, dump).toBe('10.244.1.1');
    expect(out.tuple.dst).toBe('10.244.1.9');
    expect(out.hops.find((h) => h.component === 'bridge' && h.node === 'node-1' && h.action.includes('hairpin')), dump).toBeDefined();
  });

  it('step 4: the reply goes to the node; conntrack un-SNATs and un-DNATs it', () => {
    const dump = formatHops(back.hops);
    expect(back.outcome, dump).toBe('delivered');
    expect(back.tuple).toEqual(tcp('10.96.100.10', '10.244.1.9', 41000, 80));
  });
});

describe('§4.8 Services without usable endpoints', () => {
  it('no endpoints at all: REJECT, the client gets ICMP port-unreachable', () => {
    const state = plan({ without: ['web-a', 'web-b'] });
    const out = sendFrom(state, fromPod(pod(state, 'client')), CLUSTER_IP);
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('rejected');
    const last = out.hops[out.hops.length - 1]!;
    expect([last.node, last.where, last.verdict], dump).toEqual(['node-1', 'filter FORWARD', 'reject']);
    expect(last.because.length, dump).toBeGreaterThan(0);
    expect(last.action).toMatch(/ICMP port.unreachable/);
  });

  it('internalTrafficPolicy Local with no endpoint on the client node: DROP', () => {
    const state = plan({ without: ['web-a'], serviceSpec: '  internalTrafficPolicy: Local\n  ports: [{name: http, port: 80, targetPort: 8080}]' });
    const out = sendFrom(state, fromPod(pod(state, 'client')), CLUSTER_IP);
    expect(out.outcome, formatHops(out.hops)).toBe('dropped');
    expect(out.hops[out.hops.length - 1]!.verdict).toBe('drop');
  });
});

describe('§5.3 NodePort from outside', () => {
  const external: Place = { kind: 'external', ip: '203.0.113.7' };
  const nodePort = tcp('203.0.113.7', '172.16.0.11', 30080, 51000);

  it('externalTrafficPolicy Cluster: marked, DNAT, masqueraded to flannel.1 10.244.1.0; the reply restores 172.16.0.11:30080', () => {
    const state = plan();
    const { out, back } = connect(state, external, nodePort, '10.244.2.7');
    const dump = formatHops(out.hops);
    expect(out.hops.map((h) => `${h.node ?? '-'} ${h.where}`).slice(0, 4), dump).toEqual(['- internet', 'node-1 eth0', 'node-1 nat PREROUTING', 'node-1 routing']);
    expect(out.dnat?.masqueradeMark).toBe(true);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.tuple.src, dump).toBe('10.244.1.0'); // step 5–6: web-b sees the flannel.1 address, not the client
    const snat = out.hops.find((h) => h.where === 'nat POSTROUTING' && h.node === 'node-1')!;
    expect(snat.verdict, dump).toBe('nat');
    expect(back.outcome, formatHops(back.hops)).toBe('delivered');
    expect(back.receivedBy).toEqual({ kind: 'external', ip: '203.0.113.7' });
    expect(back.tuple).toEqual(tcp('172.16.0.11', '203.0.113.7', 51000, 30080)); // R
  });

  it('externalTrafficPolicy Local on a node with a local endpoint: no mark, the client IP is kept', () => {
    const state = plan({ serviceSpec: '  type: NodePort\n  externalTrafficPolicy: Local\n  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]' });
    const out = sendFrom(state, external, nodePort);
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.receivedBy).toEqual({ kind: 'pod', pod: pod(state, 'web-a') });
    expect(out.tuple).toEqual(tcp('203.0.113.7', '10.244.1.9', 8080, 51000));
    expect(layersOf(out.hops[out.hops.length - 1]!).ip!.ttl).toBe(63);
  });

  it('externalTrafficPolicy Local on a node without a local endpoint: DROP', () => {
    const state = plan({ without: ['web-a'], serviceSpec: '  type: NodePort\n  externalTrafficPolicy: Local\n  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]' });
    const out = sendFrom(state, external, nodePort);
    expect(out.outcome, formatHops(out.hops)).toBe('dropped');
    expect(out.hops[out.hops.length - 1]!.node).toBe('node-1');
  });
});

describe('§5.4 LoadBalancer', () => {
  const lb = '  type: LoadBalancer\n  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]';

  it('a pod dialing the LB IP is captured on its own node (never reaches the external LB)', () => {
    const state = plan({ serviceSpec: lb });
    const vip = state.services.find((s) => s.name === 'web')!.loadBalancerIPs[0]!;
    const out = sendFrom(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', vip, 80));
    const dump = formatHops(out.hops);
    const dnat = out.hops.find((h) => h.verdict === 'nat')!;
    expect([dnat.node, dnat.where], dump).toEqual(['node-1', 'nat PREROUTING']);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.hops.some((h) => h.at.startsWith('external:') || h.at === 'underlay' && layersOf(h).ip?.dst === vip), dump).toBe(false);
  });

  it('from outside, the packet for the VIP enters the node the load balancer picked and is DNATed there', () => {
    const state = plan({ serviceSpec: lb });
    const vip = state.services.find((s) => s.name === 'web')!.loadBalancerIPs[0]!;
    const out = sendFrom(state, { kind: 'external', ip: '203.0.113.7', entry: node(state, 'node-2') }, tcp('203.0.113.7', vip, 80, 51000));
    const dump = formatHops(out.hops);
    expect(out.hops[1]!.at, dump).toBe('iface:node-2/eth0');
    expect(out.hops.find((h) => h.verdict === 'nat')!.node, dump).toBe('node-2');
    expect(out.outcome, dump).toBe('delivered');
  });
});

describe('§5.4 loadBalancerSourceRanges', () => {
  it('a client outside the ranges is dropped by kube-proxy\'s firewall on the entry node, the rule named', () => {
    const state = plan({ serviceSpec: '  type: LoadBalancer\n  loadBalancerSourceRanges: [198.51.100.0/24]\n  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]' });
    const vip = state.services.find((s) => s.name === 'web')!.loadBalancerIPs[0]!;
    const out = sendFrom(state, { kind: 'external', ip: '203.0.113.7', entry: node(state, 'node-1') }, tcp('203.0.113.7', vip, 80, 51000));
    const last = out.hops[out.hops.length - 1]!;
    expect([out.outcome, last.node, last.verdict], formatHops(out.hops)).toEqual(['dropped', 'node-1', 'drop']);
    expect(out.reason).toMatch(/KUBE-PROXY-FIREWALL|KUBE-FW-/);
  });
});

describe('§4.6 last row: pod → outside the cluster', () => {
  it('routed out eth0, masqueraded by flannel to the node IP; the reply comes back through conntrack', () => {
    const state = plan();
    const { out, back } = connect(state, fromPod(pod(state, 'client')), tcp('10.244.1.5', '203.0.113.10', 80));
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('left-cluster');
    expect(out.receivedBy).toEqual({ kind: 'external', ip: '203.0.113.10' });
    expect(out.tuple.src).toBe('172.16.0.11');
    expect(out.hops.find((h) => h.where === 'nat POSTROUTING')!.because.map((b) => b.text).join('\n'), dump).toMatch(/-A FLANNEL-POSTRTG .*-j MASQUERADE/);
    expect(back.outcome, formatHops(back.hops)).toBe('delivered');
    expect(back.receivedBy).toEqual({ kind: 'pod', pod: pod(state, 'client') });
    expect(back.tuple).toEqual(tcp('203.0.113.10', '10.244.1.5', 41000, 80));
  });
});

describe('§9.1 hostNetwork pods and the node itself', () => {
  it('a hostNetwork pod\'s Service traffic goes through nat OUTPUT and is masqueraded (source outside the cluster CIDR)', () => {
    const state = plan({ extra: `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: app}
spec: {nodeName: node-1, hostNetwork: true, containers: [{name: c, image: x}]}
` });
    const agent = pod(state, 'agent', 'app');
    const out = sendFrom(state, fromPod(agent), tcp('172.16.0.11', '10.96.100.10', 80), { seed: seedPicking(state, fromPod(agent), tcp('172.16.0.11', '10.96.100.10', 80), '10.244.2.7') });
    const dump = formatHops(out.hops);
    expect(out.hops.map((h) => h.where).slice(0, 3), dump).toEqual(['host network namespace', 'nat OUTPUT', 'routing']);
    // Locally generated: no veth, no bridge, TTL not decremented on the first node.
    expect(layersOf(out.hops[2]!).ip!.ttl).toBe(64);
    expect(out.dnat?.masqueradeMark).toBe(true);
    expect(out.tuple.src, dump).toBe('10.244.1.0');
    expect(out.outcome, dump).toBe('delivered');
  });
});

describe('§4.9 IPVS and §4.11 Cilium kube-proxy replacement', () => {
  it('IPVS: the Service IP is translated on the client node (virtual server → real server)', () => {
    const state = plan({ proxy: 'ipvs' });
    const out = sendFrom(state, fromPod(pod(state, 'client')), CLUSTER_IP);
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    const dnat = out.hops.find((h) => h.verdict === 'nat')!;
    expect([dnat.node, dnat.component], dump).toEqual(['node-1', 'ipvs']);
  });

  it('replacement: no packet carries the ClusterIP and there is no DNAT hop; the reply shows the Service address to the app', () => {
    const state = plan({ plugin: 'cilium', proxy: 'replacement' });
    const { out, back } = connect(state, fromPod(pod(state, 'client')), CLUSTER_IP);
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.hops.every((h) => h.packet.layers.every((l) => l.type !== 'ipv4' || (l.dst !== '10.96.100.10' && l.src !== '10.96.100.10'))), dump).toBe(true);
    expect(out.hops.some((h) => h.verdict === 'nat'), dump).toBe(false);
    expect(out.dnat?.because.every((b) => b.kind === 'ebpf'), dump).toBe(true);
    expect(back.outcome, formatHops(back.hops)).toBe('delivered');
    expect(back.tuple).toEqual(tcp('10.96.100.10', '10.244.1.5', 41000, 80));
  });
});

describe('§5.7 sessionAffinity ClientIP and §4.10 nftables mode', () => {
  it('affinity: the conntrack value carried from one send to the next keeps the client on its endpoint, whatever the seed', () => {
    const state = plan({ serviceSpec: '  sessionAffinity: ClientIP\n  ports: [{name: http, port: 80, targetPort: 8080}]' });
    const client = fromPod(pod(state, 'client'));
    const first = sendFrom(state, client, CLUSTER_IP, { seed: 1 });
    const picked = first.tuple.dst;
    for (const seed of [2, 3, 4, 5, 6, 7, 8]) {
      const again = sendFrom(state, client, tcp('10.244.1.5', '10.96.100.10', 80, 41000 + seed), { seed, ct: first.ct });
      expect(again.tuple.dst, formatHops(again.hops)).toBe(picked);
    }
  });

  it('nftables: the same path, with the translation in the kube-proxy table\'s nat-prerouting chain', () => {
    const state = plan({ proxy: 'nftables' });
    const { out, back } = connect(state, fromPod(pod(state, 'client')), CLUSTER_IP, '10.244.2.7');
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.hops.find((h) => h.verdict === 'nat')!.because.some((b) => b.kind === 'nftables'), dump).toBe(true);
    expect(back.tuple).toEqual(tcp('10.96.100.10', '10.244.1.5', 41000, 80));
  });

  it('IPVS binds Service IPs to kube-ipvs0, so a ping to the ClusterIP is answered by the node itself (§4.9)', () => {
    const state = plan({ proxy: 'ipvs' });
    const out = sendFrom(state, fromPod(pod(state, 'client')), { protocol: 'ICMP', src: '10.244.1.5', sport: 9, dst: '10.96.100.10', dport: 9 });
    const dump = formatHops(out.hops);
    expect(out.outcome, dump).toBe('delivered');
    expect(out.receivedBy, dump).toEqual({ kind: 'node', node: node(state, 'node-1') });
    expect(out.hops[out.hops.length - 1]!.because[0]!.text).toContain('dev kube-ipvs0');
  });
});

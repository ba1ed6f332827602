// Where a reply's NAT is undone (DATAPATH §4.3 R2, §4.4, §4.5 step 4, §4.7): the kernel reverses
// each manip of the original at the hook that does that kind of manip — HOOK2MANIP in
// include/net/netfilter/nf_nat.h ("SRC manip occurs POST_ROUTING or LOCAL_IN"), nf_nat_packet in
// net/netfilter/nf_nat_core.c inverting the status bit for the reply direction. A SNAT is undone
// at nat PREROUTING (or OUTPUT), before routing; a DNAT at nat POSTROUTING (or INPUT), after it.
// A bridged reply meets both through br_netfilter (net/bridge/br_netfilter_hooks.c
// br_nf_pre_routing / br_nf_post_routing); an ICMP error quoting the connection is translated at
// the same hooks (nf_nat_icmp_reply_translation, net/netfilter/nf_nat_proto.c).
// Each row: a hop of the reply on the translating node — its hook (or routing/bridge step) and
// the addresses the packet carries after it, so the order and each intermediate packet are checked.
import { describe, expect, it } from 'vitest';
import { showTuple } from '../../src/engine/datapath-packet.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import type { FlowSpec, Hop, Layer, Phase, Trace } from '../../src/engine/types.ts';
import { dump, plan, run, state } from './trace-fixtures.ts';

const extra = `---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: app}
spec:
  nodeName: node-1
  hostNetwork: true
  containers: [{name: main, image: example}]
---
apiVersion: v1
kind: Service
metadata: {name: dns2, namespace: app}
spec:
  type: NodePort
  clusterIP: 10.96.100.30
  selector: {app: web}
  ports: [{port: 53, targetPort: 5353, protocol: UDP, nodePort: 30053}]
---
apiVersion: v1
kind: Service
metadata: {name: stale, namespace: app}
spec:
  clusterIP: 10.96.100.40
  ports: [{name: u, port: 53, protocol: UDP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: stale-1, namespace: app, labels: {kubernetes.io/service-name: stale}}
addressType: IPv4
ports: [{name: u, port: 53, protocol: UDP}]
endpoints: [{addresses: [10.244.2.99]}]
`;

const lab: ClusterState = state(plan(extra));

/** The steps a reply's NAT is placed among: netfilter hooks, the routing decision, the bridge, local delivery. */
const steps = new Set(['conntrack', 'routing', 'bridge']);

function addresses(layers: readonly Layer[]): string {
  const ip = layers.filter((l) => l.type === 'ipv4').at(-1);
  const l4 = layers.find((l) => l.type === 'tcp' || l.type === 'udp');
  if (!ip || ip.type !== 'ipv4') return '-';
  return l4 && (l4.type === 'tcp' || l4.type === 'udp') ? `${ip.src}:${l4.sport}>${ip.dst}:${l4.dport}` : `${ip.src}>${ip.dst}`;
}

/** The phase's hops on `node` that are NAT hooks, routing or bridging (arrival on eth0 left out). */
function rows(phase: Phase, node: string): string[] {
  return phase.hops.filter((h: Hop) => h.node === node && steps.has(h.component) && h.where !== 'eth0').map((h) => `${h.where} | ${addresses(h.packet.layers)}`);
}

/** The first seed whose request reaches `pod` (the endpoint the case needs). */
function traceTo(flow: Partial<FlowSpec> & Pick<FlowSpec, 'from' | 'to'>, pod: string | undefined): Trace {
  for (let seed = 1; seed <= 40; seed++) {
    const t = run(lab, flow, seed);
    if (!pod || t.phases[0]!.hops.some((h) => h.at === `pod:${pod}` && h.component === 'pod-netns' && h.verdict === 'deliver')) return t;
  }
  throw new Error(`no seed sends ${flow.to} to ${pod}`);
}

/** The masquerade address:port the translating node chose for the request (`{snat}` in a row). */
function snatOf(t: Trace, node: string): string {
  const hop = t.phases[0]!.hops.find((h) => h.node === node && h.where === 'nat POSTROUTING' && h.verdict === 'nat');
  return hop ? addresses(hop.packet.layers).split('>')[0]! : '{snat}';
}

interface Case {
  readonly name: string;
  readonly flow: Partial<FlowSpec> & Pick<FlowSpec, 'from' | 'to'>;
  /** The endpoint the request must reach, or undefined when any will do. */
  readonly endpoint?: string;
  /** The node that translated the request (where the reply is undone). */
  readonly node: string;
  readonly phase: 'reply' | 'icmp';
  readonly expected: readonly string[];
}

const cases: readonly Case[] = [
  {
    name: '§4.3 ClusterIP, backend on another node (DNAT only): routed with the pod source, un-DNAT at POSTROUTING',
    flow: { from: 'app/client', to: '10.96.100.10:80' }, endpoint: 'app/web-b', node: 'node-1', phase: 'reply',
    expected: [
      'routing | 10.244.2.7:8080>10.244.1.5:{cport}',
      'nat POSTROUTING | 10.96.100.10:80>10.244.1.5:{cport}',
      'cni0 | 10.96.100.10:80>10.244.1.5:{cport}',
    ],
  },
  {
    name: '§4.4 ClusterIP, backend on the same node: the bridged reply is un-DNATed by br_netfilter\'s POSTROUTING, after the bridge decision',
    flow: { from: 'app/client', to: '10.96.100.10:80' }, endpoint: 'app/web-a', node: 'node-1', phase: 'reply',
    expected: [
      'cni0 | 10.244.1.9:8080>10.244.1.5:{cport}',
      'br_netfilter nat POSTROUTING | 10.96.100.10:80>10.244.1.5:{cport}',
    ],
  },
  {
    name: '§4.5 hairpin (DNAT + SNAT): un-SNAT at PREROUTING, routing on the restored destination, un-DNAT at POSTROUTING',
    flow: { from: 'app/web-a', to: '10.96.100.10:80' }, endpoint: 'app/web-a', node: 'node-1', phase: 'reply',
    expected: [
      'cni0 | 10.244.1.9:8080>{snat}',
      'nat PREROUTING | 10.244.1.9:8080>10.244.1.9:{cport}',
      'routing | 10.244.1.9:8080>10.244.1.9:{cport}',
      'nat POSTROUTING | 10.96.100.10:80>10.244.1.9:{cport}',
      'cni0 | 10.96.100.10:80>10.244.1.9:{cport}',
    ],
  },
  {
    name: '§5.3 NodePort, externalTrafficPolicy Cluster (DNAT + SNAT): the client address is back before routing, the node address after',
    flow: { from: 'external', to: '172.16.0.11:30080' }, endpoint: 'app/web-b', node: 'node-1', phase: 'reply',
    expected: [
      'nat PREROUTING | 10.244.2.7:8080>203.0.113.7:{cport}',
      'routing | 10.244.2.7:8080>203.0.113.7:{cport}',
      'nat POSTROUTING | 172.16.0.11:30080>203.0.113.7:{cport}',
    ],
  },
  {
    name: '§4.6 pod → outside, masquerade only: un-SNAT at PREROUTING, nothing at POSTROUTING',
    flow: { from: 'app/client', to: '203.0.113.10:80' }, node: 'node-1', phase: 'reply',
    expected: [
      'nat PREROUTING | 203.0.113.10:80>10.244.1.5:{cport}',
      'routing | 203.0.113.10:80>10.244.1.5:{cport}',
      'cni0 | 203.0.113.10:80>10.244.1.5:{cport}',
    ],
  },
  {
    name: '§9.1 hostNetwork client → ClusterIP (DNAT + masquerade): un-SNAT at PREROUTING, un-DNAT at INPUT before the node\'s socket',
    flow: { from: 'app/agent', to: '10.96.100.10:80' }, endpoint: 'app/web-b', node: 'node-1', phase: 'reply',
    expected: [
      'nat PREROUTING | 10.244.2.7:8080>172.16.0.11:{cport}',
      'routing | 10.244.2.7:8080>172.16.0.11:{cport}',
      'nat INPUT | 10.96.100.10:80>172.16.0.11:{cport}',
      'INPUT | 10.96.100.10:80>172.16.0.11:{cport}',
    ],
  },
  {
    name: 'the node itself → the kubernetes Service, endpoint on the same node: sent to itself, un-DNAT at POSTROUTING on the way to lo',
    flow: { from: 'node/control-plane', to: '10.96.0.1:443' }, node: 'control-plane', phase: 'reply',
    expected: [
      'routing | 172.16.0.10:6443>172.16.0.10:{cport}',
      'nat POSTROUTING | 10.96.0.1:443>172.16.0.10:{cport}',
      'lo | 10.96.0.1:443>172.16.0.10:{cport}',
    ],
  },
  {
    name: 'ICMP port-unreachable for a ClusterIP (RELATED, DNAT only): the outer source becomes the Service address at POSTROUTING',
    flow: { from: 'app/client', to: '10.96.100.30:53', protocol: 'UDP' }, endpoint: 'app/web-b', node: 'node-1', phase: 'icmp',
    expected: [
      'routing | 10.244.2.7>10.244.1.5',
      'nat POSTROUTING | 10.96.100.30>10.244.1.5',
      'cni0 | 10.96.100.30>10.244.1.5',
    ],
  },
  {
    // nf_nat_icmp_reply_translation writes the inverted original tuple into the outer header at
    // the source-manip hook, whoever sent the error: node-2 (ARP for a stale endpoint unanswered)
    // is hidden behind the Service address, as a traceroute through a DNAT shows.
    name: 'ICMP host-unreachable from the endpoint\'s node (RELATED, DNAT only): the outer source becomes the Service address too',
    flow: { from: 'app/client', to: '10.96.100.40:53', protocol: 'UDP' }, node: 'node-1', phase: 'icmp',
    expected: [
      'routing | 10.244.2.0>10.244.1.5',
      'nat POSTROUTING | 10.96.100.40>10.244.1.5',
      'cni0 | 10.96.100.40>10.244.1.5',
    ],
  },
  {
    name: 'ICMP port-unreachable for a NodePort (RELATED, DNAT + SNAT): outer destination at PREROUTING, outer source at POSTROUTING',
    flow: { from: 'external', to: '172.16.0.11:30053', protocol: 'UDP' }, endpoint: 'app/web-b', node: 'node-1', phase: 'icmp',
    expected: [
      'nat PREROUTING | 10.244.2.7>203.0.113.7',
      'routing | 10.244.2.7>203.0.113.7',
      'nat POSTROUTING | 172.16.0.11>203.0.113.7',
    ],
  },
];

describe('a reply\'s NAT is undone at the hook of each manip (nf_nat_packet, HOOK2MANIP)', () => {
  it.each(cases)('$name', ({ flow, endpoint, node, phase, expected }) => {
    const t = traceTo(flow, endpoint);
    const back = t.phases.find((p) => p.kind === phase);
    expect(back, dump(t)).toBeDefined();
    const request = t.phases[0]!.hops[0]!;
    const cport = /:(\d+)>/.exec(addresses(request.packet.layers))?.[1] ?? '';
    const want = expected.map((r) => r.replace('{cport}', cport).replace('{snat}', snatOf(t, node)));
    expect(rows(back!, node), dump(t)).toEqual(want);
    // Every conntrack hop names its connection and says which of the original's manips it undoes:
    // the SNAT where destinations are rewritten, the DNAT where sources are.
    for (const h of back!.hops.filter((x) => x.component === 'conntrack')) {
      expect(h.because[0]?.kind, dump(t)).toBe('conntrack');
      expect(h.action, dump(t)).toMatch(/PREROUTING|OUTPUT/.test(h.where) ? /undoes (that|its) SNAT/ : /undoes the (quoted )?connection's DNAT/);
    }
  });

  it('the quoted header of a RELATED error is restored with the outer one: after both hooks it is the packet the client sent', () => {
    const t = traceTo({ from: 'external', to: '172.16.0.11:30053', protocol: 'UDP' }, 'app/web-b');
    const sent = t.phases[0]!.hops[0]!;
    const [src, dst] = addresses(sent.packet.layers).split('>') as [string, string];
    const original = { protocol: 'UDP' as const, src: src.split(':')[0]!, sport: Number(src.split(':')[1]), dst: dst.split(':')[0]!, dport: Number(dst.split(':')[1]) };
    const hops = t.phases.find((p) => p.kind === 'icmp')!.hops.filter((h) => h.component === 'conntrack');
    expect(hops.map((h) => h.where), dump(t)).toEqual(['nat PREROUTING', 'nat POSTROUTING']);
    expect(hops[1]!.action, dump(t)).toContain(`about ${showTuple(original)} as the client sent it`);
  });
});

describe('Cilium translated the connection itself: its rev-NAT stays in eBPF', () => {
  // Native routing brings the reply up through node-1's stack (no tunnel redirect), but the
  // Service translation was the client's lxc program's, so the reversal is its to-container
  // program's — not a netfilter hook (DATAPATH §2.3, §4.11).
  const native = state(plan().replace('cni: {plugin: flannel, mode: vxlan, networkPolicy: true}', 'cni: {plugin: cilium, mode: native}\n  podCIDR: 10.244.0.0/16'));

  it('native routing, ClusterIP: no conntrack hop at a nat hook, one rev-NAT at the client\'s lxc after ipv4_l3', () => {
    const t = run(native, { from: 'app/client', to: '10.96.100.10:80' }, 2);
    const reply = t.phases.find((p) => p.kind === 'reply')!;
    const node1 = reply.hops.filter((h) => h.node === 'node-1').map((h) => `${h.component} ${h.where} | ${addresses(h.packet.layers)}`);
    const cport = /:(\d+)>/.exec(addresses(t.phases[0]!.hops[0]!.packet.layers))?.[1] ?? '';
    const served = t.phases[0]!.hops.find((h) => h.component === 'pod-netns' && h.verdict === 'deliver')!;
    const backend = addresses(served.packet.layers).split('>')[1]!;
    const lxc = native.index.podById.get('app/client')!.hostVeth!.name;
    expect(node1.filter((r) => !r.startsWith('veth') && !r.startsWith('routing eth0') && !r.startsWith('pod-netns')), dump(t)).toEqual([
      `ebpf ipv4_l3 | ${backend}>10.244.1.5:${cport}`,
      `conntrack ${lxc} (to-container) | 10.96.100.10:80>10.244.1.5:${cport}`,
    ]);
  });
});

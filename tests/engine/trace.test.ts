// trace(): one flow as phases of hops, on DATAPATH.md §0.1's address plan (tests/engine/trace-fixtures.ts).
// Each case names the DATAPATH/NETPOL fact it checks; a failing case prints the whole trace.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { flowSpecOf, parseCommand } from '../../src/engine/flow.ts';
import { trace } from '../../src/engine/trace.ts';
import type { Hop, IPv4Layer, Trace } from '../../src/engine/types.ts';
import { denyWeb, dump, egressWithoutDns, plan, pod, run, soloNodePortService, state } from './trace-fixtures.ts';

const inner = (h: Hop): IPv4Layer => h.packet.layers.filter((l): l is IPv4Layer => l.type === 'ipv4').at(-1)!;
const phase = (t: Trace, name: string) => t.phases.find((p) => p.name === name);
const last = (t: Trace, name: string): Hop => phase(t, name)!.hops.at(-1)!;
/** The hop where the packet entered the receiving pod (`Delivered to …`), before the application hop. */
const delivered = (t: Trace, name: string): Hop => phase(t, name)!.hops.filter((h) => h.verdict === 'deliver' && h.component !== 'application').at(-1)!;

const extra = [
  pod('solo', 'node-2', '10.244.2.8', '{app: solo}'),
  pod('other', 'node-2', '10.244.2.9', '{app: other}', '[]', 'default'),
  pod('hostport', 'node-2', '10.244.2.10', '{app: hostport}', '[{containerPort: 8080, hostPort: 8081}]'),
  pod('hostnet', 'node-1', '172.16.0.11', '{app: hostnet}', '[{containerPort: 9100}]').replace('spec:\n', 'spec:\n  hostNetwork: true\n'),
  `---
${soloNodePortService}---
apiVersion: v1
kind: Service
metadata: {name: lb, namespace: app}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: app}
spec:
  selector: {app: nothing}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: app}
spec:
  clusterIP: None
  selector: {app: solo}
  ports: [{port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: app}
spec:
  type: ExternalName
  externalName: example.com
`,
].join('');

const lab = state(plan(extra));

interface Case {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
  readonly port?: number;
  readonly lookupOnly?: boolean;
  readonly http?: boolean;
  readonly verdict: Trace['verdict'];
  readonly servedBy?: string;
  readonly phases: readonly string[];
  readonly check?: (t: Trace) => void;
}

const dnsWeb = 'DNS query 1: web.app.svc.cluster.local A (UDP)';

const cases: readonly Case[] = [
  {
    // DATAPATH §2.1: same node behind the bridge: switched, TTL not decremented.
    name: 'pod → pod on the same node (bridge switching, TTL 64)', from: 'app/client', to: '10.244.1.9:8080',
    verdict: 'delivered', servedBy: 'app/web-a', phases: ['connect', 'reply'],
    check: (t) => expect(inner(delivered(t, 'connect')).ttl).toBe(64),
  },
  {
    // DATAPATH §3.1: VXLAN across nodes, TTL 64 → 63 → 62, outer UDP 8472 VNI 1.
    name: 'pod → pod across nodes (flannel VXLAN)', from: 'app/client', to: '10.244.2.7:8080',
    verdict: 'delivered', servedBy: 'app/web-b', phases: ['connect', 'reply'],
    check: (t) => {
      expect(inner(delivered(t, 'connect'))).toMatchObject({ src: '10.244.1.5', dst: '10.244.2.7', ttl: 62 });
      const layers = phase(t, 'connect')!.hops.flatMap((h) => h.packet.layers);
      expect(layers).toContainEqual({ type: 'vxlan', vni: 1 });
      expect(layers.some((l) => l.type === 'udp' && l.dport === 8472)).toBe(true);
    },
  },
  {
    // DATAPATH §6.5: the query goes to 10.96.0.10 and the answer comes back from 10.96.0.10:53 (conntrack);
    // §4.3 R3: the client sees the reply from the Service address it dialed.
    name: 'pod → Service by name: DNS first, then DNAT, reply from the ClusterIP', from: 'app/client', to: 'http://web/', http: true,
    verdict: 'delivered', phases: [dnsWeb, 'connect', 'reply'],
    check: (t) => {
      expect(inner(last(t, dnsWeb))).toMatchObject({ src: '10.96.0.10', dst: '10.244.1.5' });
      expect(inner(phase(t, 'connect')!.hops[0]!)).toMatchObject({ src: '10.244.1.5', dst: '10.96.100.10' });
      expect(inner(last(t, 'reply'))).toMatchObject({ src: '10.96.100.10', dst: '10.244.1.5' });
      expect(['app/web-a', 'app/web-b']).toContain(t.servedBy);
      expect(phase(t, 'connect')!.hops[0]!.packet.layers).toContainEqual(expect.objectContaining({ type: 'http', host: 'web', path: '/' }));
    },
  },
  {
    // DATAPATH §6.3 table, row `db.data`: the first search suffix gives NXDOMAIN, the second answers.
    name: 'a two-label name walks the search list (NXDOMAIN, then the answer)', from: 'default/other', to: 'web.app:80',
    verdict: 'delivered', phases: ['DNS query 1: web.app.default.svc.cluster.local A (UDP)', 'DNS query 2: web.app.svc.cluster.local A (UDP)', 'connect', 'reply'],
  },
  {
    // DATAPATH §6.1: CoreDNS pods run with dnsPolicy Default: the node's resolver, no cluster search list.
    name: 'a dnsPolicy Default pod (CoreDNS) asks the upstream resolver, which knows no cluster names', from: 'kube-system/deploy/coredns', to: 'web.app:80',
    verdict: 'nxdomain', phases: ['DNS query 1: web.app A (UDP)'],
  },
  {
    // DATAPATH §6.3: ndots 5 → the 3 cluster suffixes first, then the absolute name, which CoreDNS forwards (§6.1).
    name: 'NXDOMAIN after every search candidate and the upstream resolver', from: 'app/client', to: 'nosuch:80',
    verdict: 'nxdomain', phases: [
      'DNS query 1: nosuch.app.svc.cluster.local A (UDP)', 'DNS query 2: nosuch.svc.cluster.local A (UDP)', 'DNS query 3: nosuch.cluster.local A (UDP)',
      'DNS query 4: nosuch A (UDP)', 'CoreDNS forward: nosuch A (UDP) → 198.51.100.53', 'DNS answer 4: nosuch NXDOMAIN',
    ],
  },
  {
    // DATAPATH §4.6 last row: pod → Internet is masqueraded by flannel to the node address.
    name: 'pod → outside by name (CoreDNS forwards; flannel masquerades to the node IP)', from: 'app/client', to: 'http://example.com/', http: true,
    verdict: 'delivered', phases: [
      'DNS query 1: example.com.app.svc.cluster.local A (UDP)', 'DNS query 2: example.com.svc.cluster.local A (UDP)', 'DNS query 3: example.com.cluster.local A (UDP)',
      'DNS query 4: example.com A (UDP)', 'CoreDNS forward: example.com A (UDP) → 198.51.100.53', 'DNS answer 4: example.com NOERROR', 'connect', 'reply',
    ],
    check: (t) => {
      const out = phase(t, 'connect')!.hops.at(-2)!;
      expect(inner(out)).toMatchObject({ src: '172.16.0.11', dst: '203.0.113.10' });
      expect(inner(last(t, 'reply'))).toMatchObject({ src: '203.0.113.10', dst: '10.244.1.5' });
    },
  },
  {
    // DATAPATH §5.2: headless → the pod IP in DNS, no NAT on the connection.
    name: 'headless Service: DNS answers the pod IP, no DNAT', from: 'app/client', to: 'db:8080',
    verdict: 'delivered', servedBy: 'app/solo', phases: ['DNS query 1: db.app.svc.cluster.local A (UDP)', 'connect', 'reply'],
    check: (t) => {
      expect(inner(phase(t, 'connect')!.hops[0]!).dst).toBe('10.244.2.8');
      expect(phase(t, 'connect')!.hops.some((h) => h.verdict === 'nat')).toBe(false);
    },
  },
  {
    // DATAPATH §5.5: ExternalName is only a CNAME; the client then connects to the outside address.
    name: 'ExternalName: CNAME, the target resolved upstream, egress to the outside', from: 'app/client', to: 'http://ext/', http: true,
    verdict: 'delivered', phases: ['DNS query 1: ext.app.svc.cluster.local A (UDP)', 'CoreDNS forward: example.com A (UDP) → 198.51.100.53', 'DNS answer 1: ext.app.svc.cluster.local NOERROR', 'connect', 'reply'],
    check: (t) => expect(inner(phase(t, 'connect')!.hops[0]!).dst).toBe('203.0.113.10'),
  },
  {
    // DATAPATH §4.8: no endpoints → filter KUBE-SERVICES REJECTs.
    name: 'Service without endpoints: REJECT', from: 'app/client', to: 'empty:80',
    verdict: 'rejected', phases: ['DNS query 1: empty.app.svc.cluster.local A (UDP)', 'connect', 'ICMP port-unreachable'],
  },
  {
    name: 'closed port: the pod answers RST (connection refused)', from: 'app/client', to: '10.244.2.7:9090',
    verdict: 'rejected', phases: ['connect', 'reply'],
    check: (t) => {
      expect(last(t, 'reply').packet.layers).toContainEqual(expect.objectContaining({ type: 'tcp', flags: 'RST,ACK' }));
      expect(t.reason).toMatch(/connection refused.*TCP 9090.*declares TCP 8080/i);
    },
  },
  {
    // The kernel answers echo requests; ICMP needs no port.
    name: 'ping a pod on another node', from: 'app/client', to: '10.244.2.7', protocol: 'ICMP',
    verdict: 'delivered', servedBy: 'app/web-b', phases: ['echo request', 'echo reply'],
  },
  {
    // DATAPATH §4.8: ICMP to a ClusterIP matches no kube-proxy rule in iptables mode.
    name: 'ping a ClusterIP (iptables mode): no rule matches, no answer', from: 'app/client', to: '10.96.100.10', protocol: 'ICMP',
    verdict: 'unreachable', phases: ['echo request'],
  },
  {
    name: 'nslookup: only the DNS phase', from: 'app/client', to: 'web', protocol: 'UDP', lookupOnly: true,
    verdict: 'delivered', phases: [dnsWeb],
    check: (t) => expect(t.reason).toMatch(/web\.app\.svc\.cluster\.local resolves to 10\.96\.100\.10/),
  },
  {
    // DATAPATH §5.3 (Local): a node without a local endpoint drops NodePort traffic.
    name: 'NodePort, externalTrafficPolicy Local, node without a local endpoint: dropped', from: 'external', to: '172.16.0.11:30081',
    verdict: 'dropped', phases: ['connect'],
  },
  {
    // DATAPATH §5.3 (Local): source preserved, no masquerade.
    name: 'NodePort, externalTrafficPolicy Local, node with the endpoint: the client IP is kept', from: 'external', to: '172.16.0.12:30081',
    verdict: 'delivered', servedBy: 'app/solo', phases: ['connect', 'reply'],
    check: (t) => expect(inner(delivered(t, 'connect')).src).toBe('203.0.113.7'),
  },
  {
    // DATAPATH §5.4: MetalLB L2: one node answers ARP and receives the traffic.
    name: 'LoadBalancer address from outside: MetalLB leader node', from: 'external', to: 'LB:80',
    verdict: 'delivered', phases: ['connect', 'reply'],
    check: (t) => {
      const arp = phase(t, 'connect')!.hops[0]!;
      expect(arp).toMatchObject({ component: 'load-balancer', where: 'ARP' });
      expect(['node-1', 'node-2']).toContain(arp.node);
    },
  },
  {
    // DATAPATH §5.4: a pod → LB address is captured by kube-proxy on the client's own node.
    name: 'pod → LoadBalancer address: captured on the client node, never leaves the cluster', from: 'app/client', to: 'LB:80',
    verdict: 'delivered', phases: ['connect', 'reply'],
    check: (t) => {
      expect(phase(t, 'connect')!.hops.some((h) => h.component === 'load-balancer' || h.where === 'internet')).toBe(false);
      expect(phase(t, 'connect')!.hops.find((h) => h.verdict === 'nat')!.node).toBe('node-1');
    },
  },
  {
    // DATAPATH §5.3 (Local): a pod sending to the NodePort of its own node is short-circuited to the cluster-wide chain.
    name: 'pod → NodePort with externalTrafficPolicy Local on a node without an endpoint: still served (short-circuit)', from: 'app/client', to: '172.16.0.11:30081',
    verdict: 'delivered', servedBy: 'app/solo', phases: ['connect', 'reply'],
  },
  {
    // DATAPATH §9.2: hostPort is DNATed by the portmap plugin on the pod's node only.
    name: 'hostPort from outside: DNAT to the pod on that node', from: 'external', to: '172.16.0.12:8081',
    verdict: 'delivered', servedBy: 'app/hostport', phases: ['connect', 'reply'],
    check: (t) => expect(inner(delivered(t, 'connect')).dst).toBe('10.244.2.10'),
  },
  {
    name: 'hostPort on another node: nothing listens there (connection refused)', from: 'external', to: '172.16.0.11:8081',
    verdict: 'rejected', phases: ['connect', 'reply'],
  },
  {
    name: 'a pod address from outside: no route into the pod network', from: 'external', to: '10.244.1.9:8080',
    verdict: 'unreachable', phases: [],
  },
  {
    // DATAPATH §9.1: a hostNetwork pod's Service traffic goes through nat OUTPUT on its node.
    name: 'hostNetwork pod → Service: starts in the node namespace (nat OUTPUT)', from: 'app/hostnet', to: '10.96.100.10:80',
    verdict: 'delivered', phases: ['connect', 'reply'],
    check: (t) => expect(phase(t, 'connect')!.hops.some((h) => h.where.includes('OUTPUT'))).toBe(true),
  },
  {
    // DATAPATH §1.1.1: the containers of a pod share its network namespace.
    name: 'localhost inside a pod', from: 'app/web-a', to: 'http://localhost:8080/', http: true,
    verdict: 'delivered', servedBy: 'app/web-a', phases: ['/etc/hosts: localhost', 'connect'],
  },
];

describe('trace', () => {
  it.each(cases)('$name', (c) => {
    const to = c.to === 'LB:80' ? `${lab.index.serviceById.get('app/lb')!.loadBalancerIPs[0]}:80` : c.to;
    const http = c.http ? { http: { method: 'GET', path: '/', tls: false } } : {};
    const t = run(lab, { from: c.from, to, protocol: c.protocol ?? 'TCP', ...(c.port ? { port: c.port } : {}), ...(c.lookupOnly ? { lookupOnly: true } : {}), ...http });
    const why = dump(t);
    expect(t.verdict, why).toBe(c.verdict);
    expect(t.phases.map((p) => p.name), why).toEqual(c.phases);
    if (c.servedBy) expect(t.servedBy, why).toBe(c.servedBy);
    expect(t.reason, why).toMatch(/\.$/);
    c.check?.(t);
  });

  it('the same seed gives a deep-equal trace; the input is not mutated (STYLE.md habit 7)', () => {
    const flow = { from: 'app/client', to: 'http://web/', protocol: 'TCP' as const, http: { method: 'GET', path: '/', tls: false } };
    const before = JSON.stringify(lab);
    expect(trace(lab, flow, { seed: 7 })).toEqual(trace(lab, flow, { seed: 7 }));
    expect(JSON.stringify(lab)).toBe(before);
  });

  it('the seed picks the endpoint: over many seeds both endpoints of web serve (DATAPATH §4.2, 1/n each)', () => {
    const served = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) served.add(run(lab, { from: 'app/client', to: '10.96.100.10:80' }, seed).servedBy ?? '');
    expect([...served].sort()).toEqual(['app/web-a', 'app/web-b']);
  });

  it('NodePort with externalTrafficPolicy Cluster: masqueraded to the egress interface address (DATAPATH §5.3, §4.6)', () => {
    const seen = new Map<string, string>();
    for (let seed = 1; seed <= 30 && seen.size < 2; seed++) {
      const t = run(lab, { from: 'external', to: '172.16.0.11:30080' }, seed);
      expect(t.verdict, dump(t)).toBe('delivered');
      seen.set(t.servedBy!, inner(delivered(t, 'connect')).src);
    }
    // Cross-node: flannel.1's 10.244.1.0; same node behind the bridge: cni0's 10.244.1.1.
    expect(Object.fromEntries(seen)).toEqual({ 'app/web-b': '10.244.1.0', 'app/web-a': '10.244.1.1' });
  });

  it.each([
    ['an unknown pod', { from: 'app/nobody', to: '10.244.1.9:8080' }, /nobody/],
    ['an "external" client with an address inside the cluster', { from: 'external:10.244.1.9', to: '10.244.1.9:8080' }, /inside the cluster/],
    ['TCP without a port', { from: 'app/client', to: '10.244.1.9' }, /needs a port/],
  ])('bad input is an error, not a trace: %s', (_n, flow, message) => {
    const r = trace(lab, { protocol: 'TCP', ...flow });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('trace and NetworkPolicy', () => {
  const off = plan(denyWeb).replace('networkPolicy: true', 'networkPolicy: false');

  it.each([
    // NETPOL.md 18: an egress policy without a DNS rule breaks name resolution, at the DNS phase.
    ['egress without DNS: dropped at the DNS phase', plan(egressWithoutDns), 'http://web/', 'dropped', [dnsWeb], /DNS query for web\.app\.svc\.cluster\.local.*never got an answer/],
    // NETPOL.md 16: checked after DNAT, against the backend pod; dropped at the connect.
    ['ingress deny on the backends: dropped at the connect', plan(denyWeb), 'http://web/', 'dropped', [dnsWeb, 'connect'], /deny-web/],
    // NETPOL.md 22: a CNI that does not enforce ignores every policy.
    ['enforcement off: the same policy does nothing', off, 'http://web/', 'delivered', [dnsWeb, 'connect', 'reply'], /./],
  ] as const)('%s', (_n, yaml, to, verdict, phases, reason) => {
    const t = run(state(yaml), { from: 'app/client', to, http: { method: 'GET', path: '/', tls: false } });
    expect(t.verdict, dump(t)).toBe(verdict);
    expect(t.phases.map((p) => p.name), dump(t)).toEqual(phases);
    expect(t.reason, dump(t)).toMatch(reason);
  });
});

describe('the Flows of src/scenarios/example.yaml end with their expected verdict', () => {
  const text = readFileSync(new URL('../../src/scenarios/example.yaml', import.meta.url), 'utf8');
  const example = state(text);
  it.each(example.flows.map((f) => [f.metadata.name, f] as const))('%s', (_name, flow) => {
    const spec = flowSpecOf(flow);
    if (!spec.ok) throw new Error(spec.error);
    const t = trace(example, spec.value, { seed: 1 });
    if (!t.ok) throw new Error(t.error);
    expect(t.value.verdict, dump(t.value)).toBe(flow.spec.expect);
  });
});

describe('trace on every CNI mode and kube-proxy mode (the orchestration does not depend on them)', () => {
  // Pods get their addresses from the CNI's IPAM here (Calico uses its own pool, DATAPATH §1.1.5).
  const variant = (cni: string, proxy: string) => plan().replace(/status: \{podIP: [\d.]+\}\n/g, '')
    .replace('cni: {plugin: flannel, mode: vxlan, networkPolicy: true}', `cni: ${cni}`).replace('kubeProxy: {mode: iptables}', `kubeProxy: {mode: ${proxy}}`);
  it.each([
    ['flannel host-gw', '{plugin: flannel, mode: host-gw}', 'iptables'],
    ['flannel wireguard', '{plugin: flannel, mode: wireguard}', 'iptables'],
    ['calico ipip', '{plugin: calico, mode: ipip}', 'iptables'],
    ['calico vxlan', '{plugin: calico, mode: vxlan}', 'iptables'],
    ['calico bgp', '{plugin: calico, mode: bgp}', 'iptables'],
    ['cilium vxlan', '{plugin: cilium, mode: vxlan}', 'iptables'],
    ['cilium geneve', '{plugin: cilium, mode: geneve}', 'iptables'],
    ['cilium kube-proxy replacement', '{plugin: cilium, mode: vxlan}', 'replacement'],
    ['flannel vxlan, IPVS', '{plugin: flannel, mode: vxlan}', 'ipvs'],
    ['flannel vxlan, nftables', '{plugin: flannel, mode: vxlan}', 'nftables'],
  ])('%s: curl by Service name is delivered and the reply comes back', (_n, cni, proxy) => {
    const s = state(variant(cni, proxy));
    const t = run(s, { from: 'app/client', to: 'http://web/', http: { method: 'GET', path: '/', tls: false } });
    expect(t.verdict, dump(t)).toBe('delivered');
    expect(t.phases.map((p) => p.name), dump(t)).toEqual([dnsWeb, 'connect', 'reply']);
    // §4.3 R3: the reply reaches the client from the address it dialed. §4.11: with the
    // socket-level balancer no packet carries it (not even on the pod's eth0); only the socket
    // shows it to the application.
    const reply = last(t, 'reply');
    if (proxy === 'replacement') {
      expect(inner(reply).src, dump(t)).not.toBe('10.96.100.10');
      expect(reply.action, dump(t)).toContain('shows the application the Service address 10.96.100.10:80');
    } else {
      expect(inner(reply).src, dump(t)).toBe('10.96.100.10');
    }
  });
});

describe('lookups as the tools do them (dig, nslookup, host)', () => {
  it.each([
    // dig(1): no search list unless +search, so a short name goes out as is and CoreDNS forwards it.
    ['dig web', 'nxdomain', ['DNS query 1: web A (UDP)', 'CoreDNS forward: web A (UDP) → 198.51.100.53', 'DNS answer 1: web NXDOMAIN'], /NXDOMAIN/],
    ['dig +search web', 'delivered', [dnsWeb], /resolves to 10\.96\.100\.10/],
    ['dig +tcp web.app.svc.cluster.local', 'delivered', ['DNS query 1: web.app.svc.cluster.local A (TCP)'], /10\.96\.100\.10/],
    // DATAPATH §6.4: a PTR record for the ClusterIP.
    ['dig -x 10.96.100.10', 'delivered', ['DNS query 1: 10.100.96.10.in-addr.arpa PTR (UDP)'], /has PTR web\.app\.svc\.cluster\.local/],
    // DATAPATH §6.4: SRV for a named port.
    ['nslookup -type=SRV _http._tcp.web.app.svc.cluster.local', 'delivered', ['DNS query 1: _http._tcp.web.app.svc.cluster.local SRV (UDP)'], /has SRV 80 web\.app\.svc\.cluster\.local/],
    // An IPv4-only cluster: the name exists, but there is no AAAA data, so every candidate comes back empty.
    ['host -t AAAA web.app.svc.cluster.local.', 'nxdomain', ['DNS query 1: web.app.svc.cluster.local AAAA (UDP)'], /web\.app\.svc\.cluster\.local exists but has no AAAA record/],
  ])('%s', (command, verdict, phases, reason) => {
    const parsed = parseCommand(command);
    if (!parsed.ok) throw new Error(parsed.error);
    const t = run(lab, { from: 'app/client', ...parsed.value.spec });
    expect(t.verdict, dump(t)).toBe(verdict);
    expect(t.phases.map((p) => p.name), dump(t)).toEqual(phases);
    expect(t.reason, dump(t)).toMatch(reason);
  });
});

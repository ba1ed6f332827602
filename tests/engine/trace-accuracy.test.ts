// Findings of the DATAPATH.md accuracy audit (AUDIT.md): one row per discrepancy that was fixed,
// each naming the section it comes from, on DATAPATH §0.1's address plan. A failing row prints the
// whole trace.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DnsLayer, FlowSpec, Hop, HttpLayer, IPv4Layer, Trace } from '../../src/engine/types.ts';
import { dump, plan, pod, run, state } from './trace-fixtures.ts';

const hostPortPod = pod('hp', 'node-2', '10.244.2.8', '{app: hp}', '[{containerPort: 80, hostPort: 8081}]');
const lab = state(plan(hostPortPod));
const noSelector = state(plan(`---
apiVersion: v1
kind: Service
metadata: {name: ext-db, namespace: app}
spec: {clusterIP: 10.96.100.40, ports: [{name: pg, port: 5432, targetPort: 9376}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ext-db-1, namespace: app, labels: {kubernetes.io/service-name: ext-db}}
addressType: IPv4
ports: [{name: pg, port: 9376, protocol: TCP}]
endpoints: [{addresses: [192.0.2.42]}]
`));
const hostGw = state(plan().replace('mode: vxlan', 'mode: host-gw'));
const many = state(plan(`---
apiVersion: apps/v1
kind: Deployment
metadata: {name: many, namespace: app}
spec:
  replicas: 40
  selector: {matchLabels: {app: many}}
  template:
    metadata: {labels: {app: many}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: many, namespace: app}
spec: {clusterIP: None, selector: {app: many}, ports: [{port: 80}]}
`));
const eip = state(plan(`---
apiVersion: v1
kind: Service
metadata: {name: eip, namespace: app}
spec:
  type: LoadBalancer
  selector: {app: web}
  externalIPs: [198.51.100.50]
  ports: [{name: http, port: 80, targetPort: 8080}]
`));
const example = state(readFileSync(new URL('../../src/scenarios/example.yaml', import.meta.url), 'utf8'));

type Flow = Partial<FlowSpec> & Pick<FlowSpec, 'from' | 'to'>;

const ipOf = (layers: readonly { type: string }[]) => layers.filter((l): l is IPv4Layer => l.type === 'ipv4');
const allHops = (t: Trace) => t.phases.flatMap((p) => p.hops);
/** The request the ingress controller sends upstream, as the backend pod receives it. */
const upstreamRequest = (t: Trace): HttpLayer => {
  const hops = t.phases.find((p) => p.kind === 'proxy-request')!.hops;
  return hops[hops.length - 1]!.packet.layers.find((l): l is HttpLayer => l.type === 'http')!;
};

const rows: readonly (readonly [section: string, what: string, cluster: typeof lab, flow: Flow, check: (t: Trace) => void])[] = [
  [
    '§4.6, §5.3', 'a pod dialing a NodePort (ETP Cluster) is masqueraded, and the sentence does not call it a client from outside',
    lab, { from: 'app/client', to: '172.16.0.11:30080' },
    (t) => {
      expect(t.reason).toContain('marked it for masquerade (0x4000) because it was addressed to the Service\'s NodePort, an externalIP or its LoadBalancer IP');
      expect(t.reason).toContain('from outside or from a pod');
      expect(t.reason).not.toContain('from outside (NodePort');
    },
  ],
  [
    '§5.3', 'the MASQUERADE sentence reads as a sentence, and the serving socket\'s hop ends with a full stop',
    lab, { from: 'external', to: '172.16.0.11:30080' },
    (t) => {
      const snat = allHops(t).find((h) => h.where === 'nat POSTROUTING' && h.verdict === 'nat')!;
      expect(snat.action).toMatch(/, the address of (cni0|flannel\.1), the interface the packet leaves by, because kube-proxy marked the packet for masquerade \(0x4000\)\.$/);
      expect(allHops(t).find((h) => h.component === 'application')!.action).toMatch(/it answers with SYN-ACK\.$/);
    },
  ],
  [
    '§4.6, §9.1', 'a NodePort dialed from the node itself goes through nat OUTPUT and is masqueraded; the first hop starts a sentence',
    lab, { from: 'node/node-1', to: '172.16.0.11:30080' },
    (t) => {
      expect(allHops(t)[0]!.action).toMatch(/^A process on node-1 sends 172\.16\.0\.11:\d+ → 172\.16\.0\.11:30080 \(TCP\)/);
      expect(t.reason).toContain('marked it for masquerade (0x4000)');
    },
  ],
  [
    '§5.4', 'an externalIP is not announced by MetalLB: the network routes it to a node, and the trace says so',
    eip, { from: 'external', to: '198.51.100.50:80' },
    (t) => {
      const entry = allHops(t)[0]!;
      expect(entry.where).toBe('route');
      expect(entry.action).not.toContain('MetalLB\'s elected speaker');
      expect(entry.action).toContain('Kubernetes does not announce externalIPs');
      expect(t.verdict).toBe('delivered');
    },
  ],
  [
    '§5.4', 'a LoadBalancer IP still enters through the MetalLB layer-2 leader',
    eip, { from: 'external', to: '172.16.0.200:80' },
    (t) => {
      expect(allHops(t)[0]!.where).toBe('ARP');
      expect(allHops(t)[0]!.action).toMatch(/^MetalLB's elected speaker on node-\d answers ARP for 172\.16\.0\.200/);
    },
  ],
  [
    '§6.5', 'every DNS answer (CoreDNS, upstream) carries the ID of the query it answers; a forwarding CoreDNS hop still holds the query',
    lab, { from: 'app/client', to: 'http://www.example.com/', http: { method: 'GET', path: '/', tls: false } },
    (t) => {
      const dns = (h: Hop) => h.packet.layers.find((l): l is DnsLayer => l.type === 'dns');
      // Hops are in time order: a server answers the latest query for that name it received.
      const asked = new Map<string, number>();
      let answered = 0;
      for (const h of allHops(t)) {
        const d = dns(h);
        if (d && !d.response) asked.set(d.query, d.id);
        if (d && h.verdict === 'answer') {
          expect(d.id, `${h.where}: ${d.query}`).toBe(asked.get(d.query));
          answered++;
        }
      }
      expect(answered).toBeGreaterThan(4);
    },
  ],
  [
    '§6.5', 'CoreDNS\'s answer hop holds the message the client receives: same ID, the records that fit in 512 bytes, the TC bit',
    many, { from: 'app/client', to: 'many:80' },
    (t) => {
      const udp = t.phases.find((p) => p.name.endsWith('(UDP)'))!.hops;
      const answer = udp.find((h) => h.component === 'coredns')!;
      const received = udp.at(-1)!;
      const dnsOf = (h: Hop) => h.packet.layers.find((l): l is DnsLayer => l.type === 'dns')!;
      expect(dnsOf(answer)).toMatchObject({ response: true, truncated: true });
      expect(dnsOf(answer)).toEqual(dnsOf(received));
    },
  ],
  [
    '§6.4', 'the schema-version TXT record is named with its value in CoreDNS\'s hop',
    lab, { from: 'app/client', to: 'dns-version.cluster.local', lookupOnly: true, protocol: 'UDP', dns: { qtype: 'TXT', search: false } },
    (t) => {
      expect(allHops(t).find((h) => h.component === 'coredns')!.action).toBe('CoreDNS\'s kubernetes plugin answers dns-version.cluster.local: TXT "1.1.0"');
    },
  ],
  [
    '§4.6, §3.2', 'a pod reaching the API server is masqueraded to the node IP: the frame between nodes carries no pod addresses, and says so',
    lab, { from: 'app/client', to: '10.96.0.1:443' },
    (t) => {
      const wire = allHops(t).filter((h) => h.component === 'underlay' || (h.component === 'routing' && h.where === 'eth0' && h.node === 'node-1'));
      expect(wire.length).toBeGreaterThan(0);
      for (const h of wire) expect(h.action, h.action).not.toContain('pod addresses are on the wire');
    },
  ],
  [
    '§3.2', 'host-gw still says the pod addresses are on the wire',
    hostGw, { from: 'app/client', to: '10.244.2.7:8080' },
    (t) => {
      expect(allHops(t).find((h) => h.component === 'underlay')!.action).toContain('the pod addresses are on the wire');
    },
  ],
  [
    '§5.10', 'a Service without a selector, whose endpoint lies outside the cluster: the verdict says kube-proxy translated it, not that nothing did',
    noSelector, { from: 'app/client', to: '10.96.100.40:5432' },
    (t) => {
      expect(t.verdict).toBe('unreachable');
      expect(t.reason).toMatch(/^On the way, kube-proxy on node-1 picked endpoint 192\.0\.2\.42:9376 of Service app\/ext-db .*\(DNAT\); the TCP SYN left the cluster to 192\.0\.2\.42/);
      expect(t.reason).not.toContain('nothing translates it');
    },
  ],
  [
    '§4.8', 'an unused port of a ClusterIP is still explained as untranslated',
    lab, { from: 'app/client', to: '10.96.100.10:81' },
    (t) => {
      expect(t.reason).toContain('is the ClusterIP of Service app/web, a virtual address: kube-proxy\'s rules match only its ports (TCP 80), not TCP 81, so nothing translates it');
    },
  ],
  [
    '§9.2', 'the portmap DNAT sentence continues the verdict in lower case',
    lab, { from: 'app/client', to: '172.16.0.12:8081' },
    (t) => {
      expect(t.verdict).toBe('delivered');
      expect(t.reason).toContain('; on the way, the CNI portmap plugin on node-2 forwarded hostPort 8081');
    },
  ],
  [
    '§4.8', 'a ping that leaves the cluster shows the source address without a port (ICMP has none)',
    lab, { from: 'app/client', to: '10.96.100.10', protocol: 'ICMP' },
    (t) => {
      const out = allHops(t).find((h) => h.where === 'internet')!;
      expect(out.action).toBe('The packet left the cluster and reaches 10.96.100.10, which sees the source 172.16.0.11.');
    },
  ],
  [
    '§0.1, §3.1 rules', 'DF as Linux sets it: on UDP (DNS) and TCP from sockets, never on the VXLAN outer header',
    lab, { from: 'app/client', to: 'web:80' },
    (t) => {
      for (const phase of t.phases) {
        for (const h of phase.hops) {
          const [first, ...inner] = ipOf(h.packet.layers);
          const outer = h.packet.layers.some((l) => l.type === 'vxlan') ? first : undefined;
          if (outer) expect(outer.df, `${phase.name} @ ${h.where}`).toBe(false);
          for (const ip of outer ? inner : [first!, ...inner]) expect(ip.df, `${phase.name} @ ${h.where}`).toBe(true);
        }
      }
    },
  ],
  [
    '§4.8', 'the kernel answering a ping is said once',
    lab, { from: 'app/client', to: '10.244.2.7', protocol: 'ICMP' },
    (t) => {
      expect(allHops(t).find((h) => h.component === 'application')!.action).toBe('The kernel of pod app/web-b answers the echo request.');
    },
  ],
  [
    '§0.1', 'ping: the echo request carries DF (ping\'s socket), the kernel\'s echo reply does not',
    lab, { from: 'app/client', to: '10.244.2.7', protocol: 'ICMP' },
    (t) => {
      const last = (name: string) => t.phases.find((p) => p.name === name)!.hops.at(-1)!;
      expect(ipOf(last('echo request').packet.layers)[0]!.df).toBe(true);
      expect(ipOf(last('echo reply').packet.layers)[0]!.df).toBe(false);
    },
  ],
  [
    '§7.2', 'ingress-nginx passes the client\'s own headers upstream and keeps a client X-Forwarded-For only as X-Original-Forwarded-For',
    example, {
      from: 'external', to: 'http://shop.example.com/',
      http: { method: 'GET', path: '/', tls: false, headers: { 'X-Forwarded-For': '198.51.100.9', 'X-Debug': '1' } },
    },
    (t) => {
      const { headers } = upstreamRequest(t);
      expect(headers).toMatchObject({ 'User-Agent': 'curl/8.5.0', Accept: '*/*', 'X-Debug': '1', 'X-Original-Forwarded-For': '198.51.100.9' });
      expect(headers['X-Forwarded-For']).toBe(headers['X-Real-IP']);
      expect(headers['X-Forwarded-For']).not.toBe('198.51.100.9');
      // NGINX's $request_id: 16 random bytes in hex.
      expect(headers['X-Request-ID']).toMatch(/^[0-9a-f]{32}$/);
    },
  ],
  [
    '§7.2', 'the backend\'s hop behind the ingress controller starts its sentence with a capital',
    example, { from: 'external', to: 'http://shop.example.com/', http: { method: 'GET', path: '/', tls: false } },
    (t) => {
      const hops = t.phases.find((p) => p.kind === 'proxy-request')!.hops;
      expect(hops.at(-1)!.action).toMatch(/^Container \S+ of pod \S+ listens on TCP \d+.*: it accepts the proxied request/);
    },
  ],
  [
    '§7.2', 'without a client X-Forwarded-For there is no X-Original-Forwarded-For',
    example, { from: 'external', to: 'http://shop.example.com/', http: { method: 'GET', path: '/', tls: false } },
    (t) => {
      expect(upstreamRequest(t).headers).not.toHaveProperty('X-Original-Forwarded-For');
    },
  ],
];

describe('DATAPATH accuracy audit: fixed discrepancies', () => {
  it.each(rows)('%s: %s', (_section, _what, cluster, flow, check) => {
    const t = run(cluster, flow, 2);
    try {
      check(t);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${dump(t)}`);
    }
  });
});

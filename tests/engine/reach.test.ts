// reach: workload aggregation (what every pod pair may do, and where pods differ), outside
// ranges, the np-guard compatibility switches, enforcement off, and the equivalence classes
// that keep the cost at classes² rather than pods² (issue 3 §2).
import { describe, expect, it } from 'vitest';
import { formatConnlist, formatConns, reach } from '../../src/engine/index.ts';
import { compilePolicies } from '../../src/engine/policy-compile.ts';
import { podClasses } from '../../src/engine/reach-classes.ts';
import { cluster, netpol } from './policy-fixture.ts';

/** web: 2 replicas (node-1 and node-2); client: one bare pod on node-1. */
const BASE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
spec: {nodeName: node-1, containers: [{name: c, image: curl}]}
`;

describe('--by workload: what every pod pair may do, and where pods differ (DESIGN.md "reach --by workload")', () => {
  // client may reach every web pod on 8080, but 9000 only on the pods of node-2's pod network.
  const state = cluster(BASE + netpol('default', 'client', 'podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]\negress:\n- to: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: http}]\n- to: [{ipBlock: {cidr: 10.244.2.0/24}}]\n  ports: [{port: 9000}]'));
  const web = state.pods.filter((p) => p.labels.app === 'web');

  it('the replicas are on both nodes (the premise of this table)', () => {
    expect(web.map((p) => p.nodeName).sort()).toEqual(['node-1', 'node-2']);
  });

  it.each([
    { name: 'workload pair: every pod may 8080, some also 9000', by: 'workload' as const, src: 'default/client[Pod]', dst: 'default/web[Deployment]', conn: 'TCP 8080', differs: true, any: 'TCP 8080,9000' },
    { name: 'the reverse direction is open and uniform', by: 'workload' as const, src: 'default/web[Deployment]', dst: 'default/client[Pod]', conn: 'All Connections', differs: false, any: 'All Connections' },
  ])('$name', ({ by, src, dst, conn, differs, any }) => {
    const pair = reach(state, { by, includeSystem: false }).pairs.find((p) => p.src === src && p.dst === dst);
    expect(pair).toBeDefined();
    expect({ conn: formatConns(pair!.conns), differs: pair!.differs, any: formatConns(pair!.any) }).toEqual({ conn, differs, any });
  });

  it('--by pod: each pod pair on its own', () => {
    const r = reach(state, { by: 'pod', includeSystem: false });
    const conns = web.map((w) => [w.nodeName, formatConns(r.pairs.find((p) => p.src === 'default/client[Pod]' && p.dst === `${w.id}[Pod]`)!.conns)]);
    expect(Object.fromEntries(conns)).toEqual({ 'node-1': 'TCP 8080', 'node-2': 'TCP 8080,9000' });
  });

  it('the rules that opened something are named', () => {
    const pair = reach(state, { includeSystem: false }).pairs.find((p) => p.src === 'default/client[Pod]' && p.dst === 'default/web[Deployment]')!;
    expect(pair.rules).toEqual(['default/client egress rule #1', 'default/client egress rule #2']);
  });
});

describe('a pair only some pods may use', () => {
  // client may reach only node-2's pod network: one web replica yes, the other no.
  const state = cluster(BASE + netpol('default', 'client', 'podSelector: {matchLabels: {app: client}}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 10.244.2.0/24}}]'));
  it('is kept for the JSON with nothing common and podsDiffer, and left out of the connlist', () => {
    const r = reach(state, { includeSystem: false });
    const pair = r.pairs.find((p) => p.src === 'default/client[Pod]' && p.dst === 'default/web[Deployment]')!;
    expect({ conn: formatConns(pair.conns), differs: pair.differs, any: formatConns(pair.any) }).toEqual({ conn: 'No Connections', differs: true, any: 'All Connections' });
    expect(formatConnlist(r)).not.toContain('default/client[Pod] => default/web[Deployment]');
  });
});

describe('hostNetwork pods (NETPOL.md 19, 20)', () => {
  const agent = '---\napiVersion: v1\nkind: Pod\nmetadata: {name: agent, namespace: default, labels: {app: agent}}\nspec: {nodeName: node-1, hostNetwork: true, containers: [{name: c, image: agent}]}\n';
  const state = cluster(BASE + agent + netpol('default', 'deny', 'podSelector: {}\npolicyTypes: [Ingress]'));
  const conn = (options: Parameters<typeof reach>[1], src: string, dst: string): string => {
    const pair = reach(state, { by: 'pod', includeSystem: false, ...options }).pairs.find((p) => p.src === src && p.dst.startsWith(dst));
    return pair ? formatConns(pair.conns) : 'not listed';
  };
  const webOn = (node: string): string => `${state.pods.find((p) => p.labels.app === 'web' && p.nodeName === node)!.id}[Pod]`;
  it.each([
    { name: 'node traffic reaches pods on its own node', options: {}, src: 'default/agent[Pod]', dst: () => webOn('node-1'), want: 'All Connections' },
    { name: 'but not pods on another node', options: {}, src: 'default/agent[Pod]', dst: () => webOn('node-2'), want: 'not listed' },
    { name: 'the deny-all does not isolate it (not selected)', options: {}, src: 'default/client[Pod]', dst: () => 'default/agent[Pod]', want: 'All Connections' },
    { name: "hostNetwork: 'pod' lets the deny-all isolate it", options: { hostNetwork: 'pod' as const }, src: 'default/client[Pod]', dst: () => 'default/agent[Pod]', want: 'not listed' },
    { name: "hostNetwork: 'pod' keeps its own-node traffic allowed", options: { hostNetwork: 'pod' as const }, src: 'default/agent[Pod]', dst: () => webOn('node-1'), want: 'All Connections' },
  ])('$name', ({ options, src, dst, want }) => {
    expect(conn(options, src, dst())).toBe(want);
  });
});

describe("hostNetwork: 'pod' never lets a hostNetwork pod share a class with look-alike pods", () => {
  // fast-check counterexample (seed 1250813627): p0 is a hostNetwork twin of p1 and p2 (same
  // namespace, labels and node). Its own-node exemption (NETPOL.md 19) must not leak to its twins.
  const pod = (name: string, host: boolean) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: default, labels: {app: red}}\nspec: {nodeName: node-1, ${host ? 'hostNetwork: true, ' : ''}containers: [{name: c, image: nginx}]}\n`;
  const state = cluster(pod('p0', true).slice(4) + pod('p1', false) + pod('p2', false) + netpol('default', 'deny', 'podSelector: {}\npolicyTypes: [Ingress]'));
  const listed = reach(state, { by: 'pod', includeSystem: false, hostNetwork: 'pod' }).pairs
    .filter((p) => !p.src.endsWith('[External]') && !p.dst.endsWith('[External]')).map((p) => `${p.src} => ${p.dst}`);

  it('only the hostNetwork pod reaches its isolated neighbours', () => {
    expect(listed).toEqual(['default/p0[Pod] => default/p1[Pod]', 'default/p0[Pod] => default/p2[Pod]']);
  });
});

describe('peers', () => {
  it.each([
    { name: 'includes simulated system pods by default', options: {}, has: 'kube-system/coredns[Deployment]', want: true },
    { name: 'includeSystem: false leaves them out (np-guard sees only the manifests)', options: { includeSystem: false }, has: 'kube-system/coredns[Deployment]', want: false },
    { name: 'a static pod is its own peer, not its Node', options: {}, has: 'kube-system/kube-apiserver-control-plane[Pod]', want: true },
    { name: '--by pod lists pods by name', options: { by: 'pod' as const }, has: 'default/client[Pod]', want: true },
  ])('$name', ({ options, has, want }) => {
    expect(reach(cluster(BASE), options).peers.some((p) => p.name === has)).toBe(want);
  });

  it('self pairs are left out: a pod always reaches itself, replicas of one workload are not listed (np-guard)', () => {
    const r = reach(cluster(BASE), { includeSystem: false });
    expect(r.pairs.filter((p) => p.src === p.dst)).toEqual([]);
    expect(reach(cluster(BASE), { by: 'pod', includeSystem: false }).pairs.filter((p) => p.src === p.dst)).toEqual([]);
  });
});

describe('outside ranges (np-guard splits them at ipBlock boundaries)', () => {
  const state = cluster(BASE + netpol('default', 'web', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{ipBlock: {cidr: 198.51.100.0/24, except: [198.51.100.0/28]}}]'));
  it('only the range the policy admits reaches web', () => {
    const from = reach(state, { includeSystem: false }).pairs.filter((p) => p.dst === 'default/web[Deployment]').map((p) => `${p.src} ${formatConns(p.conns)}`);
    expect(from).toEqual(['198.51.100.16-198.51.100.255[External] All Connections']);
  });
  it('unisolated pods take the whole address space in one line', () => {
    const to = reach(state, { includeSystem: false }).pairs.filter((p) => p.src === 'default/client[Pod]' && p.dst.endsWith('[External]')).map((p) => p.dst);
    expect(to).toEqual(['0.0.0.0-255.255.255.255[External]']);
  });
});

describe('NETPOL.md 22: enforcement off', () => {
  it('every pair is All Connections despite a deny-all', () => {
    const off = '---\napiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\nspec: {cni: {networkPolicy: false}}\n';
    const r = reach(cluster(BASE + off + netpol('default', 'deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]')), { includeSystem: false });
    expect(r.pairs.length).toBe(6);
    expect(r.pairs.every((p) => formatConns(p.conns) === 'All Connections')).toBe(true);
  });
});

describe('equivalence classes (issue 3 §2 "Scale")', () => {
  const replicas = (n: number): string => BASE.replace('replicas: 2', `replicas: ${n}`);
  const classCount = (yaml: string, ipBlockMatchesPods = true): number => {
    const state = cluster(yaml);
    const pods = state.pods.filter((p) => !p.system);
    return podClasses(state, pods, compilePolicies(state), { ipBlockMatchesPods }).classes.length;
  };
  it.each([
    { name: '20 replicas and a client: 2 classes', yaml: replicas(20), want: 2 },
    { name: 'an ipBlock on node-1 pod CIDR splits the replicas by node', yaml: replicas(20) + netpol('default', 'p', 'podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: 10.244.1.0/24}}]'), want: 3 },
    { name: 'not with ipBlockMatchesPods=false', yaml: replicas(20) + netpol('default', 'p', 'podSelector: {}\ningress:\n- from: [{ipBlock: {cidr: 10.244.1.0/24}}]'), ipm: false, want: 2 },
  ])('$name', ({ yaml, ipm, want }) => {
    expect(classCount(yaml, ipm ?? true)).toBe(want);
  });

  it('a workload pair costs one class pair however many replicas', () => {
    const big = reach(cluster(replicas(30)), { includeSystem: false });
    const small = reach(cluster(replicas(2)), { includeSystem: false });
    expect(big.pairs.map((p) => [p.src, p.dst, formatConns(p.conns)])).toEqual(small.pairs.map((p) => [p.src, p.dst, formatConns(p.conns)]));
  });
});

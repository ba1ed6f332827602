import { describe, expect, it } from 'vitest';
import type { IptablesChain, IptablesRule, ProxyRules, ServiceState } from '../../src/model/cluster.ts';
import type { ProxyMode } from '../../src/model/objects.ts';
import { chainName, nftChainName, proxyEntryChains, proxyRules } from '../../src/cluster/kubeproxy.ts';
import { planPort } from '../../src/cluster/proxy-plan.ts';
import { base32, sha256 } from '../../src/cluster/hash.ts';
import type { NodeDraft } from '../../src/cluster/draft.ts';
import { deepFreeze, node1, node2, nodeDraft, podState, settingsFor } from './net-fixtures.ts';
import { endpoint, httpPort, pods, service, webA, webB, webC } from './proxy-fixtures.ts';

const node3 = nodeDraft('node3', '172.16.0.13', '10.244.3.0/24');
const hash16 = (s: string) => base32(sha256(s)).slice(0, 16);
const SVC = `KUBE-SVC-${hash16('app/web:httptcp')}`;
const SVL = `KUBE-SVL-${hash16('app/web:httptcp')}`;
const EXT = `KUBE-EXT-${hash16('app/web:httptcp')}`;
const FW = `KUBE-FW-${hash16('app/web:httptcp')}`;
const sep = (address: string) => `KUBE-SEP-${hash16(`app/web:httptcp${address}`)}`;
const nodePortPort = { ...httpPort, nodePort: 30080 };

function rules(mode: ProxyMode, svcs: readonly ServiceState[], node: NodeDraft = node1): ProxyRules {
  return proxyRules(deepFreeze(settingsFor('flannel', 'vxlan', mode)), deepFreeze(node), deepFreeze(svcs), pods);
}
function chains(r: ProxyRules): readonly IptablesChain[] {
  if (r.mode === 'replacement') throw new Error('no chains');
  return r.chains;
}
function chain(r: ProxyRules, table: 'nat' | 'filter', name: string): readonly IptablesRule[] | undefined {
  return chains(r).find((c) => c.table === table && c.name === name)?.rules;
}
const jumps = (rs: readonly IptablesRule[] | undefined) => (rs ?? []).map((r) => r.jump);
const forService = (rs: readonly IptablesRule[] | undefined) => (rs ?? []).filter((r) => r.service?.name === 'web');

describe('chain names (pkg/proxy/iptables/proxier.go servicePortPolicyClusterChain / servicePortEndpointChainName)', () => {
  it('hash "ns/svc:portname" + lower-case protocol [+ "ip:port"]', () => {
    const plan = planPort(service(), httpPort, '10.96.100.10', 'node1', pods);
    expect(chainName.svc(plan)).toBe(SVC);
    expect(chainName.sep(plan, plan.clusterEndpoints[0]!)).toBe(sep('10.244.1.9:8080'));
    expect(SVC).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/);
  });

  it('the kubernetes Service gets KUBE-SVC-NPX46M4PTMTKRN6Y, as on every kubeadm cluster', () => {
    const apiserver = podState('kube-system', 'kube-apiserver', '172.16.0.10', 'control-plane', { hostNetwork: true });
    const kubernetes = service({
      namespace: 'default', name: 'kubernetes', id: 'default/kubernetes', clusterIP: '10.96.0.1',
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }],
    }, [endpoint(apiserver)]);
    const r = rules('iptables', [kubernetes]);
    expect(chain(r, 'nat', 'KUBE-SERVICES')?.[0]).toMatchObject({
      jump: 'KUBE-SVC-NPX46M4PTMTKRN6Y', comment: 'default/kubernetes:https cluster IP',
      match: { protocol: 'TCP', destination: '10.96.0.1', dport: 443 },
    });
  });

  it('an unnamed port hashes "ns/svc" without a colon', () => {
    const unnamed = { protocol: 'TCP' as const, port: 80, targetPort: 8080 };
    const r = rules('iptables', [service({ ports: [unnamed] })]);
    expect(chain(r, 'nat', 'KUBE-SERVICES')?.[0]).toMatchObject({ jump: `KUBE-SVC-${hash16('app/webtcp')}`, comment: 'app/web cluster IP' });
  });
});

describe('iptables mode: ClusterIP (DATAPATH §4.2)', () => {
  const r = rules('iptables', [service()]);

  it('hooks: PREROUTING and OUTPUT → KUBE-SERVICES, POSTROUTING → KUBE-POSTROUTING (§4.1)', () => {
    expect(jumps(chain(r, 'nat', 'PREROUTING'))).toEqual(['KUBE-SERVICES']);
    expect(jumps(chain(r, 'nat', 'OUTPUT'))).toEqual(['KUBE-SERVICES']);
    expect(jumps(chain(r, 'nat', 'POSTROUTING'))).toEqual(['KUBE-POSTROUTING', 'FLANNEL-POSTRTG']);
    expect(jumps(chain(r, 'filter', 'FORWARD'))).toEqual(['KUBE-PROXY-FIREWALL', 'KUBE-FORWARD', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'FLANNEL-FWD']);
    expect(proxyEntryChains('iptables').nat.prerouting).toBe('PREROUTING');
  });

  it('KUBE-SERVICES: the ClusterIP rule, and the NodePorts tail call as the last rule', () => {
    const services = chain(r, 'nat', 'KUBE-SERVICES')!;
    expect(services[0]).toMatchObject({ match: { protocol: 'TCP', destination: '10.96.100.10', dport: 80 }, jump: SVC, comment: 'app/web:http cluster IP' });
    expect(services.at(-1)).toMatchObject({ match: { dstTypeLocal: true }, jump: 'KUBE-NODEPORTS' });
  });

  it('KUBE-SVC: masquerade off-cluster sources, then 1/(n−i) over 3 ready endpoints: 0.3333333333, 0.5000000000, none', () => {
    const svc = chain(r, 'nat', SVC)!;
    expect(svc[0]).toMatchObject({ match: { notSource: '10.244.0.0/16', destination: '10.96.100.10', dport: 80 }, jump: 'KUBE-MARK-MASQ' });
    expect(svc.slice(1).map((x) => [x.match.probability, x.jump, x.comment])).toEqual([
      [0.3333333333, sep('10.244.1.9:8080'), 'app/web:http -> 10.244.1.9:8080'],
      [0.5, sep('10.244.2.7:8080'), 'app/web:http -> 10.244.2.7:8080'],
      [undefined, sep('10.244.2.8:8080'), 'app/web:http -> 10.244.2.8:8080'],
    ]);
    expect(svc[1]).toMatchObject({ service: { kind: 'Service', namespace: 'app', name: 'web' }, endpoint: { kind: 'Pod', namespace: 'app', name: 'web-a' } });
  });

  it('KUBE-SEP: hairpin mark when the source is the endpoint itself, then DNAT (§4.5)', () => {
    expect(chain(r, 'nat', sep('10.244.1.9:8080'))).toEqual([
      { match: { source: '10.244.1.9' }, jump: 'KUBE-MARK-MASQ', comment: 'app/web:http', service: { kind: 'Service', namespace: 'app', name: 'web' }, endpoint: { kind: 'Pod', namespace: 'app', name: 'web-a' } },
      { match: { protocol: 'TCP' }, jump: 'DNAT', toDestination: '10.244.1.9:8080', comment: 'app/web:http', service: { kind: 'Service', namespace: 'app', name: 'web' }, endpoint: { kind: 'Pod', namespace: 'app', name: 'web-a' } },
    ]);
  });

  it('mark scheme: KUBE-MARK-MASQ or-marks 0x4000; KUBE-POSTROUTING returns unmarked, clears, MASQUERADE --random-fully', () => {
    expect(chain(r, 'nat', 'KUBE-MARK-MASQ')).toEqual([{ match: {}, jump: 'MARK', markOr: 0x4000 }]);
    expect(chain(r, 'nat', 'KUBE-POSTROUTING')).toEqual([
      { match: { mark: { value: 0x4000, negate: true } }, jump: 'RETURN' },
      { match: {}, jump: 'MARK', markXor: 0x4000 },
      { match: {}, jump: 'MASQUERADE', randomFully: true, comment: 'kubernetes service traffic requiring SNAT' },
    ]);
  });

  it('KUBE-FORWARD drops INVALID, accepts marked and established traffic (§4.7.4, §5.3)', () => {
    expect(chain(r, 'filter', 'KUBE-FORWARD')?.map((x) => [x.match.ctstate ?? x.match.mark, x.jump])).toEqual([
      [['INVALID'], 'DROP'], [{ value: 0x4000, negate: false }, 'ACCEPT'], [['RELATED', 'ESTABLISHED'], 'ACCEPT'],
    ]);
  });
});

describe('iptables mode: endpoints and readiness (§4.8, §5.9)', () => {
  it.each([
    { name: 'not-ready endpoints are skipped', eps: [endpoint(webA), endpoint(webB), endpoint(webC, { ready: false, serving: false })], picks: [0.5, undefined] },
    { name: 'one endpoint: a single unconditional jump', eps: [endpoint(webB)], picks: [undefined] },
    { name: 'no ready endpoint: serving+terminating ones drain connections', eps: [endpoint(webA, { ready: false, serving: true, terminating: true }), endpoint(webB, { ready: false, serving: false })], picks: [undefined] },
  ])('$name', ({ eps, picks }) => {
    const svc = chain(rules('iptables', [service({}, eps)]), 'nat', SVC)!;
    expect(svc.slice(1).map((x) => x.match.probability)).toEqual(picks);
  });

  it('no endpoints: no nat chains, filter KUBE-SERVICES and KUBE-EXTERNAL-SERVICES REJECT', () => {
    const r = rules('iptables', [service({ type: 'NodePort', ports: [nodePortPort] }, [])]);
    expect(forService(chain(r, 'nat', 'KUBE-SERVICES'))).toEqual([]);
    expect(chain(r, 'nat', SVC)).toBeUndefined();
    expect(forService(chain(r, 'filter', 'KUBE-SERVICES'))).toMatchObject([
      { match: { protocol: 'TCP', destination: '10.96.100.10', dport: 80 }, jump: 'REJECT', comment: 'app/web:http has no endpoints' },
    ]);
    expect(forService(chain(r, 'filter', 'KUBE-EXTERNAL-SERVICES'))).toMatchObject([
      { match: { dstTypeLocal: true, protocol: 'TCP', dport: 30080 }, jump: 'REJECT', comment: 'app/web:http has no endpoints' },
    ]);
  });
});

describe('iptables mode: NodePort and LoadBalancer (§5.3, §5.4, §4.6)', () => {
  it('externalTrafficPolicy Cluster: KUBE-NODEPORTS → KUBE-EXT: always mark, then KUBE-SVC', () => {
    const r = rules('iptables', [service({ type: 'NodePort', ports: [nodePortPort] })]);
    expect(chain(r, 'nat', 'KUBE-NODEPORTS')).toMatchObject([{ match: { protocol: 'TCP', dport: 30080 }, jump: EXT, comment: 'app/web:http' }]);
    expect(chain(r, 'nat', EXT)?.map((x) => [x.jump, x.comment])).toEqual([
      ['KUBE-MARK-MASQ', 'masquerade traffic for app/web:http external destinations'], [SVC, undefined],
    ]);
  });

  it('externalTrafficPolicy Local, node with a local endpoint: pod and node short-circuits, then KUBE-SVL with local endpoints only', () => {
    const r = rules('iptables', [service({ type: 'NodePort', ports: [nodePortPort], externalTrafficPolicy: 'Local' })]);
    expect(chain(r, 'nat', EXT)?.map((x) => [x.match, x.jump])).toEqual([
      [{ source: '10.244.0.0/16' }, SVC],
      [{ srcTypeLocal: true }, 'KUBE-MARK-MASQ'],
      [{ srcTypeLocal: true }, SVC],
      [{}, SVL],
    ]);
    expect(jumps(chain(r, 'nat', SVL))).toEqual([sep('10.244.1.9:8080')]);
    // ClusterIP traffic keeps Cluster policy: all three endpoints.
    expect(jumps(chain(r, 'nat', SVC)).slice(1)).toHaveLength(3);
  });

  it('externalTrafficPolicy Local, node without a local endpoint: external traffic DROPped "has no local endpoints"', () => {
    const r = rules('iptables', [service({ type: 'NodePort', ports: [nodePortPort], externalTrafficPolicy: 'Local' })], node3);
    expect(jumps(chain(r, 'nat', EXT))).toEqual([SVC, 'KUBE-MARK-MASQ', SVC]);
    expect(chain(r, 'nat', SVL)).toBeUndefined();
    expect(forService(chain(r, 'filter', 'KUBE-EXTERNAL-SERVICES'))).toMatchObject([
      { match: { dstTypeLocal: true, dport: 30080 }, jump: 'DROP', comment: 'app/web:http has no local endpoints' },
    ]);
  });

  it('LoadBalancer IP and externalIPs are captured in KUBE-SERVICES → KUBE-EXT', () => {
    const r = rules('iptables', [service({ type: 'LoadBalancer', ports: [nodePortPort], loadBalancerIPs: ['172.16.0.200'], externalIPs: ['198.51.100.10'] })]);
    expect(forService(chain(r, 'nat', 'KUBE-SERVICES')).map((x) => [x.match.destination, x.jump, x.comment])).toEqual([
      ['10.96.100.10', SVC, 'app/web:http cluster IP'],
      ['198.51.100.10', EXT, 'app/web:http external IP'],
      ['172.16.0.200', EXT, 'app/web:http loadbalancer IP'],
    ]);
  });

  it('loadBalancerSourceRanges: KUBE-FW lets listed sources through, KUBE-PROXY-FIREWALL drops the rest', () => {
    const r = rules('iptables', [service({
      type: 'LoadBalancer', ports: [nodePortPort], loadBalancerIPs: ['172.16.0.200'], loadBalancerSourceRanges: ['203.0.113.0/24'],
    })]);
    expect(forService(chain(r, 'nat', 'KUBE-SERVICES'))[1]).toMatchObject({ match: { destination: '172.16.0.200' }, jump: FW });
    expect(chain(r, 'nat', FW)?.map((x) => [x.match.source, x.jump])).toEqual([['203.0.113.0/24', EXT]]);
    expect(chain(r, 'filter', 'KUBE-PROXY-FIREWALL')).toMatchObject([
      { match: { destination: '172.16.0.200', dport: 80 }, jump: 'DROP', comment: `app/web:http traffic not accepted by ${FW}` },
    ]);
  });

  it('healthCheckNodePort is always accepted in filter KUBE-NODEPORTS', () => {
    const r = rules('iptables', [service({ type: 'LoadBalancer', ports: [nodePortPort], externalTrafficPolicy: 'Local', healthCheckNodePort: 31234 })], node3);
    expect(chain(r, 'filter', 'KUBE-NODEPORTS')).toMatchObject([{ match: { protocol: 'TCP', dport: 31234 }, jump: 'ACCEPT', comment: 'app/web:http health check node port' }]);
  });
});

describe('iptables mode: internalTrafficPolicy and sessionAffinity (§5.6, §5.7)', () => {
  it('internalTrafficPolicy Local: ClusterIP → KUBE-SVL with this node\'s endpoints', () => {
    const r = rules('iptables', [service({ internalTrafficPolicy: 'Local' })], node2);
    expect(forService(chain(r, 'nat', 'KUBE-SERVICES'))[0]?.jump).toBe(SVL);
    expect(jumps(chain(r, 'nat', SVL))).toEqual(['KUBE-MARK-MASQ', sep('10.244.2.7:8080'), sep('10.244.2.8:8080')]);
    expect(chain(r, 'nat', SVC)).toBeUndefined();
  });

  it('internalTrafficPolicy Local without a local endpoint: ClusterIP traffic DROPped', () => {
    const r = rules('iptables', [service({ internalTrafficPolicy: 'Local' })], node3);
    expect(forService(chain(r, 'nat', 'KUBE-SERVICES'))).toEqual([]);
    expect(forService(chain(r, 'filter', 'KUBE-SERVICES'))).toMatchObject([{ jump: 'DROP', comment: 'app/web:http has no local endpoints' }]);
  });

  it('sessionAffinity ClientIP: rcheck every endpoint first, then the random picks; SEP records the client', () => {
    const r = rules('iptables', [service({ sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600 })]);
    const svc = chain(r, 'nat', SVC)!;
    expect(svc.slice(1, 4).map((x) => x.match.recent)).toEqual(
      ['10.244.1.9:8080', '10.244.2.7:8080', '10.244.2.8:8080'].map((a) => ({ op: 'rcheck', name: sep(a), seconds: 600 })));
    expect(svc.slice(4).map((x) => x.match.probability)).toEqual([0.3333333333, 0.5, undefined]);
    expect(chain(r, 'nat', sep('10.244.2.7:8080'))?.[1]?.match.recent).toEqual({ op: 'set', name: sep('10.244.2.7:8080') });
  });
});

describe('services kube-proxy ignores, and determinism', () => {
  const empty = rules('iptables', []);
  it.each([
    ['headless', service({ headless: true, clusterIP: undefined })],
    ['ExternalName', service({ type: 'ExternalName', clusterIP: undefined, externalName: 'db.example.com' }, [])],
  ])('%s Services get no rules (§5.2, §5.5)', (_name, svc) => {
    expect(rules('iptables', [svc])).toEqual(empty);
  });

  it('every Service port gets its own KUBE-SVC chain (§5.8)', () => {
    const metrics = { name: 'metrics', protocol: 'TCP' as const, port: 9090, targetPort: 9090 };
    const r = rules('iptables', [service({ ports: [httpPort, metrics] })]);
    expect(forService(chain(r, 'nat', 'KUBE-SERVICES')).map((x) => x.jump)).toEqual([SVC, `KUBE-SVC-${hash16('app/web:metricstcp')}`]);
  });

  it('same input, same output; inputs are not mutated (deep-frozen)', () => {
    expect(rules('iptables', [service()])).toEqual(rules('iptables', [service()]));
  });

  it('large clusters (> 1000 endpoints) drop per-endpoint comments (§4.2)', () => {
    const many = Array.from({ length: 1001 }, (_, i) => endpoint(podState('app', `p${i}`, `10.244.${1 + (i >> 8)}.${i & 255}`, 'node1')));
    const r = rules('iptables', [service({}, many)]);
    expect(chain(r, 'nat', SVC)?.[1]?.comment).toBeUndefined();
    expect(chain(r, 'nat', SVC)?.[0]?.comment).toBe('app/web:http cluster IP');
  });

  it('replacement mode programs no netfilter rules (§4.11)', () => {
    expect(rules('replacement', [service()])).toEqual({ mode: 'replacement' });
  });
});

describe('ipvs mode (§4.9)', () => {
  const r = rules('ipvs', [service({ type: 'LoadBalancer', ports: [nodePortPort], loadBalancerIPs: ['172.16.0.200'], externalTrafficPolicy: 'Local' })]);
  if (r.mode !== 'ipvs') throw new Error('expected ipvs');

  it('a virtual server per ClusterIP, node address:NodePort and LB IP, scheduler rr', () => {
    expect(r.virtualServers.map((v) => [v.address, v.port, v.scheduler, v.realServers.map((s) => `${s.address}:${s.port}`)])).toEqual([
      ['10.96.100.10', 80, 'rr', ['10.244.1.9:8080', '10.244.2.7:8080', '10.244.2.8:8080']],
      ['172.16.0.200', 80, 'rr', ['10.244.1.9:8080']],
      ['172.16.0.11', 30080, 'rr', ['10.244.1.9:8080']],
    ]);
  });

  it('ipsets feed the masquerade rules; KUBE-LOOP-BACK lists local endpoints for hairpin', () => {
    expect(r.ipsets['KUBE-CLUSTER-IP']).toEqual(['10.96.100.10,tcp:80']);
    expect(r.ipsets['KUBE-LOOP-BACK']).toEqual(['10.244.1.9,tcp:8080,10.244.1.9']);
    expect(r.ipsets['KUBE-NODE-PORT-TCP']).toEqual(['30080']);
    expect(r.ipsets['KUBE-NODE-PORT-LOCAL-TCP']).toEqual(['30080']);
    expect(r.ipsets['KUBE-LOAD-BALANCER-LOCAL']).toEqual(['172.16.0.200,tcp:80']);
    expect(chain(r, 'nat', 'KUBE-SERVICES')).toContainEqual(expect.objectContaining({
      match: { notSource: '10.244.0.0/16', set: { name: 'KUBE-CLUSTER-IP', flags: 'dst,dst' } }, jump: 'KUBE-MARK-MASQ',
    }));
  });

  it('internalTrafficPolicy Local: the ClusterIP virtual server lists only this node\'s endpoints (§5.6)', () => {
    const local = rules('ipvs', [service({ internalTrafficPolicy: 'Local' })], node2);
    expect(local.mode === 'ipvs' && local.virtualServers[0]?.realServers.map((s) => s.address)).toEqual(['10.244.2.7', '10.244.2.8']);
  });

  it('virtual servers exist even without endpoints', () => {
    const none = rules('ipvs', [service({}, [])]);
    expect(none.mode === 'ipvs' && none.virtualServers.map((v) => v.realServers.length)).toEqual([0]);
  });
});

describe('nftables mode (§4.10)', () => {
  const r = rules('nftables', [service({ type: 'NodePort', ports: [nodePortPort] })]);
  const plan = planPort(service(), httpPort, '10.96.100.10', 'node1', pods);

  it('chains named service-<HASH>-ns/svc/proto/port and endpoint-<HASH>-…__ip/port', () => {
    expect(nftChainName.service(plan)).toBe(`service-${hash16('app/web:httptcp').slice(0, 8)}-app/web/tcp/http`);
    expect(nftChainName.endpoint(plan, plan.clusterEndpoints[0]!)).toBe(`endpoint-${hash16('app/web:httptcp10.244.1.9:8080').slice(0, 8)}-app/web/tcp/http__10.244.1.9/8080`);
    expect(jumps(chain(r, 'nat', nftChainName.service(plan))).slice(1)).toEqual(plan.clusterEndpoints.map((e) => nftChainName.endpoint(plan, e)));
  });

  it('no endpoints: the filter check REJECTs the ClusterIP and the NodePort; no nat dispatch', () => {
    const none = rules('nftables', [service({ type: 'NodePort', ports: [nodePortPort] }, [])]);
    expect(chain(none, 'nat', 'services')).toEqual([]);
    expect(chain(none, 'filter', 'service-endpoints-check')).toMatchObject([{ match: { destination: '10.96.100.10', dport: 80 }, jump: 'REJECT', comment: 'app/web:http has no endpoints' }]);
    expect(chain(none, 'filter', 'nodeport-endpoints-check')).toMatchObject([{ match: { destination: '172.16.0.11', dport: 30080 }, jump: 'REJECT' }]);
  });

  it('externalTrafficPolicy Local: external chain short-circuits pods and the node, then local-… chain', () => {
    const local = rules('nftables', [service({ type: 'NodePort', ports: [nodePortPort], externalTrafficPolicy: 'Local' })]);
    expect(jumps(chain(local, 'nat', nftChainName.external(plan)))).toEqual([
      nftChainName.service(plan), 'mark-for-masquerade', nftChainName.service(plan), nftChainName.local(plan),
    ]);
    expect(jumps(chain(local, 'nat', nftChainName.local(plan)))).toEqual([nftChainName.endpoint(plan, plan.clusterEndpoints[0]!)]);
  });

  it('NodePorts only on the node\'s primary IP; ClusterIP on other ports rejected, unallocated dropped', () => {
    expect(chain(r, 'nat', 'services')?.map((x) => [x.match.destination, x.match.dport])).toEqual([['10.96.100.10', 80], ['172.16.0.11', 30080]]);
    expect(chain(r, 'filter', 'cluster-ips-check')?.map((x) => [x.match.destination, x.jump])).toEqual([['10.96.100.10', 'REJECT'], ['10.96.0.0/12', 'DROP']]);
    expect(proxyEntryChains('nftables').nat.prerouting).toBe('nat-prerouting');
  });
});

describe('hostPort via the CNI portmap plugin (§9.2)', () => {
  const s = settingsFor();
  const withHostPort = podState('app', 'client', '10.244.1.5', 'node1', {
    eth0: { name: 'eth0', kind: 'veth', addresses: ['10.244.1.5/24'], mtu: 1450, flags: [] },
    containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 8080 }, { containerPort: 53, protocol: 'UDP', hostPort: 5353 }] }],
  });
  const hostPods = new Map([[withHostPort.id, withHostPort]]);
  const r = proxyRules(deepFreeze(s), node1, [], deepFreeze(hostPods));

  it('PREROUTING/OUTPUT reach CNI-HOSTPORT-DNAT after KUBE-SERVICES; CNI-HOSTPORT-MASQ runs first in POSTROUTING', () => {
    expect(jumps(chain(r, 'nat', 'PREROUTING'))).toEqual(['KUBE-SERVICES', 'CNI-HOSTPORT-DNAT']);
    expect(chain(r, 'nat', 'OUTPUT')?.[1]?.match).toEqual({ dstTypeLocal: true });
    expect(jumps(chain(r, 'nat', 'POSTROUTING'))).toEqual(['CNI-HOSTPORT-MASQ', 'KUBE-POSTROUTING', 'FLANNEL-POSTRTG']);
  });

  it('per-pod CNI-DN chain: mark hairpin (pod subnet) and localhost, then DNAT hostPort → podIP:containerPort', () => {
    const dnat = chain(r, 'nat', 'CNI-HOSTPORT-DNAT')!;
    expect(dnat.map((x) => [x.match.protocol, x.match.dports])).toEqual([['UDP', [5353]], ['TCP', [8080]]]);
    const dn = chain(r, 'nat', dnat[0]!.jump)!;
    expect(dn.slice(0, 3).map((x) => [x.match.source, x.match.dport, x.jump, x.toDestination])).toEqual([
      ['10.244.1.0/24', 8080, 'CNI-HOSTPORT-SETMARK', undefined],
      ['127.0.0.1', 8080, 'CNI-HOSTPORT-SETMARK', undefined],
      [undefined, 8080, 'DNAT', '10.244.1.5:80'],
    ]);
    expect(chain(r, 'nat', 'CNI-HOSTPORT-SETMARK')).toMatchObject([{ jump: 'MARK', markOr: 0x2000 }]);
  });

  it('only on the pod\'s own node, and not with Cilium (eBPF hostPort)', () => {
    expect(chain(proxyRules(s, node2, [], hostPods), 'nat', 'CNI-HOSTPORT-DNAT')).toBeUndefined();
    expect(chain(proxyRules(settingsFor('cilium', 'vxlan'), node1, [], hostPods), 'nat', 'CNI-HOSTPORT-DNAT')).toBeUndefined();
  });
});

describe('CNI masquerade rules next to kube-proxy\'s (§4.6 last row)', () => {
  it('flannel --ip-masq: FLANNEL-POSTRTG keeps pod↔pod and local-pod traffic, masquerades pods → outside (S13)', () => {
    const r = rules('iptables', []);
    expect(chain(r, 'nat', 'FLANNEL-POSTRTG')?.map((x) => [x.match, x.jump])).toEqual([
      [{ mark: { value: 0x4000, negate: false } }, 'RETURN'],
      [{ source: '10.244.1.0/24', destination: '10.244.0.0/16' }, 'RETURN'],
      [{ source: '10.244.0.0/16', destination: '10.244.1.0/24' }, 'RETURN'],
      [{ notSource: '10.244.0.0/16', destination: '10.244.1.0/24' }, 'RETURN'],
      [{ source: '10.244.0.0/16', notDestination: '224.0.0.0/4' }, 'MASQUERADE'],
      [{ notSource: '10.244.0.0/16', destination: '10.244.0.0/16' }, 'MASQUERADE'],
    ]);
    expect(chain(r, 'filter', 'FLANNEL-FWD')?.map((x) => [x.match, x.jump])).toEqual([
      [{ source: '10.244.0.0/16' }, 'ACCEPT'], [{ destination: '10.244.0.0/16' }, 'ACCEPT'],
    ]);
  });

  it('Calico natOutgoing: pool → outside the pool is masqueraded (S20)', () => {
    const r = proxyRules(settingsFor('calico', 'ipip'), node1, [], pods);
    expect(jumps(chain(r, 'nat', 'POSTROUTING'))).toEqual(['cali-POSTROUTING', 'KUBE-POSTROUTING']);
    expect(chain(r, 'nat', 'cali-nat-outgoing')).toEqual([
      { match: { source: '192.168.0.0/16', notDestination: '192.168.0.0/16' }, jump: 'MASQUERADE', randomFully: true },
    ]);
  });

  it('Cilium masquerades in eBPF: no CNI chains', () => {
    expect(jumps(chain(proxyRules(settingsFor('cilium', 'vxlan'), node1, [], pods), 'nat', 'POSTROUTING'))).toEqual(['KUBE-POSTROUTING']);
  });
});

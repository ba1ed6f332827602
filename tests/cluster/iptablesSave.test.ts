import { describe, expect, it } from 'vitest';
import type { ProxyRules } from '../../src/model/cluster.ts';
import { proxyRules } from '../../src/cluster/kubeproxy.ts';
import { iptablesSave, ipvsadmList, nftList, savedProbability, saveRule } from '../../src/cluster/iptablesSave.ts';
import { node1, settingsFor } from './net-fixtures.ts';
import { httpPort, pods, service } from './proxy-fixtures.ts';

const nodePortWeb = service({ type: 'NodePort', ports: [{ ...httpPort, nodePort: 30080 }] });

// Golden `iptables-save -t nat` of node1 (DATAPATH §0.1) for Service app/web (3 endpoints, NodePort 30080,
// externalTrafficPolicy Cluster), with flannel's FLANNEL-POSTRTG beside kube-proxy's chains. Shape per DATAPATH §4.2 and pkg/proxy/iptables/proxier.go; printed
// as iptables-save prints it: addresses with /32, `-p` before the matches, --set-xmark, and the
// statistic probability as the kernel stores it (11 decimals).
const GOLDEN_NAT = `
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:FLANNEL-POSTRTG - [0:0]
:KUBE-EXT-GSODGFK7F4BKZ7VG - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-6XDQBACXKN52QXVD - [0:0]
:KUBE-SEP-ONOSFEHCA55ZQF4F - [0:0]
:KUBE-SEP-VIUAX2FWSUN7NXBI - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-GSODGFK7F4BKZ7VG - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN
-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully
-A KUBE-EXT-GSODGFK7F4BKZ7VG -m comment --comment "masquerade traffic for app/web:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-GSODGFK7F4BKZ7VG -j KUBE-SVC-GSODGFK7F4BKZ7VG
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m comment --comment "app/web:http" -m tcp --dport 30080 -j KUBE-EXT-GSODGFK7F4BKZ7VG
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-6XDQBACXKN52QXVD -s 10.244.1.9/32 -m comment --comment "app/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-6XDQBACXKN52QXVD -p tcp -m comment --comment "app/web:http" -m tcp -j DNAT --to-destination 10.244.1.9:8080
-A KUBE-SEP-ONOSFEHCA55ZQF4F -s 10.244.2.8/32 -m comment --comment "app/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-ONOSFEHCA55ZQF4F -p tcp -m comment --comment "app/web:http" -m tcp -j DNAT --to-destination 10.244.2.8:8080
-A KUBE-SEP-VIUAX2FWSUN7NXBI -s 10.244.2.7/32 -m comment --comment "app/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-VIUAX2FWSUN7NXBI -p tcp -m comment --comment "app/web:http" -m tcp -j DNAT --to-destination 10.244.2.7:8080
-A KUBE-SERVICES -d 10.96.100.10/32 -p tcp -m comment --comment "app/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-GSODGFK7F4BKZ7VG
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-GSODGFK7F4BKZ7VG ! -s 10.244.0.0/16 -d 10.96.100.10/32 -p tcp -m comment --comment "app/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-GSODGFK7F4BKZ7VG -m comment --comment "app/web:http -> 10.244.1.9:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-6XDQBACXKN52QXVD
-A KUBE-SVC-GSODGFK7F4BKZ7VG -m comment --comment "app/web:http -> 10.244.2.7:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-VIUAX2FWSUN7NXBI
-A KUBE-SVC-GSODGFK7F4BKZ7VG -m comment --comment "app/web:http -> 10.244.2.8:8080" -j KUBE-SEP-ONOSFEHCA55ZQF4F
COMMIT
`.slice(1);

describe('iptablesSave', () => {
  const r = proxyRules(settingsFor(), node1, [nodePortWeb], pods);

  it('prints the nat table exactly as iptables-save -t nat does (golden)', () => {
    expect(iptablesSave(r, 'nat')).toBe(GOLDEN_NAT);
  });

  it('filter table: built-in hooks in kube-proxy\'s order, KUBE-FORWARD rules, COMMIT', () => {
    const text = iptablesSave(r, 'filter');
    expect(text.startsWith('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n')).toBe(true);
    expect(text).toContain('-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
    expect(text).toContain('-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n');
    expect(text).toContain('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n');
    // flanneld writes its matches before the comment.
    expect(text).toContain('-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT\n');
    expect(text.endsWith('COMMIT\n')).toBe(true);
  });

  it('no endpoints: REJECT --reject-with icmp-port-unreachable in filter KUBE-SERVICES (§4.8)', () => {
    const text = iptablesSave(proxyRules(settingsFor(), node1, [service({}, [])], pods), 'filter');
    expect(text).toContain('-A KUBE-SERVICES -d 10.96.100.10/32 -p tcp -m comment --comment "app/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n');
  });

  it('sessionAffinity: recent match as iptables-save prints it', () => {
    const text = iptablesSave(proxyRules(settingsFor(), node1, [service({ sessionAffinity: 'ClientIP' })], pods), 'nat');
    expect(text).toMatch(/-m recent --rcheck --seconds 10800 --reap --name (KUBE-SEP-\w{16}) --mask 255\.255\.255\.255 --rsource -j \1\n/);
    expect(text).toMatch(/-p tcp -m comment --comment "app\/web:http" -m recent --set --name KUBE-SEP-\w{16} --mask 255\.255\.255\.255 --rsource -m tcp -j DNAT --to-destination 10\.244\.1\.9:8080\n/);
  });

  it.each([
    ['replacement', { mode: 'replacement' } as const],
    ['nftables', proxyRules(settingsFor('flannel', 'vxlan', 'nftables'), node1, [nodePortWeb], pods)],
  ])('%s mode has no kube-proxy iptables rules', (_mode, proxy) => {
    expect(iptablesSave(proxy, 'nat')).toBe('*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n');
  });
});

describe('savedProbability (libxt_statistic: 31-bit fraction printed with %.11f)', () => {
  it.each([
    [0.3333333333, '0.33333333349'], [0.5, '0.50000000000'], [0.25, '0.25000000000'], [0.2, '0.20000000019'],
  ])('%f → %s', (p, text) => {
    expect(savedProbability(p)).toBe(text);
  });
});

describe('saveRule', () => {
  it.each([
    ['comment of only [-_a-zA-Z0-9] stays unquoted', { match: {}, jump: 'ACCEPT', comment: 'plain-word_1' }, '-A X -m comment --comment plain-word_1 -j ACCEPT'],
    ['other comments are quoted, quotes escaped', { match: {}, jump: 'ACCEPT', comment: 'say "hi"' }, '-A X -m comment --comment "say \\"hi\\"" -j ACCEPT'],
    ['a CIDR keeps its mask, an address gets /32', { match: { notSource: '10.244.0.0/16', destination: '10.96.0.1' }, jump: 'RETURN' }, '-A X ! -s 10.244.0.0/16 -d 10.96.0.1/32 -j RETURN'],
    ['ipset rules say -p without -m tcp', { match: { protocol: 'TCP', set: { name: 'KUBE-NODE-PORT-TCP', flags: 'dst' } }, jump: 'KUBE-MARK-MASQ' }, '-A X -p tcp -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ'],
    ['UDP DNAT', { match: { protocol: 'UDP' }, jump: 'DNAT', toDestination: '10.244.1.3:53' }, '-A X -p udp -m udp -j DNAT --to-destination 10.244.1.3:53'],
  ] as const)('%s', (_name, rule, line) => {
    expect(saveRule('X', rule)).toBe(line);
  });
});

describe('ipvsadmList', () => {
  it('prints ipvsadm -Ln with Masq forwarding and zero counters', () => {
    const r: ProxyRules = proxyRules(settingsFor('flannel', 'vxlan', 'ipvs'), node1, [service()], pods);
    expect(ipvsadmList(r)).toBe([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  10.96.100.10:80 rr',
      '  -> 10.244.1.9:8080              Masq    1      0          0',
      '  -> 10.244.2.7:8080              Masq    1      0          0',
      '  -> 10.244.2.8:8080              Masq    1      0          0',
      '',
    ].join('\n'));
  });
});

describe('ipvsadmList with sessionAffinity', () => {
  it('ClientIP affinity shows as a persistent virtual server', () => {
    const r = proxyRules(settingsFor('flannel', 'vxlan', 'ipvs'), node1, [service({ sessionAffinity: 'ClientIP' })], pods);
    expect(ipvsadmList(r)).toContain('\nTCP  10.96.100.10:80 rr persistent 10800\n');
  });
});

describe('nftList', () => {
  const text = nftList(proxyRules(settingsFor('flannel', 'vxlan', 'nftables'), node1, [nodePortWeb], pods));
  it('folds the service dispatch into a vmap and the endpoint pick into numgen (§4.10)', () => {
    expect(text.startsWith('table ip kube-proxy {\n\tchain nat-prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\tjump services\n')).toBe(true);
    expect(text).toMatch(/\t\t\t10\.96\.100\.10 \. tcp \. 80 : goto service-\w{8}-app\/web\/tcp\/http,\n/);
    expect(text).toMatch(/numgen random mod 3 vmap \{ 0 : goto endpoint-\w{8}-app\/web\/tcp\/http__10\.244\.1\.9\/8080, 1 : goto \S+, 2 : goto \S+ \}/);
    expect(text).toContain('\t\tmasquerade fully-random\n');
  });
  it('is empty for other modes', () => {
    expect(nftList({ mode: 'replacement' })).toBe('');
  });
});

describe('hostPort rules as iptables-save prints them (§9.2)', () => {
  it('multiport entry rule with the portmap comment, escaped quotes', () => {
    expect(saveRule('CNI-HOSTPORT-DNAT', { match: { protocol: 'TCP', dports: [8080, 8443] }, jump: 'CNI-DN-x', comment: 'dnat name: "cbr0" id: "app/client"' }))
      .toBe('-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"app/client\\"" -m multiport --dports 8080,8443 -j CNI-DN-x');
  });
});

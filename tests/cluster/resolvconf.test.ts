import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterSettings, ResolvConf } from '../../src/model/cluster.ts';
import type { DnsPolicy, PodDnsConfig } from '../../src/model/objects.ts';
import {
  fitSearchLimits, formatResolvConf, MAX_SEARCH_DOMAIN_LENGTH, MAX_SEARCH_DOMAINS, MAX_SEARCH_LIST_CHARS, podResolvConf,
} from '../../src/cluster/resolvconf.ts';

// The node's own resolv.conf as in the DATAPATH §6.2 example: an upstream resolver in the outside
// world and `search ec2.internal`; `timeout:2` shows whether node options survive.
const nodeResolvConf: ResolvConf = {
  nameservers: ['198.51.100.53'],
  search: ['ec2.internal'],
  options: [{ name: 'timeout', value: '2' }],
};

function settings(over: Partial<ClusterSettings> = {}): ClusterSettings {
  return deepFreeze({
    cni: { plugin: 'flannel', mode: 'vxlan', networkPolicy: true },
    proxyMode: 'iptables',
    podCIDR: '10.244.0.0/16',
    serviceCIDR: '10.96.0.0/12',
    nodeCIDRMaskSize: 24,
    clusterDomain: 'cluster.local',
    nodePortRange: { min: 30000, max: 32767 },
    loadBalancerPool: { first: '172.16.0.200', last: '172.16.0.250' },
    dnsServiceIP: '10.96.0.10',
    nodeResolvConf,
    mtu: 1450,
    ...over,
  });
}

function pod(dnsPolicy: DnsPolicy, hostNetwork = false, dnsConfig?: PodDnsConfig, namespace = 'app') {
  return deepFreeze({ namespace, hostNetwork, dnsPolicy, ...(dnsConfig && { dnsConfig }) });
}

function dnsConfig(over: Partial<PodDnsConfig>): PodDnsConfig {
  return { nameservers: [], searches: [], options: [], ...over };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const clusterDns: ResolvConf = {
  nameservers: ['10.96.0.10'],
  search: ['app.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal'],
  options: [{ name: 'ndots', value: '5' }],
};

describe('podResolvConf', () => {
  it('writes the DATAPATH §6.2 example for a ClusterFirst pod in namespace app on a node with search ec2.internal', () => {
    const rc = podResolvConf(settings(), pod('ClusterFirst'));
    expect(rc).toEqual(clusterDns);
    // Same three lines as DATAPATH §6.2; containerd's CRI plugin (parseDNSOptions) writes search first.
    expect(formatResolvConf(rc)).toBe(
      'search app.svc.cluster.local svc.cluster.local cluster.local ec2.internal\n'
      + 'nameserver 10.96.0.10\n'
      + 'options ndots:5\n',
    );
  });

  // DATAPATH §6.2 table and §9.1; kubelet getPodDNSType: ClusterFirst falls back to Default on the
  // host network, ClusterFirstWithHostNet keeps cluster DNS, None starts empty.
  const noneConfig = dnsConfig({ nameservers: ['192.0.2.1'], searches: ['corp.example'] });
  const noneDns: ResolvConf = { nameservers: ['192.0.2.1'], search: ['corp.example'], options: [] };
  it.each([
    { policy: 'ClusterFirst', hostNetwork: false, expected: clusterDns },
    { policy: 'ClusterFirst', hostNetwork: true, expected: nodeResolvConf },
    { policy: 'ClusterFirstWithHostNet', hostNetwork: false, expected: clusterDns },
    { policy: 'ClusterFirstWithHostNet', hostNetwork: true, expected: clusterDns },
    { policy: 'Default', hostNetwork: false, expected: nodeResolvConf },
    { policy: 'Default', hostNetwork: true, expected: nodeResolvConf },
    { policy: 'None', hostNetwork: false, expected: noneDns },
    { policy: 'None', hostNetwork: true, expected: noneDns },
  ] as const)('dnsPolicy $policy with hostNetwork $hostNetwork', ({ policy, hostNetwork, expected }) => {
    const config = policy === 'None' ? noneConfig : undefined;
    expect(podResolvConf(settings(), pod(policy, hostNetwork, config))).toEqual(expected);
  });

  it.each([
    {
      name: 'node search domains that repeat the cluster ones are dropped (kubelet omitDuplicates)',
      node: { ...nodeResolvConf, search: ['cluster.local', 'corp.example'] },
      search: ['app.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'],
    },
    {
      name: 'a trailing dot on a node search domain is trimmed (kubelet parseResolvConf)',
      node: { ...nodeResolvConf, search: ['ec2.internal.'] },
      search: ['app.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal'],
    },
    {
      name: 'a node without search domains adds none',
      node: { ...nodeResolvConf, search: [] },
      search: ['app.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    },
  ])('$name', ({ node, search }) => {
    expect(podResolvConf(settings({ nodeResolvConf: node }), pod('ClusterFirst')).search).toEqual(search);
  });

  it('builds the search list from the pod namespace and the configured cluster domain', () => {
    const rc = podResolvConf(settings({ clusterDomain: 'corp.internal' }), pod('ClusterFirst', false, undefined, 'shop'));
    expect(rc.search).toEqual(['shop.svc.corp.internal', 'svc.corp.internal', 'corp.internal', 'ec2.internal']);
  });
});

describe('podResolvConf with dnsConfig (kubelet appendDNSConfig, DATAPATH §6.2)', () => {
  it('reproduces the "DNS for Services and Pods" dnsPolicy None example', () => {
    const config = dnsConfig({
      nameservers: ['192.0.2.1'],
      searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'],
      options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
    });
    expect(formatResolvConf(podResolvConf(settings(), pod('None', false, config)))).toBe(
      'search ns1.svc.cluster-domain.example my.dns.search.suffix\n'
      + 'nameserver 192.0.2.1\n'
      + 'options ndots:2 edns0\n',
    );
  });

  it.each([
    {
      name: 'nameservers are appended with duplicates removed',
      policy: 'ClusterFirst' as const,
      config: dnsConfig({ nameservers: ['10.96.0.10', '1.1.1.1'] }),
      expected: { ...clusterDns, nameservers: ['10.96.0.10', '1.1.1.1'] },
    },
    {
      name: 'at most 3 nameservers are kept, in order',
      policy: 'ClusterFirst' as const,
      config: dnsConfig({ nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9'] }),
      expected: { ...clusterDns, nameservers: ['10.96.0.10', '1.1.1.1', '8.8.8.8'] },
    },
    {
      name: 'searches are appended with duplicates removed',
      policy: 'ClusterFirst' as const,
      config: dnsConfig({ searches: ['svc.cluster.local', 'corp.example', 'corp.example'] }),
      expected: { ...clusterDns, search: [...clusterDns.search, 'corp.example'] },
    },
    {
      name: 'options merge by name, the dnsConfig value winning',
      policy: 'ClusterFirst' as const,
      config: dnsConfig({ options: [{ name: 'edns0' }, { name: 'ndots', value: '2' }] }),
      expected: { ...clusterDns, options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
    },
    {
      name: 'Default keeps the node resolver and merges options over the node ones',
      policy: 'Default' as const,
      config: dnsConfig({ options: [{ name: 'timeout', value: '5' }, { name: 'attempts', value: '3' }] }),
      expected: { ...nodeResolvConf, options: [{ name: 'timeout', value: '5' }, { name: 'attempts', value: '3' }] },
    },
    {
      name: 'an empty option value prints as the bare name',
      policy: 'Default' as const,
      config: dnsConfig({ options: [{ name: 'rotate', value: '' }] }),
      expected: { ...nodeResolvConf, options: [{ name: 'timeout', value: '2' }, { name: 'rotate' }] },
    },
  ])('$name', ({ policy, config, expected }) => {
    expect(podResolvConf(settings(), pod(policy, false, config))).toEqual(expected);
  });
});

describe('search list limits (kubelet formDNSSearchFitsLimits; expanded DNS config, GA since 1.28)', () => {
  const domain = (i: number, length: number) => `d${i}.`.padEnd(length - 8, 'x') + '.example';

  it('keeps at most 32 search domains', () => {
    const searches = Array.from({ length: 40 }, (_, i) => `s${i}.example`);
    const rc = podResolvConf(settings(), pod('ClusterFirst', false, dnsConfig({ searches })));
    expect(rc.search).toHaveLength(32);
    expect(rc.search.slice(0, 4)).toEqual(clusterDns.search);
    expect(rc.search[31]).toBe('s27.example');
  });

  it('cuts to 32 first, then drops domains longer than 253 characters', () => {
    const searches = Array.from({ length: 29 }, (_, i) => (i === 1 ? domain(1, 254) : `s${i}.example`));
    const rc = podResolvConf(settings(), pod('ClusterFirst', false, dnsConfig({ searches })));
    // 4 + 29 = 33 → 32 (s28 goes), then the 254-character domain goes: 31 remain.
    expect(rc.search).toHaveLength(31);
    expect(rc.search).not.toContain(domain(1, 254));
    expect(rc.search).not.toContain('s28.example');
    expect(rc.search).toContain('s27.example');
  });

  it('cuts domains from the end until the search line fits in 2048 characters', () => {
    const searches = Array.from({ length: 10 }, (_, i) => domain(i, 200));
    const rc = podResolvConf(settings({ nodeResolvConf: { ...nodeResolvConf, search: [] } }), pod('ClusterFirst', false, dnsConfig({ searches })));
    // 51 characters of cluster domains + 2 spaces, then 10 × (200 + 1) = 2063 > 2048: the last one goes.
    expect(rc.search).toEqual(['app.svc.cluster.local', 'svc.cluster.local', 'cluster.local', ...searches.slice(0, 9)]);
    expect(rc.search.join(' ').length).toBeLessThanOrEqual(MAX_SEARCH_LIST_CHARS);
  });

  const block = (count: number, length: number) => Array.from({ length: count }, (_, i) => domain(i, length));
  it.each([
    { name: 'under every limit', search: ['a.example', 'b.example'], kept: 2 },
    { name: 'empty', search: [], kept: 0 },
    // 8 × 226 + 232 characters + 8 separators = 2048: fits exactly.
    { name: 'a search line of exactly 2048 characters', search: [...block(8, 226), domain(8, 232)], kept: 9 },
    // One character more (2049): the last domain is cut.
    { name: 'a search line of 2049 characters', search: [...block(8, 226), domain(8, 233)], kept: 8 },
    // 9 × 253 + 8 = 2285: cutting the last domain leaves 2031.
    { name: 'nine domains of 253 characters', search: block(9, 253), kept: 8 },
  ])('fitSearchLimits: $name', ({ search, kept }) => {
    expect(fitSearchLimits(search)).toEqual(search.slice(0, kept));
  });
  it('always yields an in-order selection of the input within every limit', () => {
    const domains = fc.array(fc.string({ minLength: 1, maxLength: 300, unit: fc.constantFrom('a', 'b', '.') }), { maxLength: 60 });
    fc.assert(fc.property(domains, (search) => {
      const fitted = fitSearchLimits(search);
      expect(fitted.length).toBeLessThanOrEqual(MAX_SEARCH_DOMAINS);
      expect(fitted.join(' ').length).toBeLessThanOrEqual(MAX_SEARCH_LIST_CHARS);
      expect(fitted.every((d) => d.length <= MAX_SEARCH_DOMAIN_LENGTH)).toBe(true);
      // Order is kept: the result is the input's first 32, filtered, then cut at the end.
      const first = search.slice(0, MAX_SEARCH_DOMAINS).filter((d) => d.length <= MAX_SEARCH_DOMAIN_LENGTH);
      expect(first.slice(0, fitted.length)).toEqual(fitted);
    }));
  });
});

describe('formatResolvConf', () => {
  it.each([
    { name: 'empty file', rc: { nameservers: [], search: [], options: [] }, text: '' },
    {
      name: 'several nameservers, one line each',
      rc: { nameservers: ['10.96.0.10', '1.1.1.1'], search: [], options: [{ name: 'ndots', value: '5' }, { name: 'single-request-reopen' }] },
      text: 'nameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:5 single-request-reopen\n',
    },
  ])('$name', ({ rc, text }) => {
    expect(formatResolvConf(rc)).toBe(text);
  });
});

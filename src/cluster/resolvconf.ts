// Each pod's /etc/resolv.conf, built by kubelet's rules (DATAPATH.md §6.2; kubernetes/kubernetes
// pkg/kubelet/network/dns/dns.go `GetPodDNS`) and written out as containerd's CRI plugin writes it.
import type { ClusterSettings, ResolvConf } from '../model/cluster.ts';
import type { DnsPolicy, PodDnsConfig } from '../model/objects.ts';

type ResolvOption = ResolvConf['options'][number];

/** kubelet `validation.MaxDNSNameservers`: extra nameservers are dropped (event DNSConfigForming). */
export const MAX_NAMESERVERS = 3;
/**
 * Search-list limits of the expanded DNS config (KEP-2595, GA in Kubernetes 1.28): at most 32 domains
 * and 2048 characters for the joined list ("DNS for Services and Pods", "DNS search domain list limits").
 */
export const MAX_SEARCH_DOMAINS = 32;
export const MAX_SEARCH_LIST_CHARS = 2048;
/** A search domain longer than a DNS-1123 subdomain (253) is dropped: glibc 2.28 aborts on it. */
export const MAX_SEARCH_DOMAIN_LENGTH = 253;

/** kubelet's `defaultDNSOptions` for cluster DNS: the node's options are replaced, not merged. */
const CLUSTER_OPTIONS: readonly ResolvOption[] = [{ name: 'ndots', value: '5' }];

export interface PodDnsInput {
  readonly namespace: string;
  readonly hostNetwork: boolean;
  readonly dnsPolicy: DnsPolicy;
  readonly dnsConfig?: PodDnsConfig;
}

/** Which base kubelet starts from (`getPodDNSType`). */
export function podDnsType(pod: Pick<PodDnsInput, 'hostNetwork' | 'dnsPolicy'>): 'cluster' | 'host' | 'none' {
  switch (pod.dnsPolicy) {
    case 'None': return 'none';
    case 'ClusterFirstWithHostNet': return 'cluster';
    // ClusterFirst on a hostNetwork pod silently falls back to Default (DATAPATH §9.1).
    case 'ClusterFirst': return pod.hostNetwork ? 'host' : 'cluster';
    case 'Default': return 'host';
  }
}

export function podResolvConf(settings: ClusterSettings, pod: PodDnsInput): ResolvConf {
  const node = settings.nodeResolvConf;
  // kubelet's parseResolvConf trims a trailing dot from each search domain of the node's file.
  const nodeSearch = node.search.map((s) => s.replace(/\.$/, ''));
  let nameservers: readonly string[];
  let search: readonly string[];
  let options: readonly ResolvOption[];
  switch (podDnsType(pod)) {
    case 'none':
      nameservers = [];
      search = [];
      options = [];
      break;
    case 'cluster': {
      nameservers = [settings.dnsServiceIP];
      const domain = settings.clusterDomain;
      search = domain === ''
        ? nodeSearch
        : unique([`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain, ...nodeSearch]);
      options = CLUSTER_OPTIONS;
      break;
    }
    case 'host':
      nameservers = node.nameservers;
      search = nodeSearch;
      options = node.options;
      break;
  }
  if (pod.dnsConfig) {
    // appendDNSConfig: duplicates are dropped only when a dnsConfig is merged in.
    nameservers = unique([...nameservers, ...pod.dnsConfig.nameservers]);
    search = unique([...search, ...pod.dnsConfig.searches]);
    options = mergeOptions(options, pod.dnsConfig.options);
  }
  return {
    nameservers: nameservers.slice(0, MAX_NAMESERVERS),
    search: fitSearchLimits(search),
    options: options.map(normaliseOption),
  };
}

/**
 * kubelet's mergeDNSOptions: one entry per option name, the pod's dnsConfig value winning. kubelet
 * rebuilds the list from a Go map (random order); we keep first-seen order so output is stable.
 */
export function mergeOptions(base: readonly ResolvOption[], extra: readonly ResolvOption[]): ResolvOption[] {
  const order: string[] = [];
  const values = new Map<string, string>();
  for (const o of [...base, ...extra]) {
    if (!values.has(o.name)) order.push(o.name);
    values.set(o.name, o.value ?? '');
  }
  return order.map((name) => normaliseOption({ name, value: values.get(name) }));
}

/** formDNSSearchFitsLimits: cut to 32 domains, drop over-long domains, then cut from the end to 2048 chars. */
export function fitSearchLimits(search: readonly string[]): string[] {
  const kept = search.slice(0, MAX_SEARCH_DOMAINS).filter((s) => s.length <= MAX_SEARCH_DOMAIN_LENGTH);
  let length = kept.join(' ').length;
  while (length > MAX_SEARCH_LIST_CHARS && kept.length > 0) {
    length -= kept.pop()!.length + 1;
  }
  return kept;
}

/**
 * The file as `cat /etc/resolv.conf` shows it in a pod: containerd's CRI plugin (parseDNSOptions)
 * writes the search line first, then one nameserver line each, then the options line.
 */
export function formatResolvConf(rc: ResolvConf): string {
  const lines: string[] = [];
  if (rc.search.length > 0) lines.push(`search ${rc.search.join(' ')}`);
  for (const ns of rc.nameservers) lines.push(`nameserver ${ns}`);
  if (rc.options.length > 0) lines.push(`options ${rc.options.map(formatOption).join(' ')}`);
  return lines.map((l) => `${l}\n`).join('');
}

function formatOption(o: ResolvOption): string {
  return o.value === undefined || o.value === '' ? o.name : `${o.name}:${o.value}`;
}

function normaliseOption(o: { readonly name: string; readonly value?: string | undefined }): ResolvOption {
  return o.value === undefined || o.value === '' ? { name: o.name } : { name: o.name, value: o.value };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

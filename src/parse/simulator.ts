// The simulator's own kinds (apiVersion sim.kube-netsim.dev/v1alpha1): Cluster, the scenario's
// cluster settings (defaults in DESIGN.md "Defaults"), and Flow, a connection to try.
import { parseIPv4 } from '../model/ip.ts';
import { cniModes } from '../model/objects.ts';
import type { ClusterConfig, ClusterNodeSpec, CniMode, CniPlugin, FlowVerdict } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import type { Fields } from './reader.ts';
import { checkDnsName, isDns1123Subdomain, labels } from './meta.ts';
import { ipv4CidrField, taints } from './node.ts';
import { ipv4Field } from './pod.ts';
import { rejectUnknown } from './checks.ts';
import { LIMITS } from './yaml.ts';

const PLUGINS = Object.keys(cniModes) as CniPlugin[];

function cni(spec: Fields): ClusterConfig['spec']['cni'] {
  const c = spec.obj('cni');
  if (!c) return undefined;
  rejectUnknown(c, ['plugin', 'mode', 'networkPolicy']);
  const plugin = c.oneOf('plugin', PLUGINS);
  const mode = c.str('mode');
  const networkPolicy = c.has('networkPolicy') ? c.bool('networkPolicy', true) : undefined;
  // With no plugin the default CNI is flannel (DESIGN.md "Defaults").
  const effective = plugin ?? 'flannel';
  const valid = cniModes[effective];
  let okMode: CniMode | undefined;
  if (mode !== undefined) {
    if ((valid as readonly string[]).includes(mode)) okMode = mode as CniMode;
    else c.error('mode', 'invalid-value', `${c.at('mode')} "${mode}" is not a ${effective} mode${plugin ? '' : ' (no plugin given, so flannel)'}; ${effective} supports ${valid.join(', ')}.`);
  }
  return { ...(plugin ? { plugin } : {}), ...(okMode ? { mode: okMode } : {}), ...(networkPolicy !== undefined ? { networkPolicy } : {}) };
}

function nodes(spec: Fields): ClusterNodeSpec[] | undefined {
  const all = spec.objList('nodes');
  if (!all) return undefined;
  if (all.length > LIMITS.maxNodes) {
    spec.warn('nodes', 'simulator-limit', `${spec.at('nodes')} lists ${all.length} nodes; the simulator models at most ${LIMITS.maxNodes}, so it uses the first ${LIMITS.maxNodes}.`);
  }
  const list = all.slice(0, LIMITS.maxNodes);
  const out: ClusterNodeSpec[] = [];
  const seen = new Map<string, string>();
  const addresses = new Map<string, string>();
  for (const n of list) {
    rejectUnknown(n, ['name', 'role', 'zone', 'address', 'labels', 'taints']);
    const name = n.str('name', { required: true, what: 'a node name such as node-1' });
    if (name === undefined || !checkDnsName(n, 'name', name, 'subdomain')) continue;
    if (seen.has(name)) {
      n.error('name', 'invalid-value', `${n.at('name')} "${name}" is already used by ${seen.get(name)}; node names must be unique.`);
      continue;
    }
    seen.set(name, n.path);
    const role = n.oneOf('role', ['control-plane', 'worker'] as const, 'worker');
    const zone = n.str('zone');
    const address = ipv4Field(n, 'address', n.str('address'));
    if (address !== undefined) {
      if (addresses.has(address)) n.error('address', 'invalid-value', `${n.at('address')} ${address} is already the address of ${addresses.get(address)}; node addresses must be unique.`);
      addresses.set(address, name);
    }
    const t = n.has('taints') ? taints(n) : undefined;
    out.push({ name, role, labels: labels(n), ...(zone ? { zone } : {}), ...(address ? { address } : {}), ...(t ? { taints: t } : {}) });
  }
  return out;
}

/** `first-last`: two IPv4 addresses, first ≤ last. */
function pool(spec: Fields): string | undefined {
  const v = spec.str('loadBalancerPool');
  if (v === undefined) return undefined;
  const [first, last, extra] = v.split('-').map((s) => s.trim());
  const a = first ? parseIPv4(first) : undefined;
  const b = last ? parseIPv4(last) : undefined;
  if (extra !== undefined || a === undefined || b === undefined) {
    spec.error('loadBalancerPool', 'invalid-value', `${spec.at('loadBalancerPool')} "${v}" must be one range written first-last, e.g. 172.16.0.200-172.16.0.250.`);
    return undefined;
  }
  if (a > b) {
    spec.error('loadBalancerPool', 'invalid-value', `${spec.at('loadBalancerPool')} "${v}" starts after it ends; write the lower address first.`);
    return undefined;
  }
  return `${first}-${last}`;
}

export const parseCluster: KindParser<'Cluster'> = (doc, base) => {
  const spec = doc.obj('spec');
  if (!spec) return { ...base, spec: {} };
  rejectUnknown(spec, ['cni', 'kubeProxy', 'podCIDR', 'serviceCIDR', 'nodeCIDRMaskSize', 'clusterDomain', 'nodes', 'loadBalancerPool']);
  const c = cni(spec);
  const kp = spec.obj('kubeProxy');
  if (kp) rejectUnknown(kp, ['mode']);
  let proxyMode = kp?.oneOf('mode', ['iptables', 'ipvs', 'nftables', 'replacement'] as const);
  // Only Cilium replaces kube-proxy (DATAPATH.md 4.11).
  if (kp && proxyMode === 'replacement' && c?.plugin !== 'cilium') {
    kp.error('mode', 'invalid-value', `${kp.at('mode')} replacement needs cni.plugin cilium: only Cilium replaces kube-proxy; with ${c?.plugin ?? 'flannel'} use iptables, ipvs or nftables.`);
    proxyMode = undefined;
  }
  const podCIDR = ipv4CidrField(spec, 'podCIDR');
  const serviceCIDR = ipv4CidrField(spec, 'serviceCIDR');
  const prefix = podCIDR ? Number(podCIDR.split('/')[1]) : 0;
  const nodeCIDRMaskSize = spec.int('nodeCIDRMaskSize', { min: Math.max(prefix, 8), max: 30 });
  const clusterDomain = spec.str('clusterDomain');
  if (clusterDomain !== undefined && !isDns1123Subdomain(clusterDomain)) spec.error('clusterDomain', 'invalid-value', `${spec.at('clusterDomain')} "${clusterDomain}" must be a DNS domain such as cluster.local.`);
  const n = nodes(spec);
  const lb = pool(spec);
  return {
    ...base,
    spec: {
      ...(c ? { cni: c } : {}),
      ...(kp ? { kubeProxy: proxyMode ? { mode: proxyMode } : {} } : {}),
      ...(podCIDR ? { podCIDR } : {}),
      ...(serviceCIDR ? { serviceCIDR } : {}),
      ...(nodeCIDRMaskSize !== undefined ? { nodeCIDRMaskSize } : {}),
      ...(clusterDomain !== undefined && isDns1123Subdomain(clusterDomain) ? { clusterDomain } : {}),
      ...(n ? { nodes: n } : {}),
      ...(lb ? { loadBalancerPool: lb } : {}),
    },
  };
};

const VERDICTS: readonly FlowVerdict[] = ['delivered', 'dropped', 'rejected', 'nxdomain', 'not-found', 'unavailable', 'unreachable'];

export const parseFlow: KindParser<'Flow'> = (doc, base) => {
  const spec = doc.obj('spec', { required: true });
  if (!spec) return undefined;
  rejectUnknown(spec, ['from', 'command', 'to', 'port', 'protocol', 'expect']);
  const from = spec.str('from', { required: true, what: 'the client, e.g. frontend, shop/deploy/web or external' });
  const command = spec.str('command');
  const to = spec.str('to');
  if (command === undefined && to === undefined) {
    spec.ctx.report('error', 'missing-field', `${spec.path}.command or ${spec.path}.to is required: what to run (curl http://web:8080) or where to connect (web:8080).`, spec.path);
  } else if (command !== undefined && to !== undefined) {
    spec.error('to', 'invalid-value', `${spec.path} has both command and to; give exactly one of them.`);
  }
  const port = spec.int('port', { min: 1, max: 65535 });
  const protocol = spec.oneOf('protocol', ['TCP', 'UDP', 'SCTP', 'ICMP'] as const);
  const expect = spec.oneOf('expect', VERDICTS);
  if (from === undefined || (command === undefined) === (to === undefined)) return undefined;
  return {
    ...base,
    spec: {
      from,
      ...(command !== undefined ? { command } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(protocol ? { protocol } : {}),
      ...(expect ? { expect } : {}),
    },
  };
};

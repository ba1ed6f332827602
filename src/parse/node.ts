// Node (cluster-scoped): the pod CIDR, taints and addresses a `kubectl get node -o yaml` shows.
import { parseCidr } from '../model/ip.ts';
import type { Node, Taint } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import type { Fields } from './reader.ts';
import { ipv4Field } from './pod.ts';
import { rejectUnknown } from './checks.ts';

/** A CIDR field: IPv6 is reported as unsimulated, junk as invalid; returns IPv4 CIDR text or undefined. */
export function ipv4CidrField(f: Fields, key: string): string | undefined {
  const v = f.str(key);
  if (v === undefined) return undefined;
  if (v.includes(':')) {
    f.warn(key, 'unsimulated-feature', `${f.at(key)} ${v} is an IPv6 range; the simulator models IPv4 only, so it is ignored and verdicts may differ from a dual-stack cluster.`);
    return undefined;
  }
  if (!v.includes('/') || parseCidr(v) === undefined) {
    f.error(key, 'invalid-value', `${f.at(key)} "${v}" is not a valid IPv4 CIDR such as 10.244.1.0/24.`);
    return undefined;
  }
  return v;
}

export function taints(f: Fields): Taint[] {
  const out: Taint[] = [];
  for (const t of f.objList('taints') ?? []) {
    rejectUnknown(t, ['key', 'value', 'effect', 'timeAdded']);
    const key = t.str('key', { required: true, what: 'the taint key, e.g. node-role.kubernetes.io/control-plane' });
    const value = t.str('value');
    const effect = t.oneOf('effect', ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const);
    if (effect === undefined && !t.has('effect')) t.ctx.report('error', 'missing-field', `${t.at('effect')} is required: NoSchedule, PreferNoSchedule or NoExecute.`, t.path);
    if (key === undefined || effect === undefined) continue;
    out.push({ key, effect, ...(value !== undefined && value !== '' ? { value } : {}) });
  }
  return out;
}

export const parseNode: KindParser<'Node'> = (doc, base) => {
  const spec = doc.obj('spec');
  if (spec) rejectUnknown(spec, ['podCIDR', 'podCIDRs', 'providerID', 'unschedulable', 'taints', 'configSource', 'externalID']);
  const status = doc.obj('status');
  const podCIDR = spec ? ipv4CidrField(spec, 'podCIDR') : undefined;
  // podCIDRs repeats podCIDR first; on a dual-stack node it adds the IPv6 range (warned, ignored).
  for (const item of spec?.list('podCIDRs') ?? []) {
    if (typeof item.value === 'string' && item.value.includes(':')) {
      spec?.ctx.report('warning', 'unsimulated-feature', `${item.path} ${item.value} is an IPv6 range; the simulator models IPv4 only, so it is ignored and verdicts may differ from a dual-stack cluster.`, item.path);
    }
  }
  const addresses: Node['status']['addresses'][number][] = [];
  for (const a of status?.objList('addresses') ?? []) {
    const type = a.str('type', { required: true, what: 'InternalIP, ExternalIP or Hostname' });
    const raw = a.str('address', { required: true });
    // Hostname entries hold a name, not an IP.
    const address = type === 'Hostname' ? raw : ipv4Field(a, 'address', raw);
    if (type !== undefined && address !== undefined) addresses.push({ type, address });
  }
  return {
    ...base,
    spec: { ...(podCIDR ? { podCIDR } : {}), taints: spec ? taints(spec) : [], unschedulable: spec?.bool('unschedulable', false) ?? false },
    status: { addresses },
  };
};

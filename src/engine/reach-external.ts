// The outside world as reach peers: IPv4 address ranges split at every ipBlock boundary found in
// the policies, so each range is wholly inside or outside every ipBlock (np-guard does the same).
import { cidrSize, formatIPv4 } from '../model/ip.ts';
import type { CompiledPolicies } from './policy-compile.ts';

export interface AddressRange {
  readonly first: number;
  readonly last: number;
}

const LAST_IPV4 = 0xffffffff;

/** Disjoint ranges covering 0.0.0.0–255.255.255.255, cut where any ipBlock `cidr` or `except` starts or ends. */
export function externalRanges(compiled: CompiledPolicies): AddressRange[] {
  const cuts = new Set<number>([0]);
  const cut = (base: number, size: number): void => {
    cuts.add(base);
    if (base + size <= LAST_IPV4) cuts.add(base + size);
  };
  for (const policy of compiled.all) {
    for (const rule of [...policy.ingressRules, ...policy.egressRules]) {
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== 'ipBlock') continue;
        cut(peer.cidr.base, cidrSize(peer.cidr));
        for (const e of peer.except) cut(e.base, cidrSize(e));
      }
    }
  }
  const starts = [...cuts].sort((a, b) => a - b);
  return starts.map((first, i) => ({ first, last: i + 1 < starts.length ? starts[i + 1]! - 1 : LAST_IPV4 }));
}

/** np-guard's rendering: `0.0.0.0-9.255.255.255`. */
export const formatRange = (r: AddressRange): string => `${formatIPv4(r.first)}-${formatIPv4(r.last)}`;

/** Joins neighbouring ranges whose values are equal (per peer, so a line covers as much as it can). */
export function mergeRanges<T>(items: readonly { readonly range: AddressRange; readonly value: T }[], same: (a: T, b: T) => boolean): { range: AddressRange; value: T }[] {
  const out: { range: AddressRange; value: T }[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && last.range.last + 1 === item.range.first && same(last.value, item.value)) last.range = { first: last.range.first, last: item.range.last };
    else out.push({ range: item.range, value: item.value });
  }
  return out;
}

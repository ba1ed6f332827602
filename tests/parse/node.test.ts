import { describe, expect, it } from 'vitest';
import { lines, one, run } from './harness.ts';
import type { Row } from './harness.ts';

const node = (...rest: string[]): string => lines('apiVersion: v1', 'kind: Node', 'metadata:', '  name: node-1', ...rest);

describe('Node', () => {
  it('reads podCIDR, taints, unschedulable and addresses; cluster-scoped', () => {
    const r = run(node('spec:', '  podCIDR: 10.244.1.0/24', '  podCIDRs: [10.244.1.0/24]', '  unschedulable: true',
      '  taints: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}, {key: gpu, value: "yes", effect: NoExecute}]',
      'status:', '  addresses: [{type: InternalIP, address: 172.16.0.11}, {type: Hostname, address: node-1}]'));
    expect(r.rows).toEqual([]);
    const n = one(r, 'Node');
    expect(n.metadata.namespace).toBe('');
    expect(n.spec).toEqual({
      podCIDR: '10.244.1.0/24', unschedulable: true,
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { key: 'gpu', value: 'yes', effect: 'NoExecute' }],
    });
    expect(n.status.addresses).toEqual([{ type: 'InternalIP', address: '172.16.0.11' }, { type: 'Hostname', address: 'node-1' }]);
  });

  it('defaults: no taints, schedulable, no addresses', () => {
    const n = one(run(node()), 'Node');
    expect(n.spec).toEqual({ taints: [], unschedulable: false });
    expect(n.status.addresses).toEqual([]);
  });

  const cases: { name: string; text: string; rows: Row[] }[] = [
    { name: 'podCIDR not a CIDR', text: node('spec: {podCIDR: 10.244.1.0}'), rows: [['error', 'invalid-value', 'spec.podCIDR', 5, 8]] },
    { name: 'IPv6 podCIDR', text: node('spec: {podCIDR: "fd00:10:244:1::/64"}'), rows: [['warning', 'unsimulated-feature', 'spec.podCIDR', 5, 8]] },
    { name: 'dual-stack podCIDRs', text: node('spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24, "fd00::/64"]}'), rows: [['warning', 'unsimulated-feature', 'spec.podCIDRs[1]', 5, 58]] },
    { name: 'taint without effect', text: node('spec: {taints: [{key: a}]}'), rows: [['error', 'missing-field', 'spec.taints[0]', 5, 17]] },
    { name: 'taint with a bad effect', text: node('spec: {taints: [{key: a, effect: NoRun}]}'), rows: [['error', 'invalid-value', 'spec.taints[0].effect', 5, 26]] },
    { name: 'typo in the spec', text: node('spec: {podCidr: 10.244.1.0/24}'), rows: [['error', 'unknown-field', 'spec.podCidr', 5, 8]] },
    { name: 'address not an IP', text: node('status: {addresses: [{type: InternalIP, address: node-1}]}'), rows: [['error', 'invalid-value', 'status.addresses[0].address', 5, 41]] },
  ];
  it.each(cases)('$name', ({ text, rows }) => {
    expect(run(text).rows).toEqual(rows);
  });
});

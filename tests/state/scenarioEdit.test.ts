import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.ts';
import { exampleScenario } from '../../src/scenarios/index.ts';
import { clusterValues, setClusterSetting } from '../../src/state/scenarioEdit.ts';
import type { ClusterSetting } from '../../src/state/scenarioEdit.ts';

const head = 'apiVersion: sim.kube-netsim.dev/v1alpha1\nkind: Cluster\nmetadata:\n  name: c\n';
const calicoIpip: ClusterSetting = { kind: 'cni', plugin: 'calico', mode: 'ipip' };

function edit(text: string, setting: ClusterSetting): { text: string; notes: readonly string[] } {
  const r = setClusterSetting(text, setting);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The parsed Cluster spec: every edit must leave a scenario the parser accepts without errors. */
function specOf(text: string): unknown {
  const parsed = parse({ name: 's.yaml', text });
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.objects.find((o) => o.kind === 'Cluster')?.spec;
}

describe('setClusterSetting on the example scenario', () => {
  const text = exampleScenario.yaml;
  it('changes only the values on their lines', () => {
    const out = edit(text, calicoIpip).text;
    expect(out).toBe(text.replace('    plugin: flannel\n    mode: vxlan', '    plugin: calico\n    mode: ipip'));
    expect(specOf(out)).toMatchObject({ cni: { plugin: 'calico', mode: 'ipip', networkPolicy: true } });
  });
  it('switches kube-proxy', () => {
    const out = edit(text, { kind: 'kubeProxy', mode: 'ipvs' }).text;
    expect(out).toBe(text.replace('  kubeProxy:\n    mode: iptables', '  kubeProxy:\n    mode: ipvs'));
  });
});

describe('setClusterSetting keeps the formatting', () => {
  const cases: { name: string; text: string; setting: ClusterSetting; want: string }[] = [
    { name: 'flow style', text: `${head}spec: {cni: {plugin: flannel, mode: host-gw}}\n`, setting: calicoIpip,
      want: `${head}spec: {cni: {plugin: calico, mode: ipip}}\n` },
    { name: 'quotes stay', text: `${head}spec:\n  cni:\n    plugin: "flannel"\n    mode: 'vxlan'\n`, setting: { kind: 'cni', plugin: 'cilium', mode: 'geneve' },
      want: `${head}spec:\n  cni:\n    plugin: "cilium"\n    mode: 'geneve'\n` },
    { name: 'comments stay', text: `${head}spec:\n  cni:\n    plugin: flannel # the default\n    # vxlan here\n    mode: vxlan\n`, setting: calicoIpip,
      want: `${head}spec:\n  cni:\n    plugin: calico # the default\n    # vxlan here\n    mode: ipip\n` },
    { name: 'CRLF', text: `${head}spec:\n  kubeProxy:\n    mode: iptables\n`.replace(/\n/g, '\r\n'), setting: { kind: 'kubeProxy', mode: 'nftables' },
      want: `${head}spec:\n  kubeProxy:\n    mode: nftables\n`.replace(/\n/g, '\r\n') },
    { name: 'CRLF insert', text: `${head}spec:\n  podCIDR: 10.244.0.0/16\n`.replace(/\n/g, '\r\n'), setting: { kind: 'kubeProxy', mode: 'ipvs' },
      want: `${head}spec:\n  podCIDR: 10.244.0.0/16\n  kubeProxy:\n    mode: ipvs\n`.replace(/\n/g, '\r\n') },
    { name: 'missing mode inserted after plugin', text: `${head}spec:\n    cni:\n        plugin: flannel\n    podCIDR: 10.244.0.0/16\n`, setting: { kind: 'cni', plugin: 'calico', mode: 'bgp' },
      want: `${head}spec:\n    cni:\n        plugin: calico\n        mode: bgp\n    podCIDR: 10.244.0.0/16\n` },
    { name: 'empty cni key', text: `${head}spec:\n  cni: # later\n  podCIDR: 10.0.0.0/16\n`, setting: { kind: 'cni', plugin: 'cilium', mode: 'native' },
      want: `${head}spec:\n  cni: # later\n    plugin: cilium\n    mode: native\n  podCIDR: 10.0.0.0/16\n` },
    { name: 'flow mapping gains a field', text: `${head}spec: {podCIDR: 10.0.0.0/16}\n`, setting: { kind: 'kubeProxy', mode: 'ipvs' },
      want: `${head}spec: {kubeProxy: {mode: ipvs}, podCIDR: 10.0.0.0/16}\n` },
    { name: 'empty flow mapping', text: `${head}spec: {}\n`, setting: { kind: 'kubeProxy', mode: 'ipvs' },
      want: `${head}spec: {kubeProxy: {mode: ipvs}}\n` },
    { name: 'no spec at all', text: `${head}---\nkind: Namespace\napiVersion: v1\nmetadata: {name: a}\n`, setting: { kind: 'kubeProxy', mode: 'ipvs' },
      want: `${head}spec:\n  kubeProxy:\n    mode: ipvs\n---\nkind: Namespace\napiVersion: v1\nmetadata: {name: a}\n` },
    { name: 'other documents untouched', text: `kind: Namespace\napiVersion: v1\nmetadata:\n  name: x # keep\n---\n${head}spec:\n  kubeProxy: {mode: iptables}\n---\n# tail\n`,
      setting: { kind: 'kubeProxy', mode: 'ipvs' },
      want: `kind: Namespace\napiVersion: v1\nmetadata:\n  name: x # keep\n---\n${head}spec:\n  kubeProxy: {mode: ipvs}\n---\n# tail\n` },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = edit(c.text, c.setting).text;
      expect(out).toBe(c.want);
      specOf(out);
    });
  }
});

describe('setClusterSetting keeps the Cluster valid', () => {
  it('picks the plugin default mode and says so', () => {
    const r = edit(`${head}spec:\n  cni:\n    plugin: flannel\n    mode: host-gw\n`, { kind: 'cni', plugin: 'cilium' });
    expect(r.text).toContain('plugin: cilium\n    mode: vxlan');
    expect(r.notes).toEqual(['Cilium uses its default mode, vxlan.']);
  });
  it('keeps a mode the new plugin supports', () => {
    const r = edit(`${head}spec:\n  cni:\n    plugin: flannel\n    mode: vxlan\n`, { kind: 'cni', plugin: 'calico' });
    expect(r.text).toContain('plugin: calico\n    mode: vxlan');
    expect(r.notes).toEqual([]);
  });
  it('leaving Cilium ends the kube-proxy replacement', () => {
    const r = edit(`${head}spec:\n  cni: {plugin: cilium}\n  kubeProxy: {mode: replacement}\n`, calicoIpip);
    expect(r.text).toContain('kubeProxy: {mode: iptables}');
    expect(r.notes[0]).toMatch(/Only Cilium replaces kube-proxy/);
    specOf(r.text);
  });
  it('refuses the replacement without Cilium', () => {
    const r = setClusterSetting(`${head}spec: {}\n`, { kind: 'kubeProxy', mode: 'replacement' });
    expect(r).toEqual({ ok: false, error: 'Only Cilium replaces kube-proxy; switch the CNI to Cilium first.' });
  });
  it('refuses a mode the plugin lacks', () => {
    const r = setClusterSetting(`${head}spec: {}\n`, { kind: 'cni', plugin: 'flannel', mode: 'bgp' });
    expect(r.ok).toBe(false);
  });
});

describe('setClusterSetting without a Cluster object, or with bad YAML', () => {
  const ns = '# my scenario\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
  it('adds a Cluster document at the top with a comment', () => {
    const out = edit(ns, calicoIpip).text;
    expect(out.endsWith(`---\n${ns}`)).toBe(true);
    expect(out).toMatch(/^# Cluster settings/);
    expect(specOf(out)).toEqual({ cni: { plugin: 'calico', mode: 'ipip' } });
  });
  it('an empty scenario gets just the Cluster document', () => {
    const out = edit('', { kind: 'kubeProxy', mode: 'ipvs' }).text;
    expect(out).not.toContain('---');
    expect(specOf(out)).toEqual({ kubeProxy: { mode: 'ipvs' } });
  });
  it('refuses text that does not parse, naming the line', () => {
    const r = setClusterSetting(`${head}spec:\n  cni: [flannel\n`, calicoIpip);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/YAML error on line \d+/);
  });
  it('refuses rather than break a flow mapping spread over lines', () => {
    const text = `${head}spec:\n  cni: {plugin: flannel,\n    mode: vxlan\n    }\n`;
    specOf(text);
    expect(setClusterSetting(text, { kind: 'kubeProxy', mode: 'ipvs' })).toEqual({
      ok: false, error: 'Could not write spec.kubeProxy.mode into this Cluster object\'s layout; edit it in the YAML.',
    });
  });
  it('refuses a cni that is not a mapping', () => {
    const r = setClusterSetting(`${head}spec:\n  cni: flannel\n`, calicoIpip);
    expect(r.ok).toBe(false);
  });
});

describe('clusterValues', () => {
  it('reads what is written', () => {
    expect(clusterValues(exampleScenario.yaml)).toEqual({ ok: true, value: { plugin: 'flannel', mode: 'vxlan', proxy: 'iptables' } });
    expect(clusterValues('')).toEqual({ ok: true, value: {} });
  });
});

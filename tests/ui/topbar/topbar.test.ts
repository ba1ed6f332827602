import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/parse/index.ts';
import { setClusterSetting } from '../../../src/state/scenarioEdit.ts';
import { CNI_OPTIONS, cniSetting, policyWarning, proxyOptions } from '../../../src/ui/topbar/options.ts';
import { decodeScenario, readScenarioFile } from '../../../src/ui/topbar/scenarioFile.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('decodeScenario', () => {
  const cases: { name: string; bytes: Uint8Array; want: RegExp | string }[] = [
    { name: 'yaml', bytes: utf8('kind: Namespace\n'), want: 'kind: Namespace\n' },
    { name: 'BOM dropped', bytes: utf8('\uFEFFa: 1\n'), want: 'a: 1\n' },
    { name: 'broken YAML still opens', bytes: utf8('a: [\n'), want: 'a: [\n' },
    { name: 'empty', bytes: new Uint8Array(), want: /the file is empty/ },
    { name: 'blank', bytes: utf8(' \n\n'), want: /only blank space/ },
    { name: 'binary', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), want: /binary file/ },
    { name: 'latin-1', bytes: new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]), want: /not UTF-8/ },
    { name: 'too big', bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x61), want: /at most 5\.0 MB/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = decodeScenario('f.yaml', c.bytes);
      if (typeof c.want === 'string') expect(r).toEqual({ ok: true, value: c.want });
      else {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error).toMatch(c.want);
          expect(r.error).toMatch(/^Could not open f\.yaml: .*Your scenario is unchanged\.$/);
        }
      }
    });
  }
  it('refuses a huge file without reading it', async () => {
    let read = false;
    const r = await readScenarioFile({ name: 'big.yaml', size: 2 ** 31, arrayBuffer: async () => { read = true; return new ArrayBuffer(0); } });
    expect(r.ok).toBe(false);
    expect(read).toBe(false);
  });
});

describe('CNI options', () => {
  it('lists each plugin/mode pair once', () => {
    expect(CNI_OPTIONS.map((o) => o.label)).toContain('Calico · BGP');
    expect(new Set(CNI_OPTIONS.map((o) => o.value)).size).toBe(CNI_OPTIONS.length);
  });
  // Every option, written into a scenario, is one the parser accepts.
  for (const o of CNI_OPTIONS) {
    it(`${o.label} parses`, () => {
      const r = setClusterSetting('', cniSetting(o.value)!);
      if (!r.ok) throw new Error(r.error);
      expect(parse({ name: 's', text: r.value.text }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  }
  it('offers the kube-proxy replacement only with Cilium', () => {
    expect(proxyOptions('flannel').map((o) => o.value)).toEqual(['iptables', 'ipvs', 'nftables']);
    expect(proxyOptions('cilium').map((o) => o.value)).toContain('replacement');
  });
  it('unknown values are no setting', () => expect(cniSetting('weave/fastdp')).toBeUndefined());
});

describe('policyWarning', () => {
  const cases: [boolean, number, string | undefined][] = [
    [true, 3, undefined],
    [false, 0, undefined],
    [false, 1, 'Flannel does not enforce NetworkPolicy here (cni.networkPolicy: false): 1 NetworkPolicy is ignored, so all traffic is allowed.'],
    [false, 4, 'Flannel does not enforce NetworkPolicy here (cni.networkPolicy: false): 4 NetworkPolicies are ignored, so all traffic is allowed.'],
  ];
  for (const [enforced, n, want] of cases) it(`enforced ${enforced}, ${n} policies`, () => expect(policyWarning('flannel', enforced, n)).toBe(want));
});

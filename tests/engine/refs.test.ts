import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cliRefs from '../../src/cli/refs.ts';
import { findRef, parseRef, qualifiedRef } from '../../src/engine/refs.ts';

// The reference grammar itself (DESIGN.md "The CLI contract") is tested in tests/cli/refs.test.ts,
// unchanged since the move; here: what the engine adds, and that the CLI uses the same code.
describe('qualifiedRef writes a reference out in full', () => {
  it.each([
    ['a pod takes the namespace', 'web-0', 'shop', 'shop/web-0'],
    ['pod/NAME becomes NS/NAME', 'pod/web-0', 'shop', 'shop/web-0'],
    ['a workload keeps its short kind', 'deployment.apps/web', 'shop', 'shop/deploy/web'],
    ['a Service', 'svc/web', 'default', 'default/svc/web'],
    ['an already qualified reference is unchanged', 'kube-system/svc/kube-dns', 'shop', 'kube-system/svc/kube-dns'],
    ['nodes are cluster-scoped', 'no/node-1', 'shop', 'node/node-1'],
    // A namespace named like a kind ("jobs", "services") would read as KIND/NAME: the kind is written out.
    ['a pod in a namespace named like a kind', 'fetcher', 'jobs', 'jobs/pod/fetcher'],
    ['external', 'external', 'shop', 'external'],
    ['external:IP', 'external:198.51.100.7', 'shop', 'external:198.51.100.7'],
  ])('%s: %s → %s', (_name, text, ns, full) => {
    const r = parseRef(text, ns);
    expect(r.ok && qualifiedRef(r.value)).toBe(full);
  });

  it('a qualified reference means the same in any namespace', () => {
    // Names of kinds are valid namespace names too ("jobs", "svc"): draw them often.
    const segment = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), fc.constantFrom('jobs', 'svc', 'pods', 'deploy', 'node', 'sts'));
    const ref = fc.oneof(
      segment,
      fc.tuple(fc.constantFrom('deploy', 'sts', 'ds', 'svc', 'job', 'pod'), segment).map(([k, n]) => `${k}/${n}`),
      fc.tuple(segment, segment).map(([ns, n]) => `${ns}/${n}`),
      segment.map((n) => `node/${n}`),
    );
    fc.assert(fc.property(ref, segment, segment, (text, ns, otherNs) => {
      const first = parseRef(text, ns);
      if (!first.ok) return;
      const again = parseRef(qualifiedRef(first.value), otherNs);
      expect(again.ok && { ...again.value, text: '' }).toEqual({ ...first.value, text: '' });
    }), { numRuns: 300 });
  });
});

describe('the CLI reads references with the engine code', () => {
  it.each([['parseRef', cliRefs.parseRef, parseRef], ['findRef', cliRefs.findRef, findRef]] as const)('%s is the same function', (_name, cli, engine) => {
    expect(cli).toBe(engine);
  });
});

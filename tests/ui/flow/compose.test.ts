import { describe, expect, it } from 'vitest';
import { exampleScenario } from '../../../src/scenarios/index.ts';
import { compute } from '../../../src/state/store.ts';
import { draftChoice, EMPTY_DRAFT, typedChoice } from '../../../src/ui/flow/compose.ts';

const cluster = compute(exampleScenario.yaml, undefined).cluster!;

describe('draftChoice', () => {
  it.each([
    ['no source', { ...EMPTY_DRAFT, to: 'backend.shop#8080/TCP' }, 'pick a source first'],
    ['no target', { ...EMPTY_DRAFT, from: 'shop/deploy/frontend' }, 'pick a target first'],
    ['no port', { ...EMPTY_DRAFT, from: 'shop/deploy/frontend', to: 'backend.shop#8080/TCP' }, 'give a port between 1 and 65535'],
    ['port out of range', { from: 'shop/deploy/frontend', to: 'backend.shop#8080/TCP', port: '70000', protocol: 'TCP' as const }, 'give a port between 1 and 65535'],
  ])('%s: says what is missing', (_, draft, error) => {
    expect(draftChoice(draft, cluster)).toEqual({ ok: false, error });
  });

  it('builds a flow in the source’s namespace', () => {
    const c = draftChoice({ from: 'shop/deploy/frontend', to: 'db.shop#5432/TCP', port: '5432', protocol: 'TCP' }, cluster);
    expect(c.ok && c.value.spec).toEqual({ from: 'shop/deploy/frontend', to: 'db.shop', port: 5432, protocol: 'TCP' });
    expect(c.ok && c.value.namespace).toBe('shop');
  });

  it('needs no port for ping, and a node or the outside sends from namespace default', () => {
    const c = draftChoice({ from: 'node/node-1', to: 'backend.shop#8080/TCP', port: '', protocol: 'ICMP' }, cluster);
    expect(c.ok && c.value.spec).toEqual({ from: 'node/node-1', to: 'backend.shop', protocol: 'ICMP' });
    expect(c.ok && c.value.namespace).toBe('default');
  });
});

describe('typedChoice', () => {
  it.each([
    ['a bare tool with no source runs from outside', 'curl http://shop.example.com/api', EMPTY_DRAFT, 'external'],
    ['a bare tool runs from the picked source', 'nslookup db', { ...EMPTY_DRAFT, from: 'shop/sts/db' }, 'shop/sts/db'],
    ['kubectl exec names its own client', 'kubectl exec -n shop deploy/frontend -- ping 10.244.2.7', { ...EMPTY_DRAFT, from: 'node/node-1' }, 'deploy/frontend'],
  ])('%s', (_, text, draft, from) => {
    const c = typedChoice(text, draft);
    expect(c.ok && c.value.spec.from).toBe(from);
  });
});

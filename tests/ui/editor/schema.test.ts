import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/parse/kinds.ts';
import schema from '../../../src/ui/editor/scenario.schema.json';

// The committed schema (scripts/gen-schema.ts) must follow the kinds the parser accepts.
interface Branch { if: { properties: { apiVersion: { enum: string[] }; kind: { const: string } } }; then: { $ref?: string; properties?: Record<string, unknown> } }
const branches = schema.allOf as unknown as Branch[];
const definitions = schema.definitions as unknown as Record<string, { properties?: Record<string, unknown> }>;

describe('scenario.schema.json', () => {
  it.each(KINDS.map((k) => [k.kind, k.apiVersions] as const))('dispatches %s on its apiVersions to a schema with metadata', (kind, apiVersions) => {
    const branch = branches.find((b) => b.if.properties.kind.const === kind);
    expect(branch?.if.properties.apiVersion.enum).toEqual(apiVersions);
    const target = branch!.then.$ref ? definitions[branch!.then.$ref.replace('#/definitions/', '')] : branch!.then;
    expect(Object.keys(target?.properties ?? {})).toContain('metadata');
  });

  it('resolves every $ref', () => {
    const refs = [...JSON.stringify(schema).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((r) => !(r in definitions))).toEqual([]);
  });

  it('never forbids unknown fields: our parser reports those precisely', () => {
    expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
  });
});

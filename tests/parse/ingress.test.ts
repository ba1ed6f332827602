import { describe, expect, it } from 'vitest';
import type { Labels } from '../../src/model/labels.ts';
import type { Ingress, IngressClass } from '../../src/model/objects.ts';
import type { KindParser } from '../../src/parse/base.ts';
import { parse } from '../../src/parse/index.ts';
import { hostnameProblem, parseIngress, parseIngressClass } from '../../src/parse/ingress.ts';
import { fuzzParsers, runKindParser } from './kind-harness.ts';
import type { Reported } from './kind-harness.ts';



function run<K extends 'Ingress' | 'IngressClass'>(parser: KindParser<K>, kind: K, text: string, annotations: Labels = {}) {
  const { object, diagnostics } = runKindParser(parser, { kind, apiVersion: 'networking.k8s.io/v1', name: 'shop', namespace: kind === 'Ingress' ? 'shop' : '', annotations }, text);
  return { object, diagnostics };
}

const ingress = (spec: string, annotations: Labels = {}) => run(parseIngress, 'Ingress', `spec: ${spec}`, annotations) as { object: Ingress | undefined; diagnostics: Reported[] };
const ingressClass = (spec: string, annotations: Labels = {}) => run(parseIngressClass, 'IngressClass', `spec: ${spec}`, annotations) as { object: IngressClass | undefined; diagnostics: Reported[] };
const svc = (name: string, port: { number?: number; name?: string }) => ({ service: { name, port } });
/** One rule with one path; `path` is the YAML of the path entry. */
const onePath = (path: string, host = 'shop.example.com') => ingress(`{rules: [{host: ${host}, http: {paths: [${path}]}}]}`);

describe('parseIngress: what it keeps (DATAPATH.md §7)', () => {
  it('reads the whole spec', () => {
    const { object, diagnostics } = ingress(`
  ingressClassName: nginx
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  tls: [{hosts: [shop.example.com], secretName: shop-tls}]
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
      - {path: /, pathType: Exact, backend: {service: {name: web, port: {name: http}}}}
  - http:
      paths:
      - {path: /static, pathType: ImplementationSpecific, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}}
`);
    expect(diagnostics).toEqual([]);
    expect(object?.spec).toEqual({
      ingressClassName: 'nginx',
      defaultBackend: svc('fallback', { number: 80 }),
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/api', pathType: 'Prefix', backend: svc('api', { number: 8080 }) },
              { path: '/', pathType: 'Exact', backend: svc('web', { name: 'http' }) },
            ],
          },
        },
        // §7.3.2: a rule without host matches every host.
        { http: { paths: [{ path: '/static', pathType: 'ImplementationSpecific', backend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } } }] } },
      ],
    });
  });

  it.each([
    { name: 'only a defaultBackend is enough', spec: '{defaultBackend: {service: {name: web, port: {number: 80}}}}' },
    { name: 'a wildcard host (§7.3.2)', spec: '{rules: [{host: "*.example.com", http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}' },
    { name: 'ImplementationSpecific may leave the path out', spec: '{rules: [{http: {paths: [{pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}]}}]}' },
    { name: 'a rule with a host and no http routes nothing but is valid', spec: '{rules: [{host: a.example.com}]}' },
    { name: 'TLS without hosts (the default certificate)', spec: '{tls: [{secretName: shop-tls}], defaultBackend: {service: {name: web, port: {number: 80}}}}' },
  ])('$name', ({ spec }) => {
    const { object, diagnostics } = ingress(spec);
    expect(diagnostics).toEqual([]);
    expect(object).toBeDefined();
  });

  it('takes the class from the legacy kubernetes.io/ingress.class annotation when the field is absent', () => {
    const { object, diagnostics } = ingress('{defaultBackend: {service: {name: web, port: {number: 80}}}}', { 'kubernetes.io/ingress.class': 'nginx' });
    expect(diagnostics).toEqual([]);
    expect(object?.spec.ingressClassName).toBe('nginx');
  });
});

describe('parseIngress: validation', () => {
  const P = 'spec.rules[0].http.paths[0]';
  it.each([
    { name: 'neither rules nor defaultBackend', spec: '{tls: []}', want: [['error', 'missing-field', 'spec']] },
    // v1 has no default pathType: "pathType must be specified".
    { name: 'pathType missing', path: '{path: /, backend: {service: {name: web, port: {number: 80}}}}', want: [['error', 'missing-field', P]] },
    { name: 'pathType unknown', path: '{path: /, pathType: prefix, backend: {service: {name: web, port: {number: 80}}}}', want: [['error', 'invalid-value', `${P}.pathType`]] },
    { name: 'Prefix path not absolute', path: '{path: api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}', want: [['error', 'invalid-value', `${P}.path`]] },
    { name: 'Exact path empty', path: '{pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}', want: [['error', 'invalid-value', `${P}.path`]] },
    { name: 'ImplementationSpecific path not absolute', path: '{path: "api/*", pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}', want: [['error', 'invalid-value', `${P}.path`]] },
    { name: 'Prefix path with //', path: '{path: /api//v1, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}', want: [['error', 'invalid-value', `${P}.path`]] },
    { name: 'Exact path ending in /..', path: '{path: /api/.., pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}', want: [['error', 'invalid-value', `${P}.path`]] },
    { name: 'backend missing', path: '{path: /, pathType: Prefix}', want: [['error', 'missing-field', P]] },
    { name: 'backend with service and resource', path: '{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}, resource: {kind: Bucket, name: b}}}', want: [['error', 'invalid-value', `${P}.backend`]] },
    { name: 'backend with neither', path: '{path: /, pathType: Prefix, backend: {}}', want: [['error', 'missing-field', `${P}.backend`]] },
    { name: 'service port with number and name', path: '{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80, name: http}}}}', want: [['error', 'invalid-value', `${P}.backend.service.port`]] },
    { name: 'service port with neither', path: '{path: /, pathType: Prefix, backend: {service: {name: web, port: {}}}}', want: [['error', 'missing-field', `${P}.backend.service.port`]] },
    { name: 'service port missing', path: '{path: /, pathType: Prefix, backend: {service: {name: web}}}', want: [['error', 'missing-field', `${P}.backend.service`]] },
    { name: 'service port number 0', path: '{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 0}}}}', want: [['error', 'invalid-value', `${P}.backend.service.port.number`]] },
    { name: 'service port name invalid', path: '{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: HTTP}}}}', want: [['error', 'invalid-value', `${P}.backend.service.port.name`]] },
    { name: 'service name starting with a digit', path: '{path: /, pathType: Prefix, backend: {service: {name: 1web, port: {number: 80}}}}', want: [['error', 'invalid-value', `${P}.backend.service.name`]] },
    { name: 'resource without a kind', path: '{path: /, pathType: Prefix, backend: {resource: {name: b}}}', want: [['error', 'missing-field', `${P}.backend.resource`]] },
  ])('$name', ({ spec, path, want }) => {
    const { diagnostics } = spec !== undefined ? ingress(spec) : onePath(path!);
    expect(diagnostics).toEqual(want);
  });

  it('an invalid path is left out, the others kept', () => {
    const { object } = ingress('{rules: [{http: {paths: [{path: api, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}, {path: /b, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}]}}]}');
    expect(object?.spec.rules[0]?.http?.paths.map((p) => p.path)).toEqual(['/b']);
  });

  it.each([
    // DATAPATH.md §7.3.2: no lone "*", no IPs, no ports; the wildcard only as the "*." prefix.
    { name: 'a lone *', host: '"*"' },
    { name: 'an IP address', host: '203.0.113.7' },
    { name: 'a port', host: 'shop.example.com:8080' },
    { name: 'a wildcard in the middle', host: 'shop.*.example.com' },
    { name: 'a partial wildcard label', host: '"*shop.example.com"' },
    { name: 'upper case', host: 'Shop.example.com' },
    { name: 'a scheme', host: 'https://shop.example.com' },
  ])('host: $name is rejected, and the rule left out rather than matching every host', ({ host }) => {
    const { object, diagnostics } = onePath('{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}', host);
    expect(diagnostics).toEqual([['error', 'invalid-value', 'spec.rules[0].host']]);
    expect(object?.spec.rules).toEqual([]);
  });

  it.each([
    { name: 'TLS host not served by any rule', spec: '{tls: [{hosts: [other.example.com]}], rules: [{host: shop.example.com}]}', want: [['warning', 'invalid-value', 'spec.tls[0].hosts[0]']] },
    { name: 'a TLS host served by the defaultBackend', spec: '{tls: [{hosts: [other.example.com]}], defaultBackend: {service: {name: web, port: {number: 80}}}}', want: [] },
    { name: 'a TLS host served by a rule without host', spec: '{tls: [{hosts: [other.example.com]}], rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}', want: [] },
    { name: 'a wildcard rule host covers a TLS host', spec: '{tls: [{hosts: [shop.example.com]}], rules: [{host: "*.example.com"}]}', want: [] },
    { name: 'a wildcard TLS host covers a rule host', spec: '{tls: [{hosts: ["*.example.com"]}], rules: [{host: shop.example.com}]}', want: [] },
    { name: 'a wildcard TLS host covers only one label', spec: '{tls: [{hosts: ["*.example.com"]}], rules: [{host: a.shop.example.com}]}', want: [['warning', 'invalid-value', 'spec.tls[0].hosts[0]']] },
    { name: 'TLS host invalid', spec: '{tls: [{hosts: ["*"]}], rules: [{host: shop.example.com}]}', want: [['error', 'invalid-value', 'spec.tls[0].hosts[0]']] },
    { name: 'secretName invalid', spec: '{tls: [{secretName: Shop_TLS}], rules: [{host: shop.example.com}]}', want: [['error', 'invalid-value', 'spec.tls[0].secretName']] },
    { name: 'http.paths empty', spec: '{rules: [{http: {paths: []}}]}', want: [['error', 'missing-field', 'spec.rules[0].http.paths']] },
    { name: 'http.paths missing', spec: '{rules: [{http: {}}]}', want: [['error', 'missing-field', 'spec.rules[0].http']] },
    // kubectl apply uses strict field validation: unknown fields are rejected.
    { name: 'v1beta1 backend fields (serviceName/servicePort)', spec: '{defaultBackend: {serviceName: web, servicePort: 80}}', want: [['error', 'unknown-field', 'spec.defaultBackend']] },
    { name: 'misspelt spec field', spec: '{ingressClass: nginx, defaultBackend: {service: {name: web, port: {number: 80}}}}', want: [['error', 'unknown-field', 'spec.ingressClass']] },
    { name: 'misspelt path field', spec: '{rules: [{http: {paths: [{path: /, pathtype: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}', want: [['error', 'unknown-field', 'spec.rules[0].http.paths[0].pathtype'], ['error', 'missing-field', 'spec.rules[0].http.paths[0]']] },
    { name: 'port given as a bare number', spec: '{defaultBackend: {service: {name: web, port: {numbr: 80}}}}', want: [['error', 'unknown-field', 'spec.defaultBackend.service.port.numbr'], ['error', 'missing-field', 'spec.defaultBackend.service.port']] },
  ])('$name', ({ spec, want }) => {
    expect(ingress(spec).diagnostics).toEqual(want);
  });

  it('the legacy class annotation must agree with ingressClassName', () => {
    const { object, diagnostics } = ingress('{ingressClassName: nginx, defaultBackend: {service: {name: web, port: {number: 80}}}}', { 'kubernetes.io/ingress.class': 'traefik' });
    expect(diagnostics).toEqual([['error', 'invalid-value', 'metadata.annotations']]);
    expect(object?.spec.ingressClassName).toBe('nginx');
  });
});

describe('hostnameProblem', () => {
  it.each([
    ['shop.example.com', true], ['*.example.com', true], ['localhost', true], ['a-b.c', true],
    ['*', false], ['*.', false], ['1.2.3.4', false], ['shop.example.com:443', false], ['*.*.example.com', false], ['ex ample.com', false], ['', false],
  ])('%s valid: %s', (host, valid) => {
    expect(hostnameProblem(host) === undefined).toBe(valid);
  });
});

describe('parseIngressClass', () => {
  it.each([
    // Only the exact string "true" makes a class the default (DATAPATH.md §7.3.8).
    { name: 'annotated "true" is the default', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' }, isDefault: true },
    { name: 'annotated "false" is not', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'false' }, isDefault: false },
    { name: '"True" is not "true"', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'True' }, isDefault: false },
    { name: 'no annotation is not', annotations: {}, isDefault: false },
  ] as { name: string; annotations: Labels; isDefault: boolean }[])('$name', ({ annotations, isDefault }) => {
    const { object, diagnostics } = ingressClass('{controller: k8s.io/ingress-nginx}', annotations);
    expect(diagnostics).toEqual([]);
    expect(object).toMatchObject({ spec: { controller: 'k8s.io/ingress-nginx' }, isDefault });
  });

  it.each([
    { name: 'controller missing', spec: '{}', want: [['error', 'missing-field', 'spec']] },
    { name: 'controller without a domain', spec: '{controller: nginx}', want: [['error', 'invalid-value', 'spec.controller']] },
  ])('$name', ({ spec, want }) => {
    expect(ingressClass(spec).diagnostics).toEqual(want);
  });
});

describe('Ingress through parse(): diagnostics land on the line', () => {
  const yaml = [
    'apiVersion: networking.k8s.io/v1', //          1
    'kind: Ingress', //                             2
    'metadata: {name: shop, namespace: shop}', //   3
    'spec:', //                                     4
    '  ingressClassName: nginx', //                 5
    '  rules:', //                                  6
    '  - host: "*"', //                             7
    '    http:', //                                 8
    '      paths:', //                              9
    '      - path: /api', //                       10
    '        backend:', //                         11
    '          service:', //                       12
    '            name: api', //                    13
    '            port: {number: 80, name: http}', // 14
    '      - path: web', //                        15
    '        pathType: Prefix', //                 16
    '        backend: {service: {name: web, port: {number: 80}}}', // 17
  ].join('\n');

  it.each([
    { code: 'invalid-value', path: 'spec.rules[0].host', line: 7, col: 5 },
    { code: 'missing-field', path: 'spec.rules[0].http.paths[0]', line: 10, col: 9 },
    { code: 'invalid-value', path: 'spec.rules[0].http.paths[0].backend.service.port', line: 14, col: 13 },
    { code: 'invalid-value', path: 'spec.rules[0].http.paths[1].path', line: 15, col: 9 },
  ])('$code at $path → line $line, column $col', ({ code, path, line, col }) => {
    const d = parse(yaml).diagnostics.find((x) => x.path === path && x.code === code);
    expect(d).toMatchObject({ severity: 'error', object: 'Ingress shop/shop', range: { startLine: line, startCol: col } });
  });

  it('reports nothing else', () => {
    expect(parse(yaml).diagnostics).toHaveLength(4);
  });
});

fuzzParsers('parseIngress and parseIngressClass', ['spec', 'ingressClassName', 'defaultBackend', 'tls', 'hosts', 'secretName', 'rules', 'host', 'http', 'paths', 'path', 'pathType', 'backend', 'service', 'resource', 'name', 'port', 'number', 'kind', 'controller', 'serviceName'], [['Ingress', parseIngress], ['IngressClass', parseIngressClass]]);


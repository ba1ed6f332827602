import { describe, expect, it } from 'vitest';
import { formatDiagnostic, sortDiagnostics, summaryLine } from '../../src/cli/check.ts';
import type { Diagnostic } from '../../src/model/diagnostic.ts';
import { cli, EXAMPLE, FIX } from './helpers.ts';

const diag = (file: string | undefined, line: number, col: number, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
  severity, code: 'invalid-value', message: `at ${line}:${col}`, path: '',
  range: { ...(file !== undefined ? { file } : {}), doc: 1, startLine: line, startCol: col, endLine: line, endCol: col + 1 },
});

describe('check output pieces', () => {
  it('formats path:line:col: severity code: message', () => {
    expect(formatDiagnostic(diag('a.yaml', 3, 5, 'warning'))).toBe('a.yaml:3:5: warning invalid-value: at 3:5');
    expect(formatDiagnostic(diag(undefined, 1, 1))).toBe('<cluster>:1:1: error invalid-value: at 1:1');
  });

  it('sorts by file in input order, then line, then column', () => {
    const sources = [{ name: 'z.yaml', text: '' }, { name: 'a.yaml', text: '' }];
    const sorted = sortDiagnostics([diag('a.yaml', 1, 1), diag('z.yaml', 9, 1), diag('z.yaml', 2, 7), diag('z.yaml', 2, 3)], sources);
    expect(sorted.map(formatDiagnostic)).toEqual([
      'z.yaml:2:3: error invalid-value: at 2:3',
      'z.yaml:2:7: error invalid-value: at 2:7',
      'z.yaml:9:1: error invalid-value: at 9:1',
      'a.yaml:1:1: error invalid-value: at 1:1',
    ]);
  });

  it.each([
    ['nothing', [], 1, '0 errors, 0 warnings in 1 file'],
    ['plurals', [diag('a', 1, 1), diag('a', 2, 1), diag('a', 3, 1, 'warning')], 3, '2 errors, 1 warning in 3 files'],
    ['infos stay quiet', [diag('a', 1, 1, 'info'), diag('a', 2, 1, 'info')], 2, '0 errors, 0 warnings in 2 files (2 info messages)'],
  ])('summary: %s', (_name, ds, files, line) => {
    expect(summaryLine(ds, files)).toBe(line);
  });
});

describe('kube-netsim check', () => {
  it('the example scenario is clean', async () => {
    expect(await cli(['check', '-f', EXAMPLE])).toEqual({ code: 0, stdout: '0 errors, 0 warnings in 1 file\n', stderr: '' });
  });

  it('reports parse and build problems with file positions and exits 1 (golden)', async () => {
    const r = await cli(['check', '-f', `${FIX}/errors.yaml`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(ERRORS_GOLDEN);
  });

  it('-o json prints the diagnostics as a JSON array, each with its file', async () => {
    const r = await cli(['check', '-o', 'json', '-f', `${FIX}/errors.yaml`]);
    expect(r.code).toBe(1);
    const ds = JSON.parse(r.stdout) as Diagnostic[];
    expect(ds.map((d) => [d.severity, d.code, d.range.file, d.range.startLine, d.range.startCol, d.path])).toEqual(ERRORS_JSON);
  });

  it('a warning alone exits 0 (the API server accepts a selector that matches nothing)', async () => {
    const r = await cli(['check', '-f', `${FIX}/dir`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tests\/fixtures\/cli\/dir\/c\.json:\d+:\d+: warning selector-matches-nothing: /);
    expect(r.stdout.endsWith('0 errors, 1 warning in 3 files\n')).toBe(true);
  });

  it('a YAML syntax error names its line; the good document before it still counts', async () => {
    const r = await cli(['check', '-f', `${FIX}/broken.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^tests\/fixtures\/cli\/broken\.yaml:1[2-5]:\d+: error yaml-syntax: /);
    expect(r.stdout.endsWith('1 error, 0 warnings in 1 file\n')).toBe(true);
  });

  it('info messages (a skipped kind) are listed but alone exit 0', async () => {
    const r = await cli(['check', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<stdin>:2:1: info skipped-kind: ConfigMap .*\n0 errors, 0 warnings in 1 file \(1 info message\)\n$/);
  });

  it('reads standard input with -f -, naming it <stdin>', async () => {
    const r = await cli(['check', '-f', '-'], { stdin: 'apiVersion: v1\nkind: Servce\nmetadata:\n  name: x\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:2:1: error unknown-kind: .*Did you mean Service\?\n1 error, 0 warnings in 1 file\n$/);
  });

  it('lists files in -f order', async () => {
    const r = await cli(['check', '-f', `${FIX}/errors.yaml`, '-f', `${FIX}/dir/c.json`]);
    const files = r.stdout.trim().split('\n').slice(0, -1).map((l) => l.split(':')[0]);
    expect(files).toEqual([...files].sort((a, b) => Number(a!.endsWith('.json')) - Number(b!.endsWith('.json'))));
    expect(files.at(-1)).toBe(`${FIX}/dir/c.json`);
  });
});

const ERRORS_GOLDEN = [
  'tests/fixtures/cli/errors.yaml:2:1: error unknown-kind: Servce is not a kind of apiVersion v1. Did you mean Service?',
  'tests/fixtures/cli/errors.yaml:11:3: error invalid-value: spec.selector does not match template labels: the selector is app=api but spec.template.metadata.labels are app=backend. The API server rejects this; make them agree.',
  'tests/fixtures/cli/errors.yaml:28:3: warning selector-matches-nothing: Service default/orphan selects app=nobody, but no pod in namespace default has these labels, so the Service has no endpoints and connections to it fail. Check the labels in the pod template (spec.template.metadata.labels) against spec.selector.',
  'tests/fixtures/cli/errors.yaml:34:1: info skipped-kind: ConfigMap (v1) does not change how packets travel, so the simulator skips it.',
  '2 errors, 1 warning in 1 file (1 info message)',
].join('\n') + '\n';
const ERRORS_JSON = [
  ['error', 'unknown-kind', `${FIX}/errors.yaml`, 2, 1, 'kind'],
  ['error', 'invalid-value', `${FIX}/errors.yaml`, 11, 3, 'spec.selector'],
  ['warning', 'selector-matches-nothing', `${FIX}/errors.yaml`, 28, 3, 'spec.selector'],
  ['info', 'skipped-kind', `${FIX}/errors.yaml`, 34, 1, 'kind'],
];

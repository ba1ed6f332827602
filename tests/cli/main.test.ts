import { describe, expect, it } from 'vitest';
import { commandUsage, mainUsage } from '../../src/cli/usage.ts';
import { cli, EXAMPLE, FIX } from './helpers.ts';

describe('help', () => {
  it.each([
    ['--help', ['--help'], mainUsage],
    ['-h', ['-h'], mainUsage],
    ['help', ['help'], mainUsage],
    ['help check', ['help', 'check'], commandUsage.check],
    ['check --help', ['check', '--help'], commandUsage.check],
    ['get -h', ['get', '-h'], commandUsage.get],
    ['get pods --help (help wins over missing -f)', ['get', 'pods', '--help'], commandUsage.get],
  ])('%s prints usage on stdout and exits 0', async (_name, argv, text) => {
    expect(await cli(argv)).toEqual({ code: 0, stdout: text, stderr: '' });
  });

  it('no command prints usage on stderr and exits 2', async () => {
    expect(await cli([])).toEqual({ code: 2, stdout: '', stderr: mainUsage });
  });
});

// DESIGN.md "The CLI contract": exit 2 for bad usage or unreadable input, with a one-line
// message and a usage hint.
describe('usage errors exit 2 with one line and a hint', () => {
  const hint = (cmd?: string) => (cmd ? `See 'kube-netsim ${cmd} --help' for usage.\n` : "See 'kube-netsim --help' for usage.\n");
  it.each([
    ['an unknown command', ['frobnicate'], 'unknown command "frobnicate" for "kube-netsim"', undefined],
    ['help for an unknown command', ['help', 'frobnicate'], 'unknown command "frobnicate"', undefined],
    ['an unknown flag', ['check', '--bogus'], 'unknown flag: --bogus', undefined],
    ['check without -f', ['check'], 'must specify one or more files with -f PATH (or -f - for standard input)', 'check'],
    ['get without -f', ['get', 'pods'], 'must specify one or more files with -f PATH (or -f - for standard input)', 'get'],
    ['a missing file', ['check', '-f', 'missing.yaml'], 'the path "missing.yaml" does not exist', 'check'],
    ['a directory without manifests', ['check', '-f', 'tests/cli'], 'no .yaml, .yml or .json files in "tests/cli"', 'check'],
    ['check with an argument', ['check', 'extra', '-f', EXAMPLE], 'check takes no arguments, got "extra"', 'check'],
    ['check -o wide', ['check', '-o', 'wide', '-f', EXAMPLE], 'unknown output format "wide" for check (use text or json)', 'check'],
    ['check -n', ['check', '-n', 'shop', '-f', EXAMPLE], 'flag --namespace is not valid for check', 'check'],
    ['get without a resource', ['get', '-f', EXAMPLE], 'you must specify the type of resource to get: pods, services, endpoints, endpointslices, nodes, networkpolicies, namespaces', 'get'],
    ['get an unknown resource', ['get', 'gizmos', '-f', EXAMPLE], 'the server doesn\'t have a resource type "gizmos" (kube-netsim knows pods, services, endpoints, endpointslices, nodes, networkpolicies, namespaces)', 'get'],
    ['an unknown type in a list', ['get', 'pods,gizmos', '-f', EXAMPLE], 'the server doesn\'t have a resource type "gizmos" (kube-netsim knows pods, services, endpoints, endpointslices, nodes, networkpolicies, namespaces)', 'get'],
    ['get -o table', ['get', 'pods', '-o', 'table', '-f', EXAMPLE], 'unknown output format "table" (use wide, json, yaml or name)', 'get'],
    ['get NAME -A', ['get', 'pods', 'web', '-A', '-f', EXAMPLE], 'a resource cannot be retrieved by name across all namespaces', 'get'],
  ])('%s', async (_name, argv, message, cmd) => {
    const r = await cli(argv);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: ${message}\n${hint(cmd)}` });
  });

  it('an unreadable file is exit 2, not a crash', async () => {
    const r = await cli(['check', '-f', `${FIX}/web.yaml`], { io: { readFile: async () => { throw new Error('EACCES: permission denied'); } } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot read "${FIX}/web.yaml": EACCES: permission denied\nSee 'kube-netsim check --help' for usage.\n`);
  });

  it('standard input that cannot be read is exit 2', async () => {
    const r = await cli(['check', '-f', '-'], { io: { readStdin: async () => { throw new Error('EIO: i/o error, read'); } } });
    expect(r).toEqual({ code: 2, stdout: '', stderr: "error: cannot read standard input: EIO: i/o error, read\nSee 'kube-netsim check --help' for usage.\n" });
  });

  it('an unexpected failure is exit 2 with a message, never a stack trace or a false "no"', async () => {
    const r = await cli(['check', '-f', EXAMPLE], { io: { pathKind: async () => { throw new Error('boom'); } } });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: kube-netsim failed on this input: boom\nPlease report it with the manifests that caused it.\n' });
  });
});

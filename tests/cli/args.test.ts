import { describe, expect, it } from 'vitest';
import { flag, flagAll, hasFlag, parseArgs } from '../../src/cli/args.ts';

describe('parseArgs', () => {
  // kubectl (pflag) accepts every one of these spellings for a value flag.
  it.each([
    ['-f x.yaml', ['-f', 'x.yaml']],
    ['-f=x.yaml', ['-f=x.yaml']],
    ['--filename x.yaml', ['--filename', 'x.yaml']],
    ['--filename=x.yaml', ['--filename=x.yaml']],
  ])('reads %s', (_name, argv) => {
    const r = parseArgs(argv);
    expect(r.ok && flag(r.args, 'filename')).toBe('x.yaml');
  });

  it('keeps repeated -f in order and positionals apart', () => {
    const r = parseArgs(['get', '-f', 'a.yaml', 'pods', '-f', 'dir', '-n', 'shop', '-A', '-o', 'wide']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.args.positionals).toEqual(['get', 'pods']);
    expect(flagAll(r.args, 'filename')).toEqual(['a.yaml', 'dir']);
    expect(flag(r.args, 'namespace')).toBe('shop');
    expect(hasFlag(r.args, 'all-namespaces')).toBe(true);
    expect(flag(r.args, 'output')).toBe('wide');
  });

  it('takes "-" as the value of -f (standard input)', () => {
    const r = parseArgs(['check', '-f', '-']);
    expect(r.ok && flagAll(r.args, 'filename')).toEqual(['-']);
  });

  it('treats everything after -- as positionals', () => {
    const r = parseArgs(['get', '--', '-weird']);
    expect(r.ok && r.args.positionals).toEqual(['get', '-weird']);
  });

  it.each([
    ['an unknown long flag', ['--frobnicate'], 'unknown flag: --frobnicate'],
    ['an unknown short flag', ['-x'], 'unknown flag: -x'],
    ['a value flag at the end', ['get', '-f'], 'flag needs an argument: -f'],
    ['a value on a boolean flag', ['--all-namespaces=yes'], 'flag --all-namespaces does not take a value'],
    ['a single-valued flag twice', ['-o', 'json', '-o', 'yaml'], 'flag --output given more than once'],
  ])('rejects %s', (_name, argv, message) => {
    expect(parseArgs(argv)).toEqual({ ok: false, message });
  });
});

// The package bin must run straight from the checkout (right after npm ci), without a build step.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, FIX, root } from './paths.ts';

const kubeNetsim = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/kube-netsim.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

// Starting Node and tsx takes a second or more on a loaded 2-core machine: allow for it.
const SPAWN_TIMEOUT = 30_000;

describe('bin/kube-netsim.mjs', () => {
  it('checks the example and exits 0', () => {
    const r = kubeNetsim('check', '-f', EXAMPLE);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0 errors, 0 warnings in 1 file\n');
    expect(r.status).toBe(0);
  }, SPAWN_TIMEOUT);

  it('exits 1 when check finds errors', () => {
    const r = kubeNetsim('check', '-f', `${FIX}/errors.yaml`);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('error unknown-kind');
  }, SPAWN_TIMEOUT);
});

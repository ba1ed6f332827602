#!/usr/bin/env node
// The kube-netsim command. Runs the TypeScript sources directly through tsx's ESM loader,
// so it works right after `npm ci`, without a build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
const { nodeIO } = await import('../src/cli/io.ts');
process.exitCode = await run(process.argv.slice(2), nodeIO());

import { fileURLToPath } from 'node:url';

/** The repository root: paths in tests are relative to it, as a user in the checkout types them. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
export const FIX = 'tests/fixtures/cli';
export const EXAMPLE = 'src/scenarios/example.yaml';

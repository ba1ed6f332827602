import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Relative base: the build works from any path on any static host.
export default defineConfig({
  base: './',
  plugins: [react()],
  // Monaco's and monaco-yaml's workers are ES modules (`new Worker(url, { type: 'module' })`);
  // the default iife format cannot hold the yaml worker's code-split imports.
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    allowOnly: false,
    // Tests never assert on time; property tests on a loaded 2-core machine can exceed vitest's 5 s default.
    testTimeout: 30_000,
  },
});

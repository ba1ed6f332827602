import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Imports flow one way (../shared/DESIGN.md): each layer may import only the layers below it.
const layer = (name, forbidden) => ({
  files: [`src/${name}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: forbidden.map((f) => ({
        group: [`**/${f}`, `**/${f}/**`, ...(f === 'ui' ? ['react', 'react-dom', 'react-dom/*', 'monaco-editor', 'cytoscape'] : []), ...(f === 'state' ? ['zustand'] : [])],
        message: `src/${name} must not import ${f} (DESIGN.md: imports flow one way).`,
      })),
    }],
  },
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },
  layer('model', ['parse', 'cluster', 'engine', 'share', 'export', 'cli', 'state', 'ui']),
  layer('parse', ['cluster', 'engine', 'share', 'export', 'cli', 'state', 'ui']),
  layer('cluster', ['parse', 'engine', 'share', 'export', 'cli', 'state', 'ui']),
  layer('engine', ['parse', 'share', 'export', 'cli', 'state', 'ui']),
  layer('share', ['parse', 'cluster', 'engine', 'export', 'cli', 'state', 'ui']),
  layer('export', ['parse', 'cluster', 'share', 'cli', 'state', 'ui']),
  layer('cli', ['state', 'ui']),
  layer('state', ['ui', 'cli']),
  layer('ui', ['cli']),
  {
    // The pure core never reaches for the world: clock, randomness, DOM (DESIGN.md).
    files: ['src/{model,parse,cluster,engine,share,export}/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'fetch', 'setTimeout', 'setInterval', 'localStorage', 'performance'],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use a seed from the options.' },
        { object: 'Date', property: 'now', message: 'Inject the clock.' }],
    },
  },
);

// Monaco, bundled locally and slim (TOOLCHAIN.md pitfalls 3–5): the editor API, the YAML grammar,
// the editing features a student uses, and monaco-yaml fed our committed schema. Nothing is
// fetched at run time: workers are Vite-bundled files, schema requests are off.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/esm/vs/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/esm/vs/editor/contrib/codeAction/browser/codeActionContributions.js';
import { configureMonacoYaml } from 'monaco-yaml';
import schema from './scenario.schema.json';

// Each language service runs in its own worker; monaco asks for one by label.
self.MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    if (label === 'yaml') return new Worker(new URL('monaco-yaml/yaml.worker.js', import.meta.url), { type: 'module', name: 'yaml' });
    return new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker.js', import.meta.url), { type: 'module', name: 'editor' });
  },
};

/** The model's URI; the schema applies to it by name. */
export const MODEL_URI = monaco.Uri.parse('file:///scenario.yaml');

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  hover: true,
  completion: true,
  validate: true,
  // Our parser reports every real problem with its own words; the schema only adds type checks.
  schemas: [{ uri: 'inmemory://kube-netsim/scenario.schema.json', fileMatch: [MODEL_URI.toString()], schema: schema as never }],
});

export { monaco };

// The built-in scenarios, imported as text so the editor shows them exactly as written
// (comments included). Browser and Vitest read them through Vite's `?raw`; plain Node
// (the CLI, spawned processes) reads the files through ./files.ts.
import exampleYaml from './example.yaml?raw';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** The file name beside this module. */
  readonly file: string;
  readonly yaml: string;
}

export const exampleScenario: Scenario = {
  id: 'example',
  title: 'Web shop: Ingress, three tiers, NetworkPolicies',
  file: 'example.yaml',
  yaml: exampleYaml,
};

export const scenarios: readonly Scenario[] = [exampleScenario];

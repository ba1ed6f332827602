// Where the scenario files live, for Node callers that cannot use Vite's `?raw`
// (the CLI, tests that spawn processes): read them with fs.readFileSync(scenarioUrl(id)).
// No Node imports here, so the browser type-check stays clean.

export const scenarioFiles = {
  example: 'example.yaml',
} as const;

export type ScenarioId = keyof typeof scenarioFiles;

export function scenarioUrl(id: ScenarioId): URL {
  return new URL(scenarioFiles[id], import.meta.url);
}

// Scenario ▾: New, Open file…, Download YAML. A <details> menu: keyboard-reachable, no library.
import { useRef } from 'react';
import type { ChangeEvent } from 'react';
import { useMenu } from '../useMenu.ts';
import { downloadScenario, newScenario, openScenarioFile } from './actions.ts';

export function ScenarioMenu() {
  const { close, props } = useMenu();
  const input = useRef<HTMLInputElement>(null);
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Clearing lets the same file be opened again after an Undo.
    e.target.value = '';
    if (file) void openScenarioFile(file);
  };
  return (
    <details className="menu" {...props}>
      <summary className="control">Scenario</summary>
      <div className="menu-items" role="group" aria-label="Scenario">
        <button type="button" onClick={() => { close(); newScenario(); }}>New empty scenario</button>
        <button type="button" onClick={() => { close(); input.current?.click(); }}>Open file…</button>
        <button type="button" onClick={() => { close(); downloadScenario(document); }}>Download YAML</button>
      </div>
      <input
        ref={input} type="file" hidden data-testid="open-file"
        accept=".yaml,.yml,.json,text/yaml,application/yaml,application/json" onChange={onFile}
      />
    </details>
  );
}

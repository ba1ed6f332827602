// Scenario ▾: New, Open file…, Download YAML. A <details> menu: keyboard-reachable, no library.
import { useRef } from 'react';
import type { ChangeEvent, FocusEvent, KeyboardEvent } from 'react';
import { downloadScenario, newScenario, openScenarioFile } from './actions.ts';

export function ScenarioMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const close = () => { if (menu.current) menu.current.open = false; };
  // Escape and a click elsewhere close the menu, as people expect of a menu.
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !menu.current?.open) return;
    close();
    menu.current.querySelector('summary')?.focus();
  };
  const onBlur = (e: FocusEvent) => { if (!menu.current?.contains(e.relatedTarget as Node | null)) close(); };
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Clearing lets the same file be opened again after an Undo.
    e.target.value = '';
    if (file) void openScenarioFile(file);
  };
  return (
    <details className="menu" ref={menu} onKeyDown={onKey} onBlur={onBlur}>
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

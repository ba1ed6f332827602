// A plain textarea for now. Typing is cheap; parsing and building wait until the typing pauses,
// so the timer lives here in the UI layer and the store stays synchronous and pure.
import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { selectSetText, selectText, useSim } from '../state/store.ts';

const DEBOUNCE_MS = 300;

export function ScenarioText({ textareaRef }: { textareaRef?: RefObject<HTMLTextAreaElement | null> }) {
  const stored = useSim(selectText);
  const setText = useSim(selectSetText);
  const [draft, setDraft] = useState(stored);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onChange = (value: string) => {
    setDraft(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setText(value), DEBOUNCE_MS);
  };

  return (
    <label className="scenario">
      <span className="pane-title">Scenario YAML</span>
      <textarea
        ref={textareaRef}
        data-testid="scenario-text"
        spellCheck={false}
        wrap="off"
        autoCapitalize="off"
        autoCorrect="off"
        value={draft}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

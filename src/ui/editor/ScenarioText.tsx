// A plain textarea for now. Typing is cheap; parsing and building wait until the typing pauses,
// so the timer lives here in the UI layer and the store stays synchronous and pure.
import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { selectSetText, selectText, useSim } from '../../state/store.ts';

const DEBOUNCE_MS = 300;

export function ScenarioText({ textareaRef }: { textareaRef?: RefObject<HTMLTextAreaElement | null> }) {
  const stored = useSim(selectText);
  const setText = useSim(selectSetText);
  const [draft, setDraft] = useState(stored);
  // When the stored text changes from elsewhere (a scenario is loaded), show it. Our own debounced
  // writes store exactly the draft, so they never clobber typing. (React: "adjusting state when a
  // prop changes", without an effect.)
  const [seen, setSeen] = useState(stored);
  if (stored !== seen) {
    setSeen(stored);
    setDraft(stored);
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onChange = (value: string) => {
    setDraft(value);
    clearTimeout(timer.current);
    // If another text was loaded while the timer ran, that text wins over this stale edit.
    const base = stored;
    timer.current = setTimeout(() => {
      if (useSim.getState().text === base) setText(value);
    }, DEBOUNCE_MS);
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

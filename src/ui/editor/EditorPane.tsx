// The scenario editor pane. For now a textarea; it answers reveal requests (a problem or a rule
// link clicked elsewhere) by selecting the lines.
import { useEffect, useRef } from 'react';
import { selectReveal, useView } from '../../state/view.ts';
import { revealLine } from './revealLine.ts';
import { ScenarioText } from './ScenarioText.tsx';

export function EditorPane() {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const reveal = useView(selectReveal);
  useEffect(() => {
    if (reveal && textarea.current) revealLine(textarea.current, reveal.range.startLine, reveal.range.startCol);
  }, [reveal]);
  return <ScenarioText textareaRef={textarea} />;
}

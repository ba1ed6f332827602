// Drag a YAML file anywhere onto the window to open it. Listens in the capture phase so the
// editor never receives the file as text.
import { useEffect, useState } from 'react';
import { openScenarioFile } from './actions.ts';

const carriesFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

export function DropZone() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; count them to know when the window is left.
    let depth = 0;
    const enter = (e: DragEvent) => { if (!carriesFiles(e)) return; e.preventDefault(); depth++; setOver(true); };
    const leave = (e: DragEvent) => { if (!carriesFiles(e)) return; depth = Math.max(0, depth - 1); if (depth === 0) setOver(false); };
    const overHandler = (e: DragEvent) => { if (!carriesFiles(e)) return; e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file) void openScenarioFile(file);
    };
    const handlers: [string, (e: DragEvent) => void][] = [['dragenter', enter], ['dragleave', leave], ['dragover', overHandler], ['drop', drop]];
    for (const [name, h] of handlers) window.addEventListener(name, h as EventListener, true);
    return () => { for (const [name, h] of handlers) window.removeEventListener(name, h as EventListener, true); };
  }, []);
  if (!over) return null;
  return <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true"><p>Drop a YAML file to open it</p></div>;
}

// Export ▾ (end of the flow bar): the current trace as pcapng (for Wireshark), text or JSON; the topology as PNG or SVG.
// A <details> menu like the Scenario menu: keyboard-reachable, Escape and a click elsewhere close it.
import { useRef } from 'react';
import type { FocusEvent, KeyboardEvent } from 'react';
import { selectTrace, useFlow } from '../../state/flow.ts';
import { downloadPng, downloadSvg, downloadTrace } from './exports.ts';
import './export.css';

export function ExportMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  const hasTrace = useFlow(selectTrace) !== undefined;
  const close = () => { if (menu.current) menu.current.open = false; };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !menu.current?.open) return;
    close();
    menu.current.querySelector('summary')?.focus();
  };
  const onBlur = (e: FocusEvent) => { if (!menu.current?.contains(e.relatedTarget as Node | null)) close(); };
  const noTrace = hasTrace ? undefined : 'Run a flow first';
  return (
    <details className="menu export-menu" ref={menu} onKeyDown={onKey} onBlur={onBlur} data-testid="export-menu">
      <summary>Export</summary>
      <div className="menu-items" role="group" aria-label="Export">
        <button type="button" disabled={!hasTrace} title={noTrace ?? 'Every frame at every interface, for Wireshark'} onClick={() => { close(); downloadTrace('pcapng'); }}>Trace as pcapng (Wireshark)</button>
        <button type="button" disabled={!hasTrace} title={noTrace} onClick={() => { close(); downloadTrace('txt'); }}>Trace as text</button>
        <button type="button" disabled={!hasTrace} title={noTrace} onClick={() => { close(); downloadTrace('json'); }}>Trace as JSON</button>
        <button type="button" onClick={() => { close(); void downloadPng(); }}>Topology as PNG</button>
        <button type="button" onClick={() => { close(); downloadSvg(); }}>Topology as SVG</button>
      </div>
    </details>
  );
}

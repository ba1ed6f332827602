// Export ▾ (end of the flow bar): the current trace as pcapng (for Wireshark), text or JSON; the topology as PNG or SVG.
// A <details> menu like the Scenario menu: keyboard-reachable, Escape and a click elsewhere close it.
import { useMenu } from '../useMenu.ts';
import { selectTrace, useFlow } from '../../state/flow.ts';
import { downloadPng, downloadSvg, downloadTrace } from './exports.ts';
import './export.css';

export function ExportMenu() {
  const { close, props } = useMenu();
  const hasTrace = useFlow(selectTrace) !== undefined;
  const noTrace = hasTrace ? undefined : 'Run a flow first';
  return (
    <details className="menu export-menu" {...props} data-testid="export-menu">
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

// The Export menu's actions: build the file from the pure exporters (src/export) or from the
// graph's Cytoscape instance, and hand it to the browser as a download.
import type cytoscape from 'cytoscape';
import { exportFileName, topologySvg, traceJson, tracePcapng, traceText } from '../../export/index.ts';
import type { SvgNode } from '../../export/index.ts';
import { useFlow } from '../../state/flow.ts';
import { liveCytoscape } from '../graph/useCytoscape.ts';

export type TraceFormat = 'pcapng' | 'txt' | 'json';

/** Saves `blob` as `name` through a temporary <a download>. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; the URL is no longer needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Downloads the current trace; false when no flow has been traced. */
export function downloadTrace(format: TraceFormat): boolean {
  const { trace, choice } = useFlow.getState();
  if (!trace || !choice) return false;
  const name = exportFileName(choice.label, format);
  if (format === 'pcapng') {
    const bytes = tracePcapng(trace, choice.label);
    download(name, new Blob([bytes.buffer as ArrayBuffer], { type: 'application/vnd.tcpdump.pcap' }));
  } else if (format === 'txt') {
    download(name, new Blob([traceText(trace)], { type: 'text/plain' }));
  } else {
    download(name, new Blob([traceJson(trace)], { type: 'application/json' }));
  }
  return true;
}

const topologyName = (extension: string): string => exportFileName('topology', extension);

/** The whole graph at twice its size, as Cytoscape draws it. */
export async function downloadPng(): Promise<boolean> {
  const cy = liveCytoscape();
  if (!cy) return false;
  const bg = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim();
  const blob = await cy.png({ full: true, scale: 2, output: 'blob-promise', ...(bg ? { bg } : {}) });
  download(topologyName('png'), blob);
  return true;
}

function svgNodes(cy: cytoscape.Core): SvgNode[] {
  return cy.nodes().map((n) => n).filter((n) => n.visible()).map((n) => {
    const b = n.boundingBox({ includeLabels: false, includeOverlays: false });
    return { id: n.id(), label: String(n.data('label') ?? n.id()), x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2, width: b.w, height: b.h, compound: n.isParent() };
  });
}

/** Our own SVG of the graph's boxes, lines and labels, in the current theme's colours. */
export function downloadSvg(): boolean {
  const cy = liveCytoscape();
  if (!cy) return false;
  const css = getComputedStyle(document.documentElement);
  const colour = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const edges = cy.edges().map((e) => e).filter((e) => e.visible()).map((e) => ({ source: e.source().id(), target: e.target().id() }));
  const svg = topologySvg(svgNodes(cy), edges, {
    background: colour('--bg', '#ffffff'), box: colour('--panel', '#ffffff'), line: colour('--muted', '#888888'), text: colour('--text', '#000000'),
  });
  download(topologyName('svg'), new Blob([svg], { type: 'image/svg+xml' }));
  return true;
}

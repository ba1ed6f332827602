// The graph's Cytoscape stylesheet, built from the current theme's CSS variables (a canvas cannot
// read var(--x) itself), so light, dark and presenter themes all apply to the graph; and the
// phase colours the flow layer (usePacket.ts, graph.css) draws the trail and the packet in.
import type cytoscape from 'cytoscape';
import type { PhaseKind } from '../../engine/index.ts';

export interface ThemeColors {
  readonly bg: string;
  readonly panel: string;
  readonly text: string;
  readonly muted: string;
  readonly line: string;
  readonly accent: string;
  readonly mono: string;
  readonly font: string;
}

/** Phase colours: DNS, the request, its reply and the ingress proxy's legs are told apart. */
export const PHASE_COLORS: Readonly<Record<PhaseKind, string>> = {
  dns: '#8e44ad',
  request: '#2563eb',
  reply: '#15935b',
  'proxy-request': '#d97706',
  'proxy-reply': '#0e9aa7',
  icmp: '#be185d',
};

export function readTheme(el: Element): ThemeColors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bg', '#f6f7f9'), panel: v('--panel', '#fff'), text: v('--text', '#1d2433'), muted: v('--muted', '#5d6778'),
    line: v('--line', '#dde1e8'), accent: v('--accent', '#2459c4'),
    mono: v('--mono', 'monospace'), font: css.fontFamily || 'sans-serif',
  };
}

export function stylesheet(c: ThemeColors): cytoscape.StylesheetJson {
  return [
    { selector: 'node', style: { 'font-family': c.font, 'font-size': 12, color: c.text, 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', 'border-width': 1, 'border-color': c.line, 'background-color': c.panel, shape: 'round-rectangle' } },
    { selector: 'node.node', style: { label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -4, 'font-weight': 'bold', 'font-size': 13, 'background-color': c.bg, 'background-opacity': 0.6, 'border-width': 2, 'border-color': c.muted, padding: '12px' } },
    { selector: 'node.pod', style: { label: 'data(label)', width: 176, height: 40, 'border-width': 2, 'border-color': 'data(color)', 'font-size': 11.5, 'line-height': 1.3 } },
    { selector: 'node.pod.system', style: { color: c.muted, 'border-style': 'dashed' } },
    { selector: 'node.pod.ingress', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.pod.unready', style: { 'background-opacity': 0.5, color: c.muted } },
    { selector: 'node.host', style: { label: 'data(label)', width: 176, height: 22, 'font-size': 10.5, color: c.muted, 'background-color': c.bg, 'border-style': 'dotted' } },
    { selector: 'node.iface', style: { label: 'data(label)', width: 62, height: 26, 'font-family': c.mono, 'font-size': 10.5, 'background-color': c.bg, 'border-color': c.muted } },
    { selector: 'node.iface.wide', style: { width: 92 } },
    { selector: 'node.svc', style: { label: 'data(label)', width: 176, height: 50, shape: 'cut-rectangle', 'border-width': 2, 'border-color': 'data(color)', 'font-size': 11.5 } },
    { selector: 'node.svc.system', style: { color: c.muted, 'border-style': 'dashed' } },
    { selector: 'node.lb', style: { label: 'data(label)', width: 150, height: 40, shape: 'hexagon', 'border-color': c.accent, 'border-width': 2, 'font-size': 11.5 } },
    { selector: 'node.external', style: { label: 'data(label)', width: 150, height: 44, shape: 'ellipse', 'border-color': c.muted, 'font-size': 11.5 } },
    { selector: 'node.underlay', style: { label: 'data(label)', width: 'data(w)', height: 24, 'background-color': c.line, 'border-width': 0, color: c.muted, 'font-size': 11 } },
    { selector: 'edge', style: { width: 1, 'line-color': c.line, 'curve-style': 'straight', opacity: 0.9 } },
    { selector: 'edge.endpoint', style: { 'line-style': 'dashed', 'line-color': c.muted, opacity: 0.35 } },
    { selector: 'node:selected', style: { 'border-color': c.accent, 'border-width': 3, 'border-style': 'solid' } },
  ];
}

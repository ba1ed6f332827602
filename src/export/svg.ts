// The topology as SVG, written from the graph's drawn boxes (positions, sizes, labels) so it
// needs no library: compound boxes (nodes, namespaces) first, then edges, then the leaves.

export interface SvgNode {
  readonly id: string;
  readonly label: string;
  /** Centre and size, in graph coordinates. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** A box holding others (a node, a namespace): drawn behind, label at the top. */
  readonly compound: boolean;
}

export interface SvgEdge {
  readonly source: string;
  readonly target: string;
}

export interface SvgColours {
  readonly background: string;
  readonly box: string;
  readonly line: string;
  readonly text: string;
}

const LABEL_ABOVE = 18;
const LINE_HEIGHT = 13;

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number): string => String(Math.round(v * 10) / 10);

export function topologySvg(nodes: readonly SvgNode[], edges: readonly SvgEdge[], colours: SvgColours): string {
  // An empty graph still makes a valid (small) picture: its bounds are the origin's.
  const bounds = nodes.length > 0 ? nodes : [{ x: 0, y: 0, width: 0, height: 0, compound: false }];
  const margin = 16;
  const left = Math.min(...bounds.map((d) => d.x - d.width / 2)) - margin;
  // A compound box's label sits above it, as the graph draws it.
  const top = Math.min(...bounds.map((d) => d.y - d.height / 2 - (d.compound ? LABEL_ABOVE : 0))) - margin;
  const right = Math.max(...bounds.map((d) => d.x + d.width / 2)) + margin;
  const bottom = Math.max(...bounds.map((d) => d.y + d.height / 2)) + margin;
  const byId = new Map(nodes.map((d) => [d.id, d]));
  const box = (d: SvgNode): string => {
    const x = d.x - d.width / 2;
    const y = d.y - d.height / 2;
    // Graph labels may hold several lines (a pod's name, then its IP): one tspan each.
    const lines = d.label.split('\n');
    const lineY = (i: number) => (d.compound ? y - LABEL_ABOVE + 12 + i * LINE_HEIGHT : d.y + (i - (lines.length - 1) / 2) * LINE_HEIGHT);
    const anchor = d.compound ? ' text-anchor="middle" font-weight="bold" font-size="13"' : ' text-anchor="middle" dominant-baseline="central"';
    const textX = d.x;
    const label = `<text${anchor}>${lines.map((l, i) => `<tspan x="${n(textX)}" y="${n(lineY(i))}">${escape(l)}</tspan>`).join('')}</text>`;
    return `<g data-id="${escape(d.id)}"><rect x="${n(x)}" y="${n(y)}" width="${n(d.width)}" height="${n(d.height)}" rx="4"${d.compound ? ' fill="none"' : ''}/>${label}</g>`;
  };
  const line = (e: SvgEdge): string => {
    const a = byId.get(e.source);
    const b = byId.get(e.target);
    return a && b ? `<line x1="${n(a.x)}" y1="${n(a.y)}" x2="${n(b.x)}" y2="${n(b.y)}"/>` : '';
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(left)} ${n(top)} ${n(right - left)} ${n(bottom - top)}" width="${n(right - left)}" height="${n(bottom - top)}" font-family="sans-serif" font-size="11">`,
    `<rect x="${n(left)}" y="${n(top)}" width="${n(right - left)}" height="${n(bottom - top)}" fill="${escape(colours.background)}"/>`,
    `<g class="boxes" stroke="${escape(colours.line)}" fill="${escape(colours.box)}">${nodes.filter((d) => d.compound).map(box).join('')}</g>`,
    `<g class="edges" stroke="${escape(colours.line)}" stroke-width="1.5">${edges.map(line).join('')}</g>`,
    `<g class="leaves" stroke="${escape(colours.line)}" fill="${escape(colours.box)}">${nodes.filter((d) => !d.compound).map(box).join('')}</g>`,
    '</svg>',
    '',
  ].join('\n').replace(/<text /g, `<text stroke="none" fill="${escape(colours.text)}" `);
}

// The flow on the graph: the current phase's path drawn as a trail in the phase's colour, the
// elements it visited ringed, the current hop's element ringed boldly, and a packet dot moving
// from the previous element to the current one (a jump under prefers-reduced-motion).
// All of it lives in a DOM layer over the canvas, never in Cytoscape: any change on the canvas
// makes Cytoscape redraw all of it, which for the 200-pod benchmark cluster on this 2-core machine
// is a long task, and it came on each hop and on each frame of the packet's flight. Here the layer
// follows the canvas's pan and zoom with one CSS transform, a hop rebuilds a few SVG shapes, and
// the packet flies as a transform animation the compositor runs. Imperative and driven by store
// subscriptions: no React render per hop.
import type cytoscape from 'cytoscape';
import type { RefObject } from 'react';
import { useEffect } from 'react';
import { useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import type { Box } from './geometry.ts';
import { segmentPath } from './geometry.ts';
import type { GraphModel } from './model.ts';
import { UNDERLAY } from './model.ts';
import { PHASE_COLORS } from './style.ts';
import type { Trail } from './trail.ts';
import { trailOf } from './trail.ts';

const HOP_MS = 420;
/** Cytoscape's ease-in-out-sine, which the packet used while it was a canvas node. */
const EASING = 'cubic-bezier(0.37, 0, 0.63, 1)';
const SVG = 'http://www.w3.org/2000/svg';

/** The layer's parts: the view follows pan and zoom; trail and packet are in model coordinates. */
interface Parts { readonly view: HTMLDivElement; readonly trail: SVGGElement; readonly packet: Packet }

let markers = 0;

function build(layer: HTMLElement): Parts {
  const view = document.createElement('div');
  view.className = 'graph-flow-view';
  const svg = document.createElementNS(SVG, 'svg');
  svg.classList.add('graph-trail');
  // Ids are document-wide: one per layer, so a second graph on the page keeps its own arrowhead.
  const arrow = `graph-arrow-${++markers}`;
  svg.innerHTML = `<defs><marker id="${arrow}" viewBox="0 0 10 10" refX="7" refY="5" markerWidth="3" markerHeight="3" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs><g style="marker-end: url(#${arrow})"></g>`;
  const packet = document.createElement('div');
  packet.className = 'graph-packet';
  packet.dataset.testid = 'graph-packet';
  packet.hidden = true;
  view.append(svg, packet);
  layer.append(view);
  return { view, trail: svg.querySelector('g')!, packet: new Packet(packet) };
}

/** The element's centre (where the packet rests) and its drawn size, border included. */
function boxOf(cy: cytoscape.Core, id: string): Box | undefined {
  const ele = cy.getElementById(id);
  if (ele.empty()) return undefined;
  const { w, h } = ele.boundingBox({ includeLabels: false, includeOverlays: false });
  return { ...ele.position(), w, h };
}

/**
 * A ring over the element's own border (interfaces sit 4 px apart, so a wider ring would cover
 * their neighbours): thin for a visited element, bold and tinted for the current one.
 */
function ring(box: Box, id: string, current: boolean, ellipse: boolean): SVGRectElement {
  const r = document.createElementNS(SVG, 'rect');
  const w = box.w + 2;
  const h = box.h + 2;
  for (const [k, v] of [['x', box.x - w / 2], ['y', box.y - h / 2], ['width', w], ['height', h], ['rx', ellipse ? h / 2 : 7]] as const) r.setAttribute(k, String(v));
  r.classList.add('ring');
  if (current) {
    r.classList.add('current');
    r.dataset.testid = 'graph-current';
  }
  r.dataset.id = id;
  return r;
}

/** The trail's shapes: a segment per step of the path, then the rings. */
function trailShapes(cy: cytoscape.Core, trail: Trail): SVGElement[] {
  const boxes = trail.path.map((id) => boxOf(cy, id));
  const shapes: SVGElement[] = [];
  trail.path.forEach((id, i) => {
    const a = boxes[i - 1];
    const b = boxes[i];
    if (!a || !b) return;
    // Onto the wide underlay bar a bowed segment can vanish inside the bar: draw that one straight.
    const d = segmentPath(a, b, trail.path[i - 1] === UNDERLAY || id === UNDERLAY);
    if (!d) return;
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    shapes.push(p);
  });
  // One ring per element, though a path may pass one twice (a node's host stack on the way in and
  // out); the current element's last, so that it is drawn on top.
  const visited = [...new Set(trail.path)].filter((id) => id !== trail.current);
  for (const id of [...visited, trail.current]) {
    const box = boxes[trail.path.indexOf(id)];
    if (box) shapes.push(ring(box, id, id === trail.current, cy.getElementById(id).hasClass('external')));
  }
  return shapes;
}

interface Pos { readonly x: number; readonly y: number }

const translate = (p: Pos): string => `translate(${p.x}px, ${p.y}px)`;

/**
 * The packet dot: where it rests and its flight there. Mid-flight, a new hop starts the next
 * flight from where the dot is drawn, worked out from the flight's eased progress: reading the
 * computed transform instead would force a style recalculation of the page on every hop.
 */
class Packet {
  private at: Pos | undefined;
  private flight: { readonly from: Pos; readonly anim: Animation } | undefined;

  constructor(private readonly el: HTMLDivElement) {}

  /** Moves the dot to `to`, flying there from where it is drawn now when `duration` is set. */
  move(to: Pos, duration: number | undefined): void {
    const now = this.drawnAt();
    this.flight?.anim.cancel();
    this.flight = undefined;
    this.at = to;
    this.el.hidden = false;
    this.el.style.transform = translate(to);
    if (duration && now && (now.x !== to.x || now.y !== to.y)) {
      this.flight = { from: now, anim: this.el.animate([{ transform: translate(now) }, { transform: translate(to) }], { duration, easing: EASING }) };
    }
  }

  hide(): void {
    this.flight?.anim.cancel();
    this.flight = undefined;
    this.at = undefined;
    this.el.hidden = true;
  }

  private drawnAt(): Pos | undefined {
    const { at, flight } = this;
    if (!at || !flight) return at;
    // The effect's progress has the easing applied; null once the flight is over.
    const t = flight.anim.effect?.getComputedTiming().progress ?? 1;
    return { x: flight.from.x + (at.x - flight.from.x) * t, y: flight.from.y + (at.y - flight.from.y) * t };
  }
}

const reducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Draws the flow store's current hop in `layer`, a DOM element laid exactly over `cy`'s canvas. */
export function usePacket(cy: cytoscape.Core | undefined, model: GraphModel | undefined, layer: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const root = layer.current;
    if (!cy || !model || !root) return;
    // A new model draws afresh: positions may have changed.
    const parts = build(root);
    const follow = (): void => {
      const { x, y } = cy.pan();
      parts.view.style.transform = `translate(${x}px, ${y}px) scale(${cy.zoom()})`;
    };
    follow();
    cy.on('viewport', follow);
    let shown = '';
    const render = (animate: boolean): void => {
      const { trace, step, speed } = useFlow.getState();
      const trail = trace ? trailOf(model, stepsOf(trace), step) : undefined;
      const here = trail && boxOf(cy, trail.current);
      if (!trail || !here) {
        parts.trail.replaceChildren();
        parts.packet.hide();
        shown = '';
        return;
      }
      // Consecutive hops often stay on one element (a node's netfilter chains): the shapes stay.
      const key = `${trail.kind} ${trail.dropped} ${trail.path.join(' ')}`;
      if (key !== shown) {
        parts.trail.replaceChildren(...trailShapes(cy, trail));
        root.style.setProperty('--phase', PHASE_COLORS[trail.kind]);
        root.classList.toggle('dropped', trail.dropped);
        shown = key;
      }
      parts.packet.move(here, animate && !reducedMotion() ? HOP_MS / speed : undefined);
    };
    render(false);
    const unsubscribe = useFlow.subscribe((s, prev) => {
      if (s.trace !== prev.trace || s.step !== prev.step) render(s.trace === prev.trace);
    });
    return () => {
      unsubscribe();
      cy.off('viewport', follow);
      parts.view.remove();
    };
  }, [cy, model, layer]);
}

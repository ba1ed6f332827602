// The flow on the graph: the current hop's element highlighted, the current phase's path drawn
// as "flow" edges in the phase's colour, and a packet dot moving from the previous element to
// the current one (a jump under prefers-reduced-motion). Imperative on the Cytoscape instance,
// driven by store subscriptions: no React render per hop.
import type cytoscape from 'cytoscape';
import { useEffect } from 'react';
import { useFlow } from '../../state/flow.ts';
import { stepsOf } from '../../state/hops.ts';
import type { GraphModel } from './model.ts';
import { UNDERLAY } from './model.ts';
import { PHASE_COLORS } from './style.ts';
import type { Trail } from './trail.ts';
import { trailOf } from './trail.ts';

export const PACKET = 'packet';
const MARKS = ['current', 'visited', 'dropped', ...Object.keys(PHASE_COLORS)].join(' ');
const HOP_MS = 420;

/** Marks playback has set on the canvas: node id → its classes, flow edge ids. */
interface Marks { readonly nodes: Map<string, string>; readonly edges: Set<string> }

/**
 * Sets the trail's marks, touching only what differs from `marks` (each step adds one element to
 * the trail): Cytoscape restyles and re-sorts what is touched, so redoing the whole trail per
 * step costs long tasks on a big cluster.
 */
function draw(cy: cytoscape.Core, trail: Trail | undefined, animate: boolean, speed: number, marks: Marks): void {
  const packet = cy.getElementById(PACKET);
  const from = packet.nonempty() ? { ...packet.position() } : undefined;
  const nodes = new Map<string, string>();
  const edges = new Map<string, cytoscape.ElementDefinition>();
  trail?.path.forEach((id, i) => {
    nodes.set(id, 'visited');
    const prev = trail.path[i - 1];
    // Onto the wide underlay bar a bowed edge can vanish inside the bar: draw that one straight.
    const straight = prev === UNDERLAY || id === UNDERLAY ? ' straight' : '';
    const edge = `flow:${i}:${trail.kind}:${prev}->${id}`;
    if (prev) edges.set(edge, { group: 'edges', data: { id: edge, source: prev, target: id }, classes: `flow ${trail.kind}${straight}` });
  });
  if (trail) nodes.set(trail.current, `visited current ${trail.kind}${trail.dropped ? ' dropped' : ''}`);
  cy.batch(() => {
    for (const id of marks.edges) if (!edges.has(id)) { cy.getElementById(id).remove(); marks.edges.delete(id); }
    for (const [id, classes] of marks.nodes) {
      if (nodes.get(id) === classes) continue;
      cy.getElementById(id).removeClass(MARKS);
      marks.nodes.delete(id);
    }
    for (const [id, classes] of nodes) {
      if (marks.nodes.has(id)) continue;
      cy.getElementById(id).addClass(classes);
      marks.nodes.set(id, classes);
    }
    for (const [id, edge] of edges) if (!marks.edges.has(id)) { cy.add(edge); marks.edges.add(id); }
    if (!trail) packet.remove();
  });
  if (!trail) return;
  const to = { ...cy.getElementById(trail.current).position() };
  const classes = `packet ${trail.kind}${trail.dropped ? ' dropped' : ''}`;
  if (packet.empty()) { cy.add({ group: 'nodes', data: { id: PACKET }, classes, position: to }); return; }
  if (!packet.hasClass(trail.kind) || packet.hasClass('dropped') !== trail.dropped) packet.classes(classes);
  packet.stop(true, false);
  if (animate && from && (from.x !== to.x || from.y !== to.y)) packet.animate({ position: to }, { duration: HOP_MS / speed, easing: 'ease-in-out-sine' });
  else packet.position(to);
}

const reducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export function usePacket(cy: cytoscape.Core | undefined, model: GraphModel | undefined): void {
  useEffect(() => {
    if (!cy || !model) return;
    // A new model: start from a clean canvas (elements the graph redrew lost their marks).
    cy.batch(() => {
      cy.edges('.flow').remove();
      cy.nodes('.visited, .current').removeClass(MARKS);
    });
    const marks: Marks = { nodes: new Map(), edges: new Set() };
    const render = (animate: boolean): void => {
      const { trace, step, speed } = useFlow.getState();
      draw(cy, trace ? trailOf(model, stepsOf(trace), step) : undefined, animate && !reducedMotion(), speed, marks);
    };
    render(false);
    return useFlow.subscribe((s, prev) => {
      if (s.trace !== prev.trace || s.step !== prev.step) render(s.trace === prev.trace);
    });
  }, [cy, model]);
}

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

function draw(cy: cytoscape.Core, trail: Trail | undefined, animate: boolean, speed: number): void {
  const packet = cy.getElementById(PACKET);
  const from = packet.nonempty() ? { ...packet.position() } : undefined;
  cy.batch(() => {
    cy.edges('.flow').remove();
    cy.nodes('.visited, .current').removeClass(MARKS);
    if (!trail) { packet.remove(); return; }
    trail.path.forEach((id, i) => {
      cy.getElementById(id).addClass('visited');
      const prev = trail.path[i - 1];
      // Onto the wide underlay bar a bowed edge can vanish inside the bar: draw that one straight.
      const straight = prev === UNDERLAY || id === UNDERLAY ? ' straight' : '';
      if (prev) cy.add({ group: 'edges', data: { id: `flow:${i}`, source: prev, target: id }, classes: `flow ${trail.kind}${straight}` });
    });
    cy.getElementById(trail.current).addClass(`current ${trail.kind}${trail.dropped ? ' dropped' : ''}`);
  });
  if (!trail) return;
  const to = { ...cy.getElementById(trail.current).position() };
  const classes = `packet ${trail.kind}${trail.dropped ? ' dropped' : ''}`;
  if (packet.empty()) { cy.add({ group: 'nodes', data: { id: PACKET }, classes, position: to }); return; }
  packet.classes(classes);
  packet.stop(true, false);
  if (animate && from && (from.x !== to.x || from.y !== to.y)) packet.animate({ position: to }, { duration: HOP_MS / speed, easing: 'ease-in-out-sine' });
  else packet.position(to);
}

const reducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export function usePacket(cy: cytoscape.Core | undefined, model: GraphModel | undefined): void {
  useEffect(() => {
    if (!cy || !model) return;
    const render = (animate: boolean): void => {
      const { trace, step, speed } = useFlow.getState();
      draw(cy, trace ? trailOf(model, stepsOf(trace), step) : undefined, animate && !reducedMotion(), speed);
    };
    render(false);
    return useFlow.subscribe((s, prev) => {
      if (s.trace !== prev.trace || s.step !== prev.step) render(s.trace === prev.trace);
    });
  }, [cy, model]);
}

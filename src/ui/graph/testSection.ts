// The graph's section of the test API (the graph is a canvas with the flow in a layer over it):
// what is drawn where, what is highlighted, where the packet is, and a tap that runs the same code
// as a click.
import type cytoscape from 'cytoscape';
import { useFlow } from '../../state/flow.ts';
import { exposeForTests } from '../testApi.ts';
import { tap } from './tap.ts';

export interface GraphElementInfo { readonly id: string; readonly parent?: string; readonly x: number; readonly y: number; readonly classes: string }

/** `flow` is the layer usePacket draws in: highlights and the packet are read from what it shows. */
export function exposeGraph(cy: cytoscape.Core, flow: HTMLElement): () => void {
  const info = (n: cytoscape.NodeSingular): GraphElementInfo => {
    const parent = n.data('parent') as string | undefined;
    return { id: n.id(), ...(parent ? { parent } : {}), x: n.position('x'), y: n.position('y'), classes: n.classes().join(' ') };
  };
  exposeForTests('graph', {
    elements: (): GraphElementInfo[] => cy.nodes().map(info),
    highlighted: (): string[] => [...flow.querySelectorAll<SVGElement>('.ring.current')].map((r) => r.dataset.id!),
    /** The packet's centre in model coordinates, mid-flight included. */
    packet: (): { x: number; y: number } | undefined => {
      const p = flow.querySelector<HTMLElement>('.graph-packet');
      if (!p || p.hidden) return undefined;
      const m = new DOMMatrixReadOnly(getComputedStyle(p).transform);
      return { x: m.m41, y: m.m42 };
    },
    tap: (id: string): void => tap(cy, id),
    /** Where an element is on the page, for a real mouse click. */
    pagePosition: (id: string): { x: number; y: number } | undefined => {
      const ele = cy.getElementById(id);
      const box = cy.container()?.getBoundingClientRect();
      if (ele.empty() || !box) return undefined;
      const r = ele.renderedPosition();
      return { x: box.left + r.x, y: box.top + r.y };
    },
    /** The element's drawn box on the page (border included, label not). */
    pageBox: (id: string): { x1: number; y1: number; x2: number; y2: number } | undefined => {
      const ele = cy.getElementById(id);
      const box = cy.container()?.getBoundingClientRect();
      if (ele.empty() || !box) return undefined;
      const b = ele.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
      return { x1: box.left + b.x1, y1: box.top + b.y1, x2: box.left + b.x2, y2: box.top + b.y2 };
    },
    zoom: (): number => cy.zoom(),
    /** Playback has no timer in tests: step to a hop as the flow bar would. */
    stepTo: (step: number): void => useFlow.getState().stepTo(step),
  });
  return () => exposeForTests('graph', undefined);
}

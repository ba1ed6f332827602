// Cytoscape driven from one hook (TOOLCHAIN.md pitfall 6): created once in an effect, updated by
// a batched diff when the cluster changes (zoom, pan and unchanged elements stay put), destroyed
// in cleanup. Positions come from layout.ts with the previous layout, so nothing jumps.
import cytoscape from 'cytoscape';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Layout } from './layout.ts';
import { layout } from './layout.ts';
import type { GraphModel } from './model.ts';
import { UNDERLAY } from './model.ts';

/** Elements the playback adds; the cluster diff leaves them alone. */
export const isOverlay = (ele: cytoscape.SingularElementArgument): boolean => ele.hasClass('packet') || ele.hasClass('flow');

// The exports (PNG, SVG of the topology) read the live instance; only this hook sets it.
let live: cytoscape.Core | undefined;
/** The graph's Cytoscape instance while the graph is on screen. */
export const liveCytoscape = (): cytoscape.Core | undefined => live;

/** Returns the ref for the canvas's container (Cytoscape lives as long as it) and the instance. */
export function useCytoscape(model: GraphModel | undefined): [(el: HTMLDivElement | null) => () => void, cytoscape.Core | undefined] {
  const [cy, setCy] = useState<cytoscape.Core>();
  const last = useRef<Layout | undefined>(undefined);

  const container = useCallback((el: HTMLDivElement | null) => {
    const core = el ? cytoscape({ container: el, layout: { name: 'preset' }, minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false, autoungrabify: true, selectionType: 'single' }) : undefined;
    setCy(core);
    live = core;
    return () => { core?.destroy(); last.current = undefined; setCy(undefined); if (live === core) live = undefined; };
  }, []);

  useEffect(() => {
    if (!cy || !model) return;
    const next = layout(model, last.current);
    const first = last.current === undefined;
    last.current = next;
    const wanted = new Set(model.elements.map((e) => e.data.id));
    cy.batch(() => {
      cy.elements().filter((e) => !isOverlay(e) && !wanted.has(e.id())).remove();
      for (const e of model.elements) {
        const position = e.group === 'nodes' ? next.positions.get(e.data.id) : undefined;
        const old = cy.getElementById(e.data.id);
        if (old.empty()) {
          cy.add({ group: e.group, data: { ...e.data }, classes: e.classes, ...(position ? { position: { ...position } } : {}) });
          continue;
        }
        old.data(mutable(e.data));
        old.classes(e.classes);
        if (e.group === 'nodes') {
          if ((old.data('parent') ?? undefined) !== e.data.parent) old.move({ parent: e.data.parent ?? null });
          if (position) old.position({ ...position });
        }
      }
      cy.getElementById(UNDERLAY).data('w', next.underlayWidth);
    });
    if (first) cy.fit(undefined, 24);
  }, [cy, model]);

  return [container, cy];
}

/** Data Cytoscape lets one change on an existing element: not its id, parent or ends. */
function mutable(data: object): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...data };
  for (const fixed of ['id', 'parent', 'source', 'target']) delete rest[fixed];
  return rest;
}

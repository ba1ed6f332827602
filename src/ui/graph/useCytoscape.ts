// Cytoscape driven from one hook (TOOLCHAIN.md pitfall 6): created once in an effect, updated by
// a batched diff when the cluster changes (zoom, pan and unchanged elements stay put and are not
// touched, so Cytoscape restyles only what changed), destroyed
// in cleanup. Positions come from layout.ts with the previous layout, so nothing jumps.
import cytoscape from 'cytoscape';
import { useCallback, useEffect, useRef, useState } from 'react';
import { sameElement, samePos } from './diff.ts';
import { afterResize } from './fit.ts';
import type { Layout } from './layout.ts';
import { layout } from './layout.ts';
import type { GraphElement, GraphModel } from './model.ts';
import { UNDERLAY } from './model.ts';

/** Pixels left around the cluster when it is fitted to the pane. */
export const FIT_PAD = 24;

// The exports (PNG, SVG of the topology) read the live instance; only this hook sets it.
let live: cytoscape.Core | undefined;
/** The graph's Cytoscape instance while the graph is on screen. */
export const liveCytoscape = (): cytoscape.Core | undefined => live;

/** Returns the ref for the canvas's container (Cytoscape lives as long as it) and the instance. */
export function useCytoscape(model: GraphModel | undefined): [(el: HTMLDivElement | null) => () => void, cytoscape.Core | undefined] {
  const [cy, setCy] = useState<cytoscape.Core>();
  const last = useRef<Layout | undefined>(undefined);
  /** The elements as last set on the canvas, by id: unchanged ones are not touched again. */
  const shown = useRef(new Map<string, GraphElement>());

  const container = useCallback((el: HTMLDivElement | null) => {
    const core = el ? cytoscape({ container: el, layout: { name: 'preset' }, minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false, autoungrabify: true, selectionType: 'single' }) : undefined;
    setCy(core);
    core?.on('add', 'node', (e) => pinBackgrounding(e.target as cytoscape.NodeSingular));
    // The pane changes size (the editor hides, the window resizes): keep the whole cluster in view
    // until the person zooms or pans by hand, refitting only when that needs it (fit.ts).
    let moved = false;
    core?.on('scrollzoom pinchzoom dragpan', () => { moved = true; });
    const resized = el && core ? new ResizeObserver(() => {
      core.resize();
      const all = core.elements();
      if (moved || all.empty()) return;
      // One bounding box for the decision and the view: each costs a walk over every element.
      core.viewport(afterResize(all.boundingBox(), core.width(), core.height(), { zoom: core.zoom(), pan: core.pan() }, FIT_PAD, core.maxZoom()));
    }) : undefined;
    if (el) resized?.observe(el);
    live = core;
    return () => { resized?.disconnect(); core?.destroy(); last.current = undefined; shown.current = new Map(); setCy(undefined); if (live === core) live = undefined; };
  }, []);

  useEffect(() => {
    if (!cy || !model) return;
    const previous = last.current;
    const next = layout(model, previous);
    const first = previous === undefined;
    last.current = next;
    const before = shown.current;
    shown.current = new Map(model.elements.map((e) => [e.data.id, e]));
    cy.batch(() => {
      cy.elements().filter((e) => !shown.current.has(e.id())).remove();
      for (const e of model.elements) {
        const position = e.group === 'nodes' ? next.positions.get(e.data.id) : undefined;
        let old = cy.getElementById(e.data.id);
        if (old.empty()) {
          cy.add({ group: e.group, data: { ...e.data }, classes: e.classes, ...(position ? { position: { ...position } } : {}) });
          continue;
        }
        let moved = false;
        if (!sameElement(before.get(e.data.id), e)) {
          old.data(mutable(e.data));
          old.classes(e.classes);
          // move() replaces the element with a new one under the new parent.
          if (e.group === 'nodes' && (old.data('parent') ?? undefined) !== e.data.parent) {
            old = old.move({ parent: e.data.parent ?? null }) as cytoscape.CollectionReturnValue;
            moved = true;
          }
        }
        if (position && (moved || !samePos(previous?.positions.get(e.data.id), position))) old.position({ ...position });
      }
      if (previous?.underlayWidth !== next.underlayWidth) cy.getElementById(UNDERLAY).data('w', next.underlayWidth);
    });
    if (first) cy.fit(undefined, FIT_PAD);
  }, [cy, model]);

  return [container, cy];
}

/**
 * Works around Cytoscape 3.34's canvas renderer restyling on every redraw. Drawing a node directly
 * (not from its texture cache) runs drawImages twice, and for a node without a background image
 * the two passes disagree (one counts the `none` image as drawn), so the node's internal
 * `backgrounding` flag flips twice and each flip calls updateStyle. Compound nodes are never
 * texture-cached, so every redraw restyled each node box and, through it, every pod inside: a
 * redraw of the 200-pod benchmark cluster took 40–195 ms on this machine, 9–50 ms with the flag
 * pinned (1,000 pods: 156–487 ms, 36–86 ms). The graph draws no background images, so the flag,
 * which only tracks their loading, is always false here.
 */
function pinBackgrounding(node: cytoscape.NodeSingular): void {
  const internal = (node as unknown as { _private?: object })._private;
  // Cytoscape's code is strict: a write to a read-only property would throw, so writes are ignored.
  if (internal) Object.defineProperty(internal, 'backgrounding', { get: () => false, set: () => undefined, configurable: true });
}

/** Data Cytoscape lets one change on an existing element: not its id, parent or ends. */
function mutable(data: object): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...data };
  for (const fixed of ['id', 'parent', 'source', 'target']) delete rest[fixed];
  return rest;
}

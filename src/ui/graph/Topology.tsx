// The topology pane: the cluster as a Cytoscape graph (nodes as boxes with their pods, interfaces,
// Services, the outside world) with the flow's packet on it. Clicking an element opens it in the
// inspector; hovering shows its labels. The canvas and the flow layer over it are imperative
// (useCytoscape, usePacket); React renders only when the cluster, the theme or the stale flag change.
import type cytoscape from 'cytoscape';
import { useEffect, useMemo, useRef } from 'react';
import { selectCluster, selectStale, useSim } from '../../state/store.ts';
import { selectSelection, selectTheme, useView } from '../../state/view.ts';
import './graph.css';
import { graphModel } from './model.ts';
import { readTheme, stylesheet } from './style.ts';
import { FIT_PAD, useCytoscape } from './useCytoscape.ts';
import { usePacket } from './usePacket.ts';
import { tap } from './tap.ts';
import { exposeGraph } from './testSection.ts';

export function Topology() {
  const cluster = useSim(selectCluster);
  const stale = useSim(selectStale);
  const theme = useView(selectTheme);
  const selection = useView(selectSelection);
  const tip = useRef<HTMLDivElement>(null);
  const flow = useRef<HTMLDivElement>(null);
  const model = useMemo(() => (cluster ? graphModel(cluster) : undefined), [cluster]);
  const [container, cy] = useCytoscape(model);
  // Before usePacket's effect: the flow layer sizes its rings from the elements as styled.
  useEffect(() => {
    if (cy) cy.style(stylesheet(readTheme(cy.container() ?? document.documentElement)));
  }, [cy, theme]);
  usePacket(cy, model, flow);

  useEffect(() => {
    if (!cy) return;
    cy.on('tap', (e) => tap(cy, e.target === cy ? undefined : (e.target as cytoscape.SingularElementArgument).id()));
    cy.on('mouseover', 'node', (e) => {
      const node = e.target as cytoscape.NodeSingular;
      const box = tip.current;
      if (!box) return;
      box.textContent = node.data('tip') as string;
      box.hidden = false;
      // Beside the pointer, flipped to the other side near the pane's right or bottom edge.
      const p = node.renderedPosition();
      const x = p.x + 14 + box.offsetWidth > cy.width() ? p.x - 14 - box.offsetWidth : p.x + 14;
      const y = p.y + 14 + box.offsetHeight > cy.height() ? p.y - 14 - box.offsetHeight : p.y + 14;
      box.style.transform = `translate(${Math.round(Math.max(0, x))}px, ${Math.round(Math.max(0, y))}px)`;
    });
    cy.on('mouseout', 'node', () => { if (tip.current) tip.current.hidden = true; });
    cy.on('viewport', () => { if (tip.current) tip.current.hidden = true; });
    return flow.current ? exposeGraph(cy, flow.current) : undefined;
  }, [cy]);

  // The inspector's selection shows on the graph too, whoever made it (hop list, problems, a click).
  useEffect(() => {
    if (!cy) return;
    cy.$(':selected').unselect();
    if (selection?.kind === 'element') cy.getElementById(selection.id).select();
  }, [cy, selection, model]);

  const zoom = (factor: number): void => {
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };
  const empty = cluster !== undefined && cluster.nodes.length === 0;
  return (
    <div className="graph" data-testid="graph">
      <div className="graph-canvas" ref={container} data-testid="graph-canvas" />
      <div className="graph-flow" ref={flow} aria-hidden="true" />
      {stale && <p className="graph-banner" role="status" data-testid="stale-notice">The YAML has errors — showing the last cluster that built</p>}
      {(!cluster || empty) && <p className="graph-empty" data-testid="graph-empty">No nodes yet — add a Cluster object or a Node to the scenario to see the topology.</p>}
      <div className="graph-tools" role="toolbar" aria-label="Graph view">
        <button type="button" title="Fit to screen" aria-label="Fit to screen" data-testid="graph-fit" onClick={() => cy?.fit(undefined, FIT_PAD)}>⤢</button>
        <button type="button" title="Zoom in" aria-label="Zoom in" onClick={() => zoom(1.25)}>+</button>
        <button type="button" title="Zoom out" aria-label="Zoom out" onClick={() => zoom(0.8)}>−</button>
      </div>
      <div className="graph-tip" ref={tip} hidden role="tooltip" />
    </div>
  );
}

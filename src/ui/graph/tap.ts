// What a click on a graph element does: select it for the inspector (the host stack selects its
// node); a click on the background clears the selection.
import type cytoscape from 'cytoscape';
import { useView } from '../../state/view.ts';

export function tap(cy: cytoscape.Core, id: string | undefined): void {
  const ele = id ? cy.getElementById(id) : undefined;
  const target = ele?.nonempty() ? ((ele.data('selects') as string | undefined) ?? ele.id()) : undefined;
  useView.getState().select(target ? { kind: 'element', id: target } : undefined);
}

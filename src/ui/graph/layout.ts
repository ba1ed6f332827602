// Positions computed here, not by a force layout, so the picture is the same every time and
// does not jump when one object changes: one column per node in name order with its pods
// stacked inside, the host stack and interfaces at the node's bottom, Services in rows above
// (growing upwards), the outside world on the left, the underlay bar below every node.
// An element keeps the slot it had in the previous layout; new ones take the first free slot.
import type { GraphModel, NodeData } from './model.ts';
import { byName, hostOf, INTERNET, UNDERLAY, wideIface } from './model.ts';

export interface Pos { readonly x: number; readonly y: number }

export interface Layout {
  readonly positions: ReadonlyMap<string, Pos>;
  /** Slot of each pod in its column and of each Service in the rows above: kept on the next layout. */
  readonly slots: ReadonlyMap<string, { readonly column: string; readonly slot: number }>;
  /** Width of the underlay bar, spanning every node column. */
  readonly underlayWidth: number;
}

const POD_W = 176;
const POD_PITCH = 50;
const COL_PITCH = 232;
/** Three narrow interface chips to a row, or two when one of the node's names needs a wide chip. */
const IFACE_ROW = { narrow: { pitch: 66, perRow: 3 }, wide: { pitch: 96, perRow: 2 } } as const;
const SVC_ROW_PITCH = 62;
/** Top of the first pod: leaves room for the node box's label above it. */
const TOP = 0;

/** Assigns slots: kept ones from `previous` when still in the same column, the rest in sorted order. */
function assign(ids: readonly string[], column: string, previous: Layout['slots'] | undefined, out: Map<string, { column: string; slot: number }>): number {
  const taken = new Set<number>();
  const fresh: string[] = [];
  for (const id of ids) {
    const old = previous?.get(id);
    if (old && old.column === column && !taken.has(old.slot)) {
      taken.add(old.slot);
      out.set(id, { column, slot: old.slot });
    } else fresh.push(id);
  }
  let next = 0;
  for (const id of [...fresh].sort(byName)) {
    while (taken.has(next)) next++;
    taken.add(next);
    out.set(id, { column, slot: next });
  }
  return taken.size === 0 ? 0 : Math.max(...taken) + 1;
}

export function layout(model: GraphModel, previous?: Layout): Layout {
  const positions = new Map<string, Pos>();
  const slots = new Map<string, { column: string; slot: number }>();
  const byKind = (kind: NodeData['kind']): NodeData[] =>
    model.elements.flatMap((e) => (e.group === 'nodes' && e.data.kind === kind ? [e.data] : []));
  const pods = byKind('pod');
  const ifaces = byKind('iface');

  // Column 0 is the outside world; node columns follow; pending pods (no node) after them.
  const columns = [...model.nodes];
  if (pods.some((p) => !p.parent)) columns.push('pending');
  const xOf = (i: number): number => (i + 1) * COL_PITCH;
  let bottom = TOP;
  columns.forEach((column, i) => {
    const x = xOf(i);
    const mine = pods.filter((p) => (p.parent ?? 'pending') === column).map((p) => p.id);
    const rows = assign(mine, column, previous?.slots, slots);
    for (const id of mine) positions.set(id, { x, y: TOP + slots.get(id)!.slot * POD_PITCH });
    if (column === 'pending') return;
    const hostY = TOP + rows * POD_PITCH + 4;
    positions.set(hostOf(column.slice('node:'.length)), { x, y: hostY });
    const own = ifaces.filter((f) => f.parent === column).sort((a, b) => ifaceOrder(a.id, b.id));
    const { pitch, perRow } = own.some((f) => wideIface(f.label)) ? IFACE_ROW.wide : IFACE_ROW.narrow;
    own.forEach((f, k) => {
      const row = Math.floor(k / perRow);
      const inRow = Math.min(perRow, own.length - row * perRow);
      const col = k % perRow;
      positions.set(f.id, { x: x + (col - (inRow - 1) / 2) * pitch, y: hostY + 44 + row * 44 });
    });
    bottom = Math.max(bottom, hostY + 44 + Math.ceil(own.length / perRow) * 44);
  });

  // Services: rows above the nodes, as many per row as there are node columns, growing upwards.
  const perRow = Math.max(2, model.nodes.length);
  const services = byKind('svc').map((s) => s.id);
  assign(services, 'services', previous?.slots, slots);
  for (const id of services) {
    const { slot } = slots.get(id)!;
    positions.set(id, { x: xOf(slot % perRow), y: TOP - 90 - Math.floor(slot / perRow) * SVC_ROW_PITCH });
  }

  // The outside world on the left: LoadBalancer addresses level with the Services, then the
  // upstream resolvers, then the internet level with the underlay.
  const underlayY = bottom + 50;
  byKind('lb').map((l) => l.id).sort(byName).forEach((id, k) => positions.set(id, { x: 0, y: TOP - 90 - k * SVC_ROW_PITCH }));
  byKind('external').filter((e) => e.id !== INTERNET).map((e) => e.id).sort(byName)
    .forEach((id, k) => positions.set(id, { x: 0, y: TOP + k * 70 }));
  positions.set(INTERNET, { x: 0, y: underlayY });
  const span = Math.max(1, model.nodes.length);
  positions.set(UNDERLAY, { x: (xOf(0) + xOf(span - 1)) / 2, y: underlayY });
  return { positions, slots, underlayWidth: (span - 1) * COL_PITCH + POD_W + 24 };
}

/** eth0 first (the wire), then the CNI's devices by name. */
const ifaceOrder = (a: string, b: string): number =>
  Number(!a.endsWith('/eth0')) - Number(!b.endsWith('/eth0')) || byName(a, b);

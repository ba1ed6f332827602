// A node's iptables chains while they are written: kube-proxy's, the CNI's, the portmap plugin's
// (proxy-iptables.ts, net-masq.ts, proxy-hostport.ts), and the engine's legacy view beside nftables.
import type { IptablesChain, IptablesRule } from '../model/cluster.ts';

type Table = 'nat' | 'filter';

/** A chain being written here, or a finished (frozen) one shared with other nodes until written to. */
interface Slot {
  readonly table: Table;
  readonly name: string;
  rules: IptablesRule[];
  shared: IptablesChain | undefined;
}

/** Chains in creation order, rules appended as the proxier writes them. */
export class ChainSet {
  private readonly order: Slot[] = [];
  // One map per table: a lookup needs no `table/name` key string.
  private readonly nat = new Map<string, Slot>();
  private readonly filter = new Map<string, Slot>();

  ensure(table: Table, name: string): void {
    if (!this.slots(table).has(name)) this.create(table, name);
  }
  /** How many chains exist so far. */
  get size(): number {
    return this.order.length;
  }
  has(table: Table, name: string): boolean {
    return this.slots(table).has(name);
  }
  add(table: Table, name: string, rule: IptablesRule): void {
    this.rulesOf(table, name).push(rule);
  }
  /** Appends rules in order, as `add` one by one would. */
  append(table: Table, name: string, rules: readonly IptablesRule[]): void {
    const target = this.rulesOf(table, name);
    for (const r of rules) target.push(r);
  }
  /** `iptables -I`: insert at the top of the chain. */
  prepend(table: Table, name: string, rule: IptablesRule): void {
    this.rulesOf(table, name).unshift(rule);
  }
  /** Adds a finished chain as it is (the same object in list()), unless one of its name exists. */
  adopt(chain: IptablesChain): void {
    if (this.has(chain.table, chain.name)) this.append(chain.table, chain.name, chain.rules);
    else this.create(chain.table, chain.name).shared = chain;
  }
  list(): readonly IptablesChain[] {
    return this.order.map((s) => s.shared ?? { table: s.table, name: s.name, rules: [...s.rules] });
  }
  private slots(table: Table): Map<string, Slot> {
    return table === 'nat' ? this.nat : this.filter;
  }
  private create(table: Table, name: string): Slot {
    const slot: Slot = { table, name, rules: [], shared: undefined };
    this.order.push(slot);
    this.slots(table).set(name, slot);
    return slot;
  }
  private rulesOf(table: Table, name: string): IptablesRule[] {
    const slot = this.slots(table).get(name) ?? this.create(table, name);
    if (slot.shared) {
      // Written to after all: continue on a copy, the shared chain stays as it is.
      slot.rules = [...slot.shared.rules];
      slot.shared = undefined;
    }
    return slot.rules;
  }
}

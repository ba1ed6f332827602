// kube-proxy's iptables rules for every node of one cluster (proxy-iptables.ts writes them).
// Most of a node's rules do not depend on the node: each Service port's rules are written once
// per variant, frozen, and nodes share the very same chain objects; the common chains
// (KUBE-SERVICES …) are shared by every node whose ports contribute the same rules to them.
// Only what differs is worked out per node: Local traffic policy endpoints, the node's address
// in a loadBalancerSourceRanges firewall chain, the large-cluster switch, the CNI's and
// portmap's rules.
import type { IptablesChain, IptablesRule, PodState, ServiceState } from '../model/cluster.ts';
import { ipInCidr } from '../model/ip.ts';
import type { ServicePort } from '../model/objects.ts';
import type { NodeDraft } from './draft.ts';
import { deepFreeze } from './freeze.ts';
import { ChainSet } from './proxy-chainset.ts';
import { commonChains, commonTails, LARGE_CLUSTER_ENDPOINTS, servicePortRules } from './proxy-iptables.ts';
import type { PortEndpoint, PortPlan } from './proxy-plan.ts';
import { nodeDependent, nodeEndpoints, planPortFrom, portEndpoints, proxiedPorts } from './proxy-plan.ts';

export interface IptablesOptions {
  /** detectLocalMode ClusterCIDR: the cluster pod CIDR (§4.6). */
  readonly clusterCIDR: string;
  /** Other programs' rules in the same tables (the CNI's masquerade rules, portmap's hostPort chains). */
  readonly extra?: (set: ChainSet, node: NodeDraft) => void;
}

const keyOf = (c: { readonly table: string; readonly name: string }): string => `${c.table}/${c.name}`;

/** Frozen rules some unit adds to one common chain; `id` stands for them in the common-chain memo. */
interface Segment {
  readonly id: number;
  readonly rules: readonly IptablesRule[];
}

/** A Service port's (or a run of ports') share of a node's rules. */
interface Fragment {
  /** What it appends to common chains (`table/name`), in order. */
  readonly appends: readonly { readonly key: string; readonly segment: Segment }[];
  /** Its own chains (KUBE-SVC-, KUBE-SEP- …), frozen, in creation order. */
  readonly chains: readonly IptablesChain[];
}

/** The common chains as every node starts them, and the rules written into them after all ports. */
const HEAD: readonly IptablesChain[] = (() => {
  const set = new ChainSet();
  commonChains(set);
  return deepFreeze(set.list());
})();
const TAILS: ReadonlyMap<string, readonly IptablesRule[]> = (() => {
  const set = new ChainSet();
  commonTails(set);
  return new Map(deepFreeze(set.list()).map((c) => [keyOf(c), c.rules]));
})();
const COMMON = new Set(HEAD.map(keyOf));

/** A proxied Service port, with its plans and fragments as the nodes ask for them. */
interface Port {
  readonly service: ServiceState;
  readonly port: ServicePort;
  readonly clusterIP: string;
  readonly endpoints: readonly PortEndpoint[];
  /** Whether the plan depends on the node: Local traffic policy (proxy-plan.ts nodeDependent). */
  readonly dependent: boolean;
  /** Node name → which endpoints run there, as a key; nodes without any are not listed. */
  readonly localKeys: ReadonlyMap<string, string>;
  /** Plans by local-endpoint key: nodes with the same local endpoints (none, mostly) plan alike. */
  readonly plans: Map<string, PortPlan>;
  /** Fragments per plan, by variant (large-cluster switch, node in the source ranges). */
  readonly fragments: Map<PortPlan, (Fragment | undefined)[]>;
}

/** One port's rules as servicePortRules wrote them: those for the common chains, and its own chains. */
interface Written {
  readonly appends: readonly { readonly key: string; readonly rules: readonly IptablesRule[] }[];
  readonly chains: readonly IptablesChain[];
}

/** Consecutive ports written alike on every node, merged into one fragment per value of the large-cluster switch. */
interface Run {
  readonly ports: readonly Port[];
  readonly merged: (Fragment | undefined)[];
}

/** iptables chains for each node of one cluster; call the result once per node. */
export function iptablesProgrammer(
  services: readonly ServiceState[], podById: ReadonlyMap<string, PodState>, opts: IptablesOptions,
): (node: NodeDraft) => readonly IptablesChain[] {
  const ports: Port[] = proxiedPorts(services).map(({ service, port, clusterIP }) => {
    const endpoints = portEndpoints(service, port, podById);
    const dependent = nodeDependent(service, port);
    const local = new Map<string, number[]>();
    if (dependent) {
      endpoints.forEach((e, i) => {
        if (e.node === undefined) return;
        const list = local.get(e.node);
        if (list) list.push(i);
        else local.set(e.node, [i]);
      });
    }
    const localKeys = new Map([...local].map(([node, list]) => [node, list.join(',')]));
    return { service, port, clusterIP, endpoints, dependent, localKeys, plans: new Map(), fragments: new Map() };
  });
  // Not dependent: one plan for every node; `local` is only read for Local traffic policies.
  const planFor = (p: Port, nodeName: string): PortPlan => {
    const key = p.dependent ? p.localKeys.get(nodeName) ?? '' : '';
    let plan = p.plans.get(key);
    if (plan === undefined) {
      plan = planPortFrom(p.service, p.port, p.clusterIP, nodeEndpoints(p.endpoints, p.dependent ? nodeName : ''));
      p.plans.set(key, plan);
    }
    return plan;
  };
  const sharedEndpoints = ports.reduce((n, p) => n + (p.dependent ? 0 : planFor(p, '').reachableEndpoints.length), 0);
  const dependentPorts = ports.filter((p) => p.dependent);
  // Units in port order: runs of ports that vary with nothing but the large-cluster switch, and
  // single ports that vary with more (dependent ones, firewall chains naming node addresses).
  const units: (Run | Port)[] = [];
  for (const p of ports) {
    if (p.dependent || planFor(p, '').usesFirewallChain) units.push(p);
    else {
      const last = units[units.length - 1];
      if (last && 'merged' in last) (last.ports as Port[]).push(p);
      else units.push({ ports: [p], merged: [] });
    }
  }

  let segments = 0;
  // A single port's additions to a common chain are often the same for several variants (Local
  // endpoints change the port's own chains, not its KUBE-SERVICES rules): one segment for equal
  // rules, so the common chains they end up in are shared as well.
  const interned = new Map<string, Segment>();
  const intern = (key: string, rules: readonly IptablesRule[]): Segment => {
    const text = `${key}\n${JSON.stringify(rules)}`;
    let segment = interned.get(text);
    if (segment === undefined) {
      segment = { id: segments++, rules };
      interned.set(text, segment);
    }
    return segment;
  };
  // Every chain some fragment owns, for the check below.
  const owned = new Set<string>();
  const write = (plan: PortPlan, large: boolean, nodeInRanges: boolean): Written => {
    const scratch = new ChainSet();
    servicePortRules(scratch, plan, opts.clusterCIDR, large, nodeInRanges);
    const appends: { key: string; rules: readonly IptablesRule[] }[] = [];
    const chains: IptablesChain[] = [];
    for (const c of scratch.list()) {
      const key = keyOf(c);
      if (COMMON.has(key)) appends.push({ key, rules: deepFreeze(c.rules) });
      else {
        chains.push(deepFreeze(c));
        owned.add(key);
      }
    }
    return { appends, chains };
  };
  const portFragment = (p: Port, node: NodeDraft, large: boolean): Fragment => {
    const plan = planFor(p, node.name);
    const nodeInRanges = plan.usesFirewallChain && p.service.loadBalancerSourceRanges.some((cidr) => ipInCidr(node.address, cidr));
    const variants = p.fragments.get(plan) ?? p.fragments.set(plan, []).get(plan)!;
    const variant = (large ? 1 : 0) + (nodeInRanges ? 2 : 0);
    if (variants[variant] === undefined) {
      const { appends, chains } = write(plan, large, nodeInRanges);
      variants[variant] = { appends: appends.map((a) => ({ key: a.key, segment: intern(a.key, a.rules) })), chains };
    }
    return variants[variant];
  };
  // A run's ports one after the other: each common chain's rules in order, the own chains in order.
  const runFragment = (run: Run, large: boolean): Fragment => {
    const at = large ? 1 : 0;
    if (run.merged[at] === undefined) {
      const rules = new Map<string, IptablesRule[]>();
      const chains: IptablesChain[] = [];
      for (const p of run.ports) {
        const written = write(planFor(p, ''), large, false);
        for (const a of written.appends) {
          const target = rules.get(a.key) ?? rules.set(a.key, []).get(a.key)!;
          for (const r of a.rules) target.push(r);
        }
        for (const c of written.chains) chains.push(c);
      }
      const appends = [...rules].map(([key, list]) => ({ key, segment: { id: segments++, rules: Object.freeze(list) } }));
      run.merged[at] = { appends, chains };
    }
    return run.merged[at];
  };

  // Common chains by their head and the ids of the segments appended, so nodes whose ports add
  // the same rules share one frozen chain.
  const commonMemo = new Map<string, IptablesChain>();
  const commonChain = (head: IptablesChain, added: readonly Segment[] | undefined): IptablesChain => {
    const key = keyOf(head);
    const tail = TAILS.get(key);
    if (!added && !tail) return head;
    const memoKey = `${key}:${added ? added.map((s) => s.id).join(',') : ''}`;
    let chain = commonMemo.get(memoKey);
    if (chain === undefined) {
      const rules: IptablesRule[] = [...head.rules];
      for (const s of added ?? []) for (const r of s.rules) rules.push(r);
      for (const r of tail ?? []) rules.push(r);
      chain = deepFreeze({ table: head.table, name: head.name, rules });
      commonMemo.set(memoKey, chain);
    }
    return chain;
  };

  return (node) => {
    let totalEndpoints = sharedEndpoints;
    for (const p of dependentPorts) totalEndpoints += planFor(p, node.name).reachableEndpoints.length;
    const large = totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
    const added = new Map<string, Segment[]>();
    const blocks: (readonly IptablesChain[])[] = [];
    for (const unit of units) {
      const fragment = 'merged' in unit ? runFragment(unit, large) : portFragment(unit, node, large);
      for (const a of fragment.appends) {
        const list = added.get(a.key);
        if (list) list.push(a.segment);
        else added.set(a.key, [a.segment]);
      }
      blocks.push(fragment.chains);
    }
    const set = new ChainSet();
    for (const head of HEAD) set.adopt(commonChain(head, added.get(keyOf(head))));
    opts.extra?.(set, node);
    // The ports' own chains were created after the common ones and before the rest, which
    // cannot name them (CNI and portmap chains); should one do so, adopting them in order
    // gives what writing them all into one set would.
    const all = set.list().map((c) => deepFreeze(c));
    const after = all.slice(HEAD.length);
    if (after.some((c) => owned.has(keyOf(c)))) {
      const slow = new ChainSet();
      for (const c of all.slice(0, HEAD.length)) slow.adopt(c);
      for (const b of blocks) for (const c of b) slow.adopt(c);
      for (const c of after) slow.adopt(c);
      return Object.freeze(slow.list().map((c) => deepFreeze(c)));
    }
    return Object.freeze(all.slice(0, HEAD.length).concat(...blocks, after));
  };
}

// A matched rule as the student reads it on the node: `iptables-save` lines for iptables/IPVS
// mode (iptablesSave.ts's saveRule), nft statements for nftables mode (as `nft list table ip
// kube-proxy` prints them, DATAPATH §4.10), `ipvsadm -Sn` lines for IPVS virtual servers — with
// the Service (or Pod) it was generated for and that object's YAML range.
import type { ClusterState, IptablesChain, IptablesRule, ObjectRef, PodState, ServiceState } from '../model/cluster.ts';
import type { SourceRange } from '../model/diagnostic.ts';
import { saveRule } from '../cluster/iptablesSave.ts';
import { nftStatement, nftVerdict } from '../cluster/proxy-nftList.ts';
import type { RuleRef } from './types.ts';

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

export type RuleSyntax = 'iptables' | 'nftables';


/** A flattened verdict-map element: destination + protocol + port and nothing else. */
export function isMapElement(rule: IptablesRule): boolean {
  return Object.keys(rule.match).sort().join(',') === 'destination,dport,protocol';
}

function nftRuleText(rule: IptablesRule): string {
  const m = rule.match;
  if (isMapElement(rule)) {
    return `ip daddr . meta l4proto . th dport vmap { ${m.destination} . ${m.protocol!.toLowerCase()} . ${m.dport} : ${nftVerdict(rule)} }`;
  }
  return nftStatement(rule);
}

/** The `numgen random mod N vmap { … }` statement a run of probability rules was flattened from. */
export function numgenStatement(run: readonly IptablesRule[]): string {
  return `numgen random mod ${run.length} vmap { ${run.map((r, k) => `${k} : goto ${r.jump}`).join(', ')} }`;
}

/** The run of 1/(n−i) rules (plus the final unconditional one) that rule `index` belongs to. */
export function probabilityRun(rules: readonly IptablesRule[], index: number): { start: number; end: number } | undefined {
  const isPick = (i: number) => rules[i]?.match.probability !== undefined;
  if (!isPick(index) && !isPick(index - 1)) return undefined;
  let start = index;
  while (start > 0 && isPick(start - 1)) start--;
  let end = index;
  while (isPick(end)) end++;
  return { start, end };
}

/**
 * The rule's number as `nft -a list` would count it: a chain made only of map elements is one
 * vmap rule, and each numgen run counts once.
 */
function nftRuleNumber(rules: readonly IptablesRule[], index: number): number {
  if (rules.every(isMapElement)) return 1;
  let n = 0;
  for (let i = 0; i <= index; i++) {
    const run = probabilityRun(rules, i);
    if (!run || i === run.start) n++;
  }
  return n;
}

function serviceRange(service: ServiceState | undefined, rule: IptablesRule): SourceRange | undefined {
  const paths = service?.source?.paths;
  if (!paths || !service) return undefined;
  const m = rule.match;
  const i = service.ports.findIndex((p) =>
    (m.protocol === undefined || p.protocol === m.protocol) && (m.dport === undefined || p.port === m.dport || p.nodePort === m.dport));
  const idx = i >= 0 ? i : service.ports.length === 1 ? 0 : -1;
  return (idx >= 0 ? paths[`spec.ports[${idx}]`] : undefined) ?? paths['spec.ports'] ?? paths['spec'];
}

/** The container port of a hostPort rule (`spec.containers[i].ports[j]`, or in a workload's template). */
function hostPortRange(pod: PodState | undefined, rule: IptablesRule): SourceRange | undefined {
  const paths = pod?.source?.paths;
  if (!pod || !paths) return undefined;
  for (const [ci, c] of pod.containers.entries()) {
    for (const [pi, p] of c.ports.entries()) {
      if (p.hostPort === undefined) continue;
      const hit = rule.match.dport === p.hostPort || rule.match.dports?.includes(p.hostPort);
      if (!hit) continue;
      const path = `containers[${ci}].ports[${pi}]`;
      const key = Object.keys(paths).find((k) => k === `spec.${path}` || k.endsWith(`.spec.${path}`));
      if (key) return paths[key];
    }
  }
  return undefined;
}

export function serviceOf(state: ClusterState, ref: ObjectRef | undefined): ServiceState | undefined {
  return ref ? state.index.serviceById.get(`${ref.namespace}/${ref.name}`) : undefined;
}

export function podOf(state: ClusterState, ref: ObjectRef | undefined): PodState | undefined {
  return ref ? state.index.podById.get(`${ref.namespace}/${ref.name}`) : undefined;
}

/** A matched rule as a RuleRef: its text in the node's syntax, 1-based number in its chain, object and range. */
export function ruleRef(state: ClusterState, syntax: RuleSyntax, chain: IptablesChain, index: number): RuleRef {
  // A rule's reference depends on the state, the chain and the syntax only: rendered once, then shared.
  let perState = refCache.get(state);
  if (!perState) refCache.set(state, (perState = new WeakMap()));
  let perChain = perState.get(chain);
  if (!perChain) perState.set(chain, (perChain = new Map()));
  const key = `${syntax} ${index}`;
  let ref = perChain.get(key);
  if (!ref) perChain.set(key, (ref = renderRuleRef(state, syntax, chain, index)));
  return ref;
}

const refCache = new WeakMap<ClusterState, WeakMap<IptablesChain, Map<string, RuleRef>>>();

function renderRuleRef(state: ClusterState, syntax: RuleSyntax, chain: IptablesChain, index: number): RuleRef {
  const rule = chain.rules[index]!;
  let text: string;
  let number = index + 1;
  if (syntax === 'nftables') {
    const run = probabilityRun(chain.rules, index);
    text = run ? numgenStatement(chain.rules.slice(run.start, run.end + 1)) : nftRuleText(rule);
    text = `${chain.name}: ${text}`;
    number = nftRuleNumber(chain.rules, index);
  } else {
    text = saveRule(chain.name, rule, BUILTIN.has(chain.name));
  }
  const service = serviceOf(state, rule.service);
  if (rule.service) {
    const range = serviceRange(service, rule);
    return { kind: syntax, object: rule.service, rule: number, text, ...(range ? { range } : {}) };
  }
  if (rule.endpoint) {
    const range = hostPortRange(podOf(state, rule.endpoint), rule);
    return { kind: syntax, object: rule.endpoint, rule: number, text, ...(range ? { range } : {}) };
  }
  return { kind: syntax, rule: number, text };
}

// networking.k8s.io/v1 NetworkPolicy: the API server's defaulting and validation (NETPOL.md 2, 7,
// 10, 13, 14; DATAPATH.md §8; https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/).
import { cidrContains, formatCidr, parseCidr } from '../model/ip.ts';
import { everything } from '../model/labels.ts';
import type { LabelSelector } from '../model/labels.ts';
import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import { Fields, isMapping, join } from './reader.ts';
import { labelValueProblem, qualifiedNameProblem } from './meta.ts';
import { checkCidr, portOrName, rejectUnknown } from './checks.ts';

type PolicyType = 'Ingress' | 'Egress';

// Fields of NetworkPolicySpec, its rules, peers, IPBlock and NetworkPolicyPort.
const SPEC_FIELDS = ['podSelector', 'policyTypes', 'ingress', 'egress'];
const PEER_FIELDS = ['podSelector', 'namespaceSelector', 'ipBlock'];
const PORT_FIELDS = ['protocol', 'port', 'endPort'];

/**
 * A metav1.LabelSelector as the API validates it; undefined when absent, null when an entry was
 * rejected (and reported). Callers then drop what the selector belongs to: simulating the selector
 * without the bad entry would select more than was written.
 * Labels written straight under the selector (`podSelector: {app: web}`, the most common mistake)
 * are unknown fields to the API server; ignoring them would leave `{}`, which selects every pod.
 */
export function labelSelector(f: Fields, key: string): LabelSelector | null | undefined {
  const s = f.obj(key);
  if (!s) return f.has(key) ? null : undefined;
  let valid = true;
  for (const [k, v] of Object.entries(s.value)) {
    if (k === 'matchLabels' || k === 'matchExpressions') continue;
    s.error(k, 'unknown-field', `${s.at(k)} is not a field of a label selector: labels go under matchLabels, as in "${key}: {matchLabels: {${k}: ${JSON.stringify(v)}}}".`);
    valid = false;
  }
  const matchLabels = s.value.matchLabels;
  if (isMapping(matchLabels)) {
    for (const [k, v] of Object.entries(matchLabels)) {
      const problem = qualifiedNameProblem(k) ?? (typeof v === 'string' ? labelValueProblem(v) : undefined);
      if (problem) s.ctx.report('error', 'invalid-value', `${join(s.at('matchLabels'), k)}: "${k}: ${String(v)}" is not a valid label: ${problem}.`, join(s.at('matchLabels'), k));
      if (problem || typeof v !== 'string') valid = false; // a non-string is reported by f.selector
    }
  }
  const expressions = s.value.matchExpressions;
  if (Array.isArray(expressions)) {
    // Field names, keys and values here; f.selector reports the rest (types, operators, value counts).
    expressions.forEach((e, i) => {
      if (!isMapping(e)) return;
      const req = new Fields(s.ctx, e, join(s.at('matchExpressions'), i));
      rejectUnknown(req, ['key', 'operator', 'values']);
      const keyProblem = typeof e.key === 'string' && e.key !== '' ? qualifiedNameProblem(e.key) : undefined;
      if (keyProblem) req.error('key', 'invalid-value', `${req.at('key')} "${String(e.key)}" is not a valid label key: ${keyProblem}.`);
      const values = Array.isArray(e.values) ? e.values : [];
      values.forEach((v, j) => {
        const problem = typeof v === 'string' ? labelValueProblem(v) : undefined;
        if (problem) s.ctx.report('error', 'invalid-value', `${join(req.at('values'), j)} "${String(v)}" is not a valid label value: ${problem}.`, join(req.at('values'), j));
        if (problem) valid = false;
      });
      if (keyProblem) valid = false;
    });
  }
  const selector = f.selector(key);
  if (!selector || !valid) return null;
  if (Array.isArray(expressions) && selector.matchExpressions.length < expressions.length) return null;
  if (s.has('matchExpressions') && !Array.isArray(expressions)) return null;
  if (s.has('matchLabels') && !isMapping(matchLabels)) return null;
  return selector;
}

export const parseNetworkPolicy: KindParser<'NetworkPolicy'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  // The API reference long called podSelector required, but the API server never enforced it: an
  // absent podSelector is the empty selector, i.e. every pod of the namespace (kubernetes/kubernetes
  // PR #131354 corrected the docs). Usually it was forgotten, so say what it means.
  rejectUnknown(spec, SPEC_FIELDS);
  const podSelector = labelSelector(spec, 'podSelector');
  if (podSelector === undefined) {
    spec.ctx.report('warning', 'missing-field', `${spec.at('podSelector')} is missing, so this policy selects every pod in namespace ${base.metadata.namespace}. Write "podSelector: {}" to say so, or give the labels of the pods it should apply to.`, spec.path);
  }
  // Defaulting runs before validation and counts the rules as written.
  const written = spec.value.egress;
  const policyTypes = parsePolicyTypes(spec, Array.isArray(written) ? written.length : 0);
  const ingress = rules(spec, 'ingress', 'from').map((r): NetworkPolicyIngressRule => ({
    ...(r.peers !== undefined && { from: r.peers }),
    ...(r.ports !== undefined && { ports: r.ports }),
  }));
  const egress = rules(spec, 'egress', 'to').map((r): NetworkPolicyEgressRule => ({
    ...(r.peers !== undefined && { to: r.peers }),
    ...(r.ports !== undefined && { ports: r.ports }),
  }));
  for (const [key, type] of [['ingress', 'Ingress'], ['egress', 'Egress']] as const) {
    // The API accepts rules for a direction that policyTypes leaves out, and nothing enforces them.
    if (!policyTypes.includes(type) && nonEmptyList(spec.value[key])) {
      spec.warn(key, 'invalid-value', `${spec.at(key)} has rules, but policyTypes does not list ${type}, so they are ignored. Add ${type} to spec.policyTypes.`);
    }
  }
  // The API server rejects the whole policy over a bad podSelector; simulating it with a selector
  // other than the one written would isolate the wrong pods, so there is no policy (errors reported).
  if (podSelector === null) return undefined;
  return { ...base, spec: { podSelector: podSelector ?? everything, policyTypes, ingress, egress } };
};

/**
 * NETPOL.md 2: `policyTypes` absent or empty → [Ingress], plus Egress iff the egress list has at
 * least one rule (SetDefaults_NetworkPolicy checks `len(spec.Egress) != 0`, so `egress: []` does not count).
 */
function parsePolicyTypes(spec: Fields, egressRules: number): PolicyType[] {
  const given = spec.list('policyTypes') ?? [];
  if (given.length === 0) return egressRules > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  if (given.length > 2) spec.error('policyTypes', 'invalid-value', `${spec.at('policyTypes')} may list at most two types: Ingress and Egress.`);
  const out: PolicyType[] = [];
  for (const item of given) {
    if (item.value === 'Ingress' || item.value === 'Egress') {
      if (!out.includes(item.value)) out.push(item.value);
    } else {
      spec.ctx.report('error', 'invalid-value', `${item.path} must be Ingress or Egress (capitalised), not ${JSON.stringify(item.value)}.`, item.path);
    }
  }
  return out;
}

const nonEmptyList = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

interface RawRule { peers?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }

/** `ingress`/`egress` rules. A bare `-` (null item) decodes to an empty rule, which allows everything. */
function rules(spec: Fields, key: 'ingress' | 'egress', peerKey: 'from' | 'to'): RawRule[] {
  const out: RawRule[] = [];
  for (const item of spec.list(key) ?? []) {
    if (item.value === null) {
      spec.ctx.report('warning', 'invalid-value', `${item.path} is empty (a bare "-"), which Kubernetes reads as {}: a rule that allows all ${key} traffic. Write "- {}" if that is meant.`, item.path);
      out.push({});
      continue;
    }
    if (!isMapping(item.value)) {
      spec.ctx.report('error', 'wrong-type', `${item.path} must be a mapping with ${peerKey} and ports.`, item.path);
      continue;
    }
    const rule = new Fields(spec.ctx, item.value, item.path);
    const otherKey = peerKey === 'from' ? 'to' : 'from';
    if (otherKey in rule.value) {
      rule.error(otherKey, 'unknown-field', `${rule.at(otherKey)} is not a field of ${key} rules: they list their peers under ${peerKey} ("${otherKey}" belongs to ${key === 'ingress' ? 'egress' : 'ingress'} rules).`);
    }
    rejectUnknown(new Fields(spec.ctx, Object.fromEntries(Object.entries(rule.value).filter(([k]) => k !== otherKey)), item.path), [peerKey, 'ports']);
    // NETPOL.md 7: absent and empty `from`/`to`/`ports` both mean "all" ("If this field is empty or
    // missing, this rule matches all sources"), so both become undefined.
    const peers = (rule.objList(peerKey) ?? []).map(parsePeer).filter((p) => p !== undefined);
    const ports = (rule.objList('ports') ?? []).map(parsePort).filter((p) => p !== undefined);
    // A list whose every item was invalid stays an empty list (matches nothing) rather than turning
    // into "all": a mistake must not quietly widen what the policy allows.
    const peersGiven = nonEmptyList(rule.value[peerKey]);
    const portsGiven = nonEmptyList(rule.value.ports);
    out.push({ ...(peersGiven && { peers }), ...(portsGiven && { ports }) });
  }
  return out;
}

/**
 * NETPOL.md 10 and 13: podSelector and namespaceSelector in one peer are ANDed; ipBlock stands alone
 * ("may not specify both ipBlock and another peer"); a peer must set something ("must specify a peer").
 */
function parsePeer(p: Fields): NetworkPolicyPeer | undefined {
  rejectUnknown(p, PEER_FIELDS);
  const podSelector = labelSelector(p, 'podSelector');
  const namespaceSelector = labelSelector(p, 'namespaceSelector');
  const ipBlockFields = p.obj('ipBlock');
  if (ipBlockFields && (p.has('podSelector') || p.has('namespaceSelector'))) {
    const other = p.has('podSelector') ? 'podSelector' : 'namespaceSelector';
    p.ctx.report('error', 'ipblock-with-selector', `${p.path} sets both ipBlock and ${other}; a peer is either an ipBlock or selectors. Put them in two list items ("- ipBlock: …" and "- ${other}: …") to allow either.`, p.path);
    return undefined;
  }
  if (ipBlockFields) {
    const ipBlock = parseIPBlock(ipBlockFields);
    return ipBlock && { ipBlock };
  }
  if (!p.has('podSelector') && !p.has('namespaceSelector')) {
    p.ctx.report('error', 'missing-field', `${p.path} is an empty peer: set podSelector, namespaceSelector (or both), or ipBlock. To allow every source, leave out the whole ${p.path.includes('.to[') ? 'to' : 'from'} list.`, p.path);
    return undefined;
  }
  if (podSelector === null || namespaceSelector === null) return undefined;
  return { ...(podSelector && { podSelector }), ...(namespaceSelector && { namespaceSelector }) };
}

function parseIPBlock(b: Fields): NetworkPolicyPeer['ipBlock'] {
  rejectUnknown(b, ['cidr', 'except']);
  const cidrText = b.str('cidr', { required: true, what: 'an IPv4 CIDR such as 203.0.113.0/24' });
  if (cidrText === undefined || !checkCidr(b, 'cidr', cidrText)) return undefined;
  const cidr = parseCidr(cidrText)!;
  if (formatCidr(cidr) !== cidrText) {
    // The API server accepts it and the address is read as its network; usually a /32 was meant.
    b.warn('cidr', 'invalid-value', `${b.at('cidr')} "${cidrText}" has host bits set; it means the whole network ${formatCidr(cidr)}. Write ${formatCidr(cidr)}, or ${cidrText.split('/')[0]}/32 for a single address.`);
  }
  const except = b.strList('except').filter((text, i) => {
    const key = `except[${i}]`;
    if (!checkCidr(b, key, text)) return false;
    const e = parseCidr(text)!;
    // "must be a strict subset of `cidr`": inside it and with a longer prefix.
    if (!cidrContains(cidr, e.base) || e.prefix <= cidr.prefix) {
      b.error(key, 'invalid-value', `${b.at(key)} ${text} must lie strictly inside cidr ${cidrText} (a smaller range within it).`);
      return false;
    }
    return true;
  });
  // Without a rejected except the block would admit addresses the author meant to exclude.
  const written = b.value.except;
  if (b.has('except') && (!Array.isArray(written) || except.length < written.length)) return undefined;
  return { cidr: cidrText, except };
}

/** NETPOL.md 14: protocol defaults to TCP; endPort needs a numeric port and is ≥ port. */
function parsePort(p: Fields): NetworkPolicyPort | undefined {
  rejectUnknown(p, PORT_FIELDS);
  const protocol = p.protocol();
  // A rejected protocol is not read as the TCP default: that would open a port nobody wrote.
  if (p.has('protocol') && p.value.protocol !== protocol) return undefined;
  const port = p.has('port') ? portOrName(p, 'port') : undefined;
  if (p.has('port') && port === undefined) return undefined;
  if (!p.has('endPort')) return { protocol, ...(port !== undefined && { port }) };
  const endPort = p.int('endPort', { min: 1, max: 65535 });
  if (endPort === undefined) return undefined;
  if (port === undefined) {
    p.ctx.report('error', 'missing-field', `${p.at('port')} is required when endPort is set: the range is port…endPort.`, p.path);
    return undefined;
  }
  if (typeof port === 'string') {
    p.error('endPort', 'endport-with-named-port', `${p.at('endPort')} only works with a numeric port, but port is the name "${port}". Use a number, or remove endPort.`);
    return undefined;
  }
  if (endPort < port) {
    p.error('endPort', 'invalid-value', `${p.at('endPort')} ${endPort} must be greater than or equal to port ${port}.`);
    return undefined;
  }
  return { protocol, port, endPort };
}

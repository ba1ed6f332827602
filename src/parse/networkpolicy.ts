// networking.k8s.io/v1 NetworkPolicy: the API server's defaulting and validation (NETPOL.md 2, 7,
// 10, 13, 14; DATAPATH.md §8; https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/).
import { cidrContains, formatCidr, parseCidr } from '../model/ip.ts';
import { everything } from '../model/labels.ts';
import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import { Fields, isMapping } from './reader.ts';
import { checkCidr, portOrName } from './service.ts';

type PolicyType = 'Ingress' | 'Egress';

export const parseNetworkPolicy: KindParser<'NetworkPolicy'> = (doc, base) => {
  const spec = doc.obj('spec') ?? new Fields(doc.ctx, {}, 'spec');
  // The API reference long called podSelector required, but the API server never enforced it: an
  // absent podSelector is the empty selector, i.e. every pod of the namespace (kubernetes/kubernetes
  // PR #131354 corrected the docs). Usually it was forgotten, so say what it means.
  let podSelector = spec.selector('podSelector');
  if (podSelector === undefined) {
    spec.ctx.report('warning', 'missing-field', `${spec.at('podSelector')} is missing, so this policy selects every pod in namespace ${base.metadata.namespace}. Write "podSelector: {}" to say so, or give the labels of the pods it should apply to.`, spec.path);
    podSelector = everything;
  }
  const ingress = rules(spec, 'ingress', 'from').map((r): NetworkPolicyIngressRule => ({
    ...(r.peers !== undefined && { from: r.peers }),
    ...(r.ports !== undefined && { ports: r.ports }),
  }));
  const egress = rules(spec, 'egress', 'to').map((r): NetworkPolicyEgressRule => ({
    ...(r.peers !== undefined && { to: r.peers }),
    ...(r.ports !== undefined && { ports: r.ports }),
  }));
  const policyTypes = parsePolicyTypes(spec, egress.length);
  for (const [key, type] of [['ingress', 'Ingress'], ['egress', 'Egress']] as const) {
    // The API accepts rules for a direction that policyTypes leaves out, and nothing enforces them.
    if (!policyTypes.includes(type) && nonEmptyList(spec.value[key])) {
      spec.warn(key, 'invalid-value', `${spec.at(key)} has rules, but policyTypes does not list ${type}, so they are ignored. Add ${type} to spec.policyTypes.`);
    }
  }
  return { ...base, spec: { podSelector, policyTypes, ingress, egress } };
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
  const podSelector = p.selector('podSelector');
  const namespaceSelector = p.selector('namespaceSelector');
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
  return { ...(podSelector && { podSelector }), ...(namespaceSelector && { namespaceSelector }) };
}

function parseIPBlock(b: Fields): NetworkPolicyPeer['ipBlock'] {
  const cidrText = b.str('cidr', { required: true, what: 'an IPv4 CIDR such as 203.0.113.0/24' });
  if (cidrText === undefined || !checkCidr(b, 'cidr', cidrText)) return undefined;
  const cidr = parseCidr(cidrText)!;
  if (formatCidr(cidr) !== cidrText) {
    // Accepted by the API server (it warns that the value is ambiguous); the address is read as its network.
    b.warn('cidr', 'invalid-value', `${b.at('cidr')} "${cidrText}" has host bits set; it means the whole network ${formatCidr(cidr)}. Write ${formatCidr(cidr)}, or ${cidrText.split('/')[0]}/32 for a single address.`);
  }
  const except: string[] = [];
  b.strList('except').forEach((text, i) => {
    const key = `except[${i}]`;
    if (!checkCidr(b, key, text)) return;
    const e = parseCidr(text)!;
    // "must be a strict subset of `cidr`": inside it and with a longer prefix.
    if (!cidrContains(cidr, e.base) || e.prefix <= cidr.prefix) {
      b.error(key, 'invalid-value', `${b.at(key)} ${text} must lie strictly inside cidr ${cidrText} (a smaller range within it).`);
      return;
    }
    except.push(text);
  });
  return { cidr: cidrText, except };
}

/** NETPOL.md 14: protocol defaults to TCP; endPort needs a numeric port and is ≥ port. */
function parsePort(p: Fields): NetworkPolicyPort | undefined {
  const protocol = p.protocol();
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

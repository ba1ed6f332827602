// core/v1 Endpoints (legacy) and discovery.k8s.io/v1 EndpointSlice, as written by hand for
// Services without a selector (DATAPATH.md §5.9, §5.10;
// https://kubernetes.io/docs/reference/kubernetes-api/service-resources/endpoint-slice-v1/).
import type { EndpointAddress, EndpointPort, EndpointSlice, Protocol } from '../model/objects.ts';
import type { KindParser } from './base.ts';
import type { Fields } from './reader.ts';
import { isDns1123Label as isDnsLabel } from './meta.ts';
import { checkIPv4, rejectUnknown } from './checks.ts';

/** The label that ties an EndpointSlice to its Service; kube-proxy and DNS look slices up by it. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

type TargetRef = NonNullable<EndpointAddress['targetRef']>;

// Fields of the v1 API objects read here (EndpointSubset, EndpointAddress, Endpoint, ports, ObjectReference).
const SUBSET_FIELDS = ['addresses', 'notReadyAddresses', 'ports'];
const ADDRESS_FIELDS = ['ip', 'hostname', 'nodeName', 'targetRef'];
const ENDPOINT_FIELDS = ['addresses', 'conditions', 'hostname', 'targetRef', 'nodeName', 'zone', 'hints', 'deprecatedTopology'];
const PORT_FIELDS = ['name', 'port', 'protocol', 'appProtocol'];
const REF_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

export const parseEndpoints: KindParser<'Endpoints'> = (doc, base) => {
  const subsets = (doc.objList('subsets') ?? []).map((subset) => {
    rejectUnknown(subset, SUBSET_FIELDS);
    return {
      addresses: parseAddresses(subset, 'addresses'),
      notReadyAddresses: parseAddresses(subset, 'notReadyAddresses'),
      ports: parsePorts(subset, true).flatMap(({ name, port, protocol }): EndpointPort[] => (port === undefined ? [] : [{ ...(name !== undefined && { name }), port, protocol }])),
    };
  });
  return { ...base, subsets };
};

export const parseEndpointSlice: KindParser<'EndpointSlice'> = (doc, base) => {
  const addressType = doc.oneOf('addressType', ['IPv4', 'IPv6', 'FQDN'] as const);
  if (addressType === undefined) {
    if (!doc.has('addressType')) doc.ctx.report('error', 'missing-field', 'addressType is required: IPv4, IPv6 or FQDN (the simulator uses IPv4).', '');
    return undefined;
  }
  if (addressType !== 'IPv4') {
    doc.warn('addressType', 'unsimulated-feature', `addressType ${addressType} is not simulated (IPv4 only): kube-proxy in the simulator ignores this EndpointSlice.`);
  }
  if (!(SERVICE_NAME_LABEL in base.metadata.labels)) {
    doc.ctx.report('warning', 'missing-field', `metadata.labels["${SERVICE_NAME_LABEL}"] is not set, so no Service uses this EndpointSlice; set it to the name of the Service it belongs to.`, 'metadata.labels');
  }
  const endpoints: EndpointSlice['endpoints'][number][] = [];
  for (const e of doc.objList('endpoints') ?? []) {
    rejectUnknown(e, ENDPOINT_FIELDS);
    const items = e.list('addresses', { required: true });
    if (!items) continue;
    if (items.length === 0) {
      e.ctx.report('error', 'missing-field', `${e.at('addresses')} must contain at least one address.`, e.at('addresses'));
      continue;
    }
    const addresses: string[] = [];
    for (const address of e.strList('addresses').map((a, i) => ({ a, key: `addresses[${i}]` }))) {
      if (addressType === 'IPv4' ? checkIPv4(e, address.key, address.a, { special: true }) : true) addresses.push(address.a);
    }
    const c = e.obj('conditions');
    if (c) rejectUnknown(c, ['ready', 'serving', 'terminating']);
    const conditions = {
      ...(c?.has('ready') && { ready: c.bool('ready', true) }),
      ...(c?.has('serving') && { serving: c.bool('serving', true) }),
      ...(c?.has('terminating') && { terminating: c.bool('terminating', false) }),
    };
    const hostname = parseHostname(e);
    const nodeName = e.str('nodeName');
    const zone = e.str('zone');
    const targetRef = parseTargetRef(e);
    endpoints.push({
      addresses,
      conditions,
      ...(hostname !== undefined && { hostname }),
      ...(nodeName !== undefined && { nodeName }),
      ...(zone !== undefined && { zone }),
      ...(targetRef !== undefined && { targetRef }),
    });
  }
  // An EndpointSlice port without a number means "all ports" (an unusual but valid slice).
  const ports = parsePorts(doc, false).map(({ name, port, protocol }) => ({ ...(name !== undefined && { name }), ...(port !== undefined && { port }), protocol }));
  return { ...base, addressType, endpoints, ports };
};

function parseAddresses(subset: Fields, key: 'addresses' | 'notReadyAddresses'): EndpointAddress[] {
  const out: EndpointAddress[] = [];
  for (const a of subset.objList(key) ?? []) {
    rejectUnknown(a, ADDRESS_FIELDS);
    const ip = a.str('ip', { required: true, what: 'the IPv4 address of the endpoint' });
    if (ip === undefined || !checkIPv4(a, 'ip', ip, { special: true })) continue;
    const hostname = parseHostname(a);
    const nodeName = a.str('nodeName');
    const targetRef = parseTargetRef(a);
    out.push({ ip, ...(hostname !== undefined && { hostname }), ...(nodeName !== undefined && { nodeName }), ...(targetRef !== undefined && { targetRef }) });
  }
  return out;
}

function parseHostname(f: Fields): string | undefined {
  const hostname = f.str('hostname');
  if (hostname !== undefined && !isDnsLabel(hostname)) {
    f.error('hostname', 'invalid-value', `${f.at('hostname')} "${hostname}" must be a DNS label: lowercase letters, digits and '-', at most 63 characters.`);
    return undefined;
  }
  return hostname;
}

function parseTargetRef(f: Fields): TargetRef | undefined {
  const ref = f.obj('targetRef');
  if (!ref) return undefined;
  rejectUnknown(ref, REF_FIELDS);
  const kind = ref.str('kind') ?? 'Pod';
  const name = ref.str('name', { required: true, what: 'the name of the object behind this endpoint' });
  const namespace = ref.str('namespace');
  return name === undefined ? undefined : { kind, name, ...(namespace !== undefined && { namespace }) };
}

/**
 * Ports of an Endpoints subset (`portRequired`: number required) or of an EndpointSlice. As for
 * Services, names must be DNS labels, unique, and — in an Endpoints subset with several ports — set.
 */
function parsePorts(f: Fields, portRequired: boolean): { name?: string; port?: number; protocol: Protocol }[] {
  const items = f.objList('ports') ?? [];
  const names = new Set<string>();
  const out: { name?: string; port?: number; protocol: Protocol }[] = [];
  for (const p of items) {
    rejectUnknown(p, PORT_FIELDS);
    const name = p.str('name');
    if (name !== undefined && name !== '') {
      if (!isDnsLabel(name)) p.error('name', 'invalid-value', `${p.at('name')} "${name}" must be a DNS label: lowercase letters, digits and '-', at most 63 characters; it must equal the name of the Service port.`);
      else if (names.has(name)) p.error('name', 'invalid-value', `${p.at('name')} "${name}" is used by another port here; port names must be unique.`);
      names.add(name);
    } else if (portRequired && items.length > 1) {
      p.ctx.report('error', 'missing-field', `${p.at('name')} is required when there is more than one port: it must equal the name of the Service port it serves.`, p.path);
    }
    const port = p.int('port', { required: portRequired, min: 1, max: 65535, what: 'the port number on the endpoint (1-65535)' });
    const protocol = p.protocol();
    // A rejected protocol is not read as the TCP default.
    if ((portRequired && port === undefined) || (p.has('protocol') && p.value.protocol !== protocol)) continue;
    out.push({ ...(name && { name }), ...(port !== undefined && { port }), protocol });
  }
  return out;
}

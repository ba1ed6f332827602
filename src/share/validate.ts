// Strict reading of a decoded link: every field checked for type and allowed values, unknown
// fields refused, and the first problem named by its path (`flow.spec.port: expected an integer`).
// A link is input from a stranger; nothing unchecked reaches the stores.
import type { Result } from './result.ts';
import type { SharedFlow, SharedFlowSpec, SharedHop, SharedSettings, SharedState, SharedView } from './types.ts';

class Invalid extends Error {}

type Obj = Record<string, unknown>;

function object(v: unknown, path: string, keys: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Invalid(`${path}: expected an object`);
  const extra = Object.keys(v).find((k) => !keys.includes(k));
  if (extra !== undefined) throw new Invalid(`${path}: unknown field "${extra}"`);
  return v as Obj;
}

function string(o: Obj, key: string, path: string, max = 512): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Invalid(`${path}.${key}: expected a string`);
  if (v.length > max) throw new Invalid(`${path}.${key}: longer than ${max} characters`);
  return v;
}

function integer(o: Obj, key: string, path: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Invalid(`${path}.${key}: expected an integer from ${min} to ${max}`);
  return v;
}

function boolean(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new Invalid(`${path}.${key}: expected true or false`);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, values: readonly T[]): T {
  const v = o[key];
  if (!values.includes(v as T)) throw new Invalid(`${path}.${key}: expected one of ${values.join(', ')}`);
  return v as T;
}

/** Optional fields: present with the right type, or absent (never undefined-valued in JSON). */
function optional<T>(o: Obj, key: string, read: () => T): { [k: string]: T } {
  return key in o ? { [key]: read() } : {};
}

const PLUGINS = ['flannel', 'calico', 'cilium'] as const;
const MODES = ['vxlan', 'host-gw', 'wireguard', 'ipip', 'bgp', 'geneve', 'native'] as const;
const PROXIES = ['iptables', 'ipvs', 'nftables', 'replacement'] as const;
const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ICMP'] as const;
const QTYPES = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT'] as const;
const TABS = ['hops', 'matrix', 'problems'] as const;
const THEMES = ['light', 'dark', 'presenter'] as const;
/** Scenario text larger than this is not a scenario a person wrote. */
export const MAX_TEXT = 1_000_000;

function settings(v: unknown): SharedSettings {
  const p = 'settings';
  const o = object(v, p, ['cni', 'proxyMode', 'podCIDR', 'serviceCIDR', 'clusterDomain']);
  const cni = object(o.cni, `${p}.cni`, ['plugin', 'mode', 'networkPolicy']);
  return {
    cni: { plugin: oneOf(cni, 'plugin', `${p}.cni`, PLUGINS), mode: oneOf(cni, 'mode', `${p}.cni`, MODES), networkPolicy: boolean(cni, 'networkPolicy', `${p}.cni`) },
    proxyMode: oneOf(o, 'proxyMode', p, PROXIES),
    podCIDR: string(o, 'podCIDR', p),
    serviceCIDR: string(o, 'serviceCIDR', p),
    clusterDomain: string(o, 'clusterDomain', p),
  };
}

function spec(v: unknown): SharedFlowSpec {
  const p = 'flow.spec';
  const o = object(v, p, ['from', 'to', 'port', 'protocol', 'lookupOnly', 'http', 'resolve', 'dns']);
  return {
    from: string(o, 'from', p),
    to: string(o, 'to', p, 2048),
    ...optional(o, 'port', () => integer(o, 'port', p, 0, 65535)),
    protocol: oneOf(o, 'protocol', p, PROTOCOLS),
    ...optional(o, 'lookupOnly', () => boolean(o, 'lookupOnly', p)),
    ...optional(o, 'http', () => {
      const h = object(o.http, `${p}.http`, ['method', 'path', 'host', 'tls']);
      return { method: string(h, 'method', `${p}.http`), path: string(h, 'path', `${p}.http`, 2048), ...optional(h, 'host', () => string(h, 'host', `${p}.http`)), tls: boolean(h, 'tls', `${p}.http`) };
    }),
    ...optional(o, 'resolve', () => {
      const r = object(o.resolve, `${p}.resolve`, ['host', 'port', 'address']);
      return { host: string(r, 'host', `${p}.resolve`), port: integer(r, 'port', `${p}.resolve`, 0, 65535), address: string(r, 'address', `${p}.resolve`) };
    }),
    ...optional(o, 'dns', () => {
      const d = object(o.dns, `${p}.dns`, ['server', 'qtype', 'search', 'files']);
      const q = `${p}.dns`;
      return {
        ...optional(d, 'server', () => string(d, 'server', q)), ...optional(d, 'qtype', () => oneOf(d, 'qtype', q, QTYPES)),
        ...optional(d, 'search', () => boolean(d, 'search', q)), ...optional(d, 'files', () => boolean(d, 'files', q)),
      };
    }),
  } as SharedFlowSpec;
}

function flow(v: unknown): SharedFlow {
  const kind = object(v, 'flow', ['kind', 'namespace', 'name', 'command', 'from', 'spec']).kind;
  if (kind === 'saved') {
    const o = object(v, 'flow', ['kind', 'namespace', 'name']);
    return { kind, namespace: string(o, 'namespace', 'flow'), name: string(o, 'name', 'flow') };
  }
  if (kind === 'typed') {
    const o = object(v, 'flow', ['kind', 'command', 'from']);
    return { kind, command: string(o, 'command', 'flow', 4096), from: string(o, 'from', 'flow') };
  }
  if (kind === 'picked') {
    const o = object(v, 'flow', ['kind', 'namespace', 'spec']);
    return { kind, namespace: string(o, 'namespace', 'flow'), spec: spec(o.spec) };
  }
  throw new Invalid('flow.kind: expected saved, typed or picked');
}

function hop(v: unknown): SharedHop {
  const o = object(v, 'hop', ['step', 'at', 'verdict']);
  return { step: integer(o, 'step', 'hop', 0, 100_000), at: string(o, 'at', 'hop'), verdict: string(o, 'verdict', 'hop', 64) };
}

function view(v: unknown): SharedView {
  const o = object(v, 'view', ['tab', 'theme', 'selection']);
  return { tab: oneOf(o, 'tab', 'view', TABS), theme: oneOf(o, 'theme', 'view', THEMES), ...optional(o, 'selection', () => string(o, 'selection', 'view')) };
}

/** `value` (parsed JSON) as a SharedState, or the first thing wrong with it. */
export function validateShared(value: unknown): Result<SharedState> {
  try {
    const o = object(value, 'link', ['text', 'settings', 'engine', 'flow', 'verdict', 'hop', 'view']);
    const state: SharedState = {
      text: string(o, 'text', 'link', MAX_TEXT),
      settings: settings(o.settings),
      engine: integer(o, 'engine', 'link', 1, 1_000_000),
      ...('flow' in o ? { flow: flow(o.flow) } : {}),
      ...optional(o, 'verdict', () => string(o, 'verdict', 'link', 64)),
      ...('hop' in o ? { hop: hop(o.hop) } : {}),
      view: view(o.view),
    };
    return { ok: true, value: state };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: `the link's content is not valid (${e.message})` };
    throw e;
  }
}

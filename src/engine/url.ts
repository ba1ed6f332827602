// URLs, hosts and ports as people type them to curl, wget and nc. RFC 3986 §3 gives the shape
// `scheme://[userinfo@]host[:port][/path][?query][#fragment]`; the simulated cluster is IPv4 only
// (DESIGN.md "Defaults"), and only the schemes its proxies and pods speak are accepted.
import { parseIPv4 } from '../model/ip.ts';
import type { Result } from './types.ts';

export type Scheme = 'http' | 'https';

/** Ports a scheme implies when the URL gives none (RFC 9110 §4.2.1 http 80, §4.2.2 https 443). */
export const defaultPort: Readonly<Record<Scheme, number>> = { http: 80, https: 443 };

export interface Url {
  readonly scheme: Scheme;
  /** As written (a name keeps its case and a trailing dot; DNS ignores case). */
  readonly host: string;
  /** The port written in the URL, if any. */
  readonly port?: number;
  /** The path, `/` when the URL has none (curl and wget request `/`). */
  readonly path: string;
  /** `?…` as written, or ''; the fragment is never sent (RFC 3986 §3.5). */
  readonly query: string;
}

const fail = <T>(error: string): Result<T> => ({ ok: false, error });

/** A DNS name: letters, digits, `-` and `_` in dot-separated labels, an optional final dot (absolute). */
const NAME = /^(?=.{1,254}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** A host: a dotted IPv4 address or a DNS name. */
export function checkHost(host: string, example = 'backend'): Result<string> {
  if (host.startsWith('[') || (host.match(/:/g)?.length ?? 0) > 1) {
    return fail(`"${host}" is an IPv6 address; the simulated cluster is IPv4 only, e.g. 10.244.2.7`);
  }
  if (/^[\d.]+$/.test(host)) {
    return parseIPv4(host) !== undefined ? { ok: true, value: host } : fail(`"${host}" is not an IPv4 address; write four numbers 0-255, e.g. 10.244.2.7`);
  }
  if (!NAME.test(host)) return fail(`"${host}" is not a host name; write a name such as ${example} or an IP address such as 10.244.2.7`);
  // A last label of digits only is not a name (RFC 1123 §2.1) but a mistyped address.
  if (/(^|\.)\d+\.?$/.test(host)) return fail(`"${host}" is neither an IPv4 address nor a host name`);
  return { ok: true, value: host };
}

/** A port number 1-65535 (port 0 cannot be connected to). */
export function checkPort(text: string, what = 'port'): Result<number> {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    return fail(`"${text}" is not a ${what}; write a number from 1 to 65535, e.g. 8080`);
  }
  return { ok: true, value: Number(text) };
}

export function isUrl(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
}

/**
 * Parses what curl or wget accept as a URL. Without `scheme://` both assume http (curl(1) "URL":
 * "If you specify URL without protocol:// prefix, curl attempts to guess what protocol you might
 * want. It then defaults to HTTP"; wget(1) likewise).
 */
export function parseUrl(text: string): Result<Url> {
  let rest = text;
  let scheme: Scheme = 'http';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (m) {
    const s = m[1]!.toLowerCase();
    if (s !== 'http' && s !== 'https') return fail(`${s}:// is not simulated; the pods and proxies speak http:// and https:// (and curl telnet://HOST:PORT tests a TCP port), e.g. curl http://backend:8080/`);
    scheme = s;
    rest = text.slice(m[0].length);
  }
  rest = rest.replace(/#.*$/, '');
  const pathAt = rest.search(/[/?]/);
  let authority = pathAt < 0 ? rest : rest.slice(0, pathAt);
  const tail = pathAt < 0 ? '' : rest.slice(pathAt);
  const q = tail.indexOf('?');
  const path = (q < 0 ? tail : tail.slice(0, q)) || '/';
  const query = q < 0 ? '' : tail.slice(q);
  if (path.includes(' ') || query.includes(' ')) return fail(`"${text}" has a space in it; write %20, or quote the URL as one word`);
  // userinfo (`user:pass@`) is credentials, not part of where the packet goes.
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  if (authority === '') return fail(`"${text}" has no host; write e.g. http://backend:8080/`);
  const colon = authority.lastIndexOf(':');
  const hostText = colon < 0 || authority.startsWith('[') ? authority : authority.slice(0, colon);
  const host = checkHost(hostText);
  if (!host.ok) return host;
  if (colon < 0 || authority.startsWith('[')) return { ok: true, value: { scheme, host: host.value, path, query } };
  const port = checkPort(authority.slice(colon + 1), `port in "${text}"`);
  if (!port.ok) return port;
  return { ok: true, value: { scheme, host: host.value, port: port.value, path, query } };
}

/** The Host header curl and wget send: the host, plus `:port` unless it is the scheme's default port. */
export function hostHeader(url: Url): string {
  const port = url.port ?? defaultPort[url.scheme];
  return port === defaultPort[url.scheme] ? url.host : `${url.host}:${port}`;
}

export function formatUrl(url: Url): string {
  return `${url.scheme}://${url.host}${url.port !== undefined ? `:${url.port}` : ''}${url.path}${url.query}`;
}

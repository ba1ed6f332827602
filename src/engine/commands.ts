// The connecting tools a person runs in a pod: curl, wget, nc/ncat, telnet and ping, each read as
// its own manual page says, into the flow the engine traces. Options that change only what the
// tool prints (-s, -v, -o, -w …) or how long it waits are accepted and have no effect on packets.
import { getopt, has, last } from './getopt.ts';
import type { OptionSpec } from './getopt.ts';
import type { FlowSpec, Result } from './types.ts';
import { checkHost, checkPort, defaultPort, formatUrl, hostHeader, isUrl, parseUrl } from './url.ts';

export type CommandSpec = Omit<FlowSpec, 'from'>;

const fail = <T>(error: string): Result<T> => ({ ok: false, error });
const opt = (key: string, names: readonly string[], arg = false): OptionSpec => ({ key, names, arg });

// curl(1): -k --insecure, -s --silent, -v --verbose, -I --head, -X --request <method>,
// -H --header <header>, --resolve <host:port:addr>, --connect-timeout <s>, -d --data <data>
// (sends POST), -o --output <file>, -w --write-out <fmt>, -m --max-time <s>, -L --location …
const curlOptions: readonly OptionSpec[] = [
  opt('insecure', ['-k', '--insecure']), opt('silent', ['-s', '--silent']), opt('showError', ['-S', '--show-error']),
  opt('verbose', ['-v', '--verbose']), opt('head', ['-I', '--head']), opt('method', ['-X', '--request'], true),
  opt('header', ['-H', '--header'], true), opt('resolve', ['--resolve'], true), opt('timeout', ['--connect-timeout'], true),
  opt('timeout', ['-m', '--max-time'], true), opt('data', ['-d', '--data', '--data-raw', '--data-binary'], true),
  opt('output', ['-o', '--output'], true), opt('writeOut', ['-w', '--write-out'], true), opt('location', ['-L', '--location']),
  opt('fail', ['-f', '--fail']), opt('include', ['-i', '--include']), opt('ipv4', ['-4', '--ipv4']),
  opt('http11', ['--http1.1']), opt('agent', ['-A', '--user-agent'], true), opt('url', ['--url'], true),
];

export function curl(words: readonly string[]): Result<CommandSpec> {
  const o = getopt('curl', words, curlOptions, { longEquals: false });
  if (!o.ok) return o;
  const urls = [...(o.value.values.get('url') ?? []), ...o.value.operands];
  if (urls.length !== 1) return fail(urls.length === 0 ? 'curl needs a URL, e.g. curl http://backend:8080/' : `curl got ${urls.length} URLs (${urls.join(', ')}); trace one at a time`);
  let host: string | undefined;
  // Other headers do not change where the request goes, but an HTTPRoute header match can see them.
  const headers: Record<string, string> = {};
  for (const h of o.value.values.get('header') ?? []) {
    const other = /^\s*([^:\s]+)\s*:(.*)$/.exec(h);
    if (other && other[1]!.toLowerCase() !== 'host') headers[other[1]!] = other[2]!.trim();
    const m = /^\s*host\s*:(.*)$/i.exec(h);
    if (!m) continue;
    host = m[1]!.trim();
    if (host === '') return fail(`curl -H 'Host:' would remove the Host header; give a name, e.g. -H 'Host: shop.example.com'`);
  }
  // -X replaces the method word; -I asks HEAD; -d sends a POST body (curl(1) -X, -I, -d).
  const method = last(o.value, 'method') ?? (has(o.value, 'head') ? 'HEAD' : has(o.value, 'data') ? 'POST' : 'GET');
  // `curl -v telnet://HOST:PORT` is a common "is the port open" test: a plain TCP connection, no HTTP.
  const telnetUrl = /^telnet:\/\/([^/:]+)(?::([^/]*))?\/?$/i.exec(urls[0]!);
  if (telnetUrl) return telnet([telnetUrl[1]!, ...(telnetUrl[2] !== undefined ? [telnetUrl[2]] : [])]);
  const resolveText = last(o.value, 'resolve');
  const plain = httpSpec('curl', urls[0]!, method, host);
  const spec = plain.ok && plain.value.http && Object.keys(headers).length > 0 ? { ok: true as const, value: { ...plain.value, http: { ...plain.value.http, headers } } } : plain;
  if (!spec.ok || resolveText === undefined) return spec;
  const resolve = parseResolve(resolveText);
  if (!resolve.ok) return resolve;
  return { ok: true, value: { ...spec.value, resolve: resolve.value } };
}

/** curl --resolve `<host:port:addr>`: this host and port go to addr without asking DNS (curl(1)). */
function parseResolve(text: string): Result<NonNullable<FlowSpec['resolve']>> {
  const parts = text.replace(/^\+/, '').split(':');
  const usage = `curl --resolve takes HOST:PORT:ADDRESS, e.g. --resolve shop.example.com:80:172.16.0.200`;
  if (parts.length !== 3) return fail(`"${text}" is not HOST:PORT:ADDRESS; ${usage}`);
  const host = checkHost(parts[0]!);
  const port = checkPort(parts[1]!);
  const address = checkHost(parts[2]!);
  if (!host.ok) return fail(`${host.error}; ${usage}`);
  if (!port.ok) return fail(`${port.error}; ${usage}`);
  if (!address.ok || !/^[\d.]+$/.test(parts[2]!)) return fail(`"${parts[2]}" in --resolve is not an IPv4 address; ${usage}`);
  return { ok: true, value: { host: host.value, port: port.value, address: address.value } };
}

// wget(1) (GNU, and busybox's subset): -q --quiet, -O --output-document <file> (`-O-` = stdout),
// -S --server-response, -T --timeout <s>, -t --tries <n>, --header <header>, --no-check-certificate.
const wgetOptions: readonly OptionSpec[] = [
  opt('quiet', ['-q', '--quiet']), opt('output', ['-O', '--output-document'], true), opt('response', ['-S', '--server-response']),
  opt('timeout', ['-T', '--timeout'], true), opt('tries', ['-t', '--tries'], true), opt('header', ['--header'], true),
  opt('insecure', ['--no-check-certificate']),
];

export function wget(words: readonly string[]): Result<CommandSpec> {
  const o = getopt('wget', words, wgetOptions, { longEquals: true });
  if (!o.ok) return o;
  if (o.value.operands.length !== 1) return fail(o.value.operands.length === 0 ? 'wget needs a URL, e.g. wget -qO- http://backend:8080/' : 'wget got several URLs; trace one at a time');
  const host = (o.value.values.get('header') ?? []).map((h) => /^\s*host\s*:(.*)$/i.exec(h)?.[1]?.trim()).filter((h) => h).pop();
  return httpSpec('wget', o.value.operands[0]!, 'GET', host);
}

function httpSpec(tool: string, text: string, method: string, hostOverride: string | undefined): Result<CommandSpec> {
  const url = parseUrl(text);
  if (!url.ok) return fail(`${tool}: ${url.error}`);
  const u = url.value;
  const port = u.port ?? defaultPort[u.scheme];
  return {
    ok: true,
    value: { to: formatUrl(u), port, protocol: 'TCP', http: { method, path: u.path, host: hostOverride ?? hostHeader(u), tls: u.scheme === 'https' } },
  };
}

// netcat-openbsd nc(1): -z (scan, no data), -v, -u (UDP), -w <timeout>, -n (no DNS), -4, -N,
// -q <secs>; Nmap's ncat(1) adds -u/--udp and --sctp. Listening (-l) is the server side.
const ncOptions: readonly OptionSpec[] = [
  opt('zero', ['-z']), opt('verbose', ['-v', '--verbose']), opt('udp', ['-u', '--udp']), opt('sctp', ['--sctp']),
  opt('wait', ['-w', '--wait'], true), opt('numeric', ['-n', '--nodns']), opt('ipv4', ['-4']), opt('shutdown', ['-N']),
  opt('quit', ['-q'], true), opt('listen', ['-l', '--listen']),
];

export function nc(tool: string, words: readonly string[]): Result<CommandSpec> {
  const o = getopt(tool, words, ncOptions, { longEquals: false });
  if (!o.ok) return o;
  if (has(o.value, 'listen')) return fail(`${tool} -l listens for connections; in the simulator the pods' containerPorts are the listeners. Connect instead: ${tool} -zv HOST PORT`);
  const [hostText, portText, ...extra] = o.value.operands;
  if (hostText === undefined || portText === undefined || extra.length > 0) return fail(`${tool} takes a host and a port, e.g. ${tool} -zv backend 8080`);
  const host = checkHost(hostText);
  if (!host.ok) return fail(`${tool}: ${host.error}`);
  if (/^\d+-\d+$/.test(portText)) return fail(`${tool}: "${portText}" is a port range; trace one port at a time, e.g. ${tool} -zv ${hostText} ${portText.split('-')[0]}`);
  const port = checkPort(portText);
  if (!port.ok) return fail(`${tool}: ${port.error}`);
  if (has(o.value, 'numeric') && !/^[\d.]+$/.test(hostText)) return fail(`${tool} -n does not use DNS, so "${hostText}" cannot be resolved; give an IP address or drop -n`);
  const protocol = has(o.value, 'sctp') ? 'SCTP' : has(o.value, 'udp') ? 'UDP' : 'TCP';
  return { ok: true, value: { to: host.value, port: port.value, protocol } };
}

/** telnet(1): `telnet host [port]`; without a port it connects to the telnet port, 23. */
export function telnet(words: readonly string[]): Result<CommandSpec> {
  const args = words.filter((w) => w !== '-4');
  if (args.length < 1 || args.length > 2 || args.some((a) => a.startsWith('-'))) return fail('telnet takes a host and a port, e.g. telnet backend 8080');
  const host = checkHost(args[0]!);
  if (!host.ok) return fail(`telnet: ${host.error}`);
  const port = checkPort(args[1] ?? '23');
  if (!port.ok) return fail(`telnet: ${port.error}`);
  return { ok: true, value: { to: host.value, port: port.value, protocol: 'TCP' } };
}

// ping(8) (iputils, busybox): -c <count>, -W <timeout>, -w <deadline>, -i <interval>, -s <size>, -q, -n, -4.
const pingOptions: readonly OptionSpec[] = [
  opt('count', ['-c'], true), opt('timeout', ['-W'], true), opt('deadline', ['-w'], true), opt('interval', ['-i'], true),
  opt('size', ['-s'], true), opt('quiet', ['-q']), opt('numeric', ['-n']), opt('ipv4', ['-4']),
];

export function ping(words: readonly string[]): Result<CommandSpec> {
  const o = getopt('ping', words, pingOptions, { longEquals: false });
  if (!o.ok) return o;
  const usage = 'ping takes a host, e.g. ping 10.244.2.7';
  const [target, ...extra] = o.value.operands;
  if (target === undefined || extra.length > 0) return fail(usage);
  if (isUrl(target) || /^[^:]+:\d+$/.test(target)) return fail(`${usage}; ICMP has no ports, so to test a port use nc -zv HOST PORT`);
  const host = checkHost(target);
  if (!host.ok) return fail(`ping: ${host.error}`);
  return { ok: true, value: { to: host.value, protocol: 'ICMP' } };
}

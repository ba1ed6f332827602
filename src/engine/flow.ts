// What a person types, or a Flow object, turned into the FlowSpec the engine traces; and the way
// back, for hop lists and share links. `kubectl exec` picks the client pod; the command after `--`
// is read like the tool would read it (commands.ts, lookups.ts).
import type { Flow } from '../model/objects.ts';
import { curl, nc, ping, telnet, wget } from './commands.ts';
import type { CommandSpec } from './commands.ts';
import { dig, getent, host, nslookup } from './lookups.ts';
import { parseRef, qualifiedRef } from './refs.ts';
import { shellQuote, shellWords } from './shell.ts';
import { isTargetRef, parseTarget } from './target.ts';
import type { FlowSpec, Result } from './types.ts';
import { defaultPort, formatUrl, hostHeader, isUrl, parseUrl } from './url.ts';

export type ParsedCommand = { readonly from?: string; readonly namespace?: string; readonly spec: CommandSpec };

const fail = <T>(error: string): Result<T> => ({ ok: false, error });
const TOOLS = 'curl, wget, nc, telnet, ping, nslookup, dig, host or getent hosts';

/**
 * `kubectl exec [-n NS] [-it] POD|deploy/NAME [-c CONTAINER] -- curl …`, or just `curl …` (then
 * `from` is undefined: the caller supplies it; a bare `curl` typed "from outside" = external).
 * Never throws. For HTTP, `spec.to` is the URL with its scheme, `spec.port` the port connected to,
 * and `http.host` the Host header exactly as curl/wget send it (`backend:8080`; no port when it is
 * the scheme's default; `-H 'Host: …'` replaces it). Lookups turn an address into its PTR name.
 */
export function parseCommand(text: string): Result<ParsedCommand> {
  const words = shellWords(text);
  if (!words.ok) return words;
  if (words.value.length === 0) return fail(`type a command, e.g. curl http://backend:8080/ (tools: ${TOOLS})`);
  if (basename(words.value[0]!) === 'kubectl') return kubectl(words.value.slice(1));
  const spec = runTool(words.value, 0);
  return spec.ok ? { ok: true, value: { spec: spec.value } } : spec;
}

// kubectl exec: global flags may come before the verb; `-n`, `-c`, `-i`, `-t` around the pod;
// everything after `--` is the command (kubectl exec --help).
function kubectl(words: readonly string[]): Result<ParsedCommand> {
  let namespace: string | undefined;
  let pod: string | undefined;
  let verb: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const value = (): string | undefined => words[++i];
    if (w === '--') {
      if (verb !== 'exec') break;
      if (pod === undefined) return fail('kubectl exec needs a pod before --, e.g. kubectl exec -it frontend -- curl http://backend:8080/');
      const spec = runTool(words.slice(i + 1), 0);
      if (!spec.ok) return spec;
      return { ok: true, value: { from: pod, ...(namespace !== undefined ? { namespace } : {}), spec: spec.value } };
    }
    // pflag reads `--namespace=shop`, `-n=shop` and `-nshop` as well as `-n shop`.
    const eq = /^(-n|--namespace|-c|--container|--context|--kubeconfig|--cluster|--user)=(.*)$/.exec(w);
    const attached = /^-n([^=].*)$/.exec(w);
    const flag = eq ? eq[1]! : attached ? '-n' : w;
    if (flag === '-n' || flag === '--namespace') {
      namespace = eq?.[2] ?? attached?.[1] ?? value();
      if (!namespace) return fail('kubectl -n needs a namespace, e.g. kubectl -n shop exec …');
    } else if (['-c', '--container', '--context', '--kubeconfig', '--cluster', '--user', '--pod-running-timeout'].includes(flag)) {
      // The container does not matter: all containers of a pod share its network namespace.
      if (!eq && value() === undefined) return fail(`kubectl ${w} needs a value`);
    } else if (/^-[itq]+$/.test(w) || /^-c[^=]/.test(w) || ['--stdin', '--tty', '--quiet'].includes(w)) {
      continue;
    } else if (w.startsWith('-')) {
      return fail(`kubectl: flag ${w} is not simulated; write kubectl exec [-n NS] POD -- COMMAND`);
    } else if (verb === undefined) {
      verb = w;
      if (verb === 'run' || verb === 'debug') return fail(`kubectl ${verb} starts a new pod; add that pod to the YAML, or exec into a pod that exists: kubectl exec -it POD -- curl …`);
      if (verb !== 'exec') return fail(`kubectl ${verb} is not simulated here; run a command in a pod with kubectl exec -it POD -- curl …`);
    } else if (pod === undefined) {
      pod = w;
    } else {
      // kubectl's own message for the old form without `--`.
      return fail(`exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead: kubectl exec ${pod} -- ${words.slice(i).join(' ')}`);
    }
  }
  return fail(verb === 'exec' ? 'kubectl exec needs -- and a command, e.g. kubectl exec -it frontend -- curl http://backend:8080/' : 'only kubectl exec is simulated, e.g. kubectl exec -it frontend -- curl http://backend:8080/');
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

const SHELLS = ['sh', 'bash', 'ash', 'dash', 'zsh'];

/** Runs the tool named by the first word, unwrapping `sh -c '…'`, `busybox X` and `timeout N X`. */
function runTool(words: readonly string[], depth: number): Result<CommandSpec> {
  const [first, ...rest] = words;
  if (first === undefined) return fail(`type a command after --, e.g. curl http://backend:8080/ (tools: ${TOOLS})`);
  const tool = basename(first);
  if (SHELLS.includes(tool)) {
    const c = rest.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w));
    const script = c < 0 ? undefined : rest[c + 1];
    if (script === undefined) return fail(`${tool} needs -c and a command, e.g. ${tool} -c 'curl http://backend:8080/'`);
    if (depth > 3) return fail('too many nested shells; type the command itself');
    const inner = shellWords(script);
    return inner.ok ? runTool(inner.value, depth + 1) : inner;
  }
  if (tool === 'busybox') return runTool(rest, depth);
  if (tool === 'timeout' && rest.length > 0 && /^\d+(\.\d+)?[smhd]?$/.test(rest[0]!)) return runTool(rest.slice(1), depth);
  switch (tool) {
    case 'curl': return curl(rest);
    case 'wget': return wget(rest);
    case 'nc': case 'netcat': case 'ncat': return nc(tool, rest);
    case 'telnet': return telnet(rest);
    case 'ping': return ping(rest);
    case 'nslookup': return nslookup(rest);
    case 'dig': return dig(rest);
    case 'host': return host(rest);
    case 'getent': return getent(rest);
    default: return fail(`"${first}" is not a command the simulator runs; use ${TOOLS}`);
  }
}

/**
 * A Flow object as a FlowSpec. `from` and a reference in `to` are written out in full with the
 * Flow's namespace (`deploy/web` in a Flow of namespace shop is `shop/deploy/web`).
 */
export function flowSpecOf(flow: Flow): Result<FlowSpec> {
  const ns = flow.metadata.namespace || 'default';
  const { spec } = flow;
  const where = `Flow ${ns}/${flow.metadata.name}`;
  const from = parseRef(spec.from, ns);
  if (!from.ok) return fail(`${where}: from: ${from.error}`);
  const fromText = qualifiedRef(from.value);
  if (spec.command !== undefined) {
    const parsed = parseCommand(spec.command);
    if (!parsed.ok) return fail(`${where}: command: ${parsed.error}`);
    if (parsed.value.from !== undefined) return fail(`${where}: put the client in from and only the tool in command, e.g. command: curl http://backend:8080/`);
    const s = parsed.value.spec;
    if (spec.protocol !== undefined && spec.protocol !== s.protocol) return fail(`${where}: protocol ${spec.protocol} disagrees with the command, which uses ${s.protocol}; drop protocol`);
    if (spec.port !== undefined && spec.port !== s.port) return fail(`${where}: port ${spec.port} disagrees with the command, which uses ${s.port ?? 'no port'}; drop port`);
    return { ok: true, value: { from: fromText, ...s } };
  }
  if (spec.to === undefined) return fail(`${where}: give command (curl http://backend:8080/) or to (backend:8080)`);
  return structured(where, fromText, spec.to, spec.port, spec.protocol, ns);
}

function structured(where: string, from: string, to: string, port: number | undefined, protocol: FlowSpec['protocol'] | undefined, ns: string): Result<FlowSpec> {
  const proto = protocol ?? 'TCP';
  if (proto === 'ICMP' && port !== undefined) return fail(`${where}: ICMP (ping) has no ports; drop the port`);
  if (isUrl(to)) {
    const url = parseUrl(to);
    if (!url.ok) return fail(`${where}: to: ${url.error}`);
    const u = url.value;
    const urlPort = u.port ?? defaultPort[u.scheme];
    if (proto !== 'TCP') return fail(`${where}: a ${u.scheme}:// URL is TCP; drop protocol ${proto}`);
    if (port !== undefined && port !== urlPort) return fail(`${where}: port ${port} disagrees with the URL's port ${urlPort}; drop port`);
    return { ok: true, value: { from, to: formatUrl(u), port: urlPort, protocol: 'TCP', http: { method: 'GET', path: u.path, host: hostHeader(u), tls: u.scheme === 'https' } } };
  }
  const partial: FlowSpec = { from, to, protocol: proto, ...(port !== undefined ? { port } : {}) };
  if (isTargetRef(to)) {
    const ref = parseRef(to, ns);
    if (!ref.ok) return fail(`${where}: to: ${ref.error}`);
    // A Service's port can come from the Service itself (resolveTarget); a pod or node has no default port.
    const service = ref.value.type === 'object' && ref.value.kind === 'Service';
    if (proto !== 'ICMP' && port === undefined && !service) return fail(`${where}: say which port to connect to on ${to}, e.g. port: 8080 (or protocol: ICMP to ping it)`);
    return { ok: true, value: { ...partial, to: qualifiedRef(ref.value) } };
  }
  const parsed = parseTarget(partial);
  if (!parsed.ok) return fail(`${where}: ${parsed.error}`);
  if (proto === 'ICMP') return { ok: true, value: partial };
  const p = parsed.value.port;
  if (p === undefined) return fail(`${where}: say which port to connect to, e.g. to: ${to}:8080 or port: 8080`);
  return { ok: true, value: { ...partial, port: p } };
}

/** Human form for hop lists and share links: `curl http://backend:8080/api`. Parses back to the same spec. */
export function describeFlow(spec: FlowSpec): string {
  const words = describeWords(spec);
  return words.map(shellQuote).join(' ');
}

function describeWords(spec: FlowSpec): string[] {
  if (spec.lookupOnly) return describeLookup(spec);
  if (spec.protocol === 'ICMP') return ['ping', spec.to];
  const target = parseTarget(spec);
  const url = isUrl(spec.to) ? parseUrl(spec.to) : undefined;
  if (spec.http && url?.ok) {
    const words = ['curl'];
    if (spec.http.method === 'HEAD') words.push('-I');
    else if (spec.http.method !== 'GET') words.push('-X', spec.http.method);
    if (spec.http.host !== undefined && spec.http.host !== hostHeader(url.value)) words.push('-H', `Host: ${spec.http.host}`);
    if (spec.resolve) words.push('--resolve', `${spec.resolve.host}:${spec.resolve.port}:${spec.resolve.address}`);
    return [...words, spec.to];
  }
  const t = target.ok ? target.value.target : undefined;
  const host = isTargetRef(spec.to) || !t ? spec.to : t.kind === 'name' ? t.name : t.ip;
  const port = spec.port ?? (target.ok ? target.value.port : undefined);
  if (spec.http) {
    // HTTP to a host given apart from a URL (the UI's pickers): write the URL curl would need.
    const scheme = spec.http.tls ? 'https' : 'http';
    const shownPort = port !== undefined && port !== defaultPort[scheme] ? `:${port}` : '';
    return ['curl', ...(spec.http.method === 'GET' ? [] : ['-X', spec.http.method]), `${scheme}://${host}${shownPort}${spec.http.path}`];
  }
  // A structured flow (`to: backend:8080`, a reference): connect without speaking HTTP, as nc does.
  const portWords = port !== undefined ? [String(port)] : [];
  if (spec.protocol === 'SCTP') return ['ncat', '--sctp', host, ...portWords];
  return ['nc', spec.protocol === 'UDP' ? '-zvu' : '-zv', host, ...portWords];
}

function describeLookup(spec: FlowSpec): string[] {
  const dns = spec.dns ?? {};
  const tcp = spec.protocol === 'TCP';
  if (dns.files) return ['getent', 'hosts', spec.to];
  if (dns.search === false) {
    return ['dig', ...(dns.server !== undefined ? [`@${dns.server}`] : []), ...(tcp ? ['+tcp'] : []), spec.to, ...(dns.qtype !== undefined ? [dns.qtype] : [])];
  }
  return ['nslookup', ...(dns.qtype !== undefined ? [`-type=${dns.qtype}`] : []), ...(tcp ? ['-vc'] : []), spec.to, ...(dns.server !== undefined ? [dns.server] : [])];
}


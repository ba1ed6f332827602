// The ingress controller's half of an Ingress flow (DATAPATH §7.1, §7.2): ingress-nginx terminates
// the client's TCP (and TLS), matches host and path (trace-ingress-match.ts), picks an endpoint of
// the backend Service itself (pod IP:port, not the ClusterIP) and opens a new connection to it
// from its own pod (trace-proxy.ts), with X-Forwarded-* headers. The backend, and its NetworkPolicy, see the
// controller pod as the source (NETPOL.md 17).
import type { ClusterState, PodState } from '../model/cluster.ts';
import type { Ingress } from '../model/objects.ts';
import type { ConntrackTable } from './conntrack.ts';
import type { Rng } from './random.ts';
import { matchIngress } from './trace-ingress-match.ts';
import { hop } from './trace-hops.ts';
import { proxyAnswers, secondConnection, servicePortOf, upstreams, type ProxyResult } from './trace-proxy.ts';
import type { Hop, HttpLayer, RuleRef } from './types.ts';

/**
 * The request header set NGINX sends upstream (DATAPATH §7.2): the client's own headers pass through
 * (proxy_pass_request_headers is on: User-Agent, Accept, curl -H …), then ingress-nginx's
 * proxy_set_header lines replace theirs. X-Forwarded-For is overwritten with the address NGINX saw;
 * a client-sent one survives only as X-Original-Forwarded-For.
 */
export function upstreamHeaders(client: Readonly<Record<string, string>>, set: Readonly<Record<string, string>>): Record<string, string> {
  const replaced = new Set([...Object.keys(set), 'X-Original-Forwarded-For'].map((k) => k.toLowerCase()));
  const passed = Object.entries(client).filter(([k]) => !replaced.has(k.toLowerCase()));
  const incoming = Object.entries(client).find(([k]) => k.toLowerCase() === 'x-forwarded-for')?.[1];
  return { ...set, ...Object.fromEntries(passed), ...(incoming !== undefined ? { 'X-Original-Forwarded-For': incoming } : {}) };
}

/** The ingress-nginx controller (the simulated one carries the chart's labels). */
export const INGRESS_NGINX = 'k8s.io/ingress-nginx';

export function isIngressNginx(pod: PodState): boolean {
  return pod.labels['app.kubernetes.io/name'] === 'ingress-nginx' && pod.labels['app.kubernetes.io/component'] === 'controller';
}

/** Ingresses of an ingress-nginx class (spec.ingressClassName, or none when the class is the default). */
export function ingressesOf(state: ClusterState): Ingress[] {
  const classes = state.ingressClasses.filter((c) => c.spec.controller === INGRESS_NGINX);
  const names = new Set(classes.map((c) => c.metadata.name));
  const takesDefault = classes.some((c) => c.isDefault);
  return state.ingresses
    .filter((i) => (i.spec.ingressClassName !== undefined ? names.has(i.spec.ingressClassName) : takesDefault))
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
}

export interface ProxyInput {
  readonly controller: PodState;
  /** The client's request as the controller received it. */
  readonly request: HttpLayer;
  /** The source address nginx saw ($remote_addr) and the port the client connected to. */
  readonly remoteAddr: string;
  readonly serverPort: number;
  readonly ct: ConntrackTable;
  readonly rng: Rng;
}

function ingressRef(ingress: Ingress, field: string, text: string, rule?: number): RuleRef {
  const range = ingress.source.doc > 0 ? ingress.source.paths[field] ?? ingress.source.range : undefined;
  return { kind: 'Ingress', object: { kind: 'Ingress', namespace: ingress.metadata.namespace, name: ingress.metadata.name }, text, ...(rule !== undefined ? { rule } : {}), ...(range ? { range } : {}) };
}

/**
 * The certificate ingress-nginx presents for `host` (SNI): the Secret of the Ingress `tls` entry
 * listing the host (DATAPATH §7.3 item 7), else its built-in self-signed "Kubernetes Ingress
 * Controller Fake Certificate", which curl rejects without -k.
 */
function certificateFor(ingresses: readonly Ingress[], host: string): string {
  for (const ing of ingresses) {
    const entry = ing.spec.tls.find((t) => t.hosts.some((h) => h.toLowerCase() === host));
    if (entry) return `the certificate of Secret ${ing.metadata.namespace}/${entry.secretName ?? '(none)'} (tls of Ingress ${ing.metadata.namespace}/${ing.metadata.name}, chosen by SNI)`;
  }
  return `its default self-signed "Kubernetes Ingress Controller Fake Certificate" (no Ingress lists ${host} under tls; curl needs -k)`;
}

export function proxyToBackend(state: ClusterState, input: ProxyInput): ProxyResult {
  const { controller, request, rng } = input;
  const host = (request.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const path = request.path ?? '/';
  const at = `pod:${controller.id}`;
  const decide = (action: string, because: readonly RuleRef[], verdict: Hop['verdict'] = 'pass', status?: number): Hop => hop({
    at, node: controller.nodeName, component: 'ingress-controller', where: 'ingress-nginx', action, verdict, because,
    packet: { layers: [{ ...request, ...(status !== undefined ? { status } : {}) }] },
  });
  const match = matchIngress(ingressesOf(state), host, path);
  if (!match) {
    const h = decide(`No Ingress rule matches host ${host} and path ${path}, and no Ingress has a defaultBackend: ingress-nginx's default backend answers 404 Not Found.`, [], 'reject', 404);
    return proxyAnswers(h, 'not-found', `HTTP 404 from ingress-nginx: no Ingress rule matches host ${host} and path ${path} (DATAPATH §7.3: host first, then path).`);
  }
  const ing = match.ingress;
  const where = match.rule !== undefined
    ? `rule ${match.rule + 1} path ${match.path! + 1} (${match.matched!.pathType} ${match.matched!.path}) of Ingress ${ing.metadata.namespace}/${ing.metadata.name}`
    : `the defaultBackend of Ingress ${ing.metadata.namespace}/${ing.metadata.name}`;
  const ref = ingressRef(ing, match.field, match.rule !== undefined ? `host ${ing.spec.rules[match.rule]!.host ?? '*'} ${match.matched!.pathType} ${match.matched!.path}` : 'defaultBackend', match.rule !== undefined ? match.rule + 1 : undefined);
  const backend = match.backend.service;
  const svc = backend ? state.index.serviceById.get(`${ing.metadata.namespace}/${backend.name}`) : undefined;
  const sp = svc && backend ? servicePortOf(svc, backend.port) : undefined;
  const ups = svc && sp ? upstreams(svc, sp) : [];
  if (!svc || !sp || ups.length === 0) {
    const what = !backend ? 'a resource backend (not simulated)' : !svc ? `Service ${backend.name}, which does not exist` : !sp ? `a port Service ${svc.id} does not have` : `Service ${svc.id}, which has no ready endpoints`;
    const h = decide(`Host ${host}, path ${path} match ${where}; its backend is ${what}: ingress-nginx answers 503 Service Unavailable`, [ref], 'reject', 503);
    return proxyAnswers(h, 'unavailable', `HTTP 503 from ingress-nginx: ${where} sends to ${what}.`);
  }
  // ingress-nginx balances over the endpoints itself (round robin; the seed stands in for its position).
  const pick = ups[rng.int(0, ups.length - 1)]!;
  const scheme = request.tls ? 'https' : 'http';
  const headers = upstreamHeaders(request.headers, {
    Host: request.host ?? host,
    // NGINX's $request_id: 16 random bytes in hex.
    'X-Request-ID': Array.from({ length: 4 }, () => rng.int(0, 0xffffffff).toString(16).padStart(8, '0')).join(''),
    'X-Real-IP': input.remoteAddr, 'X-Forwarded-For': input.remoteAddr, 'X-Forwarded-Host': host,
    'X-Forwarded-Port': String(input.serverPort), 'X-Forwarded-Proto': scheme, 'X-Scheme': scheme,
  });
  const upstream: HttpLayer = { type: 'http', method: request.method ?? 'GET', host: request.host ?? host, path, headers, tls: false };
  const tls = request.tls ? `terminates TLS with ${certificateFor(ingressesOf(state), host)}, ` : '';
  const first = decide(
    `ingress-nginx ${tls}reads Host ${host} and path ${path}: ${where} → Service ${svc.id} port ${sp.port}; it picks the endpoint ${pick.ep.ip}:${pick.port} itself (not the ClusterIP) and opens a new connection to it, setting X-Forwarded-For: ${input.remoteAddr} (the address it saw)`,
    [ref],
  );
  return secondConnection(state, {
    proxy: controller, name: 'the ingress controller (ingress-nginx)', short: 'ingress-nginx', role: 'the controller pod', matched: where,
    decision: first, upstream, endpoint: { ip: pick.ep.ip, port: pick.port }, forwardedFor: input.remoteAddr, ct: input.ct, rng,
  });
}


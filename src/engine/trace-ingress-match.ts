// Which Ingress path serves a request (DATAPATH §7.3): host first, then path. Hosts: an exact host
// beats a wildcard (`*.foo.com` = exactly one more leftmost label), which beats rules without a
// host — ingress-nginx renders one nginx server per host and the host-less rules into the default
// server, and nginx picks the server by exact name, then wildcard, then the default. Within the
// chosen host, paths of every Ingress for it are merged; the longest matching path wins, and on a
// tie Exact beats Prefix. Nothing matches → the Ingress's defaultBackend, or the controller's 404.
import type { Ingress, IngressBackend, PathType } from '../model/objects.ts';

export interface IngressMatch {
  readonly ingress: Ingress;
  readonly backend: IngressBackend;
  /** 0-based rule and path index; undefined for a defaultBackend. */
  readonly rule?: number;
  readonly path?: number;
  readonly matched?: { readonly path: string; readonly pathType: PathType };
  /** The field path of the deciding YAML node, for its source range. */
  readonly field: string;
}

export function hostMatches(ruleHost: string | undefined, host: string): 'exact' | 'wildcard' | 'any' | undefined {
  if (ruleHost === undefined || ruleHost === '') return 'any';
  const r = ruleHost.toLowerCase();
  const h = host.toLowerCase();
  if (r.startsWith('*.')) {
    const suffix = r.slice(1);
    return h.endsWith(suffix) && h.split('.').length === r.split('.').length ? 'wildcard' : undefined;
  }
  return r === h ? 'exact' : undefined;
}

/** `/foo/` and `/foo` are the same prefix; `/` matches everything; element-wise on `/`. */
function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
  if (p === '/') return true;
  return path === p || path.startsWith(`${p}/`);
}

/**
 * Whether `pathType` `p` matches the request path. ImplementationSpecific: ingress-nginx without
 * `use-regex` treats it as a prefix (DATAPATH §7.3 item 3; regex semantics are not simulated).
 */
export function pathMatches(p: string, pathType: PathType, path: string): boolean {
  return pathType === 'Exact' ? p === path : prefixMatches(p, path);
}

const tiers = ['exact', 'wildcard', 'any'] as const;

export function matchIngress(ingresses: readonly Ingress[], host: string, requestPath: string): IngressMatch | undefined {
  const path = requestPath.split('?')[0] || '/';
  for (const tier of tiers) {
    const inTier = ingresses.flatMap((ingress) => ingress.spec.rules.map((rule, ri) => ({ ingress, rule, ri })).filter(({ rule }) => hostMatches(rule.host, host) === tier));
    if (inTier.length === 0) continue;
    let best: IngressMatch | undefined;
    let bestLen = -1;
    for (const { ingress, rule, ri } of inTier) {
      for (const [pi, p] of (rule.http?.paths ?? []).entries()) {
        if (!pathMatches(p.path, p.pathType, path)) continue;
        const len = p.path.length;
        const better = len > bestLen || (len === bestLen && p.pathType === 'Exact' && best?.matched?.pathType !== 'Exact');
        if (!better) continue;
        best = { ingress, backend: p.backend, rule: ri, path: pi, matched: { path: p.path, pathType: p.pathType }, field: `spec.rules[${ri}].http.paths[${pi}]` };
        bestLen = len;
      }
    }
    if (best) return best;
    const fallback = inTier.find(({ ingress }) => ingress.spec.defaultBackend)?.ingress;
    return fallback ? { ingress: fallback, backend: fallback.spec.defaultBackend!, field: 'spec.defaultBackend' } : undefined;
  }
  const any = ingresses.find((i) => i.spec.defaultBackend);
  return any ? { ingress: any, backend: any.spec.defaultBackend!, field: 'spec.defaultBackend' } : undefined;
}

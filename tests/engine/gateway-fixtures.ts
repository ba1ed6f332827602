// Gateway API objects on DATAPATH.md §0.1's address plan (trace-fixtures.ts): GatewayClass istio,
// Gateway infra/edge with an HTTP listener on *.example.com (routes from every namespace) and one
// on api.example.com (routes from its own namespace only), and HTTPRoutes in namespace app.
import { parse } from '../../src/parse/index.ts';
import type { Gateway, HTTPRoute } from '../../src/model/objects.ts';
import { plan, state } from './trace-fixtures.ts';

export const gatewayClass = `---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: istio}
spec: {controllerName: istio.io/gateway-controller}
`;

export const edge = `---
apiVersion: v1
kind: Namespace
metadata: {name: infra, labels: {edge: "true"}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: istio
  listeners:
    - {name: http, port: 80, protocol: HTTP, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}
    - {name: api, port: 80, protocol: HTTP, hostname: api.example.com}
`;

export const route = (name: string, spec: string, ns = 'app') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

/** Route shop: /api → web, everything else → web as well but through rule 2; host shop.example.com. */
export const shop = route('shop', `  parentRefs: [{name: edge, namespace: infra}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: web, port: 80}]
    - backendRefs: [{name: web, port: 80}]
`);

export const gatewayState = (extra = '') => state(plan(gatewayClass + edge + shop + extra));

export function objects(yaml: string): { gateways: Gateway[]; routes: HTTPRoute[] } {
  const all = parse(yaml).objects;
  return { gateways: all.filter((o): o is Gateway => o.kind === 'Gateway'), routes: all.filter((o): o is HTTPRoute => o.kind === 'HTTPRoute') };
}

export const http = (path: string) => ({ method: 'GET', path, tls: false });

// Writes src/ui/editor/scenario.schema.json: the JSON schema the editor gives monaco-yaml for
// completion, hover docs and light validation (TOOLCHAIN.md pitfall 7: nothing ships Kubernetes
// schemas offline). Built-in kinds come from kubernetes-types (1.30), whose doc comments become
// hover text; Gateway API and our own sim kinds are written below for the fields we read.
// The schema stays permissive: unknown fields and missing required ones never show here, since
// our own parser reports those precisely. Run: npx tsx scripts/gen-schema.ts
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { KINDS } from '../src/parse/kinds.ts';
import { cniModes } from '../src/model/objects.ts';

type Schema = { [key: string]: unknown };

const root = dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'));
/** apiVersion group → the kubernetes-types module holding its kinds. */
const moduleOf = (apiVersion: string): string => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  return `${group!.replace('.k8s.io', '')}/${version}`;
};

const builtIn = KINDS.filter((k) => !k.apiVersions[0]!.includes('sim.kube-netsim.dev') && !k.apiVersions[0]!.startsWith('gateway.'));
const files = [...new Set(builtIn.map((k) => join(root, `${moduleOf(k.apiVersions[0]!)}.d.ts`)))];
const program = ts.createProgram(files, { strict: true, noEmit: true });
const checker = program.getTypeChecker();
const definitions: Record<string, Schema> = {};

const docOf = (symbol: ts.Symbol): string => ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s*\n\s*/g, ' ');

/** A stable definition name such as core.v1.PodSpec from the declaring file and the name. */
function nameOf(symbol: ts.Symbol): string {
  const file = symbol.declarations![0]!.getSourceFile().fileName;
  const module = file.slice(root.length + 1).replace(/\.d\.ts$/, '').replace(/\//g, '.');
  return `${module}.${symbol.name}`;
}

function schemaOf(type: ts.Type): Schema {
  if (type.isStringLiteral()) return { type: 'string', const: type.value };
  if (type.flags & ts.TypeFlags.String) return { type: 'string' };
  if (type.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { type: 'number' };
  if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (parts.length === 1) return schemaOf(parts[0]!);
    if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    // IntOrString (ports, targetPort) is written `number | string`.
    if (parts.every((t) => t.flags & (ts.TypeFlags.Number | ts.TypeFlags.String))) return { type: ['number', 'string'] };
    return {};
  }
  if (checker.isArrayType(type)) return { type: 'array', items: schemaOf(checker.getTypeArguments(type as ts.TypeReference)[0]!) };
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (index) return { type: 'object', additionalProperties: schemaOf(index.type) };
  const symbol = type.getSymbol();
  if (symbol && symbol.flags & ts.SymbolFlags.Interface) {
    const name = nameOf(symbol);
    if (!(name in definitions)) {
      definitions[name] = {}; // reserve first: the types are recursive (JSONSchemaProps, …)
      definitions[name] = { title: symbol.name, ...objectSchema(type, docOf(symbol)) };
    }
    return { $ref: `#/definitions/${name}` };
  }
  return {};
}

function objectSchema(type: ts.Type, description: string): Schema {
  const properties: Record<string, Schema> = {};
  for (const p of checker.getPropertiesOfType(type)) {
    const decl = p.valueDeclaration ?? p.declarations![0]!;
    const s = schemaOf(checker.getTypeOfSymbolAtLocation(p, decl));
    const doc = docOf(p);
    // A $ref ignores its siblings in draft 7, so the field's own doc wraps it.
    properties[p.name] = doc ? ('$ref' in s ? { allOf: [s], description: doc } : { ...s, description: doc }) : s;
  }
  return { type: 'object', ...(description ? { description } : {}), properties };
}

const kindSchemas: Record<string, Schema> = {};
for (const k of builtIn) {
  const source = program.getSourceFile(join(root, `${moduleOf(k.apiVersions[0]!)}.d.ts`))!;
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === k.kind);
  if (!symbol) throw new Error(`kubernetes-types has no ${k.kind} in ${source.fileName}`);
  kindSchemas[k.kind] = schemaOf(checker.getDeclaredTypeOfSymbol(symbol));
}

// ---- Kinds outside kubernetes-types: the fields our parsers read (src/parse/gateway.ts, simulator.ts).
const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const obj = (description: string, properties: Record<string, Schema>): Schema => ({ type: 'object', description, properties });
const list = (description: string, items: Schema): Schema => ({ type: 'array', description, items });
const meta: Schema = { $ref: '#/definitions/meta.v1.ObjectMeta' };
const kind = (title: string, description: string, spec: Schema): Schema => ({ title, type: 'object', description, properties: { metadata: meta, spec } });
const parentRef = obj('A Gateway this route attaches to.', {
  group: str('API group of the parent; gateway.networking.k8s.io by default.'), kind: str('Kind of the parent; Gateway by default.'),
  name: str('Name of the Gateway.'), namespace: str('Namespace of the Gateway; the route\'s own namespace by default.'),
  sectionName: str('Name of one listener of the Gateway to attach to.'), port: { type: 'number', description: 'Port of a listener to attach to.' },
});
const backendRef = obj('A Service that receives the matching requests.', {
  group: str('API group; "" (core) by default.'), kind: str('Kind; Service by default.'), name: str('Name of the Service.'),
  namespace: str('Namespace of the Service.'), port: { type: 'number', description: 'Service port.' }, weight: { type: 'number', description: 'Share of requests, relative to the other backendRefs.' },
});
const gatewayKinds: Record<string, Schema> = {
  GatewayClass: kind('GatewayClass', 'GatewayClass names a controller that implements Gateways.', obj('GatewayClass spec.', { controllerName: str('The controller that manages Gateways of this class, e.g. example.net/gateway-controller.') })),
  Gateway: kind('Gateway', 'Gateway is a load balancer instance: listeners that accept traffic for routes.', obj('Gateway spec.', {
    gatewayClassName: str('The GatewayClass that implements this Gateway.'),
    listeners: list('Ports and protocols the Gateway accepts.', obj('A listener.', {
      name: str('Listener name, used by sectionName in routes.'), hostname: str('Host name this listener accepts; all when empty.'),
      port: { type: 'number', description: 'Port the Gateway listens on.' }, protocol: str('HTTP, HTTPS, TLS, TCP or UDP.', { enum: ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'] }),
      tls: obj('TLS settings.', { mode: str('Terminate or Passthrough.', { enum: ['Terminate', 'Passthrough'] }), certificateRefs: list('Secrets holding the certificate.', obj('A Secret.', { name: str('Secret name.'), namespace: str('Secret namespace.') })) }),
      allowedRoutes: obj('Which routes may attach.', { namespaces: obj('Namespaces routes may come from.', { from: str('Same, All or Selector.', { enum: ['Same', 'All', 'Selector'] }), selector: { $ref: '#/definitions/meta.v1.LabelSelector' } }) }),
    })),
    addresses: list('Addresses requested for the Gateway.', obj('An address.', { type: str('IPAddress or Hostname.'), value: str('The address.') })),
  })),
  HTTPRoute: kind('HTTPRoute', 'HTTPRoute sends HTTP requests that match its rules to backend Services.', obj('HTTPRoute spec.', {
    parentRefs: list('Gateways (listeners) this route attaches to.', parentRef),
    hostnames: list('Host names this route answers; all of the listener\'s when empty.', { type: 'string' }),
    rules: list('Matches and the backends they send to.', obj('A rule.', {
      matches: list('Request conditions; any one matching selects the rule.', obj('A match.', {
        path: obj('Path match.', { type: str('PathPrefix, Exact or RegularExpression.', { enum: ['PathPrefix', 'Exact', 'RegularExpression'] }), value: str('The path, e.g. /api.') }),
        headers: list('Header conditions.', obj('A header.', { name: str('Header name.'), value: str('Header value.') })),
        method: str('HTTP method.'),
      })),
      backendRefs: list('Services that receive the requests.', backendRef),
    })),
  })),
  ReferenceGrant: kind('ReferenceGrant', 'ReferenceGrant lets objects in other namespaces reference objects in this one, e.g. an HTTPRoute backendRef to a Service here.', obj('ReferenceGrant spec.', {
    from: list('Who may reference: entries are ORed.', obj('A trusted source.', { group: str('API group, e.g. gateway.networking.k8s.io.'), kind: str('Kind, e.g. HTTPRoute.'), namespace: str('Namespace the references come from.') })),
    to: list('What may be referenced: entries are ORed.', obj('A target.', { group: str('API group; "" for a Service.'), kind: str('Kind, e.g. Service.'), name: str('One object by name; every object of the kind when absent.') })),
  })),
};

const plugins = Object.keys(cniModes);
const simKinds: Record<string, Schema> = {
  Cluster: kind('Cluster', 'kube-netsim: the cluster itself — CNI, kube-proxy, address ranges and nodes. Every field has a default.', obj('Cluster settings.', {
    cni: obj('The CNI plugin that wires pods together.', {
      plugin: str('flannel (default), calico or cilium.', { enum: plugins }),
      mode: str(`How pod traffic crosses nodes. ${plugins.map((p) => `${p}: ${cniModes[p as keyof typeof cniModes].join(', ')}`).join('; ')}.`, { enum: [...new Set(Object.values(cniModes).flat())] }),
      networkPolicy: { type: 'boolean', description: 'Whether NetworkPolicy objects are enforced (true by default). NetworkPolicy objects alone enforce nothing.' },
    }),
    kubeProxy: obj('How Services are implemented.', { mode: str('iptables (default), ipvs, nftables, or replacement (Cilium only).', { enum: ['iptables', 'ipvs', 'nftables', 'replacement'] }) }),
    podCIDR: str('Pod address range, e.g. 10.244.0.0/16.'),
    serviceCIDR: str('ClusterIP range, e.g. 10.96.0.0/12.'),
    nodeCIDRMaskSize: { type: 'number', description: 'Prefix length of each node\'s slice of podCIDR (24 by default).' },
    clusterDomain: str('DNS domain of the cluster (cluster.local by default).'),
    loadBalancerPool: str('Addresses for LoadBalancer Services, written first-last, e.g. 172.16.0.200-172.16.0.250.'),
    nodes: list('The nodes.', obj('A node.', {
      name: str('Node name, e.g. node-1.'), role: str('control-plane or worker (default).', { enum: ['control-plane', 'worker'] }),
      zone: str('Topology zone.'), address: str('The node\'s InternalIP (eth0); allocated when absent.'),
      labels: { type: 'object', description: 'Node labels.', additionalProperties: { type: 'string' } },
      taints: list('Taints: pods without a matching toleration are not scheduled here.', { $ref: '#/definitions/core.v1.Taint' }),
    })),
  })),
  Flow: kind('Flow', 'kube-netsim: a saved question — a connection from a client to a destination, and what should happen.', obj('The flow.', {
    from: str('The client, e.g. frontend, shop/deploy/web or external.'),
    command: str('What the client runs, e.g. curl http://web:8080. Give command or to.'),
    to: str('Where the client connects, e.g. web:8080. Give command or to.'),
    port: { type: 'number', description: 'Destination port.' },
    protocol: str('TCP (default), UDP, SCTP or ICMP.', { enum: ['TCP', 'UDP', 'SCTP', 'ICMP'] }),
    expect: str('The verdict this flow should get; a different one is reported.', { enum: ['delivered', 'dropped', 'rejected', 'nxdomain', 'not-found', 'unavailable', 'unreachable'] }),
  })),
};

const all = { ...kindSchemas, ...gatewayKinds, ...simKinds };
const kinds = KINDS.map((k) => k.kind);
const apiVersions = [...new Set(KINDS.flatMap((k) => k.apiVersions))];
// examples, not enum: completion offers them, yet a kind we skip (ConfigMap) is no schema error.
// Dispatch on apiVersion + kind: each accepted pair applies its kind's schema (if/then, draft 7).
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  // Hover headings name the nearest titled schema: each definition's type name (PodSpec, …).
  title: 'kube-netsim scenario document',
  type: 'object',
  properties: {
    apiVersion: { type: 'string', description: `API group and version of the object. kube-netsim reads: ${apiVersions.join(', ')}.`, examples: apiVersions },
    kind: { type: 'string', description: `The kind of object. kube-netsim reads ${kinds.join(', ')}; other kinds are noted and skipped.`, examples: kinds },
    metadata: meta,
  },
  allOf: KINDS.map((k) => ({
    // `required` sits in a nested allOf: next to `properties`, yaml-language-server would offer
    // each branch as a whole-object completion, twenty-one look-alike items under every `kin`.
    if: { properties: { apiVersion: { enum: k.apiVersions }, kind: { const: k.kind } }, allOf: [{ required: ['apiVersion', 'kind'] }] },
    then: all[k.kind],
  })),
  definitions,
};
writeFileSync(new URL('../src/ui/editor/scenario.schema.json', import.meta.url), `${JSON.stringify(schema)}\n`);
console.log(`scenario.schema.json: ${KINDS.length} kinds, ${Object.keys(definitions).length} definitions`);

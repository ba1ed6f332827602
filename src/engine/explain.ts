// explain(state, src, dst, port, protocol): the egress and the ingress verdict of one connection,
// separately, each with the deciding policies and rule numbers (issue 3 §2, NETPOL.md
// "Explanations"). A Service target is explained per endpoint, after kube-proxy's DNAT: the
// backend pod's labels and targetPort are what policy sees (NETPOL.md 16).
import type { ClusterState, ServiceState } from '../model/cluster.ts';
import type { FlowProtocol } from '../model/objects.ts';
import type { PolicyDecision, PolicyOptions, PolicyPeer } from './policy.ts';
import { checkPolicy, connectionText, peerText } from './policy.ts';
import type { Result } from './types.ts';

export type ExplainTarget = PolicyPeer | { readonly kind: 'service'; readonly service: ServiceState };

export interface ExplainedConnection {
  /** The backend after DNAT (or the target itself), and the port policy sees there. */
  readonly dst: PolicyPeer;
  readonly port: number;
  readonly egress: PolicyDecision;
  readonly ingress: PolicyDecision;
  readonly allowed: boolean;
}

export interface Explanation {
  /** 'partial': a Service with some endpoints allowed and some denied (it depends on kube-proxy's pick). */
  readonly verdict: 'allowed' | 'denied' | 'partial';
  readonly protocol: FlowProtocol;
  readonly connections: readonly ExplainedConnection[];
  /** The verdict in a sentence (for a Service: the DNAT it went through and how many endpoints accept). */
  readonly summary: string;
  /** One paragraph a student can read: every verdict's sentence, then the summary. */
  readonly text: string;
}

export function explain(
  state: ClusterState, src: PolicyPeer, dst: ExplainTarget, port: number, protocol: FlowProtocol, options: PolicyOptions = {},
): Result<Explanation> {
  const what = connectionText(protocol, port);
  if (dst.kind !== 'service') {
    const c = connection(state, src, dst, port, protocol, options);
    const summary = `So the connection from ${peerText(src)} to ${peerText(dst)} on ${what} is ${c.allowed ? 'allowed' : 'denied'}.`;
    const text = `${c.egress.sentence} ${c.ingress.sentence} ${summary}`;
    return { ok: true, value: { verdict: c.allowed ? 'allowed' : 'denied', protocol, connections: [c], summary, text } };
  }
  const all = serviceBackends(state, dst.service, port, protocol);
  if (!all.ok) return all;
  if (src.kind === 'external' && !dst.service.headless) {
    // A ClusterIP is virtual, answered only by kube-proxy's rules on the nodes; no outside route leads to it.
    const summary = `Service ${dst.service.id}'s ClusterIP is reachable only from inside the cluster: an outside client comes in through a NodePort, a LoadBalancer address or an Ingress, so explain the backend pod with the source that path gives it (kube-netsim trace shows the path).`;
    return { ok: true, value: { verdict: 'denied', protocol, connections: [], summary, text: summary } };
  }
  // DATAPATH.md §5.6: with internalTrafficPolicy Local, kube-proxy DNATs in-cluster clients only to
  // endpoints on their own node (KUBE-SVL-*); outside clients come in by other paths (NodePort, LB).
  const clientNode = src.kind === 'pod' ? src.pod.nodeName : src.kind === 'node' ? src.node.name : undefined;
  const local = dst.service.internalTrafficPolicy === 'Local' && clientNode !== undefined && !dst.service.headless;
  const backends = local ? all.value.filter((b) => b.nodeName === clientNode) : all.value;
  const connections = backends.map((b) => connection(state, src, b.peer, b.port, protocol, options));
  const allowed = connections.filter((c) => c.allowed).length;
  const verdict = allowed === connections.length && allowed > 0 ? 'allowed' : allowed === 0 ? 'denied' : 'partial';
  const svc = `Service ${dst.service.id}`;
  const head = dst.service.headless
    ? `${svc} is headless: DNS hands out the pod addresses and the client connects to them directly, so policy checks each pod on ${what}.`
    : `kube-proxy on the client's node rewrites ${svc} port ${port} to one of its ${connections.length} endpoint${connections.length === 1 ? '' : 's'}${local ? ` on node ${clientNode} (internalTrafficPolicy: Local)` : ''} (DNAT) before NetworkPolicy looks, so policy sees the backend pod and its targetPort, not the ClusterIP.`;
  const parts = connections.map((c) => `To ${peerText(c.dst)} on ${connectionText(protocol, c.port)}: ${c.egress.sentence} ${c.ingress.sentence} ${c.allowed ? 'Allowed.' : 'Denied.'}`);
  const tail = connections.length === 0
    ? local && all.value.length > 0
      ? `${svc} has internalTrafficPolicy: Local and no ready endpoint on node ${clientNode}, so kube-proxy drops the connection before any policy is consulted.`
      : `${svc} has no ready endpoints, so kube-proxy rejects the connection before any policy is consulted.`
    : verdict === 'partial'
      ? `So ${allowed} of ${connections.length} endpoints accept it: whether a connection works depends on which endpoint kube-proxy picks.`
      : `So the connection is ${verdict}.`;
  return { ok: true, value: { verdict, protocol, connections, summary: `${head} ${tail}`, text: [head, ...parts, tail].join(' ') } };
}

function connection(state: ClusterState, src: PolicyPeer, dst: PolicyPeer, port: number, protocol: FlowProtocol, options: PolicyOptions): ExplainedConnection {
  const egress = checkPolicy(state, src, dst, port, protocol, 'egress', options);
  const ingress = checkPolicy(state, src, dst, port, protocol, 'ingress', options);
  return { dst, port, egress, ingress, allowed: egress.allowed && ingress.allowed };
}

/** The ready endpoints behind a Service port, each with its resolved targetPort (DATAPATH.md §5.8, §5.9). */
export function serviceBackends(state: ClusterState, service: ServiceState, port: number, protocol: FlowProtocol): Result<{ peer: PolicyPeer; port: number; nodeName?: string }[]> {
  if (service.type === 'ExternalName') {
    return { ok: false, error: `Service ${service.id} is an ExternalName for ${service.externalName}: DNS answers with a CNAME and the client connects outside the cluster; explain the outside address instead` };
  }
  if (protocol === 'ICMP') return { ok: false, error: `Service ${service.id} forwards only TCP, UDP and SCTP ports; a ping to a ClusterIP is not answered by the pods (DATAPATH.md §4)` };
  const sp = service.ports.find((p) => p.port === port && p.protocol === protocol);
  if (!sp && !service.headless) {
    const have = service.ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'none';
    return { ok: false, error: `Service ${service.id} has no port ${port}/${protocol} (its ports: ${have})` };
  }
  const out: { peer: PolicyPeer; port: number; nodeName?: string }[] = [];
  for (const slice of service.endpointSlices) {
    // Headless without a matching port: the client dials the pod directly on the port it named.
    const target = sp ? slice.ports.find((p) => p.name === (sp.name ?? '') && p.protocol === protocol)?.port : port;
    if (target === undefined) continue; // this slice's pods do not define the named targetPort: no rule leads there
    for (const e of slice.endpoints) {
      if (!e.ready) continue;
      const pod = e.pod === undefined ? undefined : state.index.podById.get(e.pod);
      const node = pod ? undefined : state.index.nodeByAddress.get(e.ip);
      const peer: PolicyPeer = pod ? { kind: 'pod', pod } : node ? { kind: 'node', node } : { kind: 'external', ip: e.ip };
      out.push({ peer, port: target, ...(e.nodeName !== undefined && { nodeName: e.nodeName }) });
    }
  }
  return { ok: true, value: out };
}

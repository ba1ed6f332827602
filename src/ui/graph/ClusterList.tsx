// The cluster as lists: each node with the pods it runs, then the Services with their ClusterIP,
// ports and endpoints. data-testid values are the e2e tests' handles.
import type { NodeState, PodState, ServiceState } from '../../model/cluster.ts';
import { selectCluster, useSim } from '../../state/store.ts';

export function ClusterList() {
  const cluster = useSim(selectCluster);
  if (!cluster) return <p className="empty">Nothing to show yet: the scenario has not built.</p>;
  const pending = cluster.pods.filter((p) => !p.nodeName);
  return (
    <>
      <h2 className="pane-title">Nodes and pods</h2>
      <div className="nodes">
        {cluster.nodes.map((node) => (
          <NodeCard key={node.name} node={node} pods={cluster.index.podsByNode.get(node.name) ?? []} />
        ))}
        {pending.length > 0 && (
          <article className="node pending" data-testid="node-pending">
            <header><h3>Pending</h3><span className="meta">no node fits these pods</span></header>
            <PodList pods={pending} />
          </article>
        )}
      </div>
      <h2 className="pane-title">Services</h2>
      <ServiceTable services={cluster.services} />
    </>
  );
}

function NodeCard({ node, pods }: { node: NodeState; pods: readonly PodState[] }) {
  return (
    <article className="node" data-testid={`node-${node.name}`}>
      <header>
        <h3>{node.name}</h3>
        <span className="meta">{node.role} · {node.address} · pods {node.podCIDR}</span>
      </header>
      <PodList pods={pods} />
    </article>
  );
}

function PodList({ pods }: { pods: readonly PodState[] }) {
  if (pods.length === 0) return <p className="empty">No pods.</p>;
  const sorted = [...pods].sort((a, b) => Number(a.system) - Number(b.system) || a.id.localeCompare(b.id));
  return (
    <ul className="pods">
      {sorted.map((pod) => (
        <li key={pod.id} className={pod.system ? 'pod system' : 'pod'} data-testid={`pod-${pod.namespace}-${pod.name}`}>
          <span className="name" title={pod.id}>
            <span className="ns">{pod.namespace}/</span>{pod.name}
          </span>
          <span className="ip">{pod.ip ?? '—'}</span>
          {(!pod.ready || pod.phase !== 'Running') && <span className="badge">{pod.phase === 'Running' ? 'not ready' : pod.phase}</span>}
          {pod.hostNetwork && <span className="badge">hostNetwork</span>}
        </li>
      ))}
    </ul>
  );
}

/** `80:30080/TCP`, kubectl's PORT(S) form, and where it goes when the targetPort differs. */
function Ports({ service }: { service: ServiceState }) {
  if (service.ports.length === 0) return <span className="empty">none</span>;
  return (
    <>
      {service.ports.map((p, i) => (
        <div key={i}>
          {p.port}{p.nodePort ? `:${p.nodePort}` : ''}/{p.protocol}
          {p.targetPort !== p.port && <span className="sub"> → {p.targetPort}</span>}
        </div>
      ))}
    </>
  );
}

const endpoints = (s: ServiceState): string[] =>
  s.endpointSlices.flatMap((slice) => slice.endpoints.map((e) => {
    const port = slice.ports.length === 1 ? `:${slice.ports[0]!.port}` : '';
    return `${e.ip}${port}${e.ready ? '' : ' (not ready)'}`;
  }));

function ServiceTable({ services }: { services: readonly ServiceState[] }) {
  const sorted = [...services].sort((a, b) => Number(a.system) - Number(b.system) || a.id.localeCompare(b.id));
  return (
    <table className="services">
      <thead>
        <tr><th>Service</th><th>Type</th><th>ClusterIP</th><th>Ports</th><th>Endpoints</th></tr>
      </thead>
      <tbody>
        {sorted.map((s) => {
          const eps = endpoints(s);
          return (
            <tr key={s.id} className={s.system ? 'system' : undefined} data-testid={`service-${s.namespace}-${s.name}`}>
              <td><span className="ns">{s.namespace}/</span>{s.name}</td>
              <td>{s.type}{s.loadBalancerIPs.length > 0 && <div className="sub">{s.loadBalancerIPs.join(', ')}</div>}</td>
              <td className="ip">{s.headless ? 'None (headless)' : s.clusterIP ?? '—'}</td>
              <td className="ip"><Ports service={s} /></td>
              <td className="ip">{eps.length > 0 ? eps.map((e) => <div key={e}>{e}</div>) : <span className="empty">none</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

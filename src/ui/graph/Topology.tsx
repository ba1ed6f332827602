// The topology pane. For now the cluster as lists; the Cytoscape graph replaces it.
import { ClusterList } from './ClusterList.tsx';

export function Topology() {
  return <div className="topology-list"><ClusterList /></div>;
}

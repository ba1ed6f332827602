// Where outside traffic enters (DATAPATH §5.4): MetalLB layer-2 leader election.
import { describe, expect, it } from 'vitest';
import { loadBalancerLeader } from '../../src/engine/trace-entry.ts';
import { plan, pod, state } from './trace-fixtures.ts';

const lb = (name: string, etp: string, selector: string) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: app}
spec:
  type: LoadBalancer
  externalTrafficPolicy: ${etp}
  selector: ${selector}
  ports: [{port: 80, targetPort: 8080}]
`;
const s = state(plan(pod('solo', 'node-2', '10.244.2.8', '{app: solo}') + lb('cluster', 'Cluster', '{app: web}') + lb('local', 'Local', '{app: solo}')));
const svc = (name: string) => s.index.serviceById.get(`app/${name}`)!;

describe('loadBalancerLeader (MetalLB L2)', () => {
  it('is a worker node, never the control plane (kubeadm exclude-from-external-load-balancers), and is stable', () => {
    const ip = svc('cluster').loadBalancerIPs[0]!;
    const leader = loadBalancerLeader(s, svc('cluster'), ip)!;
    expect(['node-1', 'node-2']).toContain(leader.node.name);
    expect(loadBalancerLeader(s, svc('cluster'), ip)!.node.name).toBe(leader.node.name);
    expect(leader.sentence).toMatch(/answers ARP/);
  });

  it('different addresses spread over the nodes (sha256(node#ip) order)', () => {
    const leaders = new Set(Array.from({ length: 20 }, (_, i) => loadBalancerLeader(s, svc('cluster'), `172.16.0.${200 + i}`)!.node.name));
    expect([...leaders].sort()).toEqual(['node-1', 'node-2']);
  });

  it('externalTrafficPolicy Local: only a node with a ready endpoint announces', () => {
    for (let i = 0; i < 10; i++) expect(loadBalancerLeader(s, svc('local'), `172.16.0.${200 + i}`)!.node.name).toBe('node-2');
  });
});


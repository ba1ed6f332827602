// Where the scenario files live, for Node callers that cannot use Vite's `?raw`
// (the CLI, tests that spawn processes): read them with fs.readFileSync(scenarioUrl(id)).
// No Node imports here, so the browser type-check stays clean.

export const scenarioFiles = {
  example: 'example.yaml',
  'pod-to-pod-flannel': 'pod-to-pod-flannel.yaml',
  'pod-to-pod-calico': 'pod-to-pod-calico.yaml',
  'pod-to-pod-cilium': 'pod-to-pod-cilium.yaml',
  'clusterip-load-balancing': 'clusterip-load-balancing.yaml',
  'headless-statefulset-dns': 'headless-statefulset-dns.yaml',
  'nodeport-traffic-policy': 'nodeport-traffic-policy.yaml',
  loadbalancer: 'loadbalancer.yaml',
  'ingress-host-path': 'ingress-host-path.yaml',
  'default-deny-tiers': 'default-deny-tiers.yaml',
  'namespace-isolation': 'namespace-isolation.yaml',
  'egress-ipblock-except': 'egress-ipblock-except.yaml',
  externalname: 'externalname.yaml',
  'dns-config': 'dns-config.yaml',
  'flannel-no-netpol': 'flannel-no-netpol.yaml',
} as const;

export type ScenarioId = keyof typeof scenarioFiles;

export function scenarioUrl(id: ScenarioId): URL {
  return new URL(scenarioFiles[id], import.meta.url);
}

// A shared state that uses every field, for round trips and the fixtures.
import type { SharedState } from '../../src/share/index.ts';

export const settings = {
  cni: { plugin: 'flannel', mode: 'vxlan', networkPolicy: true },
  proxyMode: 'iptables', podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12', clusterDomain: 'cluster.local',
} as const;

export const full: SharedState = {
  text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web # café ☕\n',
  settings,
  engine: 1,
  flow: {
    kind: 'picked', namespace: 'shop',
    spec: {
      from: 'shop/web', to: 'http://backend:8080/api', port: 8080, protocol: 'TCP', lookupOnly: false,
      http: { method: 'GET', path: '/api', host: 'backend', tls: false },
      resolve: { host: 'backend', port: 8080, address: '10.96.0.20' },
      dns: { server: '10.96.0.10', qtype: 'A', search: true, files: true },
    },
  },
  verdict: 'delivered',
  hop: { step: 3, at: 'iface:node-1/cni0', verdict: 'pass' },
  view: { tab: 'matrix', theme: 'presenter', selection: 'pod:shop/web' },
};

export const minimal: SharedState = { text: '', settings, engine: 1, view: { tab: 'hops', theme: 'light' } };

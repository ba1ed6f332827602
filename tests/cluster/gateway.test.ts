// The Gateway API implementation's objects (src/cluster/gateways.ts): a proxy Deployment and a
// LoadBalancer Service `<gateway>-<gatewayclass>` in the Gateway's namespace (Istio's automated
// deployment; GEP-1762 labels), scheduled, addressed and given endpoints like any other.
import { describe, expect, it } from 'vitest';
import { gatewayAddresses, gatewayService } from '../../src/cluster/gateways.ts';
import { edge, gatewayClass, gatewayState, shop } from '../engine/gateway-fixtures.ts';
import { plan, state } from '../engine/trace-fixtures.ts';

describe('Gateway proxies', () => {
  const s = gatewayState();
  const gw = s.gateways[0]!;

  it('a Deployment and a LoadBalancer Service edge-istio in the Gateway namespace, selected by gateway-name', () => {
    const svc = s.index.serviceById.get('infra/edge-istio')!;
    expect(svc).toMatchObject({ type: 'LoadBalancer', system: true, selector: { 'gateway.networking.k8s.io/gateway-name': 'edge' } });
    expect(s.workloads).toContainEqual(expect.objectContaining({ kind: 'Deployment', namespace: 'infra', name: 'edge-istio', system: true }));
    const pods = s.pods.filter((p) => p.labels['gateway.networking.k8s.io/gateway-name'] === 'edge');
    expect(pods).toHaveLength(1);
    expect(pods[0]).toMatchObject({ namespace: 'infra', phase: 'Running', ready: true, labels: { 'gateway.networking.k8s.io/gateway-class-name': 'istio' } });
    expect(svc.endpointSlices.flatMap((sl) => sl.endpoints.map((e) => e.ip))).toEqual([pods[0]!.ip]);
  });

  it('listeners sharing a port share one Service port; the proxy listens on the listener port', () => {
    const svc = gatewayService(gw, s.services)!;
    expect(svc.ports.map((p) => [p.name, p.port, p.targetPort, p.appProtocol])).toEqual([['http', 80, 80, 'http']]);
  });

  it('Gateway.status.addresses = the Service LB address, and route and listener hostnames resolve to it', () => {
    const [address] = gatewayAddresses(gw, s.services);
    expect(address).toMatch(/^172\.16\.0\.\d+$/);
    expect(s.outside.hosts['shop.example.com']).toBe(address);
    expect(s.outside.hosts['api.example.com']).toBe(address);
  });

  it.each([
    ['spec.addresses IPAddress → the Service asks for that LB address', gatewayClass + edge.replace('gatewayClassName: istio', 'gatewayClassName: istio\n  addresses: [{type: IPAddress, value: 172.16.0.222}]'), ['172.16.0.222']],
    ['no GatewayClass istio → no controller, no proxy, no address', edge + shop, []],
    ['an HTTPS listener on 443 adds a port', gatewayClass + edge.replace('    - {name: api,', '    - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}\n    - {name: api,'), undefined],
  ] as const)('%s', (_, yaml, addresses) => {
    const t = state(plan(yaml));
    const g = t.gateways[0]!;
    if (addresses) expect(gatewayAddresses(g, t.services)).toEqual(addresses);
    else expect(gatewayService(g, t.services)!.ports.map((p) => [p.port, p.appProtocol])).toEqual([[80, 'http'], [443, 'https']]);
  });
});

// A Service: how clients address it (ClusterIP, DNS name, node ports) and the endpoints behind
// it, slice by slice, as the EndpointSlice controller published them.
import type { ClusterState, ServiceState } from '../../model/cluster.ts';
import type { ServicePort } from '../../model/objects.ts';
import { fact, labelChips, sourceRange } from './objectView.ts';
import type { Item, ObjectView } from './objectView.ts';

const portText = (p: ServicePort): string =>
  `${p.name ? `${p.name}: ` : ''}${p.port}/${p.protocol} \u2192 targetPort ${p.targetPort}${p.nodePort !== undefined ? `, nodePort ${p.nodePort}` : ''}`;

export function serviceView(cluster: ClusterState, svc: ServiceState): ObjectView {
  const dns = `${svc.name}.${svc.namespace}.svc.${cluster.settings.clusterDomain}`;
  const range = sourceRange(svc.source);
  const endpoints = svc.endpointSlices.flatMap((s) => s.endpoints);
  return {
    title: `Service ${svc.id}`,
    sentence: svc.type === 'ExternalName'
      ? `An ExternalName: DNS answers ${dns} with a CNAME for ${svc.externalName}; no proxying.`
      : svc.headless
        ? `Headless: no ClusterIP; DNS answers ${dns} with the ready pods' addresses.`
        : `kube-proxy on every node rewrites ${svc.clusterIP} to one of ${endpoints.filter((e) => e.ready).length} ready endpoints (DNAT).`,
    ...(range && { range }),
    sections: [
      {
        title: 'Service',
        facts: [
          ...fact('type', svc.type), ...fact('ClusterIP', svc.headless ? 'None (headless)' : svc.clusterIP), ...fact('DNS name', dns),
          ...fact('externalName', svc.externalName), ...fact('externalIPs', svc.externalIPs.join(', ')),
          ...fact('load balancer', svc.loadBalancerIPs.join(', ')),
          ...fact('externalTrafficPolicy', svc.type === 'NodePort' || svc.type === 'LoadBalancer' ? svc.externalTrafficPolicy : undefined),
          ...fact('internalTrafficPolicy', svc.internalTrafficPolicy === 'Local' ? 'Local' : undefined),
          ...fact('sessionAffinity', svc.sessionAffinity === 'ClientIP' ? `ClientIP (${svc.sessionAffinityTimeoutSeconds}s)` : undefined),
        ],
      },
      { title: 'Ports', items: svc.ports.map((p): Item => ({ text: portText(p), detail: [] })), ...(svc.ports.length === 0 && { note: 'No ports.' }) },
      svc.selector
        ? { title: 'Selector', chips: labelChips(svc.selector) }
        : { title: 'Selector', note: 'No selector: the endpoints are managed by hand (or none exist).' },
      {
        title: 'EndpointSlices',
        items: svc.endpointSlices.map((s): Item => ({
          text: `${s.name} (ports ${s.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}`).join(', ') || 'none'})`,
          detail: s.endpoints.map((e) => `${e.ip} ${e.ready ? 'ready' : 'not ready'}${e.pod ? ` \u00b7 pod ${e.pod}` : ''}${e.nodeName ? ` \u00b7 ${e.nodeName}` : ''}`),
        })),
        ...(endpoints.length === 0 && { note: 'No endpoints: connections to this Service are rejected.' }),
      },
    ],
  };
}

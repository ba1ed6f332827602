import { load as loadYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { cli, EXAMPLE, FIX } from './helpers.ts';

const ENDPOINTS_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

describe('kube-netsim get: golden tables', () => {
  it('get pods -o wide -n shop', async () => {
    expect(await cli(['get', 'pods', '-o', 'wide', '-n', 'shop', '-f', EXAMPLE])).toEqual({ code: 0, stdout: PODS_WIDE, stderr: '' });
  });

  it('get svc -n shop', async () => {
    expect(await cli(['get', 'svc', '-n', 'shop', '-f', EXAMPLE])).toEqual({ code: 0, stdout: SERVICES, stderr: '' });
  });

  it('get endpoints -n shop, with the 1.33 deprecation warning on stderr', async () => {
    expect(await cli(['get', 'endpoints', '-n', 'shop', '-f', EXAMPLE])).toEqual({ code: 0, stdout: ENDPOINTS, stderr: ENDPOINTS_WARNING });
  });

  it('get nodes', async () => {
    expect(await cli(['get', 'nodes', '-f', EXAMPLE])).toEqual({ code: 0, stdout: NODES, stderr: '' });
  });

  it('get netpol -n shop', async () => {
    expect(await cli(['get', 'netpol', '-n', 'shop', '-f', EXAMPLE])).toEqual({ code: 0, stdout: NETPOL, stderr: '' });
  });

  it('get ns', async () => {
    expect(await cli(['get', 'ns', '-f', EXAMPLE])).toEqual({ code: 0, stdout: NAMESPACES, stderr: '' });
  });

  it('get svc on the web fixture: NodePort, ExternalName and the kubernetes Service', async () => {
    expect(await cli(['get', 'svc', '-o', 'wide', '-f', `${FIX}/web.yaml`])).toEqual({ code: 0, stdout: WEB_SERVICES_WIDE, stderr: '' });
  });
});

describe('kube-netsim get: names, aliases and scopes', () => {
  // kubectl api-resources: short names and singular forms name the same resource.
  it.each([
    ['pods', ['po', 'pod', 'PODS']],
    ['services', ['svc', 'service']],
    ['endpoints', ['ep']],
    ['networkpolicies', ['netpol', 'networkpolicy', 'networkpolicies.networking.k8s.io']],
    ['nodes', ['no', 'node']],
    ['namespaces', ['ns', 'namespace']],
    ['endpointslices', ['endpointslice']],
  ])('%s has the same output under every alias', async (resource, aliases) => {
    const expected = await cli(['get', resource, '-n', 'shop', '-f', EXAMPLE]);
    expect(expected.code).toBe(0);
    for (const alias of aliases) expect(await cli(['get', alias, '-n', 'shop', '-f', EXAMPLE])).toEqual(expected);
  });

  it('-A adds a NAMESPACE column and shows the simulated system pods', async () => {
    const r = await cli(['get', 'pods', '-A', '-f', EXAMPLE]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS$/);
    const namespaces = lines.slice(1).map((l) => l.split(/\s+/)[0]);
    expect(namespaces).toEqual([...namespaces].sort());
    expect(new Set(namespaces)).toEqual(new Set(['ingress-nginx', 'kube-system', 'shop']));
    expect(lines.filter((l) => /^kube-system\s+coredns-/.test(l))).toHaveLength(2);
  });

  it('-n kube-system shows CoreDNS and the API server like a kubeadm cluster', async () => {
    const r = await cli(['get', 'pods', '-n', 'kube-system', '-o', 'wide', '-f', EXAMPLE]);
    expect(r.stdout).toMatch(/^coredns-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+10\.244\./m);
    // A hostNetwork static pod has its node's address (DATAPATH.md §9.1).
    expect(r.stdout).toMatch(/^kube-apiserver-control-plane\s+1\/1\s+Running\s+0\s+172\.16\.0\.10\s+control-plane\s/m);
  });

  it('the default namespace holds the kubernetes Service at 10.96.0.1:443', async () => {
    const r = await cli(['get', 'svc', '-f', EXAMPLE]);
    expect(r.stdout).toBe('NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP\n');
  });

  it('an empty result says so on stderr and exits 0', async () => {
    expect(await cli(['get', 'pods', '-f', `${FIX}/dir/a.yaml`])).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    expect(await cli(['get', 'netpol', '-A', '-f', `${FIX}/dir/a.yaml`])).toEqual({ code: 0, stdout: '', stderr: 'No resources found\n' });
  });

  it('get by name lists only that object; an unknown name is NotFound, exit 1', async () => {
    const one = await cli(['get', 'svc', 'backend', 'db', '-n', 'shop', '-f', EXAMPLE]);
    expect(one.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['NAME', 'backend', 'db']);
    expect(await cli(['get', 'svc', 'nope', '-n', 'shop', '-f', EXAMPLE])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n' });
  });

  it('several types at once: one table each, rows named kind[.group]/name (kubectl get pods,svc)', async () => {
    const r = await cli(['get', 'pods,svc,netpol', '-n', 'shop', '-f', EXAMPLE]);
    const tables = r.stdout.split('\n\n');
    expect(tables).toHaveLength(3);
    expect(tables[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\npod\/backend-/);
    expect(tables[1]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\nservice\/backend\s/);
    expect(tables[2]).toMatch(/^NAME\s+POD-SELECTOR\nnetworkpolicy\.networking\.k8s\.io\/allow-backend-to-db\s+app=db\n/);
    // A type named twice is listed once; an empty type is left out, as kubectl does.
    expect(await cli(['get', 'po,pods,svc', '-f', EXAMPLE])).toEqual({
      code: 0, stderr: '',
      stdout: 'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)\nservice/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP\n',
    });
    const json = JSON.parse((await cli(['get', 'pods,svc', '-n', 'shop', '-o', 'json', '-f', EXAMPLE])).stdout) as { items: { kind: string }[] };
    expect(new Set(json.items.map((i) => i.kind))).toEqual(new Set(['Pod', 'Service']));
  });

  it('-o name prints kind[.group]/name, one a line', async () => {
    const r = await cli(['get', 'svc,netpol', '-n', 'shop', '-o', 'name', '-f', EXAMPLE]);
    expect(r).toEqual({
      code: 0, stderr: '',
      stdout: [
        'service/backend', 'service/db', 'service/frontend',
        'networkpolicy.networking.k8s.io/allow-backend-to-db', 'networkpolicy.networking.k8s.io/allow-frontend-to-backend',
        'networkpolicy.networking.k8s.io/allow-ingress-nginx-to-frontend', 'networkpolicy.networking.k8s.io/default-deny-ingress',
      ].join('\n') + '\n',
    });
  });

  it('more than three endpoints end with "+ N more..."', async () => {
    const r = await cli(['get', 'ep', 'web', '-f', `${FIX}/web.yaml`]);
    expect(r.stdout).toMatch(/^web\s+(10\.244\.\d+\.\d+:8080,){2}10\.244\.\d+\.\d+:8080 \+ 2 more\.\.\.$/m);
  });

  it('parse and build errors do not stop get: it shows what it built and says how many errors', async () => {
    const r = await cli(['get', 'svc', '-f', `${FIX}/errors.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^orphan\s+ClusterIP\s/m);
    expect(r.stderr).toBe("note: the manifests have 2 errors; this shows what could be built ('kube-netsim check' lists them).\n");
  });
});

describe('kube-netsim get -o json|yaml', () => {
  interface Obj { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec: Record<string, unknown>; status: Record<string, unknown> }
  interface List { apiVersion: string; kind: string; items: Obj[]; metadata: unknown }

  it('returns a v1 List whose pods carry their simulated status', async () => {
    const r = await cli(['get', 'pods', '-n', 'shop', '-o', 'json', '-f', EXAMPLE]);
    const list = JSON.parse(r.stdout) as List;
    expect(Object.keys(list)).toEqual(['apiVersion', 'items', 'kind', 'metadata']);
    expect([list.apiVersion, list.kind]).toEqual(['v1', 'List']);
    expect(list.items).toHaveLength(6);
    const db = list.items.find((i) => i.metadata.name === 'db-0')!;
    expect(db.status).toMatchObject({ phase: 'Running', podIP: expect.stringMatching(/^10\.244\.[12]\.\d+$/), hostIP: expect.stringMatching(/^172\.16\.0\.1[12]$/) });
    expect(db.status.podIPs).toEqual([{ ip: db.status.podIP }]);
    expect(db.status.conditions).toContainEqual({ type: 'Ready', status: 'True' });
    expect(db.spec).toMatchObject({ hostname: 'db-0', subdomain: 'db', nodeName: expect.stringMatching(/^node-[12]$/) });
    // kubectl -o json indents by four spaces.
    expect(r.stdout.split('\n')[1]).toBe('    "apiVersion": "v1",');
  });

  it('Services carry clusterIP(s), nodePorts and status.loadBalancer', async () => {
    const r = await cli(['get', 'svc', '-n', 'shop', '-o', 'json', '-f', EXAMPLE]);
    const byName = new Map((JSON.parse(r.stdout) as List).items.map((i) => [i.metadata.name, i]));
    const frontend = byName.get('frontend')!;
    expect(frontend.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'] });
    expect((frontend.spec.ports as { nodePort: number }[])[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(frontend.spec.clusterIPs).toEqual([frontend.spec.clusterIP]);
    expect(frontend.status).toEqual({ loadBalancer: { ingress: [{ ip: expect.stringMatching(/^172\.16\.0\.2\d\d$/), ipMode: 'VIP' }] } });
    expect(byName.get('db')!.spec.clusterIP).toBe('None');
    expect(byName.get('backend')!.status).toEqual({ loadBalancer: {} });
  });

  it('-o yaml is shaped like kubectl\'s: sorted keys, dashes at the parent\'s indentation, double quotes (golden)', async () => {
    expect(await cli(['get', 'pod', 'db-0', '-n', 'shop', '-o', 'yaml', '-f', EXAMPLE])).toEqual({ code: 0, stdout: DB0_YAML, stderr: '' });
  });

  it('-o yaml is the same List as -o json', async () => {
    const json = await cli(['get', 'netpol', '-n', 'shop', '-o', 'json', '-f', EXAMPLE]);
    const yaml = await cli(['get', 'netpol', '-n', 'shop', '-o', 'yaml', '-f', EXAMPLE]);
    expect(yaml.stdout.startsWith('apiVersion: v1\nitems:\n')).toBe(true);
    expect(loadYaml(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it('keeps an empty podSelector: it selects every pod (NETPOL.md 3)', async () => {
    const r = await cli(['get', 'netpol', 'default-deny-ingress', '-n', 'shop', '-o', 'json', '-f', EXAMPLE]);
    // One object by name comes back bare, not in a List.
    expect(JSON.parse(r.stdout)).toEqual({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-ingress', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
  });

  it('endpoints and endpointslices name their pods', async () => {
    const ep = JSON.parse((await cli(['get', 'ep', 'backend', '-n', 'shop', '-o', 'json', '-f', EXAMPLE])).stdout) as { subsets: { addresses: { targetRef: { name: string } }[]; ports: unknown[] }[] };
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets[0]!.addresses).toHaveLength(3);
    expect(ep.subsets[0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const slices = loadYaml((await cli(['get', 'endpointslices', '-n', 'shop', '-o', 'yaml', '-f', EXAMPLE])).stdout) as List;
    const backend = slices.items.filter((i) => (i.metadata as { labels?: Record<string, string> }).labels?.['kubernetes.io/service-name'] === 'backend');
    expect(backend).toHaveLength(1);
    expect(backend[0]).toMatchObject({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4' });
  });
});

// Golden outputs. Names, ClusterIPs and nodePorts are the simulator's deterministic stand-ins for
// what a real cluster picks at random; pod IPs follow flannel's host-local IPAM (.1 is cni0, pods
// from .2 per node, DATAPATH.md §0.1). Columns are kubectl's, without AGE.
const PODS_WIDE = [
  'NAME                        READY   STATUS    RESTARTS   IP           NODE     NOMINATED NODE   READINESS GATES',
  'backend-7bcbb966bf-8qn48    1/1     Running   0          10.244.1.4   node-1   <none>           <none>',
  'backend-7bcbb966bf-gn95x    1/1     Running   0          10.244.2.3   node-2   <none>           <none>',
  'backend-7bcbb966bf-hp78m    1/1     Running   0          10.244.1.3   node-1   <none>           <none>',
  'db-0                        1/1     Running   0          10.244.2.4   node-2   <none>           <none>',
  'frontend-556895f976-7nwp4   1/1     Running   0          10.244.1.2   node-1   <none>           <none>',
  'frontend-556895f976-lxk7j   1/1     Running   0          10.244.2.2   node-2   <none>           <none>',
].join('\n') + '\n';
const SERVICES = [
  'NAME       TYPE           CLUSTER-IP      EXTERNAL-IP    PORT(S)',
  'backend    ClusterIP      10.106.30.174   <none>         8080/TCP',
  'db         ClusterIP      None            <none>         5432/TCP',
  'frontend   LoadBalancer   10.104.14.153   172.16.0.200   80:32639/TCP',
].join('\n') + '\n';
const ENDPOINTS = [
  'NAME       ENDPOINTS',
  'backend    10.244.1.3:8080,10.244.1.4:8080,10.244.2.3:8080',
  'db         10.244.2.4:5432',
  'frontend   10.244.1.2:80,10.244.2.2:80',
].join('\n') + '\n';
const NODES = [
  'NAME            STATUS   ROLES           VERSION',
  'control-plane   Ready    control-plane   v1.33.0',
  'node-1          Ready    <none>          v1.33.0',
  'node-2          Ready    <none>          v1.33.0',
].join('\n') + '\n';
const NETPOL = [
  'NAME                              POD-SELECTOR',
  'allow-backend-to-db               app=db',
  'allow-frontend-to-backend         app=backend',
  'allow-ingress-nginx-to-frontend   app=frontend',
  'default-deny-ingress              <none>',
].join('\n') + '\n';
const NAMESPACES = [
  'NAME              STATUS',
  'default           Active',
  'ingress-nginx     Active',
  'kube-node-lease   Active',
  'kube-public       Active',
  'kube-system       Active',
  'shop              Active',
].join('\n') + '\n';
const WEB_SERVICES_WIDE = [
  'NAME         TYPE           CLUSTER-IP       EXTERNAL-IP          PORT(S)        SELECTOR',
  'kubernetes   ClusterIP      10.96.0.1        <none>               443/TCP        <none>',
  'search       ExternalName   <none>           search.example.com   <none>         <none>',
  'web          NodePort       10.109.193.162   <none>               80:30080/TCP   app=web',
].join('\n') + '\n';
const DB0_YAML = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  labels:',
  '    app: db',
  '    apps.kubernetes.io/pod-index: "0"',
  '    statefulset.kubernetes.io/pod-name: db-0',
  '  name: db-0',
  '  namespace: shop',
  '  ownerReferences:',
  '  - apiVersion: apps/v1',
  '    blockOwnerDeletion: true',
  '    controller: true',
  '    kind: StatefulSet',
  '    name: db',
  'spec:',
  '  containers:',
  '  - image: postgres:16',
  '    name: postgres',
  '    ports:',
  '    - containerPort: 5432',
  '      name: postgres',
  '      protocol: TCP',
  '  hostname: db-0',
  '  nodeName: node-2',
  '  subdomain: db',
  'status:',
  '  conditions:',
  '  - status: "True"',
  '    type: PodReadyToStartContainers',
  '  - status: "True"',
  '    type: Initialized',
  '  - status: "True"',
  '    type: Ready',
  '  - status: "True"',
  '    type: ContainersReady',
  '  - status: "True"',
  '    type: PodScheduled',
  '  hostIP: 172.16.0.12',
  '  hostIPs:',
  '  - ip: 172.16.0.12',
  '  phase: Running',
  '  podIP: 10.244.2.4',
  '  podIPs:',
  '  - ip: 10.244.2.4',
].join('\n') + '\n';

// Golden connectivity lists in np-guard netpol-analyzer's format (NETPOL.md "Output format";
// np-guard docs/connlist_output.md: `src => dst : conns`, `ns/name[Kind]`, `a-b[External]`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatConnlist, reach } from '../../src/engine/index.ts';
import type { ReachOptions } from '../../src/engine/index.ts';
import { cluster, netpol } from './policy-fixture.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/netpol/${name}`, import.meta.url), 'utf8');
const SHOP = fixture('shop.yaml');

describe('golden connlists of the shop scenario', () => {
  it.each([
    { name: 'default: ipBlocks match pods, system pods included', file: 'shop.connlist.txt', options: {} as ReachOptions },
    { name: "np-guard's view: ipBlocks external-only, no simulated system pods", file: 'shop.npguard.connlist.txt', options: { ipBlockMatchesPods: false, includeSystem: false } as ReachOptions },
  ])('$name', ({ file, options }) => {
    expect(formatConnlist(reach(cluster(SHOP), options))).toBe(fixture(file));
  });
});

describe('format conventions', () => {
  const base = `apiVersion: v1\nkind: Pod\nmetadata: {name: solo, namespace: default, labels: {app: solo}}\nspec: {containers: [{name: c, image: nginx}]}\n`
    + `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
  const lines = (yaml: string, options: ReachOptions = { includeSystem: false }): string[] => formatConnlist(reach(cluster(yaml), options)).trimEnd().split('\n');

  it.each([
    {
      name: 'bare pods are ns/name[Pod], workloads ns/name[Deployment], no self lines, sorted',
      yaml: base,
      want: [
        '0.0.0.0-255.255.255.255[External] => default/solo[Pod] : All Connections',
        '0.0.0.0-255.255.255.255[External] => default/web[Deployment] : All Connections',
        'default/solo[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'default/solo[Pod] => default/web[Deployment] : All Connections',
        'default/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'default/web[Deployment] => default/solo[Pod] : All Connections',
      ],
    },
    {
      name: 'port ranges and protocols in alphabetical order (SCTP, TCP, UDP)',
      yaml: base + netpol('default', 'web', 'podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{podSelector: {}}]\n  ports: [{port: 53, protocol: UDP}, {port: 8000, endPort: 9000}, {port: 80}, {port: 7, protocol: SCTP}]'),
      want: [
        '0.0.0.0-255.255.255.255[External] => default/solo[Pod] : All Connections',
        'default/solo[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'default/solo[Pod] => default/web[Deployment] : SCTP 7,TCP 80,8000-9000,UDP 53',
        'default/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'default/web[Deployment] => default/solo[Pod] : All Connections',
      ],
    },
    {
      name: 'outside ranges split at cidr and except, equal neighbours joined, isolated pairs left out',
      yaml: base + netpol('default', 'solo', 'podSelector: {matchLabels: {app: solo}}\npolicyTypes: [Ingress, Egress]\negress:\n- to: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]\n  ports: [{port: 443}]'),
      want: [
        '0.0.0.0-255.255.255.255[External] => default/web[Deployment] : All Connections',
        'default/solo[Pod] => 203.0.113.0-203.0.113.127[External] : TCP 443',
        'default/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
      ],
    },
  ])('$name', ({ yaml, want }) => {
    expect(lines(yaml)).toEqual(want);
  });
});

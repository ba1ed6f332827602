// Who answers when a packet arrives: declared container ports, the no-ports assumption, nodes, the outside world.
import { describe, expect, it } from 'vitest';
import { nodeListener, outsideListener, podListener } from '../../src/engine/trace-listen.ts';
import { plan, pod, state } from './trace-fixtures.ts';

const s = state(plan(pod('udp', 'node-2', '10.244.2.8', '{app: udp}', '[{name: dns, containerPort: 53, protocol: UDP}]')));
const p = (name: string) => s.index.podById.get(`app/${name}`)!;

describe('podListener', () => {
  it.each([
    ['web-a', 8080, 'TCP', true],
    ['web-a', 9090, 'TCP', false],
    ['web-a', 8080, 'UDP', false], // a port is a number and a protocol
    ['udp', 53, 'UDP', true],
    ['udp', 53, 'TCP', false],
    ['client', 1234, 'TCP', true], // no ports declared: assumed to listen
    ['web-a', undefined, 'ICMP', true], // the kernel answers echo requests
  ] as const)('%s %s/%s → listens: %s', (name, port, protocol, listens) => {
    expect(podListener(p(name), port, protocol) !== undefined).toBe(listens);
  });

  it('the assumption is said out loud, and a declared port names its container and YAML', () => {
    expect(podListener(p('client'), 1234, 'TCP')).toMatchObject({ assumed: true, what: expect.stringMatching(/declares no container ports/) });
    const l = podListener(p('udp'), 53, 'UDP');
    expect(l).toMatchObject({ container: 'main', assumed: false });
    expect(l && l.kind === 'pod' && l.because[0]!.range?.startLine).toBeGreaterThan(0);
  });
});

describe('nodeListener and outsideListener', () => {
  it.each([
    ['control-plane', 6443, true], // the API server, endpoint of the kubernetes Service
    ['node-1', 10250, true], // the kubelet
    ['node-1', 6443, false],
    ['node-1', 22, false],
  ] as const)('%s TCP %s → listens: %s', (node, port, listens) => {
    expect(nodeListener(s, s.index.nodeByName.get(node)!, port, 'TCP') !== undefined).toBe(listens);
  });

  it.each([
    ['203.0.113.10', 80, 'TCP', true], // example.com
    ['203.0.113.10', 22, 'TCP', false],
    ['198.51.100.53', 53, 'UDP', true], // the upstream resolver
    ['203.0.113.99', 80, 'TCP', false], // no such host
  ] as const)('%s %s/%s → listens: %s', (ip, port, protocol, listens) => {
    expect(outsideListener(s, ip, port, protocol) !== undefined).toBe(listens);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/engine/flow.ts';
import { reverseName } from '../../src/engine/lookups.ts';
import type { FlowSpec } from '../../src/engine/types.ts';

type Spec = Omit<FlowSpec, 'from'>;

// nslookup/host/getent apply resolv.conf's search list; dig does not (dig(1) +[no]search);
// an address is a PTR lookup of its in-addr.arpa name; -vc, -T and +tcp use TCP.
const lookupCases: readonly (readonly [string, string, Spec])[] = [
  ['nslookup NAME', 'nslookup db', { to: 'db', port: 53, protocol: 'UDP', lookupOnly: true }],
  ['nslookup NAME SERVER', 'nslookup backend.shop 10.96.0.10', { to: 'backend.shop', port: 53, protocol: 'UDP', lookupOnly: true, dns: { server: '10.96.0.10' } }],
  ['nslookup -type=SRV', 'nslookup -type=SRV _http._tcp.backend.shop', { to: '_http._tcp.backend.shop', port: 53, protocol: 'UDP', lookupOnly: true, dns: { qtype: 'SRV' } }],
  ['nslookup -vc uses TCP', 'nslookup -vc db', { to: 'db', port: 53, protocol: 'TCP', lookupOnly: true }],
  ['nslookup of an address is a PTR lookup', 'nslookup 10.96.0.10', { to: '10.0.96.10.in-addr.arpa', port: 53, protocol: 'UDP', lookupOnly: true, dns: { qtype: 'PTR', search: false } }],
  ['dig does not search', 'dig backend', { to: 'backend', port: 53, protocol: 'UDP', lookupOnly: true, dns: { search: false } }],
  ['dig +search does', 'dig +search +short backend', { to: 'backend', port: 53, protocol: 'UDP', lookupOnly: true }],
  ['dig @SERVER NAME TYPE', 'dig @10.96.0.10 backend.shop.svc.cluster.local SRV', { to: 'backend.shop.svc.cluster.local', port: 53, protocol: 'UDP', lookupOnly: true, dns: { server: '10.96.0.10', qtype: 'SRV', search: false } }],
  ['dig -t TYPE NAME IN', 'dig -t txt dns-version.cluster.local IN', { to: 'dns-version.cluster.local', port: 53, protocol: 'UDP', lookupOnly: true, dns: { qtype: 'TXT', search: false } }],
  ['dig TYPE before the name', 'dig SRV _http._tcp.backend.shop.svc.cluster.local', { to: '_http._tcp.backend.shop.svc.cluster.local', port: 53, protocol: 'UDP', lookupOnly: true, dns: { qtype: 'SRV', search: false } }],
  ['dig -x', 'dig -x 10.244.2.7', { to: '7.2.244.10.in-addr.arpa', port: 53, protocol: 'UDP', lookupOnly: true, dns: { qtype: 'PTR', search: false } }],
  ['dig +tcp', 'dig +tcp db.shop.svc.cluster.local.', { to: 'db.shop.svc.cluster.local.', port: 53, protocol: 'TCP', lookupOnly: true, dns: { search: false } }],
  ['host NAME', 'host backend', { to: 'backend', port: 53, protocol: 'UDP', lookupOnly: true }],
  ['host -t SRV -T', 'host -T -t SRV _http._tcp.backend.shop', { to: '_http._tcp.backend.shop', port: 53, protocol: 'TCP', lookupOnly: true, dns: { qtype: 'SRV' } }],
  ['getent hosts', 'getent hosts backend', { to: 'backend', port: 53, protocol: 'UDP', lookupOnly: true, dns: { files: true } }],
  ['getent ahostsv4', 'getent ahostsv4 example.com', { to: 'example.com', port: 53, protocol: 'UDP', lookupOnly: true, dns: { files: true } }],
];

describe('nslookup, dig, host and getent', () => {
  it.each(lookupCases)('%s: %s', (_name, text, spec) => {
    expect(parseCommand(text)).toEqual({ ok: true, value: { spec } });
  });
});

// RFC 1035 §3.5: the octets reversed under in-addr.arpa.
describe('reverseName', () => {
  it.each([['10.96.0.10', '10.0.96.10.in-addr.arpa'], ['203.0.113.7', '7.113.0.203.in-addr.arpa']])('%s → %s', (ip, name) => {
    expect(reverseName(ip)).toBe(name);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/engine/flow.ts';
import type { FlowSpec } from '../../src/engine/types.ts';

type Spec = Omit<FlowSpec, 'from'>;
const http = (to: string, port: number, path: string, host: string, extra: Partial<NonNullable<FlowSpec['http']>> = {}): Spec =>
  ({ to, port, protocol: 'TCP', http: { method: 'GET', path, host, tls: to.startsWith('https:'), ...extra } });


// curl(1): the URL's scheme defaults to http, its port to the scheme's (80/443), its path to `/`;
// -X sets the method, -I asks HEAD, -d POSTs, -H 'Host: x' replaces the Host header, https → TLS.
const curlCases: readonly (readonly [string, string, Spec])[] = [
  ['a URL with port and path', 'curl http://backend:8080/api', http('http://backend:8080/api', 8080, '/api', 'backend:8080')],
  ['no scheme: http', 'curl backend:8080/api', http('http://backend:8080/api', 8080, '/api', 'backend:8080')],
  ['no port: 80', 'curl http://frontend', http('http://frontend/', 80, '/', 'frontend')],
  ['https: 443 and TLS', 'curl https://shop.example.com/', http('https://shop.example.com/', 443, '/', 'shop.example.com')],
  ['https on another port', 'curl https://web:8443/x', http('https://web:8443/x', 8443, '/x', 'web:8443')],
  ['a ClusterIP', 'curl -s http://10.96.0.20/', http('http://10.96.0.20/', 80, '/', '10.96.0.20')],
  ['printing options change nothing', 'curl -sSv -k -o /dev/null -w "%{http_code}" --connect-timeout 2 -m 5 -L -f http://web/', http('http://web/', 80, '/', 'web')],
  ['short options cluster (getopt)', 'curl -fsSL http://web/', http('http://web/', 80, '/', 'web')],
  ['a clustered option takes the rest of the word as its value', 'curl -so/dev/null http://web/', http('http://web/', 80, '/', 'web')],
  ['-I asks HEAD', 'curl -I http://web/', http('http://web/', 80, '/', 'web', { method: 'HEAD' })],
  ['-X sets the method', 'curl -X DELETE http://web/items/1', http('http://web/items/1', 80, '/items/1', 'web', { method: 'DELETE' })],
  ['-X attached', 'curl -XPUT http://web/', http('http://web/', 80, '/', 'web', { method: 'PUT' })],
  ['--request', 'curl --request PATCH http://web/', http('http://web/', 80, '/', 'web', { method: 'PATCH' })],
  ['-d sends POST', `curl -d '{"a":1}' http://web/api`, http('http://web/api', 80, '/api', 'web', { method: 'POST' })],
  ['-X wins over -I', 'curl -I -X GET http://web/', http('http://web/', 80, '/', 'web')],
  ['-H Host overrides the Host header', `curl -H 'Host: shop.example.com' http://172.16.0.200/`, http('http://172.16.0.200/', 80, '/', 'shop.example.com')],
  ['header names are case-insensitive', 'curl -H "host:shop.example.com" http://172.16.0.200/', http('http://172.16.0.200/', 80, '/', 'shop.example.com')],
  ['other headers do not move the request; they ride along for HTTPRoute header matches', `curl -H 'Accept: */*' http://web/`, http('http://web/', 80, '/', 'web', { headers: { Accept: '*/*' } })],
  ['options after the URL', 'curl http://web/ -s -I', http('http://web/', 80, '/', 'web', { method: 'HEAD' })],
  ['--url', 'curl --url http://web:8080/', http('http://web:8080/', 8080, '/', 'web:8080')],
  ['the query stays in the URL, not the path', `curl 'http://web/search?q=a&n=2'`, http('http://web/search?q=a&n=2', 80, '/search', 'web')],
  ['a full path to curl', '/usr/bin/curl http://web/', http('http://web/', 80, '/', 'web')],
  ['redirections are ignored', 'curl -s http://web/ > /dev/null 2>&1', http('http://web/', 80, '/', 'web')],
  ['--resolve pins the name to an address', 'curl --resolve shop.example.com:443:172.16.0.200 https://shop.example.com/',
    { ...http('https://shop.example.com/', 443, '/', 'shop.example.com'), resolve: { host: 'shop.example.com', port: 443, address: '172.16.0.200' } }],
  // curl(1) telnet://: a TCP connection and nothing else; telnet's port 23 when none is given.
  ['curl telnet:// tests a TCP port', 'curl -v telnet://db:5432', { to: 'db', port: 5432, protocol: 'TCP' }],
  ['curl telnet:// without a port', 'curl telnet://10.244.2.4', { to: '10.244.2.4', port: 23, protocol: 'TCP' }],
  // wget(1): GET, `-qO-` prints the body; no scheme → http.
  ['wget -qO-', 'wget -qO- http://backend:8080/healthz', http('http://backend:8080/healthz', 8080, '/healthz', 'backend:8080')],
  ['wget -q -O -', 'wget -q -O - backend:8080', http('http://backend:8080/', 8080, '/', 'backend:8080')],
  ['wget --timeout=N (GNU long options take =)', 'wget --timeout=2 -qO- http://web/', http('http://web/', 80, '/', 'web')],
  ['wget --header Host', `wget --header='Host: shop.example.com' -qO- http://172.16.0.200/`, http('http://172.16.0.200/', 80, '/', 'shop.example.com')],
  ['busybox wget', 'busybox wget -qO- http://web/', http('http://web/', 80, '/', 'web')],
];

// nc(1) (netcat-openbsd): HOST PORT, -u for UDP, -z to only connect; ncat --sctp; telnet(1) HOST [PORT=23];
// ping(8): ICMP echo, no port.
const connectCases: readonly (readonly [string, string, Spec])[] = [
  ['nc -z', 'nc -z db 5432', { to: 'db', port: 5432, protocol: 'TCP' }],
  ['nc -zv', 'nc -zv db 5432', { to: 'db', port: 5432, protocol: 'TCP' }],
  ['nc -vz -w 2', 'nc -vz -w 2 10.244.2.7 8080', { to: '10.244.2.7', port: 8080, protocol: 'TCP' }],
  ['nc -u is UDP', 'nc -u 10.96.0.10 53', { to: '10.96.0.10', port: 53, protocol: 'UDP' }],
  ['nc -zvu', 'nc -zvu kube-dns.kube-system 53', { to: 'kube-dns.kube-system', port: 53, protocol: 'UDP' }],
  ['nc -n with an address', 'nc -nzv 10.244.2.7 8080', { to: '10.244.2.7', port: 8080, protocol: 'TCP' }],
  ['netcat', 'netcat -z db 5432', { to: 'db', port: 5432, protocol: 'TCP' }],
  ['ncat --sctp', 'ncat --sctp web 9999', { to: 'web', port: 9999, protocol: 'SCTP' }],
  ['ncat --udp', 'ncat --udp web 53', { to: 'web', port: 53, protocol: 'UDP' }],
  ['telnet HOST PORT', 'telnet db 5432', { to: 'db', port: 5432, protocol: 'TCP' }],
  ['telnet without a port uses 23', 'telnet 10.244.2.7', { to: '10.244.2.7', port: 23, protocol: 'TCP' }],
  ['ping', 'ping 10.244.2.7', { to: '10.244.2.7', protocol: 'ICMP' }],
  ['ping -c N', 'ping -c 3 backend', { to: 'backend', protocol: 'ICMP' }],
  ['ping -c1 -W 1', 'ping -c1 -W 1 10.96.0.10', { to: '10.96.0.10', protocol: 'ICMP' }],
];

describe('curl, wget, nc, telnet and ping as their manuals read them', () => {
  it.each([...curlCases, ...connectCases])('%s: %s', (_name, text, spec) => {
    expect(parseCommand(text)).toEqual({ ok: true, value: { spec } });
  });
});

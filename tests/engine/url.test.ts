import { describe, expect, it } from 'vitest';
import { checkHost, checkPort, formatUrl, hostHeader, parseUrl } from '../../src/engine/url.ts';

// RFC 3986 §3: scheme://[userinfo@]host[:port][/path][?query][#fragment].
describe('parseUrl', () => {
  it.each([
    ['a full URL', 'http://backend:8080/api/items', { scheme: 'http', host: 'backend', port: 8080, path: '/api/items', query: '' }],
    // curl(1) and wget(1): no scheme → http; no path → `/`.
    ['no scheme means http', 'backend:8080', { scheme: 'http', host: 'backend', port: 8080, path: '/', query: '' }],
    ['https', 'https://shop.example.com/', { scheme: 'https', host: 'shop.example.com', path: '/', query: '' }],
    ['the scheme is case-insensitive (RFC 3986 §3.1)', 'HTTP://web/', { scheme: 'http', host: 'web', path: '/', query: '' }],
    ['a query is kept apart from the path', 'http://web/search?q=a', { scheme: 'http', host: 'web', path: '/search', query: '?q=a' }],
    ['a query right after the host', 'http://web?q=a', { scheme: 'http', host: 'web', path: '/', query: '?q=a' }],
    ['the fragment is never sent (§3.5)', 'http://web/a#top', { scheme: 'http', host: 'web', path: '/a', query: '' }],
    ['userinfo is not where the packet goes', 'http://user:secret@web:8080/', { scheme: 'http', host: 'web', port: 8080, path: '/', query: '' }],
    ['an IPv4 address', 'http://10.96.0.20:80/', { scheme: 'http', host: '10.96.0.20', port: 80, path: '/', query: '' }],
    ['an absolute name keeps its final dot', 'http://web.shop.svc.cluster.local./', { scheme: 'http', host: 'web.shop.svc.cluster.local.', path: '/', query: '' }],
  ])('%s', (_name, text, url) => {
    expect(parseUrl(text)).toEqual({ ok: true, value: url });
  });

  it.each([
    ['another scheme', 'ftp://files/', 'ftp:// is not simulated'],
    ['no host', 'http:///x', 'has no host'],
    ['port 0', 'http://web:0/', 'is not a port in "http://web:0/"'],
    ['port 65536', 'http://web:65536/', 'write a number from 1 to 65535'],
    ['IPv6', 'http://[fd00::1]:80/', 'IPv4 only'],
    ['a bad address', 'http://10.0.0.256/', 'is not an IPv4 address'],
    ['a space', 'http://web/a b', 'has a space'],
  ])('rejects %s', (_name, text, error) => {
    const r = parseUrl(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });

  it('formats back what it parsed', () => {
    const r = parseUrl('https://shop.example.com:8443/a?b=1');
    expect(r.ok && formatUrl(r.value)).toBe('https://shop.example.com:8443/a?b=1');
  });
});

// curl and wget send `Host: host[:port]`, leaving out the scheme's default port (RFC 9110 §7.2).
describe('hostHeader', () => {
  it.each([
    ['http://web/', 'web'],
    ['http://web:80/', 'web'],
    ['http://web:8080/', 'web:8080'],
    ['https://shop.example.com/', 'shop.example.com'],
    ['https://shop.example.com:80/', 'shop.example.com:80'],
    ['http://10.96.0.20:8080/', '10.96.0.20:8080'],
  ])('%s → Host: %s', (text, host) => {
    const r = parseUrl(text);
    expect(r.ok && hostHeader(r.value)).toBe(host);
  });
});

describe('checkHost and checkPort', () => {
  it.each(['backend', 'backend.shop', 'db-0.db.shop.svc.cluster.local', '_http._tcp.backend.shop', 'example.com.', '10.244.2.7'])('%s is a host', (h) => {
    expect(checkHost(h)).toEqual({ ok: true, value: h });
  });
  it.each([
    ['10.244.2', 'is not an IPv4 address'],
    ['web..shop', 'is not a host name'],
    ['-web', 'is not a host name'],
    ['web.123', 'neither an IPv4 address nor a host name'],
    ['fd00::1', 'IPv4 only'],
  ])('%s is not', (h, error) => {
    const r = checkHost(h);
    expect(!r.ok && r.error).toContain(error);
  });
  it.each([['1', 1], ['65535', 65535]])('port %s', (p, n) => expect(checkPort(p)).toEqual({ ok: true, value: n }));
  it.each(['0', '65536', 'http', '-1', '80.5', ''])('%s is not a port', (p) => expect(checkPort(p).ok).toBe(false));
});

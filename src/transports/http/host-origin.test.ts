import { describe, expect, it } from 'vitest';
import { normalizeOrigin, parseHost } from '../../config/hosts.js';
import { HostAllowlist, OriginPolicy, ownHosts, ownOrigins } from './host-origin.js';

describe('Host allowlist', () => {
  const l = new HostAllowlist(['localhost', '127.0.0.1', '[::1]', 'mcp.example.com:8443']);
  it('accepts listed hosts on any port, or exactly host:port', () => {
    expect(l.allows('localhost:8080')).toBe(true);
    expect(l.allows('LOCALHOST')).toBe(true);
    expect(l.allows('127.0.0.1:1')).toBe(true);
    expect(l.allows('[::1]:8080')).toBe(true);
    expect(l.allows('mcp.example.com:8443')).toBe(true);
    expect(l.allows('mcp.example.com')).toBe(false);
    expect(l.allows('mcp.example.com:443')).toBe(false);
  });
  it('refuses other, missing and malformed hosts', () => {
    for (const h of [
      undefined,
      '',
      'evil.example',
      'localhost.evil.example',
      'localhost:99999',
      'local host',
      'a@localhost',
      '127.0.0.1:80/x',
    ])
      expect(l.allows(h), String(h)).toBe(false);
    expect(parseHost('[::1]:80')).toEqual({ hostname: '[::1]', port: '80' });
  });
});

describe('Origin policy', () => {
  it('lets requests without Origin through, and same-origin browsers only by default', () => {
    const p = new OriginPolicy(undefined, 'http', []);
    expect(p.allows(undefined, 'localhost:8080')).toBe(true);
    expect(p.allows('http://localhost:8080', 'localhost:8080')).toBe(true);
    expect(p.allows('http://localhost:3000', 'localhost:8080')).toBe(false);
    expect(p.allows('https://localhost:8080', 'localhost:8080')).toBe(false);
    expect(p.allows('https://evil.example', 'localhost:8080')).toBe(false);
    expect(p.allows('null', 'localhost:8080')).toBe(false);
    expect(p.allows('garbage', 'localhost:8080')).toBe(false);
  });
  it('accepts configured origins and the public URL origin', () => {
    const p = new OriginPolicy(['https://app.example.com'], 'http', ['https://mcp.example.com']);
    expect(p.allows('https://app.example.com', 'x')).toBe(true);
    expect(p.allows('https://mcp.example.com', '10.0.0.1:8080')).toBe(true);
    expect(p.allows('https://app.example.com:444', 'x')).toBe(false);
    expect(p.allows('http://app.example.com', 'x')).toBe(false);
  });
  it('normalizes configured origins and refuses paths', () => {
    expect(normalizeOrigin('https://App.Example.com/')).toBe('https://app.example.com');
    expect(normalizeOrigin('https://app.example.com/x')).toBeUndefined();
    expect(normalizeOrigin('file:///x')).toBeUndefined();
  });
});

describe('the default Host allowlist, once the port is known', () => {
  it('accepts the bind address and localhost names on the listening port only', () => {
    const l = new HostAllowlist(ownHosts(['127.0.0.1', 'localhost', '[::1]'], 8080, 'http'), {
      portless: 'exact',
    });
    for (const h of ['127.0.0.1:8080', 'LOCALHOST:8080', '[::1]:8080']) expect(l.allows(h), h).toBe(true);
    for (const h of ['localhost:8081', '127.0.0.1:1', 'localhost', '127.0.0.1', '', undefined])
      expect(l.allows(h), String(h)).toBe(false);
  });
  it('a name without port means the default port of the scheme', () => {
    const l = new HostAllowlist(ownHosts(['localhost'], 80, 'http'), { portless: 'exact' });
    expect(l.allows('localhost')).toBe(true);
    expect(l.allows('localhost:80')).toBe(true);
    expect(l.allows('localhost:443')).toBe(false);
  });
  it('accepts the public URL’s host as clients write it, with or without its default port', () => {
    const hosts = ownHosts(['127.0.0.1', 'mcp.example.com'], 8080, 'http', 'https://mcp.example.com/mcp');
    const l = new HostAllowlist(hosts, { portless: 'exact' });
    expect(l.allows('mcp.example.com')).toBe(true);
    expect(l.allows('mcp.example.com:443')).toBe(true);
    expect(l.allows('mcp.example.com:8080')).toBe(true); // reached directly, on the listening port
    expect(l.allows('mcp.example.com:444')).toBe(false);
    const other = ownHosts(['mcp.example.com:8443'], 8080, 'http', 'https://mcp.example.com:8443/mcp');
    expect(new HostAllowlist(other, { portless: 'exact' }).allows('mcp.example.com')).toBe(false);
  });
});

describe('own origins', () => {
  it('are the allowed hosts on their ports, whichever of them the request names in Host', () => {
    const hosts = ownHosts(['127.0.0.1', 'localhost', '[::1]'], 8080, 'http');
    const p = new OriginPolicy(undefined, 'http', ownOrigins(hosts, 'http', 8080));
    expect(p.allows('http://localhost:8080', '127.0.0.1:8080')).toBe(true);
    expect(p.allows('http://[::1]:8080', 'localhost:8080')).toBe(true);
    expect(p.allows('http://localhost:5173', '127.0.0.1:8080')).toBe(false);
    expect(p.allows('https://localhost:8080', '127.0.0.1:8080')).toBe(false);
  });
  it('a configured host without port is ours on the listening port only', () => {
    expect(ownOrigins(['mcp.example.com', 'b.example.com:9000'], 'https', 8443)).toEqual([
      'https://mcp.example.com:8443',
      'https://b.example.com:9000',
    ]);
    expect(ownOrigins(['mcp.example.com'], 'https', 443)).toEqual(['https://mcp.example.com']);
  });
});

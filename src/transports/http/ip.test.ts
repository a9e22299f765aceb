import { describe, expect, it } from 'vitest';
import { normalizeIp, parseCidr } from '../../config/ip.js';
import { addressKey, clientIp, IpList } from './ip.js';

describe('IP allowlists', () => {
  it('matches IPv4 and IPv6 ranges, and IPv4-mapped IPv6 peers as IPv4', () => {
    const l = new IpList(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
    expect(l.has('10.200.3.4')).toBe(true);
    expect(l.has('::ffff:10.1.1.1')).toBe(true);
    expect(l.has('192.0.2.7')).toBe(true);
    expect(l.has('192.0.2.8')).toBe(false);
    expect(l.has('2001:db8:1::5')).toBe(true);
    expect(l.has('2001:db9::1')).toBe(false);
    expect(l.has('not-an-ip')).toBe(false);
  });

  it('validates entries', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ ip: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('::1')).toEqual({ ip: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', '10.0.0.0/x', 'example.com', '10.0.0.0/8/1', '10.0.0.0/'])
      expect(parseCidr(bad)).toBeUndefined();
    expect(() => new IpList(['nope'])).toThrow();
    expect(normalizeIp('[fe80::1%eth0]')).toBe('fe80::1');
  });
});

describe('the client address', () => {
  const proxies = new IpList(['127.0.0.1', '10.9.0.0/16']);
  it('is the socket peer when the peer is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientIp('203.0.113.5', '10.0.0.1', proxies)).toBe('203.0.113.5');
    expect(clientIp('203.0.113.5', '10.0.0.1', undefined)).toBe('203.0.113.5');
  });
  it('walks X-Forwarded-For from the right through trusted proxies only', () => {
    expect(clientIp('127.0.0.1', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientIp('127.0.0.1', '10.0.0.5, 198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientIp('127.0.0.1', '198.51.100.1, 10.9.1.1', proxies)).toBe('198.51.100.1');
    expect(clientIp('::ffff:127.0.0.1', ['1.2.3.4', '5.6.7.8'], proxies)).toBe('5.6.7.8');
    // All hops trusted: the leftmost one.
    expect(clientIp('127.0.0.1', '10.9.2.2, 10.9.1.1', proxies)).toBe('10.9.2.2');
    // Garbage stops the walk at the last trusted hop.
    expect(clientIp('127.0.0.1', 'evil, 10.9.1.1', proxies)).toBe('10.9.1.1');
    expect(clientIp('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
  });
});

describe('addressKey', () => {
  it('counts an IPv4 address alone and an IPv6 address by its /64', () => {
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::7')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('[fe80::1%eth0]')).toBe('fe80:0:0:0::/64');
  });
});

/**
 * IP allowlists (CIDR) and the client address: the socket peer, or — only when that peer is a
 * trusted proxy — the nearest untrusted address of `X-Forwarded-For`.
 */
import { BlockList, isIP } from 'node:net';
import { normalizeIp, parseCidr } from '../../config/ip.js';

export class IpList {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const e of entries) {
      const c = parseCidr(e);
      if (!c) throw new Error(`not an IP or CIDR range: ${e}`);
      this.list.addSubnet(c.ip, c.prefix, c.family);
    }
    this.size = entries.length;
  }

  has(ip: string): boolean {
    const a = normalizeIp(ip);
    const v = isIP(a);
    if (v === 0) return false;
    return this.list.check(a, v === 4 ? 'ipv4' : 'ipv6');
  }
}

/**
 * The client's address. `X-Forwarded-For` is read right to left, skipping trusted proxies, and only
 * when the socket peer itself is trusted; a malformed entry stops the walk at the last trusted hop.
 */
export function clientIp(
  peer: string,
  xff: string | string[] | undefined,
  trusted: IpList | undefined,
): string {
  const socket = normalizeIp(peer);
  if (!trusted || trusted.size === 0 || !trusted.has(socket) || xff === undefined) return socket;
  const hops = (Array.isArray(xff) ? xff.join(',') : xff)
    .split(',')
    .map((h) => normalizeIp(h))
    .filter((h) => h.length > 0);
  let current = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (isIP(hop) === 0) return current;
    current = hop;
    if (!trusted.has(hop)) return hop;
  }
  return current;
}

/**
 * The key a per-address limit counts under: the IPv4 address, or the /64 network of an IPv6
 * address (one host usually holds a whole /64, so counting single addresses would not limit it).
 */
export function addressKey(ip: string): string {
  const a = normalizeIp(ip);
  if (isIP(a) !== 6) return a;
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

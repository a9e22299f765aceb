/**
 * IP allowlists (CIDR) and the client address: the socket peer, or — only when that peer is a
 * trusted proxy — the nearest untrusted address of `X-Forwarded-For`.
 */
import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.1` → `10.0.0.1`; brackets and zone ids removed. */
export function normalizeIp(ip: string): string {
  let s = ip.trim().replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(s);
  return mapped?.[1] ?? s.toLowerCase();
}

/** Validates one `ip` or `ip/prefix` entry; undefined when it is not one. */
export function parseCidr(
  entry: string,
): { ip: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [addr = '', bits, ...rest] = entry.trim().split('/');
  if (rest.length) return undefined;
  const ip = normalizeIp(addr);
  const v = isIP(ip);
  if (v === 0) return undefined;
  const max = v === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits)))
    return undefined;
  return { ip, prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

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

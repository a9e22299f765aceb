/** IP addresses and CIDR ranges as the configuration writes them (allowlists, trusted proxies). */
import { isIP } from 'node:net';

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

/**
 * Host names as the configuration and the `Host`/`Origin` headers write them: parsed and
 * normalized here, so the configuration checks entries with the same rules the guards apply.
 */

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** A bind address (IPv6 with or without brackets) that only this machine reaches. */
export function isLoopbackBind(host: string): boolean {
  return isLoopbackHost(host.replace(/^\[|\]$/g, '')) || isLoopbackHost(host);
}

/** `Host` or allowlist entry → lower-case hostname (IPv6 in brackets) and optional port. */
export function parseHost(v: string): { hostname: string; port?: string } | undefined {
  const s = v.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(s);
  if (!m?.[1]) return undefined;
  if (m[2] !== undefined && Number(m[2]) > 65535) return undefined;
  return m[2] !== undefined ? { hostname: m[1], port: m[2] } : { hostname: m[1] };
}

/** IPv6 literals in brackets, as they appear in a Host header. */
export function hostForHeader(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host.toLowerCase();
}

/** A configured origin (`https://app.example.com[:port]`) → its normalized form, or undefined. */
export function normalizeOrigin(v: string): string | undefined {
  try {
    const u = new URL(v.trim());
    if (u.origin === 'null') return undefined;
    if (u.pathname !== '/' || u.search || u.hash || u.username || u.password) return undefined;
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding guards: the `Host` header against an allowlist, and the browser `Origin` against
 * the configured origins (default: same origin). Requests without `Origin` are not browsers' and pass.
 */

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

export class HostAllowlist {
  private readonly anyPort = new Set<string>();
  private readonly exact = new Set<string>();

  constructor(readonly entries: readonly string[]) {
    for (const e of entries) {
      const h = parseHost(e);
      if (!h) throw new Error(`not a host: ${e}`);
      if (h.port === undefined) this.anyPort.add(h.hostname);
      else this.exact.add(`${h.hostname}:${h.port}`);
    }
  }

  allows(header: string | undefined): boolean {
    if (!header) return false;
    const h = parseHost(header);
    if (!h) return false;
    if (this.anyPort.has(h.hostname)) return true;
    return h.port !== undefined && this.exact.has(`${h.hostname}:${h.port}`);
  }
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

export class OriginPolicy {
  private readonly allowed: Set<string> | undefined;

  /**
   * @param allowed configured origins; undefined means same origin only.
   * @param sameOrigin origins that always count as ours (the public URL's).
   */
  constructor(
    allowed: readonly string[] | undefined,
    private readonly scheme: 'http' | 'https',
    private readonly sameOrigin: readonly string[],
  ) {
    this.allowed = allowed ? new Set(allowed.map((o) => normalizeOrigin(o) ?? o)) : undefined;
  }

  /** Whether a cross-origin browser may call (used for CORS answers). */
  get configured(): boolean {
    return this.allowed !== undefined;
  }

  allows(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined || origin === '') return true;
    const o = normalizeOrigin(origin);
    if (!o) return false; // `null`, garbage: deny
    if (this.sameOrigin.includes(o)) return true;
    if (host && o === normalizeOrigin(`${this.scheme}://${host}`)) return true;
    return this.allowed?.has(o) ?? false;
  }
}

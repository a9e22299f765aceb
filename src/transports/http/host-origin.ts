/**
 * DNS-rebinding guards: the `Host` header against an allowlist (with its port), and the browser
 * `Origin` against our own origins and the configured ones. Requests without `Origin` are not
 * browsers' and pass.
 */
import { normalizeOrigin, parseHost } from '../../config/hosts.js';

export interface HostAllowlistOptions {
  /**
   * What an entry without a port accepts: `any` port (MCP_ALLOWED_HOSTS entries, as the
   * operator wrote them), or `exact`ly a Host header without a port (the default port).
   */
  portless?: 'any' | 'exact';
}

export class HostAllowlist {
  private readonly anyPort = new Set<string>();
  /** `name:port`, or `name` alone for a Host header without a port. */
  private readonly exact = new Set<string>();

  constructor(
    readonly entries: readonly string[],
    o: HostAllowlistOptions = {},
  ) {
    for (const e of entries) {
      const h = parseHost(e);
      if (!h) throw new Error(`not a host: ${e}`);
      if (h.port === undefined && o.portless !== 'exact') this.anyPort.add(h.hostname);
      else this.exact.add(h.port === undefined ? h.hostname : `${h.hostname}:${h.port}`);
    }
  }

  allows(header: string | undefined): boolean {
    if (!header) return false;
    const h = parseHost(header);
    if (!h) return false;
    if (this.anyPort.has(h.hostname)) return true;
    return this.exact.has(h.port === undefined ? h.hostname : `${h.hostname}:${h.port}`);
  }
}

const DEFAULT_PORT = { http: 80, https: 443 } as const;

/**
 * The default Host allowlist once the listening port is known: the bind address and localhost
 * names on that port (a name alone too when the port is the scheme's default), and the public
 * URL's host as clients write it, with or without its port.
 */
export function ownHosts(
  names: readonly string[],
  port: number,
  scheme: 'http' | 'https',
  publicUrl?: string,
): string[] {
  const out = new Set<string>();
  for (const n of names) {
    if (parseHost(n)?.port !== undefined) {
      out.add(n);
      continue;
    }
    out.add(`${n}:${port}`);
    if (port === DEFAULT_PORT[scheme]) out.add(n);
  }
  if (publicUrl) {
    const u = new URL(publicUrl);
    const host = u.host.toLowerCase();
    out.add(host);
    if (!u.port) out.add(`${host}:${DEFAULT_PORT[u.protocol === 'https:' ? 'https' : 'http']}`);
  }
  return [...out];
}

/** The server's own origins: each allowed host on its port, or on the listening port when it names none. */
export function ownOrigins(hosts: readonly string[], scheme: 'http' | 'https', port: number): string[] {
  const out = new Set<string>();
  for (const entry of hosts) {
    const h = parseHost(entry);
    const o = h && normalizeOrigin(`${scheme}://${h.hostname}:${h.port ?? port}`);
    if (o) out.add(o);
  }
  return [...out];
}

export class OriginPolicy {
  private readonly allowed: Set<string> | undefined;

  /**
   * @param allowed configured origins; undefined means same origin only.
   * @param sameOrigin origins that always count as ours (our hosts', the public URL's).
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

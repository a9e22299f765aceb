/**
 * DNS-rebinding guards: the `Host` header against an allowlist, and the browser `Origin` against
 * the configured origins (default: same origin). Requests without `Origin` are not browsers' and pass.
 */
import { normalizeOrigin, parseHost } from '../../config/hosts.js';

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

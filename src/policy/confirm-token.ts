/**
 * Sealed confirmations: the fallback token `confirm_action` redeems, and the request state a
 * 2026-07-28 elicitation round trip carries. Both are self-contained, so no pending-action store
 * is needed:
 *
 *     <prefix> "." base64url(canonical JSON {t, a, p, e, n}) "." base64url(HMAC-SHA256(subkey, <prefix> "." <payload>))
 *
 * t = tool, a = the arguments as the tool's input schema validated them (canonical JSON),
 * p = principal, e = expiry (epoch seconds), n = 128-bit random nonce (single use, see spent-store.ts).
 * Prefix `zc1` is a token, `zs1` a request state; each kind has its own subkey derived from the
 * confirmation key, so one can never be passed off as the other.
 *
 * The payload is signed, not encrypted: it holds the model's own arguments, nothing secret.
 * Opening checks, in order: format → MAC (constant time) → expiry → principal. Single use and
 * the tool policy are the caller's next steps (confirm.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical.js';

export type SealKind = 'token' | 'state';

const PREFIX: Record<SealKind, string> = { token: 'zc1', state: 'zs1' };
const LABEL: Record<SealKind, string> = {
  token: 'zammad-mcp/confirmation-token/v1',
  state: 'zammad-mcp/request-state/v1',
};

/** Longest sealed value accepted (characters); longer input is refused before any parsing. */
export const MAX_SEALED_CHARS = 262_144;

export interface ConfirmClaims {
  tool: string;
  /** Canonical-JSON-compatible arguments. */
  args: unknown;
  principal: string;
  /** Epoch seconds; valid while now ≤ expiresAt. */
  expiresAt: number;
  nonce: string;
}

export type OpenFailure = 'format' | 'mac' | 'expired' | 'principal';
export type OpenResult = { ok: true; claims: ConfirmClaims } | { ok: false; reason: OpenFailure };

const Payload = z.object({
  t: z.string().min(1).max(200),
  a: z.unknown(),
  p: z.string().max(1000),
  e: z.number().int().nonnegative(),
  n: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});

const B64URL = /^[A-Za-z0-9_-]+$/;

export class ConfirmSealer {
  /** Per key of the ring, the subkey of each kind; the first key signs, every key verifies. */
  private readonly ring: ReadonlyArray<Record<SealKind, Buffer>>;

  /**
   * @param keys at least 32 bytes each: MCP_CONFIRMATION_KEY (one or more, the first signs), or
   *   random bytes per process. Several keys let a key be rotated without refusing what the old one
   *   sealed: new key first, the old one dropped once its tokens have expired.
   * @param now epoch milliseconds; tests inject a clock.
   */
  constructor(
    keys: Uint8Array | readonly Uint8Array[],
    private readonly now: () => number = Date.now,
  ) {
    const list = keys instanceof Uint8Array ? [keys] : [...keys];
    if (list.length === 0) throw new RangeError('At least one confirmation key is needed.');
    if (list.some((k) => k.length < 32))
      throw new RangeError('The confirmation key must be at least 32 bytes.');
    this.ring = list.map((key) => ({
      token: createHmac('sha256', key).update(LABEL.token).digest(),
      state: createHmac('sha256', key).update(LABEL.state).digest(),
    }));
  }

  seal(
    kind: SealKind,
    c: { tool: string; args: unknown; principal: string; ttlSeconds: number },
  ): { wire: string; claims: ConfirmClaims } {
    const claims: ConfirmClaims = {
      tool: c.tool,
      args: JSON.parse(canonicalJson(c.args)) as unknown,
      principal: c.principal,
      expiresAt: Math.floor(this.now() / 1000) + c.ttlSeconds,
      nonce: randomBytes(16).toString('base64url'),
    };
    const json = canonicalJson({
      t: claims.tool,
      a: claims.args,
      p: claims.principal,
      e: claims.expiresAt,
      n: claims.nonce,
    });
    const head = `${PREFIX[kind]}.${Buffer.from(json, 'utf8').toString('base64url')}`;
    return { wire: `${head}.${this.mac(this.ring[0] as Record<SealKind, Buffer>, kind, head)}`, claims };
  }

  open(kind: SealKind, wire: string, principal: string): OpenResult {
    if (typeof wire !== 'string' || wire.length > MAX_SEALED_CHARS) return { ok: false, reason: 'format' };
    const parts = wire.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'format' };
    const [prefix, payload, mac] = parts as [string, string, string];
    if (prefix !== PREFIX[kind] || !B64URL.test(payload) || mac.length !== 43 || !B64URL.test(mac))
      return { ok: false, reason: 'format' };
    // The MAC first: nothing of an unauthenticated payload is parsed or acted on. Every key of the
    // ring is tried, so the time taken does not tell which one matched.
    const given = Buffer.from(mac, 'ascii');
    let verified = false;
    for (const keys of this.ring) {
      const expected = Buffer.from(this.mac(keys, kind, `${prefix}.${payload}`), 'ascii');
      if (timingSafeEqual(expected, given)) verified = true;
    }
    if (!verified) return { ok: false, reason: 'mac' };
    let parsed: z.infer<typeof Payload>;
    try {
      const r = Payload.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      if (!r.success) return { ok: false, reason: 'format' };
      parsed = r.data;
    } catch {
      return { ok: false, reason: 'format' };
    }
    if (this.now() > parsed.e * 1000) return { ok: false, reason: 'expired' };
    if (parsed.p !== principal) return { ok: false, reason: 'principal' };
    return {
      ok: true,
      claims: { tool: parsed.t, args: parsed.a, principal: parsed.p, expiresAt: parsed.e, nonce: parsed.n },
    };
  }

  private mac(keys: Record<SealKind, Buffer>, kind: SealKind, head: string): string {
    return createHmac('sha256', keys[kind]).update(head, 'utf8').digest('base64url');
  }
}

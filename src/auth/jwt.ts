/**
 * OAuth 2.1 resource server: verifies JWT access tokens against the authorization server's JWKS.
 * Checks, all mandatory: signature with a key of the JWKS, algorithm in the allowlist (never
 * `none`, never HS*), issuer, audience (this server), expiry, and a subject. The token is never
 * stored, logged or forwarded.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

export interface JwtSettings {
  jwksUrl: string;
  issuer: string;
  audience: readonly string[];
  algorithms: readonly string[];
}

export type JwtFailure = 'expired' | 'audience' | 'issuer' | 'algorithm' | 'invalid' | 'unavailable';

export type JwtResult =
  | {
      ok: true;
      subject: string;
      scopes: string[];
      expiresAt: number;
      clientId?: string;
      /** The token's string and string-list claims, for policy rules (`claim:<name>=<value>`). */
      claims: Record<string, string | string[]>;
    }
  | { ok: false; reason: JwtFailure };

/** Leeway for clock differences between this server and the authorization server. */
const CLOCK_TOLERANCE_SECONDS = 30;

export class JwtVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly s: JwtSettings) {
    // Cached for 10 minutes; an unknown `kid` refetches at most every 30 s.
    this.jwks = createRemoteJWKSet(new URL(s.jwksUrl), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
  }

  async verify(token: string): Promise<JwtResult> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.s.issuer,
        audience: [...this.s.audience],
        algorithms: [...this.s.algorithms],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      return { ok: false, reason: failureOf(e) };
    }
    const subject = payload.sub;
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 256)
      return { ok: false, reason: 'invalid' };
    const clientId = [payload.client_id, payload.azp].find((x): x is string => typeof x === 'string');
    return {
      ok: true,
      subject,
      scopes: scopesOf(payload),
      expiresAt: payload.exp as number,
      ...(clientId ? { clientId } : {}),
      claims: stringClaims(payload),
    };
  }
}

function failureOf(e: unknown): JwtFailure {
  if (e instanceof errors.JWTExpired) return 'expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return 'audience';
    if (e.claim === 'iss') return 'issuer';
    return 'invalid';
  }
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) return 'algorithm';
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid) return 'unavailable';
  if (e instanceof errors.JOSEError) return 'invalid';
  // Network failures fetching the JWKS surface as plain errors.
  return 'unavailable';
}

/** The claims a policy rule may match: strings and lists of strings, bounded in number and size. */
function stringClaims(p: JWTPayload): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(p).slice(0, 64)) {
    if (typeof v === 'string' && v.length <= 512) out[k] = v;
    else if (Array.isArray(v))
      out[k] = v.filter((x): x is string => typeof x === 'string' && x.length <= 512).slice(0, 256);
  }
  return out;
}

/** `scope` (space-separated, RFC 8693/9068) or `scp` (array or string, common IdPs). */
function scopesOf(p: JWTPayload): string[] {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string') for (const s of v.split(/\s+/)) if (s) out.add(s);
    if (Array.isArray(v)) for (const s of v) if (typeof s === 'string' && s) out.add(s);
  };
  add(p.scope);
  add(p.scp);
  return [...out];
}

/** Whether a bearer value is shaped like a JWS compact serialization (three base64url parts). */
export function looksLikeJwt(v: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(v);
}

/**
 * Client authentication for the HTTP transport: API keys (`Authorization: Bearer` or `X-API-Key`)
 * and/or OAuth JWT access tokens (`Authorization: Bearer`). Never sees a credential twice: the
 * presented value is verified and dropped; only the principal travels on.
 */
import { RISKS } from '../policy/risk.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { ApiKeyVerifier } from './api-keys.js';
import { JwtVerifier, looksLikeJwt, type JwtSettings } from './jwt.js';
import type { Principal } from './principal.js';
import { ALL_SCOPES, risksOfScopes } from './scopes.js';

export interface AuthSettings {
  enabled: boolean;
  apiKeys: readonly ApiKeyEntry[];
  jwt?: JwtSettings | undefined;
}

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | {
      ok: false;
      status: 401 | 403 | 503;
      error: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'temporarily_unavailable';
      description: string;
      /** Scopes to name in an insufficient_scope challenge. */
      scopes?: readonly string[];
      /** For the log: why, without the credential. */
      reason: string;
      /**
       * A credential was presented and is wrong (unknown key, bad signature, foreign audience or
       * issuer): what guessing looks like. Not set for a missing or malformed credential, an
       * expired token (clients refresh those) or an unreachable JWKS.
       */
      wrongCredential?: true;
    };

type AuthFailure = Extract<AuthOutcome, { ok: false }>;

export const LOCAL_PRINCIPAL: Principal = {
  id: 'local',
  name: 'local',
  method: 'none',
  risks: new Set(RISKS),
  scopes: [],
};

const fail = (
  status: 401 | 403 | 503,
  error: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'temporarily_unavailable',
  description: string,
  reason: string,
  scopes?: readonly string[],
): AuthFailure => ({ ok: false, status, error, description, reason, ...(scopes ? { scopes } : {}) });

/** A presented credential that is wrong (see `wrongCredential`). */
const wrong = (description: string, reason: string): AuthFailure => ({
  ...fail(401, 'invalid_token', description, reason),
  wrongCredential: true,
});

export class Authenticator {
  private keys: ApiKeyVerifier;
  private readonly jwt: JwtVerifier | undefined;

  constructor(private readonly s: AuthSettings) {
    this.keys = new ApiKeyVerifier(s.apiKeys);
    this.jwt = s.jwt ? new JwtVerifier(s.jwt) : undefined;
  }

  /** The keys file was read again: keys from now on; a request already authenticated goes on. */
  setApiKeys(keys: readonly ApiKeyEntry[]): void {
    this.keys = new ApiKeyVerifier(keys);
  }

  get methods(): string[] {
    if (!this.s.enabled) return [];
    return [...(this.keys.size ? ['api-key'] : []), ...(this.jwt ? ['jwt'] : [])];
  }

  async authenticate(h: {
    authorization?: string | undefined;
    apiKey?: string | undefined;
  }): Promise<AuthOutcome> {
    if (!this.s.enabled) return { ok: true, principal: LOCAL_PRINCIPAL };
    const authz = h.authorization?.trim();
    const apiKey = h.apiKey?.trim();
    if (authz && apiKey)
      return fail(
        401,
        'invalid_request',
        'Send one credential: Authorization or X-API-Key, not both.',
        'two credentials',
      );
    if (apiKey) return this.byKey(apiKey);
    if (!authz) return fail(401, 'invalid_token', 'Authentication required.', 'no credential');
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!m?.[1])
      return fail(401, 'invalid_request', 'Use Authorization: Bearer <token>.', 'not a bearer credential');
    const token = m[1];
    if (this.jwt && looksLikeJwt(token)) return this.byJwt(token);
    return this.byKey(token);
  }

  private byKey(key: string): AuthOutcome {
    if (this.keys.size === 0) return wrong('The access token is invalid.', 'api key sent, none configured');
    const entry = this.keys.verify(key);
    if (!entry) return wrong('The API key is invalid.', 'unknown api key');
    const risks = new Set(entry.risks ?? RISKS);
    return {
      ok: true,
      principal: { id: `key:${entry.name}`, name: entry.name, method: 'api-key', risks, scopes: [] },
    };
  }

  private async byJwt(token: string): Promise<AuthOutcome> {
    const jwt = this.jwt as JwtVerifier;
    const r = await jwt.verify(token);
    if (!r.ok) {
      switch (r.reason) {
        case 'expired':
          return fail(401, 'invalid_token', 'The access token expired.', 'jwt expired');
        case 'audience':
          return wrong('The access token was not issued for this server.', 'jwt audience');
        case 'issuer':
          return wrong('The access token was not issued by the expected authorization server.', 'jwt issuer');
        case 'algorithm':
          return wrong(
            'The access token is signed with an algorithm this server does not accept.',
            'jwt algorithm',
          );
        case 'unavailable':
          return fail(
            503,
            'temporarily_unavailable',
            'The keys of the authorization server cannot be fetched; try again later.',
            'jwks unavailable',
          );
        case 'invalid':
          return wrong('The access token is invalid.', 'jwt invalid');
      }
    }
    const risks = new Set(risksOfScopes(r.scopes));
    if (risks.size === 0)
      return fail(
        403,
        'insufficient_scope',
        'The access token grants none of the scopes of this server.',
        'jwt without zammad scopes',
        [ALL_SCOPES[0] as string],
      );
    return {
      ok: true,
      principal: {
        id: `oauth:${r.subject}`,
        name: r.subject,
        method: 'jwt',
        risks,
        scopes: r.scopes,
        claims: r.claims,
      },
    };
  }
}

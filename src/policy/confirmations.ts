/**
 * The confirmation key, lifetimes and spent store of one running server, and the life cycle of
 * its sealed confirmations: fallback tokens (`confirm_action`) and 2026-07-28 request states.
 *
 * One instance per process (per app), shared by every connection: a token issued on one stdio or
 * HTTP connection can be redeemed on another of the same process. Several replicas need the same
 * MCP_CONFIRMATION_KEY and a shared spent store (MCP_CONFIRMATION_STORE_URL, Redis).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import { canonicalJson } from './canonical.js';
import { ConfirmSealer, MAX_SEALED_CHARS, type OpenFailure } from './confirm-token.js';
import { RedisSpentStore } from './redis-spent-store.js';
import type { RedisConnection } from './redis.js';
import { MemorySpentStore, type SpentStore } from './spent-store.js';

/** `unavailable`: the spent store could not be asked, so single use cannot be proven (fail closed). */
export type TokenRefusal = OpenFailure | 'disabled' | 'replayed' | 'unavailable';
export type StateRefusal = OpenFailure | 'tool' | 'args' | 'replayed' | 'unavailable';

export interface ConfirmationsOptions {
  /** MCP_CONFIRMATION_KEY: one or more keys (≥ 32 characters), the first signs; random per process when absent. */
  keys?: ReadonlyArray<string | Uint8Array> | undefined;
  /** Token lifetime (MCP_CONFIRMATION_TTL_SECONDS, default 300). */
  ttlSeconds: number;
  /** Request-state lifetime; default min(ttlSeconds, 600). */
  stateTtlSeconds?: number;
  /** Epoch milliseconds; tests inject a clock. */
  now?: () => number;
  spent?: SpentStore;
}

const bytesOf = (k: string | Uint8Array): Uint8Array => (typeof k === 'string' ? Buffer.from(k) : k);

export class Confirmations {
  readonly ttlSeconds: number;
  readonly stateTtlSeconds: number;
  /** Whether the key came from the configuration (tokens survive a restart) or is per process. */
  readonly keySource: 'configured' | 'random';
  private sealer: ConfirmSealer;
  private readonly now: (() => number) | undefined;
  private readonly spent: SpentStore;

  constructor(o: ConfirmationsOptions) {
    const configured = o.keys !== undefined && o.keys.length > 0;
    const keys = configured ? (o.keys ?? []).map(bytesOf) : [randomBytes(32)];
    this.keySource = configured ? 'configured' : 'random';
    this.ttlSeconds = o.ttlSeconds;
    this.stateTtlSeconds = o.stateTtlSeconds ?? Math.min(o.ttlSeconds, 600);
    this.now = o.now;
    this.sealer = new ConfirmSealer(keys, o.now);
    this.spent = o.spent ?? new MemorySpentStore(o.now ? { now: o.now } : {});
  }

  /**
   * The key file was read again (rotation): the first key signs from now on, every key verifies.
   * A per-process random key is kept when none is configured.
   */
  setKeys(keys: ReadonlyArray<string | Uint8Array> | undefined): void {
    if (keys === undefined || keys.length === 0) return;
    this.sealer = new ConfirmSealer(keys.map(bytesOf), this.now);
  }

  /** A fallback token for exactly this call. Undefined when it would be too long to redeem. */
  issueToken(
    tool: string,
    args: unknown,
    principal: string,
  ): { token: string; expiresAt: number } | undefined {
    const { wire, claims } = this.sealer.seal('token', {
      tool,
      args,
      principal,
      ttlSeconds: this.ttlSeconds,
    });
    if (wire.length > MAX_SEALED_CHARS) return undefined;
    return { token: wire, expiresAt: claims.expiresAt };
  }

  /**
   * Checks a token in the fixed order format → MAC → expiry → principal → tool still enabled →
   * not used before, and spends it. A token is spent only after its MAC verified, so a forgery
   * cannot burn a real token. Nothing here talks to Zammad.
   */
  async redeemToken(
    token: string,
    principal: string,
    isEnabled: (tool: string) => boolean,
  ): Promise<{ ok: true; tool: string; args: unknown } | { ok: false; reason: TokenRefusal; tool?: string }> {
    const r = this.sealer.open('token', token, principal);
    if (!r.ok) return r;
    const { tool, args, nonce, expiresAt } = r.claims;
    if (!isEnabled(tool)) return { ok: false, reason: 'disabled', tool };
    const first = await this.spend(`token:${nonce}`, expiresAt);
    if (first !== true) return { ok: false, reason: first === false ? 'replayed' : first, tool };
    return { ok: true, tool, args };
  }

  /** True the first time, false when used before; 'unavailable' when the store cannot be asked. */
  private async spend(nonce: string, expiresAt: number): Promise<boolean | 'unavailable'> {
    try {
      return await this.spent.spend(nonce, expiresAt);
    } catch {
      return 'unavailable';
    }
  }

  /** Closes the spent store's connection, if it has one. */
  async close(): Promise<void> {
    await this.spent.close?.();
  }

  /** Request state for a 2026-07-28 confirmation round trip, bound to this call. */
  issueState(tool: string, args: unknown, principal: string): string {
    return this.sealer.seal('state', { tool, args, principal, ttlSeconds: this.stateTtlSeconds }).wire;
  }

  /**
   * Accepts the request state a retried call echoes only if this server sealed it for exactly this
   * tool, these arguments and this principal, it has not expired, and it was not used before
   * (spent here, once the binding holds).
   */
  async acceptState(
    state: string,
    tool: string,
    args: unknown,
    principal: string,
  ): Promise<{ ok: true } | { ok: false; reason: StateRefusal }> {
    const r = this.sealer.open('state', state, principal);
    if (!r.ok) return r;
    if (r.claims.tool !== tool) return { ok: false, reason: 'tool' };
    if (canonicalJson(r.claims.args) !== canonicalJson(args)) return { ok: false, reason: 'args' };
    const first = await this.spend(`state:${r.claims.nonce}`, r.claims.expiresAt);
    if (first !== true) return { ok: false, reason: first === false ? 'replayed' : first };
    return { ok: true };
  }
}

/** The confirmations of one app: every server it builds (one per connection or request) shares them. */
export function createConfirmations(config: Readonly<Config>, redis?: RedisConnection): Confirmations {
  const store = config.confirmation.storeUrl;
  const spent = redis ? new RedisSpentStore(redis) : store ? new RedisSpentStore(store) : undefined;
  return new Confirmations({
    keys: config.confirmation.keys,
    ttlSeconds: config.confirmation.ttlSeconds,
    ...(spent ? { spent } : {}),
  });
}

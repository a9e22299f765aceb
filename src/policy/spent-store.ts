/**
 * Which confirmations were already used. A confirmation token (or a sealed request state) is
 * single-use: the first `spend` of its nonce wins, every later one is refused.
 *
 * In memory by default, which is exact for one process (stdio, or one HTTP process); replicas share
 * one in Redis (src/policy/redis-spent-store.ts, MCP_CONFIRMATION_STORE_URL).
 */
export interface SpentStore {
  /**
   * Marks `nonce` as used until `expiresAt` (epoch seconds; after that the confirmation is refused
   * as expired anyway, so the entry may be forgotten). Resolves `true` if it was not used before.
   */
  spend(nonce: string, expiresAt: number): Promise<boolean>;
  close?(): Promise<void>;
}

export interface MemorySpentStoreOptions {
  /** Epoch milliseconds; tests inject a clock. */
  now?: () => number;
  /** How often expired entries are swept, at most (ms). */
  sweepEveryMs?: number;
}

export class MemorySpentStore implements SpentStore {
  private readonly spent = new Map<string, number>();
  private readonly now: () => number;
  private readonly sweepEveryMs: number;
  private lastSweep: number;

  constructor(o: MemorySpentStoreOptions = {}) {
    this.now = o.now ?? Date.now;
    this.sweepEveryMs = o.sweepEveryMs ?? 60_000;
    this.lastSweep = this.now();
  }

  spend(nonce: string, expiresAt: number): Promise<boolean> {
    this.sweep(false);
    if (this.spent.has(nonce)) return Promise.resolve(false);
    this.spent.set(nonce, expiresAt);
    return Promise.resolve(true);
  }

  /** Number of remembered nonces (for tests and metrics). */
  get size(): number {
    return this.spent.size;
  }

  /** Forgets every entry whose confirmation has expired; runs on its own every `sweepEveryMs`. */
  sweep(force = true): void {
    const now = this.now();
    if (!force && now - this.lastSweep < this.sweepEveryMs) return;
    this.lastSweep = now;
    for (const [nonce, expiresAt] of this.spent) {
      // Kept through the expiry second itself: a confirmation is valid while now <= expiresAt.
      if (expiresAt * 1000 < now) this.spent.delete(nonce);
    }
  }
}

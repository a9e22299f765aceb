/**
 * The spent store of several replicas: Redis, shared by all of them. A confirmation's nonce is
 * spent with one atomic `SET key 1 NX EX <seconds>`: the replica whose SET created the key runs
 * the action, every other one (or a replay) finds it taken. The key outlives the confirmation by a
 * margin for clock differences between replicas.
 *
 * The connection is the process's shared one (src/policy/redis.ts, ioredis). Any failure rejects,
 * and Confirmations then refuses the confirmation (fail closed): a store it cannot ask proves
 * nothing about single use.
 */
import { RedisConnection } from './redis.js';
import type { SpentStore } from './spent-store.js';

const KEY_PREFIX = 'zammad-mcp:spent:';
/** How far behind another replica's clock may run: a spent nonce is kept this much longer. */
const CLOCK_MARGIN_SECONDS = 300;

export class RedisSpentStore implements SpentStore {
  private readonly redis: RedisConnection;
  /** Whether this store opened the connection (and so closes it). */
  private readonly owned: boolean;

  constructor(
    url: string | RedisConnection,
    private readonly o: { timeoutMs?: number; now?: () => number } = {},
  ) {
    this.owned = typeof url === 'string';
    this.redis =
      typeof url === 'string'
        ? new RedisConnection(url, o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {})
        : url;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  async spend(nonce: string, expiresAt: number): Promise<boolean> {
    // A relative lifetime, not EXAT: by Redis's clock an absolute expiry computed from this
    // replica's clock may already be past, and Redis then answers OK without keeping the key. The
    // margin covers clocks of other replicas running behind this one.
    const left = Math.max(0, expiresAt - Math.floor(this.now() / 1000));
    const r = await this.redis.call('SET', KEY_PREFIX + nonce, '1', 'NX', 'EX', left + CLOCK_MARGIN_SECONDS);
    if (r === 'OK') return true;
    if (r === null) return false;
    throw new Error('unexpected answer from Redis to SET NX');
  }

  close(): Promise<void> {
    return this.owned ? this.redis.close() : Promise.resolve();
  }
}

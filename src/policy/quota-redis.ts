/**
 * Quota counters shared by replicas, in the Redis of the confirmations (one connection,
 * src/policy/redis.ts). One Lua script checks every counter of a call and counts them all, or
 * none: Redis runs it atomically, so two replicas can never both take the last unit.
 */
import type { RedisConnection } from './redis.js';
import type { QuotaStore, QuotaTake } from './quota.js';

export const QUOTA_KEY_PREFIX = 'zammad-mcp:quota:';
/** Windows are aligned to this replica's clock; keys live this much past the window's end. */
const CLOCK_MARGIN_MS = 60_000;

// KEYS: the counters. ARGV: limit, then time to live (ms), per counter.
// Returns the 0-based index of the first counter at its limit, or -1 when all were counted.
const TAKE = `
for i, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n >= tonumber(ARGV[2 * i - 1]) then return i - 1 end
end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
end
return -1
`;

export class RedisQuotaStore implements QuotaStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly o: { prefix?: string; now?: () => number } = {},
  ) {}

  async take(counters: readonly QuotaTake[]): Promise<number> {
    const now = (this.o.now ?? Date.now)();
    const prefix = this.o.prefix ?? QUOTA_KEY_PREFIX;
    const args: number[] = [];
    for (const c of counters) args.push(c.limit, Math.max(1, c.resetAt - now) + CLOCK_MARGIN_MS);
    const r = await this.redis.eval(
      TAKE,
      counters.map((c) => prefix + c.key),
      args,
    );
    if (typeof r !== 'number' || r < -1 || r >= counters.length)
      throw new Error('unexpected answer from Redis to the quota script');
    return r;
  }
}

import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryQuotaStore, takeQuota, type QuotaStore } from './quota.js';
import { RedisQuotaStore } from './quota-redis.js';
import { RedisConnection } from './redis.js';

// .ci/run makes sure a Redis answers here; database 15 and a unique prefix keep the tests apart.
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const PREFIX = `zammad-mcp-test:${randomBytes(6).toString('hex')}:quota:`;
const T0 = Date.UTC(2026, 0, 1, 9, 59, 45); // 15 s before the hour
const quotas = {
  callsPerMinute: { limit: 3, by: 'bot' },
  writesPerHour: { limit: 2, by: 'bot' },
};

const connections: RedisConnection[] = [];
afterAll(async () => {
  const c = new RedisConnection(REDIS);
  const keys = (await c.call('KEYS', `${PREFIX}*`)) as string[];
  if (keys.length) await c.call('DEL', ...keys);
  await c.close();
  for (const x of connections) await x.close();
});
const replica = (now: () => number): QuotaStore => {
  const c = new RedisConnection(REDIS);
  connections.push(c);
  return new RedisQuotaStore(c, { prefix: PREFIX, now });
};

describe.each([
  ['memory', (now: () => number): QuotaStore => new MemoryQuotaStore(now)],
  ['redis', replica],
])('quotas (%s)', (_name, make) => {
  it('refuses at the exact count, says which quota and when it resets, counts all or nothing', async () => {
    let now = T0;
    const store = make(() => now);
    const p = `key:bot-${_name}`;
    expect(await takeQuota(store, p, quotas, 'write', now)).toEqual({ ok: true });
    expect(await takeQuota(store, p, quotas, 'write', now)).toEqual({ ok: true });
    const w = await takeQuota(store, p, quotas, 'write', now);
    expect(w).toMatchObject({ ok: false, quota: 'write_quota_per_hour', resetAt: Date.UTC(2026, 0, 1, 10) });
    expect(w.ok ? '' : w.message).toMatch(/resets at 2026-01-01T10:00:00Z \(in 15 s\)/);
    // The refused write took no call: one read is left this minute.
    expect(await takeQuota(store, p, quotas, 'read', now)).toEqual({ ok: true });
    expect(await takeQuota(store, p, quotas, 'read', now)).toMatchObject({
      ok: false,
      quota: 'calls_per_minute',
    });
    // Another principal has its own counters.
    expect(await takeQuota(store, `${p}-2`, quotas, 'write', now)).toEqual({ ok: true });
    // The next window starts afresh.
    now = T0 + 15_000;
    expect(await takeQuota(store, p, quotas, 'write', now)).toEqual({ ok: true });
  });
});

describe('quotas across replicas (Redis)', () => {
  it('two replicas share the counters; concurrent calls never pass the limit', async () => {
    const a = replica(() => T0);
    const b = replica(() => T0);
    const q = { callsPerMinute: { limit: 5, by: 'x' } };
    const all = await Promise.all(
      Array.from({ length: 12 }, (_, i) => takeQuota(i % 2 ? a : b, 'key:shared', q, 'read', T0)),
    );
    expect(all.filter((v) => v.ok)).toHaveLength(5);
  });

  it('an unreachable Redis is an error, never a pass', async () => {
    const dead = new RedisQuotaStore(new RedisConnection('redis://127.0.0.1:1'), { prefix: PREFIX });
    await expect(takeQuota(dead, 'key:x', quotas, 'read', T0)).rejects.toThrow();
  });
});

describe('the policy gate', () => {
  it('refuses a call when the quota store cannot be asked (never runs it uncounted)', async () => {
    const { Governance } = await import('./governance.js');
    const failing: QuotaStore = { take: () => Promise.reject(new Error('down')) };
    const g = new Governance(
      { path: 'p.yaml', file: { principals: { bot: { calls_per_minute: 5 } } } },
      {
        world: () => Promise.resolve({ toolNames: [], apiKeyNames: ['bot'], jwt: false, local: false }),
        quotas: failing,
        serverGroups: undefined,
      },
    );
    const gate = g.gate({ id: 'key:bot', name: 'bot', method: 'api-key' });
    const tool = { name: 'get_ticket', risk: 'read', toolset: 'tickets', category: 'tickets' } as const;
    expect(gate.allows(tool)).toBe(true);
    expect(await gate.take(tool)).toMatchObject({ ok: false, message: /quota store cannot be reached/ });
    // A principal no rule names is granted nothing.
    const free = g.gate({ id: 'key:x', name: 'x', method: 'api-key' });
    expect(free.allows(tool)).toBe(false);
  });
});

/**
 * Quotas per principal (policy file: calls_per_minute, calls_per_hour, write_quota_per_hour):
 * fixed clock windows, counted when a call is about to run — after its confirmation, right before
 * its handler — so a preview or a refused input costs nothing. Every quota of a call is checked
 * and counted at once: either all count the call, or none does and the caller learns which quota
 * is spent and when it resets. In memory for one process; across replicas in Redis
 * (src/policy/quota-redis.ts).
 */
import type { Quotas } from './policy-rules.js';
import type { Risk } from './risk.js';

/** One counter a call takes a unit of: `key` is unique per principal, quota and window. */
export interface QuotaTake {
  key: string;
  limit: number;
  /** When the window ends (epoch ms). */
  resetAt: number;
}

export interface QuotaStore {
  /**
   * Takes one unit of every counter, or none: the index of the first counter at its limit, or -1
   * when all were taken.
   */
  take(counters: readonly QuotaTake[]): Promise<number>;
  close?(): Promise<void>;
}

export const QUOTA_WINDOWS = {
  callsPerMinute: { field: 'calls_per_minute', ms: 60_000, unit: 'calls per minute' },
  callsPerHour: { field: 'calls_per_hour', ms: 3_600_000, unit: 'calls per hour' },
  writesPerHour: { field: 'write_quota_per_hour', ms: 3_600_000, unit: 'writes per hour' },
} as const;
type QuotaName = keyof typeof QUOTA_WINDOWS;

export type QuotaVerdict = { ok: true } | { ok: false; quota: string; resetAt: number; message: string };

/** The counters a call of a tool of this risk takes, in this window. */
export function countersFor(
  principal: string,
  quotas: Quotas,
  risk: Risk,
  now: number,
): Array<QuotaTake & { name: QuotaName }> {
  const out: Array<QuotaTake & { name: QuotaName }> = [];
  for (const name of Object.keys(QUOTA_WINDOWS) as QuotaName[]) {
    const q = quotas[name];
    if (!q) continue;
    if (name === 'writesPerHour' && risk === 'read') continue;
    const { ms, field } = QUOTA_WINDOWS[name];
    const start = Math.floor(now / ms) * ms;
    out.push({ name, key: `${field}:${principal}:${start}`, limit: q.limit, resetAt: start + ms });
  }
  return out;
}

/** Checks and counts one call; the refusal says which quota and when it resets. */
export async function takeQuota(
  store: QuotaStore,
  principal: string,
  quotas: Quotas,
  risk: Risk,
  now: number,
): Promise<QuotaVerdict> {
  const counters = countersFor(principal, quotas, risk, now);
  if (counters.length === 0) return { ok: true };
  const hit = await store.take(counters);
  if (hit < 0) return { ok: true };
  const c = counters[hit] as (typeof counters)[number];
  const w = QUOTA_WINDOWS[c.name];
  const inSeconds = Math.max(1, Math.ceil((c.resetAt - now) / 1000));
  const at = new Date(c.resetAt).toISOString().replace('.000Z', 'Z');
  return {
    ok: false,
    quota: w.field,
    resetAt: c.resetAt,
    message: `Quota exceeded: ${w.field} (${c.limit} ${w.unit}) for ${principal}, set by the policy file (rule ${quotas[c.name]?.by}). It resets at ${at} (in ${inSeconds} s).`,
  };
}

/** The counters of one process. */
export class MemoryQuotaStore implements QuotaStore {
  private readonly counts = new Map<string, { n: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  take(counters: readonly QuotaTake[]): Promise<number> {
    const now = this.now();
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      for (const [k, v] of this.counts) if (v.resetAt <= now) this.counts.delete(k);
    }
    const hit = counters.findIndex((c) => (this.counts.get(c.key)?.n ?? 0) >= c.limit);
    if (hit >= 0) return Promise.resolve(hit);
    for (const c of counters) {
      const had = this.counts.get(c.key);
      if (had) had.n++;
      else this.counts.set(c.key, { n: 1, resetAt: c.resetAt });
    }
    return Promise.resolve(-1);
  }

  /** Counters held (for tests). */
  get size(): number {
    return this.counts.size;
  }
}

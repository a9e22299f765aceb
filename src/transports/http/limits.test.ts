import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter, RateLimiter } from './limits.js';

describe('rate limiter', () => {
  it('allows a burst, then the per-minute rate, per key, with a Retry-After', () => {
    let t = 0;
    const r = new RateLimiter(60, 3, () => t);
    expect([r.take('a'), r.take('a'), r.take('a')].every((x) => x.ok)).toBe(true);
    const no = r.take('a');
    expect(no).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(r.take('b').ok).toBe(true);
    t += 1000;
    expect(r.take('a').ok).toBe(true);
    expect(r.take('a').ok).toBe(false);
    t += 60_000;
    r.sweep();
    expect(r.size).toBe(0);
  });
  it('is off at 0', () => {
    const r = new RateLimiter(0, 1);
    for (let i = 0; i < 100; i++) expect(r.take('a').ok).toBe(true);
  });
});

describe('concurrency limiter', () => {
  it('caps requests in progress per key; release is idempotent', () => {
    const c = new ConcurrencyLimiter(2);
    const a = c.acquire('p');
    const b = c.acquire('p');
    expect(c.acquire('p')).toBeUndefined();
    expect(c.acquire('q')).toBeDefined();
    a?.();
    a?.();
    expect(c.inFlight('p')).toBe(1);
    expect(c.acquire('p')).toBeDefined();
    b?.();
  });
});

import { describe, expect, it } from 'vitest';
import { MemorySpentStore } from './spent-store.js';

describe('MemorySpentStore', () => {
  it('spends a nonce once', async () => {
    const s = new MemorySpentStore();
    expect(await s.spend('n1', 2_000_000_000)).toBe(true);
    expect(await s.spend('n1', 2_000_000_000)).toBe(false);
    expect(await s.spend('n2', 2_000_000_000)).toBe(true);
  });

  it('forgets entries only after their confirmation expired', async () => {
    let now = 1_000_000_000_000;
    const s = new MemorySpentStore({ now: () => now, sweepEveryMs: 60_000 });
    const exp = now / 1000 + 300;
    await s.spend('a', exp);
    await s.spend('b', exp + 3600);
    now += 300_000; // exactly at expiry: still remembered
    s.sweep();
    expect(s.size).toBe(2);
    expect(await s.spend('a', exp)).toBe(false);
    now += 1000;
    s.sweep();
    expect(s.size).toBe(1);
  });

  it('sweeps on its own while spending, at most every sweepEveryMs', async () => {
    let now = 1_000_000_000_000;
    const s = new MemorySpentStore({ now: () => now, sweepEveryMs: 60_000 });
    for (let i = 0; i < 100; i++) await s.spend(`n${i}`, now / 1000 + 10);
    expect(s.size).toBe(100);
    now += 30_000; // expired, but the last sweep was less than a minute ago
    await s.spend('x', now / 1000 + 10);
    expect(s.size).toBe(101);
    now += 31_000;
    await s.spend('y', now / 1000 + 10);
    expect(s.size).toBe(1);
  });
});

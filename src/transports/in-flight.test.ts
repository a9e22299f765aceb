import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.js';

describe('calls in progress', () => {
  it('counts calls; ending one twice counts once', () => {
    const f = new InFlight();
    const a = f.enter();
    const b = f.enter();
    expect(f.count).toBe(2);
    a();
    a();
    expect(f.count).toBe(1);
    b();
    expect(f.count).toBe(0);
  });

  it('a drain refuses new calls from its start and ends when the last call does', async () => {
    const f = new InFlight();
    expect(f.draining).toBe(false);
    const end = f.enter();
    const drained = f.drain(600_000);
    expect(f.draining).toBe(true);
    end();
    await expect(drained).resolves.toBe(true);
    await expect(new InFlight().drain(600_000)).resolves.toBe(true);
  });

  it('stops waiting when the bound passes or a stop (a second signal) comes', async () => {
    const f = new InFlight();
    f.enter();
    await expect(f.drain(0)).resolves.toBe(false);
    await expect(f.drain(600_000, Promise.resolve())).resolves.toBe(false);
    expect(f.count).toBe(1);
  });
});

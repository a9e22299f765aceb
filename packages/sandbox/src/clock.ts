/**
 * The sandbox's clock. Seed data is laid out before a fixed base instant (never
 * `Date.now()`), so the same seed gives the same data. At run time the clock
 * advances with real elapsed time from that base, strictly increasing, so writes
 * sort after the seed data and `now-1h` in a search means the sandbox's now.
 */
export const BASE_NOW = Date.parse('2025-09-15T09:30:00.000Z');

/** When the "system" was installed: the timestamp of all reference records. */
export const INSTALLED_AT = '2025-03-03T08:00:00.000Z';

export class Clock {
  private readonly startedAt = performance.now();
  private last = 0;
  /** A fixed instant set by a test (`freeze`): the clock stands there until `unfreeze`. */
  private frozen: number | undefined;

  constructor(private readonly base: number = BASE_NOW) {}

  /** Stops the clock at `ms` (tests of time-relative answers); writes still get distinct instants. */
  freeze(ms: number): void {
    this.frozen = ms;
  }

  /** Lets the clock run on from the real elapsed time again. */
  unfreeze(): void {
    this.frozen = undefined;
  }

  private running(): number {
    return this.frozen ?? Math.floor(this.base + (performance.now() - this.startedAt));
  }

  nowMs(): number {
    let t = this.running();
    if (t <= this.last) t = this.last + 1;
    this.last = t;
    return t;
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  /** The instant without advancing (for date math in queries). */
  peekMs(): number {
    return this.frozen ?? Math.max(this.last, this.running());
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();

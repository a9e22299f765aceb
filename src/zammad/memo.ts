/**
 * One value loaded on demand and kept for a TTL; callers arriving while it loads share the load.
 * A failed load is not kept (the next caller tries again).
 */
export class Memo<T> {
  private value: T | undefined;
  private loadedAt = 0;
  private inflight: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(signal?: AbortSignal): Promise<T> {
    if (this.value !== undefined && this.now() - this.loadedAt < this.ttlMs)
      return Promise.resolve(this.value);
    // Not tied to one caller's signal: a cancelled call must not fail the others waiting on it.
    this.inflight ??= this.load()
      .then((v) => {
        this.value = v;
        this.loadedAt = this.now();
        return v;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    if (!signal) return this.inflight;
    return Promise.race([
      this.inflight,
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      ),
    ]);
  }

  invalidate(): void {
    this.value = undefined;
  }
}

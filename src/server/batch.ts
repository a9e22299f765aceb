/**
 * How a batch runs (`ctx.batch.run`, see BatchRunner in src/tools/define.ts): the pipeline's part
 * of bulk work. Each item's work runs once and is never retried; at most `concurrency` items are in
 * flight; an item's failure is its own (its reason from the one error mapper); after each item a
 * progress notification goes out when the client asked for them; once the call is cancelled no
 * new item starts (items in flight finish: a write is not torn off half-sent) and the rest are
 * `not_started`. Every item's outcome lands in the call's audit event.
 */
import type { BatchItem, BatchRunner, ItemResult, ProgressSink } from '../tools/define.js';

export interface BatchOptions {
  /** The Zammad client's cap on requests in flight (ZAMMAD_MAX_CONCURRENCY). */
  concurrency: number;
  /** The call's signal: cancellation stops before the next item. */
  signal: AbortSignal;
  progress?: ProgressSink | undefined;
  /** The safe reason and kind of a failure (the pipeline's error mapper, with the call id). */
  explain(e: unknown): { kind: string; message: string };
  /** Told once when the call is cancelled while items are still to start. */
  onCancel?: (() => void) | undefined;
  /** Receives the batch's audit record (ids and outcomes, never text). */
  audit?: ((batch: Record<string, unknown>) => void) | undefined;
}

/** Runs `fn` on every element, at most `limit` at a time, in order of start; stops starting when `stop()`. */
export async function forEachLimit<T>(
  list: readonly T[],
  limit: number,
  fn: (x: T, i: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length && !stop()) {
      const i = next++;
      await fn(list[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, list.length)) }, worker));
}

const REASON_CHARS = 300;

function short(s: string): string {
  return s.length <= REASON_CHARS ? s : `${s.slice(0, REASON_CHARS - 1)}…`;
}

export function createBatchRunner(o: BatchOptions): BatchRunner {
  return {
    async run<T>(
      items: readonly BatchItem<T>[],
      work: (item: BatchItem<T>, signal: AbortSignal) => Promise<string | undefined>,
    ) {
      const results: ItemResult[] = items.map((it) =>
        it.skip !== undefined
          ? { id: it.id, label: it.label, outcome: 'skipped', reason: it.skip }
          : { id: it.id, label: it.label, outcome: 'not_started' },
      );
      const toRun = items.map((it, i) => ({ it, i })).filter(({ it }) => it.skip === undefined);
      const total = toRun.length;
      // Writes in flight are not aborted by a cancellation; the client's own timeout bounds them.
      const writeSignal = new AbortController().signal;
      let finished = 0;
      const onAbort = (): void => {
        if (finished < total) o.onCancel?.();
      };
      o.signal.addEventListener('abort', onAbort, { once: true });
      let notified: Promise<void> = Promise.resolve();
      const kinds = new Map<number, string>();
      await forEachLimit(
        toRun,
        o.concurrency,
        async ({ it, i }) => {
          let r: ItemResult;
          try {
            const detail = await work(it, writeSignal);
            r = { id: it.id, label: it.label, outcome: 'done', ...(detail ? { reason: detail } : {}) };
          } catch (e) {
            const safe = o.explain(e);
            kinds.set(i, safe.kind);
            r = {
              id: it.id,
              label: it.label,
              outcome: safe.kind === 'unknown_outcome' ? 'unknown' : 'failed',
              reason: short(safe.message),
            };
          }
          results[i] = r;
          finished += 1;
          const sink = o.progress;
          if (sink) {
            const n = finished;
            // Chained: notifications leave in order, each after the previous one was handed on.
            notified = notified.then(() => sink(n, total, `${r.label} ${r.outcome}`)).catch(() => undefined);
          }
        },
        () => o.signal.aborted,
      );
      o.signal.removeEventListener('abort', onAbort);
      await notified;
      const cancelled = o.signal.aborted && results.some((r) => r.outcome === 'not_started');
      const count = (k: ItemResult['outcome']): number => results.filter((r) => r.outcome === k).length;
      o.audit?.({
        total: items.length,
        done: count('done'),
        failed: count('failed'),
        unknown: count('unknown'),
        skipped: count('skipped'),
        not_started: count('not_started'),
        cancelled,
        items: results.map((r, i) => ({
          id: r.id,
          outcome: r.outcome,
          ...(kinds.has(i) ? { kind: kinds.get(i) } : {}),
        })),
      });
      return { results, cancelled };
    },
  };
}

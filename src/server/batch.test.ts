/**
 * The batch runner on its own: the concurrency cap, one run per item, failures kept to their item,
 * progress in order, and cancellation between items. Work is held on promises the test releases,
 * so nothing depends on timing.
 */
import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../tools/define.js';
import { ZammadError } from '../zammad/errors.js';
import { createBatchRunner } from './batch.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const items = (n: number, skip: number[] = []): BatchItem<number>[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    label: `#${i + 1}`,
    skip: skip.includes(i + 1) ? 'already as asked' : undefined,
    value: i + 1,
  }));

const explain = (e: unknown): { kind: string; message: string } =>
  e instanceof ZammadError ? { kind: e.kind, message: e.message } : { kind: 'internal', message: 'x' };

/** Resolves once `cond()` holds, checked after every settled microtask of held work. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
}

describe('batch runner', () => {
  it('keeps at most `concurrency` items in flight and runs each item exactly once', async () => {
    const gates = new Map<number, ReturnType<typeof deferred>>();
    let inFlight = 0;
    let most = 0;
    const ran: number[] = [];
    const runner = createBatchRunner({ concurrency: 3, signal: new AbortController().signal, explain });
    const done = runner.run(items(10), async (it) => {
      ran.push(it.id);
      inFlight++;
      most = Math.max(most, inFlight);
      const g = deferred();
      gates.set(it.id, g);
      await g.promise;
      inFlight--;
      return undefined;
    });
    for (let id = 1; id <= 10; id++) {
      await until(() => gates.has(id));
      expect(inFlight).toBeLessThanOrEqual(3);
      gates.get(id)?.resolve();
    }
    const r = await done;
    expect(most).toBe(3);
    expect(ran.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.results.every((x) => x.outcome === 'done')).toBe(true);
  });

  it('keeps a failure to its item; an unknown outcome is its own kind; skips never run', async () => {
    const audit: Array<Record<string, unknown>> = [];
    const runner = createBatchRunner({
      concurrency: 2,
      signal: new AbortController().signal,
      explain,
      audit: (b) => void audit.push(b),
    });
    const ran: number[] = [];
    const r = await runner.run(items(5, [4]), async (it) => {
      ran.push(it.id);
      if (it.id === 2) throw new ZammadError('validation', 'Zammad refused it');
      if (it.id === 3) throw new ZammadError('unknown_outcome', 'timed out after sending');
      return undefined;
    });
    expect(ran.sort()).toEqual([1, 2, 3, 5]);
    expect(r.results.map((x) => [x.id, x.outcome, x.reason])).toEqual([
      [1, 'done', undefined],
      [2, 'failed', 'Zammad refused it'],
      [3, 'unknown', 'timed out after sending'],
      [4, 'skipped', 'already as asked'],
      [5, 'done', undefined],
    ]);
    expect(audit).toEqual([
      {
        total: 5,
        done: 2,
        failed: 1,
        unknown: 1,
        skipped: 1,
        not_started: 0,
        cancelled: false,
        items: [
          { id: 1, outcome: 'done' },
          { id: 2, outcome: 'failed', kind: 'validation' },
          { id: 3, outcome: 'unknown', kind: 'unknown_outcome' },
          { id: 4, outcome: 'skipped' },
          { id: 5, outcome: 'done' },
        ],
      },
    ]);
  });

  it('reports progress in order, one step per finished item, out of the items it runs', async () => {
    const seen: Array<[number, number, string | undefined]> = [];
    const runner = createBatchRunner({
      concurrency: 4,
      signal: new AbortController().signal,
      explain,
      progress: async (p, t, m) => void seen.push([p, t, m]),
    });
    await runner.run(items(6, [2]), async () => undefined);
    expect(seen.map(([p, t]) => [p, t])).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
    expect(seen.every(([, , m]) => /^#\d done$/.test(m ?? ''))).toBe(true);
  });

  it('starts nothing after a cancellation; the item in flight finishes with its own signal', async () => {
    const ac = new AbortController();
    let cancels = 0;
    const runner = createBatchRunner({
      concurrency: 1,
      signal: ac.signal,
      explain,
      onCancel: () => cancels++,
    });
    const gate = deferred();
    let workSignal: AbortSignal | undefined;
    const ran: number[] = [];
    const done = runner.run(items(4), async (it, signal) => {
      ran.push(it.id);
      if (it.id === 2) {
        workSignal = signal;
        await gate.promise;
      }
      return undefined;
    });
    await until(() => ran.includes(2));
    ac.abort();
    expect(cancels).toBe(1);
    expect(workSignal?.aborted).toBe(false);
    gate.resolve();
    const r = await done;
    expect(ran).toEqual([1, 2]);
    expect(r.cancelled).toBe(true);
    expect(r.results.map((x) => x.outcome)).toEqual(['done', 'done', 'not_started', 'not_started']);
  });
});

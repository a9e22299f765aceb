import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { detect, HIDDEN, INITIAL, nextDelay, type PollOutcome } from './change-detector.js';
import { SubscriptionHub, SubscriptionLimitError, type Subscriber, type Timers } from './subscriptions.js';

/** Timers a test fires by hand; `delays` are the waits asked for, in order. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  const delays: number[] = [];
  let n = 0;
  const timers: Timers = {
    set: (fn, ms) => {
      delays.push(ms);
      pending.set(++n, fn);
      return n;
    },
    clear: (h) => void pending.delete(h as number),
  };
  const fire = async (hub: SubscriptionHub): Promise<void> => {
    const fns = [...pending.values()];
    pending.clear();
    for (const f of fns) f();
    await hub.pollNow(); // joins the polls the timers started
  };
  return { timers, delays, pending, fire };
}

function subscriber(): Subscriber & { heard: string[] } {
  const heard: string[] = [];
  return { heard, notify: async (uri) => void heard.push(uri) };
}

/** A probe answering the queued outcomes in turn (the last one repeats). */
function scripted(...outcomes: PollOutcome[]) {
  const calls = { n: 0 };
  const probe = async (): Promise<PollOutcome> => {
    calls.n++;
    return outcomes.length > 1 ? (outcomes.shift() as PollOutcome) : (outcomes[0] as PollOutcome);
  };
  return { probe, calls };
}

const fp = (fingerprint: string): PollOutcome => ({ ok: true, fingerprint });
const FAIL: PollOutcome = { ok: false };

describe('change detector', () => {
  it('notifies only on a change between readable states after the baseline', () => {
    let s = INITIAL;
    const step = (o: PollOutcome): boolean => {
      const r = detect(s, o);
      s = r.next;
      return r.notify;
    };
    expect(step(fp('a'))).toBe(false); // baseline
    expect(step(fp('a'))).toBe(false);
    expect(step(FAIL)).toBe(false);
    expect(s).toEqual({ fingerprint: 'a', failures: 1 });
    expect(step(fp('a'))).toBe(false); // back after a failure, unchanged
    expect(step(fp('b'))).toBe(true);
    expect(step(fp(HIDDEN))).toBe(false); // becoming unreadable says nothing
    expect(step(fp('c'))).toBe(true); // readable again, changed
  });

  it('backs off on failures: the interval doubled per failure, at most 8 times', () => {
    expect([0, 1, 2, 3, 4, 10].map((f) => nextDelay(60_000, f))).toEqual([
      60_000, 120_000, 240_000, 480_000, 480_000, 480_000,
    ]);
  });
});

describe('SubscriptionHub', () => {
  const hubOf = (timers: Timers, o: { perSession?: number; max?: number } = {}) =>
    new SubscriptionHub({
      pollMs: 60_000,
      perSession: o.perSession ?? 10,
      max: o.max ?? 10,
      log: silentLogger,
      timers,
    });

  it('polls on its timer, backs off after upstream errors without notifying, and resets after a success', async () => {
    const t = manualTimers();
    const hub = hubOf(t.timers);
    const s = subscriber();
    const { probe } = scripted(fp('a'), FAIL, FAIL, fp('a'), fp('b'));
    await hub.subscribe(s, 'zammad://ticket/1', 'x', probe);
    for (let i = 0; i < 4; i++) await t.fire(hub);
    expect(t.delays).toEqual([60_000, 120_000, 240_000, 60_000, 60_000]);
    expect(s.heard).toEqual(['zammad://ticket/1']);
  });

  it('shares one poller per uri and identity; another identity gets its own', async () => {
    const t = manualTimers();
    const hub = hubOf(t.timers);
    const one = scripted(fp('a'));
    const other = scripted(fp('a'));
    await hub.subscribe(subscriber(), 'zammad://ticket/1', 'x', one.probe);
    await hub.subscribe(subscriber(), 'zammad://ticket/1', 'x', one.probe);
    await hub.subscribe(subscriber(), 'zammad://ticket/1', 'y', other.probe);
    expect(hub.pollerCount).toBe(2);
    await hub.pollNow();
    expect([one.calls.n, other.calls.n]).toEqual([2, 2]); // baseline + one poll each
  });

  it('never runs two polls of one poller at once', async () => {
    const hub = hubOf(manualTimers().timers);
    let release: () => void = () => undefined;
    let calls = 0;
    const probe = (): Promise<PollOutcome> => {
      calls++;
      return calls === 1 ? Promise.resolve(fp('a')) : new Promise((r) => (release = () => r(fp('a'))));
    };
    await hub.subscribe(subscriber(), 'zammad://escalations', 'x', probe);
    const first = hub.pollNow();
    const second = hub.pollNow();
    release();
    await Promise.all([first, second]);
    expect(calls).toBe(2);
  });

  it('limits subscriptions per session and per process with errors naming the setting', async () => {
    const t = manualTimers();
    const hub = hubOf(t.timers, { perSession: 1, max: 2 });
    const { probe } = scripted(fp('a'));
    const [a, b, c] = [subscriber(), subscriber(), subscriber()];
    await hub.subscribe(a, 'zammad://ticket/1', 'x', probe);
    await hub.subscribe(a, 'zammad://ticket/1', 'x', probe); // again: no change
    await expect(hub.subscribe(a, 'zammad://ticket/2', 'x', probe)).rejects.toThrow(
      /MCP_SUBSCRIPTIONS_PER_SESSION/,
    );
    await hub.subscribe(b, 'zammad://ticket/2', 'x', probe);
    const err = await hub.subscribe(c, 'zammad://ticket/3', 'x', probe).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SubscriptionLimitError);
    expect((err as Error).message).toMatch(/MCP_SUBSCRIPTIONS_MAX/);
    hub.drop(a);
    await hub.subscribe(c, 'zammad://ticket/3', 'x', probe);
    expect(hub.subscriptionCount).toBe(2);
  });

  it('stops the timer when the last subscriber leaves', async () => {
    const t = manualTimers();
    const hub = hubOf(t.timers);
    const s = subscriber();
    await hub.subscribe(s, 'zammad://ticket/1', 'x', scripted(fp('a')).probe);
    expect(t.pending.size).toBe(1);
    hub.unsubscribe(s, 'zammad://ticket/1');
    expect([t.pending.size, hub.pollerCount, hub.subscriptionCount]).toEqual([0, 0, 0]);
  });
});

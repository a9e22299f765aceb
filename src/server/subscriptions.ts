/**
 * The process's resource subscriptions: one poller per resource and Zammad identity (client and
 * scope), shared by every subscriber of every session, running only while someone is subscribed.
 * A poller asks its probe (src/server/subscription-probes.ts) for the resource's fingerprint every
 * interval; the change detector decides whether its subscribers hear `notifications/resources/updated`.
 * Since a poller reads as its identity and scope, a subscriber only hears about what it may read.
 */
import type { Logger } from '../log.js';
import { detect, INITIAL, nextDelay, type DetectorState, type PollOutcome } from './change-detector.js';

/** What the pollers wait with: the real timers, or a test's (which may never fire). */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** One session's (or stdio connection's) end of its subscriptions. */
export interface Subscriber {
  notify(uri: string): Promise<void>;
}

/** Reads one resource's fingerprint as one identity; never throws (a failure is `{ ok: false }`). */
export type Probe = (signal: AbortSignal) => Promise<PollOutcome>;

export class SubscriptionLimitError extends Error {}

interface Poller {
  readonly key: string;
  readonly uri: string;
  readonly probe: Probe;
  readonly subscribers: Set<Subscriber>;
  state: DetectorState;
  timer?: unknown;
  running?: Promise<void> | undefined;
  abort: AbortController;
}

export interface HubOptions {
  pollMs: number;
  perSession: number;
  max: number;
  log: Logger;
  timers?: Timers;
}

export class SubscriptionHub {
  private readonly pollers = new Map<string, Poller>();
  /** Per subscriber: the poller keys by URI. */
  private readonly held = new Map<Subscriber, Map<string, string>>();
  private total = 0;
  private readonly timers: Timers;

  constructor(private readonly o: HubOptions) {
    this.timers = o.timers ?? REAL_TIMERS;
  }

  /** Pollers running now (one per resource and identity). */
  get pollerCount(): number {
    return this.pollers.size;
  }

  /** Subscriptions held now, over all sessions. */
  get subscriptionCount(): number {
    return this.total;
  }

  has(sub: Subscriber, uri: string): boolean {
    return this.held.get(sub)?.has(uri) ?? false;
  }

  /**
   * Subscribes (again: no change). `identity` names the Zammad identity and scope the probe reads
   * as; subscribers of one URI and identity share one poller. A new poller takes its baseline now.
   */
  async subscribe(sub: Subscriber, uri: string, identity: string, probe: Probe): Promise<void> {
    const mine = this.held.get(sub) ?? new Map<string, string>();
    if (mine.has(uri)) return;
    if (mine.size >= this.o.perSession)
      throw new SubscriptionLimitError(
        `This session already holds ${mine.size} subscriptions, the most allowed (MCP_SUBSCRIPTIONS_PER_SESSION); unsubscribe from one first.`,
      );
    if (this.total >= this.o.max)
      throw new SubscriptionLimitError(
        `The server holds ${this.total} subscriptions, the most allowed (MCP_SUBSCRIPTIONS_MAX); try again later.`,
      );
    const key = `${uri}\n${identity}`;
    mine.set(uri, key);
    this.held.set(sub, mine);
    this.total++;
    let p = this.pollers.get(key);
    if (p) {
      p.subscribers.add(sub);
      return;
    }
    p = { key, uri, probe, subscribers: new Set([sub]), state: INITIAL, abort: new AbortController() };
    this.pollers.set(key, p);
    await this.poll(p);
  }

  unsubscribe(sub: Subscriber, uri: string): void {
    const mine = this.held.get(sub);
    const key = mine?.get(uri);
    if (!mine || key === undefined) return;
    mine.delete(uri);
    if (!mine.size) this.held.delete(sub);
    this.total--;
    const p = this.pollers.get(key);
    if (!p) return;
    p.subscribers.delete(sub);
    if (!p.subscribers.size) this.stop(p);
  }

  /** A session or connection closed: all its subscriptions end. */
  drop(sub: Subscriber): void {
    for (const uri of [...(this.held.get(sub)?.keys() ?? [])]) this.unsubscribe(sub, uri);
  }

  /** Polls every poller once now, as if its timer fired (tests and the bench drive polls with it). */
  async pollNow(): Promise<void> {
    await Promise.all([...this.pollers.values()].map((p) => this.poll(p)));
  }

  close(): void {
    for (const p of [...this.pollers.values()]) this.stop(p);
    this.held.clear();
    this.total = 0;
  }

  private stop(p: Poller): void {
    if (p.timer !== undefined) this.timers.clear(p.timer);
    p.timer = undefined;
    p.abort.abort();
    this.pollers.delete(p.key);
  }

  private poll(p: Poller): Promise<void> {
    // A poll already running answers for this one too: never two requests for one poller at once.
    p.running ??= this.runPoll(p).finally(() => {
      p.running = undefined;
    });
    return p.running;
  }

  private async runPoll(p: Poller): Promise<void> {
    if (p.timer !== undefined) this.timers.clear(p.timer);
    p.timer = undefined;
    const outcome = await p.probe(p.abort.signal);
    if (this.pollers.get(p.key) !== p) return; // unsubscribed meanwhile
    const { next, notify } = detect(p.state, outcome);
    p.state = next;
    if (!outcome.ok) this.o.log.debug('subscription poll failed', { uri: p.uri, failures: next.failures });
    if (notify) {
      this.o.log.debug('subscription change', { uri: p.uri, subscribers: p.subscribers.size });
      await Promise.all(
        [...p.subscribers].map((s) =>
          s.notify(p.uri).catch((e: unknown) =>
            this.o.log.debug('subscription notification not sent', {
              uri: p.uri,
              error: e instanceof Error ? e.message : String(e),
            }),
          ),
        ),
      );
    }
    if (this.pollers.get(p.key) === p)
      p.timer = this.timers.set(() => void this.poll(p), nextDelay(this.o.pollMs, next.failures));
  }
}

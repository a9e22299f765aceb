/**
 * Reference data (groups, states, priorities, article types, senders), cached with a TTL and
 * loaded once however many callers ask at the same time. Resolves names both ways, case-insensitively.
 */
import type { Group, Priority, State } from './schemas.js';

export interface NamedRecord {
  id: number;
  name: string;
  active?: boolean | null | undefined;
}

/** Zammad's seeded article types and senders (db/seeds): fixed ids in every installation. */
export const ARTICLE_TYPES: Record<number, string> = {
  1: 'email',
  2: 'sms',
  3: 'chat',
  4: 'fax',
  5: 'phone',
  6: 'twitter status',
  7: 'twitter direct-message',
  8: 'facebook feed post',
  9: 'facebook feed comment',
  10: 'note',
  11: 'web',
  12: 'telegram personal-message',
  13: 'facebook direct-message',
  14: 'whatsapp message',
};
export const ARTICLE_SENDERS: Record<number, string> = { 1: 'Agent', 2: 'Customer', 3: 'System' };

export class NameIndex<T extends NamedRecord> {
  private readonly byId = new Map<number, T>();
  private readonly byName = new Map<string, T>();
  constructor(readonly records: readonly T[]) {
    for (const r of records) {
      this.byId.set(r.id, r);
      this.byName.set(r.name.toLowerCase(), r);
    }
  }
  id(id: number | null | undefined): T | undefined {
    return id === null || id === undefined ? undefined : this.byId.get(id);
  }
  name(id: number | null | undefined): string | undefined {
    return this.id(id)?.name;
  }
  find(name: string): T | undefined {
    return this.byName.get(name.trim().toLowerCase());
  }
  /** Active names, for "valid values are …" errors. */
  names(): string[] {
    return this.records.filter((r) => r.active !== false).map((r) => r.name);
  }
}

export interface ReferenceSnapshot {
  groups: NameIndex<Group>;
  states: NameIndex<State>;
  priorities: NameIndex<Priority>;
}

export interface ReferenceLoader {
  groups(signal?: AbortSignal): Promise<Group[]>;
  states(signal?: AbortSignal): Promise<State[]>;
  priorities(signal?: AbortSignal): Promise<Priority[]>;
}

export class ReferenceCache {
  private snapshot: ReferenceSnapshot | undefined;
  private loadedAt = 0;
  private inflight: Promise<ReferenceSnapshot> | undefined;

  constructor(
    private readonly loader: ReferenceLoader,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(signal?: AbortSignal): Promise<ReferenceSnapshot> {
    if (this.snapshot && this.now() - this.loadedAt < this.ttlMs) return this.snapshot;
    if (!this.inflight) {
      // Not tied to one caller's signal: a cancelled call must not fail the others waiting on it.
      this.inflight = (async () => {
        const [groups, states, priorities] = await Promise.all([
          this.loader.groups(),
          this.loader.states(),
          this.loader.priorities(),
        ]);
        this.snapshot = {
          groups: new NameIndex(groups),
          states: new NameIndex(states),
          priorities: new NameIndex(priorities),
        };
        this.loadedAt = this.now();
        return this.snapshot;
      })().finally(() => {
        this.inflight = undefined;
      });
    }
    if (!signal) return this.inflight;
    return Promise.race([
      this.inflight,
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      ),
    ]);
  }

  invalidate(): void {
    this.snapshot = undefined;
  }
}

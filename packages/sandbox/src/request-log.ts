/** Every request the sandbox saw, with its final status (faulted and failed ones included). */

export interface LoggedRequest {
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw string when not JSON, or undefined when empty. */
  body: unknown;
  /** Final status; 0 when the connection was reset without a response. */
  status: number;
  /** Epoch ms when the request arrived. */
  at: number;
}

export interface RequestLog {
  readonly entries: readonly LoggedRequest[];
  count(filter?: { method?: string; path?: string | RegExp }): number;
  /** Entries with seq > the given one. */
  since(seq: number): LoggedRequest[];
  /** The current last seq. */
  mark(): number;
  clear(): void;
}

export function matchesPath(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

export class MemoryRequestLog implements RequestLog {
  private list: LoggedRequest[] = [];
  private seq = 0;

  get entries(): readonly LoggedRequest[] {
    return this.list;
  }

  /** Reserves the next sequence number (at arrival, so the order is the arrival order). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  record(entry: LoggedRequest): void {
    // keep arrival order even when a slow (delayed) request finishes after a later one
    let i = this.list.length;
    while (i > 0 && (this.list[i - 1]?.seq ?? 0) > entry.seq) i -= 1;
    this.list.splice(i, 0, entry);
  }

  count(filter: { method?: string; path?: string | RegExp } = {}): number {
    return this.list.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        matchesPath(filter.path, e.path),
    ).length;
  }

  since(seq: number): LoggedRequest[] {
    return this.list.filter((e) => e.seq > seq);
  }

  mark(): number {
    return this.list.reduce((m, e) => Math.max(m, e.seq), 0);
  }

  clear(): void {
    this.list = [];
  }
}

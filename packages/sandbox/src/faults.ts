/** Injected faults, applied before routing: a canned status, a delay or hold, or a connection reset. */
import { matchesPath } from './request-log.js';

export interface FaultRule {
  method?: string;
  /** Path without the query, e.g. '/api/v1/tickets/5'. */
  path?: string | RegExp;
  /** How many requests it applies to; default 1, Infinity allowed. */
  times?: number;
  /** Respond with this instead of the real handler. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait before handling (then handle normally unless `status` is set). */
  delayMs?: number;
  /** Destroy the socket without a response. */
  reset?: boolean;
  /** Hold the request until this settles (then as `delayMs`): a test decides when it goes on. */
  until?: Promise<unknown>;
  /** Called when a request has arrived (body read) and the rule applies to it. */
  onMatch?: () => void;
}

export interface Faults {
  add(rule: FaultRule): void;
  clear(): void;
}

type Active = { rule: FaultRule; left: number };

export class FaultList implements Faults {
  private rules: Active[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first matching rule (consuming one use), or undefined. */
  take(method: string, path: string): FaultRule | undefined {
    const hit = this.rules.find(
      ({ rule, left }) =>
        left > 0 &&
        (rule.method === undefined || rule.method.toUpperCase() === method) &&
        matchesPath(rule.path, path),
    );
    if (!hit) return undefined;
    hit.left -= 1;
    if (hit.left <= 0) this.rules = this.rules.filter((r) => r !== hit);
    return hit.rule;
  }
}

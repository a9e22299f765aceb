/**
 * Injected faults. Matched before routing: a canned status, a delay or hold, or a connection reset.
 * Spoilers let the real handler answer (a write is applied) and then damage its response on the
 * wire: truncated or invalid JSON, a reset half-way through the body, or a body padded to a
 * given size (with JSON whitespace, so it stays valid and means the same).
 */
import type { ServerResponse } from 'node:http';
import { matchesPath } from './request-log.js';

export type Spoiler = 'truncated-json' | 'invalid-json' | 'reset-mid-body';

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
  /**
   * Damage the real handler's response: 'truncated-json' sends its first half as a complete
   * response, 'invalid-json' an HTML proxy page labelled JSON with the real status, 'reset-mid-body'
   * announces the full length, sends half and destroys the socket.
   */
  spoil?: Spoiler;
  /** Pad the real handler's JSON response to at least this many bytes, streamed in chunks. */
  padToBytes?: number;
}

export interface Faults {
  add(rule: FaultRule): void;
  clear(): void;
  /**
   * Resolves once no request is being handled: a delayed write lands after the client gave up,
   * and only then is it in the log and in the store.
   */
  settled(): Promise<void>;
}

type Active = { rule: FaultRule; left: number };

export class FaultList implements Faults {
  private rules: Active[] = [];
  private active = 0;
  private waiters: Array<() => void> = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  settled(): Promise<void> {
    return this.active === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks a request in progress; the server calls the returned function when it is handled. */
  begin(): () => void {
    this.active += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active -= 1;
      if (this.active === 0) for (const w of this.waiters.splice(0)) w();
    };
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

/** Whether the rule lets the real handler answer and then damages the response. */
export const spoils = (rule: FaultRule | undefined): rule is FaultRule =>
  rule !== undefined &&
  rule.status === undefined &&
  (rule.spoil !== undefined || rule.padToBytes !== undefined);

const PROXY_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n';
const CHUNK = 64 * 1024;

/** Sends `payload` (the real response) damaged as `rule` says; resolves once it is on the wire. */
export async function sendSpoiled(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: Buffer,
  rule: FaultRule,
): Promise<void> {
  const json = { 'Content-Type': 'application/json; charset=utf-8', ...headers };
  const half = payload.subarray(0, Math.floor(payload.length / 2));
  switch (rule.spoil) {
    case 'truncated-json':
      res.writeHead(status, { ...json, 'Content-Length': String(half.length) }).end(half);
      return;
    case 'invalid-json':
      res
        .writeHead(status, { ...json, 'Content-Length': String(Buffer.byteLength(PROXY_PAGE)) })
        .end(PROXY_PAGE);
      return;
    case 'reset-mid-body':
      res.writeHead(status, { ...json, 'Content-Length': String(payload.length) });
      await new Promise<void>((resolve) => res.write(half, () => resolve()));
      res.socket?.destroy();
      return;
  }
  // Padding: leading whitespace is valid JSON before any value.
  const pad = Math.max(0, (rule.padToBytes ?? 0) - payload.length);
  res.writeHead(status, { ...json, 'Content-Length': String(pad + payload.length) });
  const spaces = Buffer.alloc(Math.min(CHUNK, pad), 0x20);
  for (let left = pad; left > 0 && !res.destroyed; left -= spaces.length) {
    const piece = left >= spaces.length ? spaces : spaces.subarray(0, left);
    if (!res.write(piece)) await drained(res);
  }
  if (!res.destroyed) res.end(payload);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

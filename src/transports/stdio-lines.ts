/**
 * The lines a stdio client writes, checked before the SDK's transport reads them. The SDK's own
 * reader drops a line that is not JSON or not a JSON-RPC message with no answer (the client waits
 * for ever), and closes the whole connection when one line passes its buffer limit. Here every
 * such line gets exactly one JSON-RPC error — -32700 for a line that is not JSON, -32600 for one
 * that is not a message, with the request's id when it has one — and is dropped; the connection
 * goes on. Good lines pass through unchanged, one per `push`.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { parseJSONRPCMessage, type JSONRPCMessage } from '@modelcontextprotocol/server';
import { describeIssues, INVALID_REQUEST } from '../server/protocol-errors.js';

export const PARSE_ERROR = -32700;

export interface Refusal {
  /** The error response to send. */
  reply: JSONRPCMessage;
  /** For the log: why the line was refused (never its content). */
  reason: 'not_json' | 'batch' | 'not_a_message' | 'too_large';
}

function errorReply(code: number, message: string, id?: string | number): JSONRPCMessage {
  // The SDK's schema (and MCP's) has an optional id; JSON-RPC's `null` would fail its clients' parser.
  return { jsonrpc: '2.0', ...(id === undefined ? {} : { id }), error: { code, message } };
}

function usableId(v: unknown): string | number | undefined {
  return typeof v === 'string' || Number.isSafeInteger(v) ? (v as string | number) : undefined;
}

/** Undefined when the line is a JSON-RPC message (or blank); otherwise the refusal to send. */
export function checkLine(line: string): Refusal | undefined | 'skip' {
  if (line.trim() === '') return 'skip';
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return {
      reason: 'not_json',
      reply: errorReply(
        PARSE_ERROR,
        'Parse error: the line is not JSON. Send one JSON-RPC message per line.',
      ),
    };
  }
  if (Array.isArray(value))
    return {
      reason: 'batch',
      reply: errorReply(
        INVALID_REQUEST,
        'Invalid request: batches are not supported. Send one message per line.',
      ),
    };
  try {
    parseJSONRPCMessage(value);
    return undefined;
  } catch (e) {
    const o = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    // A malformed response to one of our requests is not answered: there is no request to fail.
    if (!('method' in o) && ('result' in o || 'error' in o)) return 'skip';
    const badId = 'id' in o && usableId(o.id) === undefined;
    const issues = describeIssues((e as { issues?: unknown }).issues);
    const what = badId ? 'id: a string or a whole number' : (issues ?? 'not a JSON-RPC 2.0 message');
    return {
      reason: 'not_a_message',
      reply: errorReply(INVALID_REQUEST, `Invalid request: ${what}`, usableId(o.id)),
    };
  }
}

export class LineGuard extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly refuse: (r: Refusal) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) {
        this.hold(chunk.subarray(start));
        break;
      }
      this.hold(chunk.subarray(start, nl));
      this.endLine();
      start = nl + 1;
    }
    done();
  }

  private hold(part: Buffer): void {
    if (this.discarding || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      // Drop what we have and everything up to the next newline, without buffering it.
      this.discarding = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private endLine(): void {
    if (this.discarding) {
      this.discarding = false;
      this.refuse({
        reason: 'too_large',
        reply: errorReply(
          INVALID_REQUEST,
          `Invalid request: a message is limited to ${this.maxLineBytes} bytes; this one was longer and was dropped.`,
        ),
      });
      return;
    }
    const line = Buffer.concat(this.pending, this.pendingBytes).toString('utf8').replace(/\r$/, '');
    this.pending = [];
    this.pendingBytes = 0;
    const verdict = checkLine(line);
    if (verdict === undefined) this.push(`${line}\n`);
    else if (verdict !== 'skip') this.refuse(verdict);
  }
}

/**
 * The audit trail file (MCP_AUDIT_FILE): every audit event of a tool call as one JSON line, chained
 * and signed so that an edited, inserted, removed or reordered line is detected.
 *
 * Each line is the event plus `seq` (from 1), `prev` (the previous line's `mac`, 64 zeros for the
 * first) and `mac` = HMAC-SHA256(MCP_AUDIT_KEY, canonical JSON of everything but `mac`). Removing
 * lines from the end is detected only against a `seq` kept elsewhere (the stderr log has the same
 * events). `zammad-mcp audit-verify <file>` checks a file.
 *
 * Lines are written synchronously, in the order of the calls, before the result is sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync, type PathLike } from 'node:fs';
import { canonicalJson } from './policy/canonical.js';

const GENESIS = '0'.repeat(64);

function macOf(key: string, line: Record<string, unknown>): string {
  return createHmac('sha256', key).update(canonicalJson(line), 'utf8').digest('hex');
}

/** The last non-empty line of a file's text, if any. */
function lastLine(text: string): string | undefined {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  return lines[lines.length - 1];
}

export class AuditTrail {
  private constructor(
    private readonly fd: number,
    private readonly key: string,
    private seq: number,
    private prev: string,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens (or creates, mode 0600) the file for appending and continues the chain of its last line.
   * Throws when the file cannot be opened or its last line is not a line of a chain.
   */
  static open(path: string, key: string, now: () => Date = () => new Date()): AuditTrail {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    let seq = 0;
    let prev = GENESIS;
    const last = lastLine(text);
    if (last !== undefined) {
      const parsed = JSON.parse(last) as { seq?: unknown; mac?: unknown };
      if (typeof parsed.seq !== 'number' || typeof parsed.mac !== 'string')
        throw new Error('its last line is not an audit event of zammad-mcp');
      seq = parsed.seq;
      prev = parsed.mac;
    }
    const fd = openSync(path, 'a', 0o600);
    return new AuditTrail(fd, key, seq, prev, now);
  }

  private closed = false;

  append(event: Record<string, unknown>): void {
    // Never write through a closed descriptor: its number may belong to another file by now.
    if (this.closed) throw new Error('the audit file is closed');
    const line: Record<string, unknown> = {
      ts: this.now().toISOString(),
      ...event,
      seq: this.seq + 1,
      prev: this.prev,
    };
    const mac = macOf(this.key, line);
    writeSync(this.fd, `${JSON.stringify({ ...line, mac })}\n`);
    this.seq += 1;
    this.prev = mac;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

export type VerifyResult =
  { ok: true; events: number } | { ok: false; line: number; problem: string; events: number };

/** Checks every line of an audit file: JSON, sequence, chain and MAC, in that order. */
export function verifyAuditFile(path: PathLike, key: string): VerifyResult {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let prev = GENESIS;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const fail = (problem: string): VerifyResult => ({ ok: false, line: n, problem, events: i });
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(lines[i] ?? '') as Record<string, unknown>;
    } catch {
      return fail('not JSON');
    }
    const { mac, ...rest } = parsed;
    if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return fail('no MAC');
    if (rest.seq !== n)
      return fail(
        `sequence number ${String(rest.seq)} where ${n} was expected (a line was removed or inserted)`,
      );
    if (rest.prev !== prev)
      return fail('does not follow the line before it (a line was removed, inserted or reordered)');
    const expected = Buffer.from(macOf(key, rest), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(mac, 'hex')))
      return fail('MAC mismatch (the line was edited, or MCP_AUDIT_KEY is not the key it was written with)');
    prev = mac;
  }
  return { ok: true, events: lines.length };
}

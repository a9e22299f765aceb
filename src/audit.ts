/**
 * The audit trail file (MCP_AUDIT_FILE): every audit event of a tool call as one JSON line, chained
 * and signed so that an edited, inserted, removed or reordered line is detected.
 *
 * Each line is the canonical JSON (keys sorted, no spaces) of the event plus `ts`, `seq` (from 1),
 * `prev` (the previous line's `mac`, 64 zeros for the first) and `mac` = HMAC-SHA256(MCP_AUDIT_KEY,
 * canonical JSON of everything but `mac`); a line that is not exactly that form fails verification.
 * Lines cut from the end (even followed by a restart, which continues from the new last line) are
 * found only against the head the server logs to stderr when it opens and closes the file.
 * `zammad-mcp audit-verify <file>` checks a file.
 *
 * Lines are written synchronously, in the order of the calls, before the result is sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { canonicalJson } from './policy/canonical.js';

const GENESIS = '0'.repeat(64);
/** How much of the file's end is read at start to find the last line. */
const TAIL_BYTES = 64 * 1024;

function macOf(key: string, line: Record<string, unknown>): string {
  return createHmac('sha256', key).update(canonicalJson(line), 'utf8').digest('hex');
}

export interface ChainHead {
  seq: number;
  mac: string;
}

/** Checks one line against the chain so far: its MAC when it verifies, otherwise the problem. */
function checkLine(raw: string, n: number, prev: string, key: string): { problem: string } | { mac: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { problem: 'not JSON (a partial line from a crash, or an edit)' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return { problem: 'not an audit event' };
  const { mac, ...rest } = parsed as Record<string, unknown>;
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return { problem: 'no MAC' };
  if (rest.seq !== n)
    return {
      problem: `sequence number ${String(rest.seq)} where ${n} was expected (a line was removed or inserted)`,
    };
  if (rest.prev !== prev)
    return { problem: 'does not follow the line before it (a line was removed, inserted or reordered)' };
  let expected: Buffer;
  try {
    if (canonicalJson(parsed) !== raw)
      return { problem: 'not in the form it was written in (the line was edited)' };
    expected = Buffer.from(macOf(key, rest), 'hex');
  } catch {
    return { problem: 'not in the form it was written in (the line was edited)' };
  }
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex')))
    return {
      problem: 'MAC mismatch (the line was edited, or MCP_AUDIT_KEY is not the key it was written with)',
    };
  return { mac };
}

export class AuditTrail {
  private closed = false;

  private constructor(
    private readonly fd: number,
    private readonly key: string,
    private seq: number,
    private prev: string,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens (or creates, mode 0600) the file for appending and continues the chain from its last
   * line, which must verify with `key`. Throws with what is wrong otherwise (a partial last line
   * from a crash, a line of another key, not an audit file).
   */
  static open(path: string, key: string, now: () => Date = () => new Date()): AuditTrail {
    const fd = openSync(path, 'a+', 0o600);
    try {
      const size = fstatSync(fd).size;
      let seq = 0;
      let prev = GENESIS;
      if (size > 0) {
        const len = Math.min(size, TAIL_BYTES);
        const buf = Buffer.alloc(len);
        readSync(fd, buf, 0, len, size - len);
        const text = buf.toString('utf8');
        if (!text.endsWith('\n'))
          throw new Error(
            'its last line is incomplete (a crash while writing?): check it with audit-verify, then move the file aside',
          );
        const lines = text.slice(0, -1).split('\n');
        const last = lines[lines.length - 1] ?? '';
        let head: { seq?: unknown; prev?: unknown };
        try {
          head = JSON.parse(last) as { seq?: unknown; prev?: unknown };
        } catch {
          throw new Error('its last line is not JSON: check it with audit-verify, then move the file aside');
        }
        const n = head && typeof head.seq === 'number' ? head.seq : -1;
        const ok = n > 0 && typeof head.prev === 'string' ? checkLine(last, n, head.prev, key) : undefined;
        if (!ok || 'problem' in ok)
          throw new Error(
            `its last line is not an audit event signed with MCP_AUDIT_KEY${ok && 'problem' in ok ? ` (${ok.problem})` : ''}`,
          );
        seq = n;
        prev = ok.mac;
      }
      return new AuditTrail(fd, key, seq, prev, now);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** The last line written: logged at start and stop, so that a file cut short can be told. */
  get head(): ChainHead {
    return { seq: this.seq, mac: this.prev };
  }

  append(event: Record<string, unknown>): void {
    // Never write through a closed descriptor: its number may belong to another file by now.
    if (this.closed) throw new Error('the audit file is closed');
    const { mac: _ignored, ...fields } = event;
    const line: Record<string, unknown> = {
      ...fields,
      ts: this.now().toISOString(),
      seq: this.seq + 1,
      prev: this.prev,
    };
    const mac = macOf(this.key, line);
    const bytes = Buffer.from(`${canonicalJson({ ...line, mac })}\n`, 'utf8');
    for (let off = 0; off < bytes.length;) off += writeSync(this.fd, bytes, off);
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
  | { ok: true; events: number; head: ChainHead }
  | { ok: false; line: number; problem: string; events: number };

/** Checks every line of an audit file, streaming: JSON, form, sequence, chain and MAC. */
export async function verifyAuditFile(path: string, key: string): Promise<VerifyResult> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let prev = GENESIS;
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    const r = checkLine(raw, n, prev, key);
    if ('problem' in r) {
      lines.close();
      return { ok: false, line: n, problem: r.problem, events: n - 1 };
    }
    prev = r.mac;
  }
  return { ok: true, events: n, head: { seq: n, mac: prev } };
}

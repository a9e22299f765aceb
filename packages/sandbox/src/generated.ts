/**
 * Article bodies that are generated while they are sent: a 150 MB body costs the sandbox (which
 * runs inside the test process) a few KiB, not 150 MB. A generated body is a list of segments, each
 * a unit repeated; in a reply it stands as a placeholder that the sender replaces by the body's
 * JSON text, written chunk by chunk with backpressure.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SandboxStore } from './store.js';

const NONCE = randomBytes(6).toString('hex');
const MARK = new RegExp(`"\\\\u0000GEN:${NONCE}:(\\d+)\\\\u0000"`, 'g');
const CHUNK_CHARS = 64 * 1024;

export type Segment = { unit: string; repeat: number };

let nextId = 1;
const live = new Map<number, GeneratedText>();

export class GeneratedText {
  readonly id = nextId++;
  /** Length in UTF-16 code units, as `String.prototype.length` counts it. */
  readonly length: number;
  /** How often it was sent whole, and how often the sending stopped because the client went away. */
  readonly sent = { complete: 0, aborted: 0 };

  constructor(readonly segments: readonly Segment[]) {
    this.length = segments.reduce((n, s) => n + s.unit.length * s.repeat, 0);
    live.set(this.id, this);
  }

  /** JSON.stringify writes the placeholder; the sender finds it again. */
  toJSON(): string {
    return `\u0000GEN:${NONCE}:${this.id}\u0000`;
  }

  /** The first characters (for search and for tests). */
  prefix(n: number): string {
    return this.slice(0, n);
  }

  /** Characters `[start, end)` as `String.prototype.slice` gives them, without building the rest. */
  slice(start: number, end: number): string {
    let out = '';
    let at = 0; // where the current segment starts
    for (const s of this.segments) {
      const len = s.unit.length * s.repeat;
      if (at + len > start && at < end) {
        const from = Math.max(start - at, 0);
        const to = Math.min(end - at, len);
        const first = Math.floor(from / s.unit.length);
        const last = Math.ceil(to / s.unit.length);
        const piece = s.unit.repeat(last - first);
        out += piece.slice(from - first * s.unit.length, to - first * s.unit.length);
      }
      at += len;
      if (at >= end) break;
    }
    return out;
  }

  /** The body's JSON string text (with its quotes) in chunks. */
  *json(): Generator<string> {
    yield '"';
    for (const s of this.segments) {
      const esc = JSON.stringify(s.unit).slice(1, -1);
      const per = Math.max(1, Math.floor(CHUNK_CHARS / Math.max(1, esc.length)));
      const block = esc.repeat(Math.min(per, s.repeat));
      let left = s.repeat;
      while (left >= per) {
        yield block;
        left -= per;
      }
      if (left > 0) yield esc.repeat(left);
    }
    yield '"';
  }

  /** Bytes of the JSON text. */
  jsonBytes(): number {
    return (
      2 +
      this.segments.reduce((n, s) => n + Buffer.byteLength(JSON.stringify(s.unit).slice(1, -1)) * s.repeat, 0)
    );
  }
}

/** The generated bodies of a store's articles, by article id. */
const bodies = new WeakMap<SandboxStore, Map<number, GeneratedText>>();

export function setGeneratedBody(store: SandboxStore, articleId: number, text: GeneratedText): void {
  let m = bodies.get(store);
  if (!m) bodies.set(store, (m = new Map()));
  m.set(articleId, text);
}

export function generatedBody(store: SandboxStore, articleId: number): GeneratedText | undefined {
  return bodies.get(store)?.get(articleId);
}

/** Whether a serialized reply holds generated bodies. */
export function hasGenerated(payload: string): boolean {
  return payload.includes(`GEN:${NONCE}:`);
}

/**
 * Writes a serialized reply whose generated bodies are streamed in; stops when the client goes away
 * (and counts that on the body).
 */
export async function writeWithGenerated(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: string,
): Promise<void> {
  const pieces: Array<string | GeneratedText> = [];
  let last = 0;
  let length = 0;
  for (const m of payload.matchAll(MARK)) {
    const text = live.get(Number(m[1]));
    if (!text) continue;
    const before = payload.slice(last, m.index);
    pieces.push(before, text);
    length += Buffer.byteLength(before) + text.jsonBytes();
    last = m.index + m[0].length;
  }
  const tail = payload.slice(last);
  pieces.push(tail);
  length += Buffer.byteLength(tail);
  res.writeHead(status, { ...headers, 'Content-Length': String(length) });
  const write = async (s: string): Promise<boolean> => {
    if (res.destroyed) return false;
    if (!res.write(s))
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    return !res.destroyed;
  };
  for (const p of pieces) {
    if (typeof p === 'string') {
      if (!(await write(p))) break;
      continue;
    }
    let ok = true;
    for (const chunk of p.json()) if (!(ok = await write(chunk))) break;
    if (!ok) {
      p.sent.aborted++;
      return;
    }
    p.sent.complete++;
  }
  res.end();
}

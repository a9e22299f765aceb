/**
 * Reading a Zammad answer's body within limits: never more than the limit is held, and past it the
 * read stops (the caller drops the connection). Small JSON answers are collected and handed to
 * JSON.parse; larger ones, and every answer read with a plan (article bodies cut while reading),
 * go through the streaming parser.
 */
import { JsonStreamError } from './json-errors.js';
import type { ReadPlan } from './json-plan.js';
import { JsonStream } from './json-stream.js';
import type { WireResponse } from './transport.js';

/** Answers up to this size without a plan are parsed by JSON.parse at once (its speed, their size). */
const COLLECT_BYTES = 1024 * 1024;

/**
 * GC pacing. Every socket read is a fresh 64 KB buffer outside the JS heap, and V8 frees dead ones
 * only when it collects, which a stream that allocates little JS rarely makes it do (with the stdio
 * launch's 2 MB young generation, a 150 MB answer left ~60 MB of dead buffers, and a resident set
 * that stayed up after). So past the first MiB of an answer, each chunk read allocates as much
 * short-lived JS as it holds bytes: young collections then come every couple of MB and free the
 * buffers with the rest (bench/hostile.ts; ADR 0006).
 */
let pacer: unknown;
function pace(bytes: number): void {
  pacer = new Array(bytes >>> 3);
}

export interface BodyLimits {
  /** Bytes kept from the answer. */
  maxKeptBytes: number;
  /** Bytes read in all (as large as `maxKeptBytes` unless a plan skips parts). */
  maxRawBytes: number;
}

/** The declared length, when the server sent one. */
function declaredLength(res: WireResponse): number | undefined {
  const n = Number(res.headers.get('content-length') ?? NaN);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * The answer's JSON value (`undefined` for an empty body). Throws JsonStreamError `too_large` before
 * reading past a limit, or `syntax` for a body that is not JSON; the reader is cancelled either way.
 */
export async function readJson(res: WireResponse, limits: BodyLimits, plan?: ReadPlan): Promise<unknown> {
  try {
    const declared = declaredLength(res);
    if (declared !== undefined && declared > limits.maxRawBytes)
      throw new JsonStreamError('too_large', 'answer too large', 'raw');
    return plan ? await streamAll(res, limits, plan, []) : await collectThenParse(res, limits);
  } catch (e) {
    res.cancel();
    throw e;
  }
}

async function collectThenParse(res: WireResponse, limits: BodyLimits): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const collect = Math.min(COLLECT_BYTES, limits.maxKeptBytes);
  for (;;) {
    const value = await res.next();
    if (value === undefined) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > collect) return streamAll(res, limits, undefined, chunks);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks, size).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new JsonStreamError('syntax', 'not JSON');
  }
}

async function streamAll(
  res: WireResponse,
  limits: BodyLimits,
  plan: ReadPlan | undefined,
  first: Uint8Array[],
): Promise<unknown> {
  const p = new JsonStream({ maxKeptBytes: limits.maxKeptBytes, maxRawBytes: limits.maxRawBytes }, plan);
  let read = 0;
  for (const c of first) {
    p.write(c);
    read += c.byteLength;
  }
  for (;;) {
    const value = await res.next();
    if (value === undefined) break;
    p.write(value);
    read += value.byteLength;
    if (read > COLLECT_BYTES) pace(value.byteLength);
  }
  void pacer;
  return p.end();
}

/** An error body, read up to a small size (the message is all we use); anything else is dropped. */
export async function readErrorBody(res: WireResponse, maxBytes = 64 * 1024): Promise<unknown> {
  try {
    return await readJson(res, { maxKeptBytes: maxBytes, maxRawBytes: maxBytes });
  } catch {
    return undefined;
  }
}

/** A binary body up to `maxBytes`; throws JsonStreamError `too_large` (the response dropped) past it. */
export async function readBinary(res: WireResponse, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const declared = declaredLength(res);
    if (declared !== undefined && declared > maxBytes)
      throw new JsonStreamError('too_large', 'file too large', 'raw');
    for (;;) {
      const value = await res.next();
      if (value === undefined) break;
      total += value.byteLength;
      if (total > maxBytes) throw new JsonStreamError('too_large', 'file too large', 'raw');
      chunks.push(value);
    }
  } catch (e) {
    res.cancel();
    throw e;
  }
  return Buffer.concat(chunks, total);
}

/**
 * The first `maxBytes` of a body: past them the read stops and the response is cancelled (the
 * caller drops the connection), with `truncated` set. For sources whose beginning is what matters
 * (a raw email's headers), where a longer answer is no error.
 */
export async function readPrefix(
  res: WireResponse,
  maxBytes: number,
): Promise<{ data: Buffer; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const value = await res.next();
    if (value === undefined) break;
    const room = maxBytes - total;
    if (value.byteLength > room) {
      if (room > 0) chunks.push(value.subarray(0, room));
      res.cancel();
      return { data: Buffer.concat(chunks, maxBytes), truncated: true };
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return { data: Buffer.concat(chunks, total), truncated: false };
}

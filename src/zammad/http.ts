/**
 * The HTTP layer of the Zammad client: keep-alive, timeouts, cancellation, a concurrency cap,
 * bounded retries with jitter for idempotent requests only, and bounded reads (body.ts): no answer
 * is held past its limit, and the connection of one that goes past it is dropped.
 */
import { readBinary, readErrorBody, readJson, readPrefix, type BodyLimits } from './body.js';
import { errorFromResponse, ZammadError } from './errors.js';
import { JsonStreamError } from './json-errors.js';
import { multipart, type FilePart } from './multipart.js';
import type { ReadPlan } from './json-plan.js';
import { DEFAULT_READ_LIMITS, type ZammadAuth } from './options.js';
import { IDEMPOTENT, NOT_SENT, parseRetryAfter, RETRY_STATUS, sleep } from './retry-policy.js';
import { Semaphore } from './semaphore.js';
import { Transport } from './transport.js';

export interface HttpOptions {
  apiUrl: string;
  auth: ZammadAuth;
  ca?: string;
  timeoutMs: number;
  maxRetries: number;
  maxConcurrency: number;
  userAgent?: string;
  /** Test hook: base delay of the retry backoff in ms (default 250). */
  retryBaseMs?: number;
  /** Longest Retry-After we wait for, in seconds (default 30); longer ones fail at once. */
  maxRetryAfterSeconds?: number;
  /** Bytes kept from an answer that names no limit of its own (default 8 MiB). */
  maxResponseBytes?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Extra headers (e.g. `From` for impersonation). */
  headers?: Record<string, string>;
  /** A POST that only reads (an init or search): retried and timed out like a GET, never "unknown outcome". */
  readOnly?: boolean;
  /** The path is under Zammad's base URL rather than its API (`/graphql`). */
  root?: boolean;
  /** Send a multipart/form-data body of files instead of JSON (the upload cache takes files this way). */
  files?: readonly FilePart[];
  /**
   * Accept a binary body up to this many bytes. With `prefix`, a longer body is no error: its first
   * `maxBytes` are kept and the body is `{data, truncated}` instead of a Buffer.
   */
  binary?: { maxBytes: number; prefix?: boolean };
  /** How a JSON body is read: its limits (default: `maxResponseBytes` kept and read) and plan. */
  read?: Partial<BodyLimits> & { plan?: ReadPlan };
}

export interface HttpResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestObserver {
  (event: { method: string; path: string; status: number | undefined; ms: number; attempt: number }): void;
}

function authHeader(auth: ZammadAuth): string {
  switch (auth.kind) {
    case 'token':
      return `Token token=${auth.token}`;
    case 'oauth2':
      return `Bearer ${auth.token}`;
    case 'basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }
}

export class ZammadHttp {
  readonly host: string;
  private readonly transport: Transport;
  private readonly sem: Semaphore;
  private authorization: string;
  private observers: RequestObserver[] = [];

  constructor(private readonly opts: HttpOptions) {
    this.host = new URL(opts.apiUrl).host;
    this.sem = new Semaphore(opts.maxConcurrency);
    this.authorization = authHeader(opts.auth);
    this.transport = new Transport(new URL(opts.apiUrl), opts.ca);
  }

  /**
   * A rotated credential (the secret file was read again): requests from now on send it; a request
   * already sent finishes with the one it had.
   */
  setAuth(auth: ZammadAuth): void {
    this.authorization = authHeader(auth);
  }

  /** Observe every attempt (the benchmark measures upstream time with this). */
  observe(fn: RequestObserver): () => void {
    this.observers.push(fn);
    return () => {
      this.observers = this.observers.filter((o) => o !== fn);
    };
  }

  async close(): Promise<void> {
    this.transport.close();
  }

  /**
   * One request, with one deadline: `timeoutMs` bounds the whole of it, retries and their waits
   * included, so a Zammad that never answers costs `timeoutMs` once, not once per attempt.
   */
  async request<T = unknown>(method: string, path: string, o: RequestOptions = {}): Promise<HttpResponse<T>> {
    const idempotent = IDEMPOTENT.has(method) || o.readOnly === true;
    const maxAttempts = idempotent ? this.opts.maxRetries + 1 : 1;
    const what = `${method} ${path}`;
    const deadline = performance.now() + this.opts.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, path, o, what, attempt, deadline);
      } catch (e) {
        if (!(e instanceof ZammadError)) throw e;
        const retryable =
          e.kind === 'network' ||
          e.kind === 'timeout' ||
          (e.status !== undefined && RETRY_STATUS.has(e.status));
        if (!idempotent || !retryable || attempt >= maxAttempts) throw e;
        const maxWait = this.opts.maxRetryAfterSeconds ?? 30;
        if (e.retryAfter !== undefined && e.retryAfter > maxWait) throw e;
        const base = this.opts.retryBaseMs ?? 250;
        const backoff = base * 2 ** (attempt - 1);
        const wait = e.retryAfter !== undefined ? e.retryAfter * 1000 : backoff / 2 + Math.random() * backoff;
        // No time left for another attempt after the wait: this failure is the answer.
        if (performance.now() + wait >= deadline) throw e;
        await sleep(wait, o.signal);
      }
    }
  }

  /**
   * Runs a body read; a body over its limit or not JSON drops the connection (the abort destroys the
   * socket, so nothing more is received) and fails with an error that says what to do.
   */
  private async readOrDrop<R>(
    ac: AbortController,
    read: () => Promise<R>,
    what: string,
    limits?: BodyLimits,
    binaryMax?: number,
  ): Promise<R> {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof JsonStreamError)) throw e;
      ac.abort();
      if (e.kind === 'syntax')
        throw new ZammadError(
          'bad_response',
          `Zammad at ${this.host} sent a response to ${what} that is not JSON.`,
          undefined,
          // Log-only, and never a piece of the message: the error map blanks the detail out of it.
          `JSON syntax: ${e.what}`,
        );
      if (!limits)
        throw new ZammadError(
          'too_large',
          `The file from Zammad at ${this.host} is over the limit of ${binaryMax} bytes.`,
          undefined,
          e.what,
        );
      const limit = e.limit === 'raw' ? limits.maxRawBytes : limits.maxKeptBytes;
      throw new ZammadError(
        'too_large',
        `Zammad's answer to ${what} is larger than this server reads (${mib(limit)}), so it was not read. ` +
          'Narrow the request (fewer or smaller records), or raise ZAMMAD_MAX_RESPONSE_BYTES if such answers are expected.',
        undefined,
        `${e.limit ?? ''} limit ${limit} bytes`,
      );
    }
  }

  private async once<T>(
    method: string,
    path: string,
    o: RequestOptions,
    what: string,
    attempt: number,
    deadline: number,
  ): Promise<HttpResponse<T>> {
    if (o.signal?.aborted) throw new ZammadError('cancelled', 'The request was cancelled.');
    const release = await this.sem.acquire(o.signal);
    const started = performance.now();
    let status: number | undefined;
    // One controller for the timeout and the caller's signal: AbortSignal.timeout/any cost a
    // measurable share of a call (they are built transferable) and this runs on every request.
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        ac.abort(new DOMException('The operation timed out.', 'TimeoutError'));
      },
      Math.max(0, deadline - performance.now()),
    );
    const callerSignal = o.signal;
    const onCallerAbort = (): void => ac.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const signal = ac.signal;
    const url = new URL((o.root ? this.opts.apiUrl.replace(/\/api\/v1\/?$/, '') : this.opts.apiUrl) + path);
    for (const [k, v] of Object.entries(o.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.authorization,
      'user-agent': this.opts.userAgent ?? 'zammad-mcp',
      ...o.headers,
    };
    let payload: string | Buffer | null = null;
    if (o.files) {
      const form = multipart(o.files);
      headers['content-type'] = form.contentType;
      payload = form.body;
    } else if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(o.body);
    }
    let sent = false;
    try {
      // node:http follows no redirect: one off the configured origin is refused below.
      const res = await this.transport.send(url, {
        method,
        headers,
        body: payload,
        signal,
      });
      sent = true;
      status = res.status;
      if (status >= 300 && status < 400) {
        res.cancel();
        throw new ZammadError(
          'bad_response',
          `Zammad at ${this.host} answered ${what} with a redirect; check ZAMMAD_URL.`,
          status,
        );
      }
      if (status >= 400) {
        const body = await readErrorBody(res);
        throw errorFromResponse(
          status,
          body,
          this.host,
          what,
          parseRetryAfter(res.headers.get('retry-after')),
        );
      }
      if (o.binary?.prefix) {
        const r = await readPrefix(res, o.binary.maxBytes);
        // The rest is not read: drop the connection rather than hand a half-read socket back.
        if (r.truncated) ac.abort();
        return { status, body: r as T, headers: res.headers };
      }
      if (o.binary) {
        const max = o.binary.maxBytes;
        const buf = await this.readOrDrop(ac, () => readBinary(res, max), what, undefined, max);
        return { status, body: buf as T, headers: res.headers };
      }
      const kept = o.read?.maxKeptBytes ?? this.opts.maxResponseBytes ?? DEFAULT_READ_LIMITS.maxResponseBytes;
      const limits = { maxKeptBytes: kept, maxRawBytes: o.read?.maxRawBytes ?? kept };
      const body = await this.readOrDrop(ac, () => readJson(res, limits, o.read?.plan), what, limits);
      return { status, body: body as T, headers: res.headers };
    } catch (e) {
      if (e instanceof ZammadError) throw e;
      const idempotent = IDEMPOTENT.has(method) || o.readOnly === true;
      if (o.signal?.aborted) {
        // A write cancelled once it was on its way may have landed: say so rather than "cancelled".
        if (!idempotent)
          throw new ZammadError(
            'unknown_outcome',
            `The request to Zammad at ${this.host} (${what}) was cancelled while Zammad may have been handling it. The change may or may not have been made: check the record before trying again.`,
          );
        throw new ZammadError('cancelled', 'The request was cancelled.');
      }
      if (timedOut) {
        if (!idempotent)
          throw new ZammadError(
            'unknown_outcome',
            `Zammad at ${this.host} did not answer ${what} within ${this.opts.timeoutMs} ms (ZAMMAD_TIMEOUT_MS). The change may or may not have been made: check the record before trying again.`,
          );
        throw new ZammadError(
          'timeout',
          `Zammad at ${this.host} did not answer ${what} within ${this.opts.timeoutMs} ms (ZAMMAD_TIMEOUT_MS, the deadline of the whole request${attempt > 1 ? `, ${attempt} attempts` : ''}).`,
        );
      }
      const code = (e as { code?: string }).code;
      // A write that failed before a connection existed did not happen; any other failure may have.
      if (!idempotent && (sent || !NOT_SENT.has(code ?? ''))) {
        throw new ZammadError(
          'unknown_outcome',
          `The connection to Zammad at ${this.host} broke during ${what}. The change may or may not have been made: check the record before trying again.`,
        );
      }
      // The code (ECONNREFUSED, a certificate error, …) also as the detail: `doctor` tells them apart.
      throw new ZammadError(
        'network',
        `Cannot reach Zammad at ${this.host}${code ? ` (${code})` : ''}.`,
        undefined,
        code,
      );
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      release();
      const ms = performance.now() - started;
      for (const ob of this.observers) ob({ method, path, status, ms, attempt });
    }
  }
}

function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

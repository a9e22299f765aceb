/**
 * The HTTP layer of the Zammad client: keep-alive, timeouts, cancellation, a concurrency cap,
 * and bounded retries with jitter for idempotent requests only.
 */
import type { ZammadAuth } from './options.js';
import { errorFromResponse, ZammadError } from './errors.js';

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
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Extra headers (e.g. `From` for impersonation). */
  headers?: Record<string, string>;
  /** Accept a binary body up to this many bytes. */
  binary?: { maxBytes: number };
}

export interface HttpResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestObserver {
  (event: { method: string; path: string; status: number | undefined; ms: number; attempt: number }): void;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

class Semaphore {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  constructor(private readonly max: number) {}
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = this.queue.indexOf(go);
          if (i >= 0) this.queue.splice(i, 1);
          reject(new ZammadError('cancelled', 'The request was cancelled.'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.queue.push(go);
      });
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.queue.shift()?.();
    };
  }
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

function parseRetryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return n;
  const d = Date.parse(v);
  return Number.isNaN(d) ? undefined : Math.max(0, (d - Date.now()) / 1000);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ZammadError('cancelled', 'The request was cancelled.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new ZammadError('cancelled', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class ZammadHttp {
  readonly host: string;
  /** Only with ZAMMAD_CA_FILE: undici's own fetch and an agent trusting the extra CAs (loaded on first use). */
  private custom: Promise<{ fetch: typeof globalThis.fetch; close: () => Promise<void> }> | undefined;
  private readonly sem: Semaphore;
  private readonly authorization: string;
  private observers: RequestObserver[] = [];

  constructor(private readonly opts: HttpOptions) {
    this.host = new URL(opts.apiUrl).host;
    this.sem = new Semaphore(opts.maxConcurrency);
    this.authorization = authHeader(opts.auth);
  }

  /** Observe every attempt (the benchmark measures upstream time with this). */
  observe(fn: RequestObserver): () => void {
    this.observers.push(fn);
    return () => {
      this.observers = this.observers.filter((o) => o !== fn);
    };
  }

  async close(): Promise<void> {
    if (this.custom) await (await this.custom).close();
  }

  /**
   * Node's fetch keeps connections alive on its global agent. A private CA needs an agent of its
   * own, from the undici package (imported only then: it costs ~150 ms at start-up).
   */
  private fetcher(): Promise<typeof globalThis.fetch> | typeof globalThis.fetch {
    const ca = this.opts.ca;
    if (!ca) return globalThis.fetch;
    this.custom ??= import('undici').then((u) => {
      const agent = new u.Agent({ keepAliveTimeout: 30_000, connect: { ca } });
      const f = ((input: string | URL, init?: RequestInit) =>
        u.fetch(input, { ...(init as object), dispatcher: agent } as Parameters<
          typeof u.fetch
        >[1])) as unknown as typeof globalThis.fetch;
      return { fetch: f, close: () => agent.close() };
    });
    return this.custom.then((c) => c.fetch);
  }

  async request<T = unknown>(method: string, path: string, o: RequestOptions = {}): Promise<HttpResponse<T>> {
    const idempotent = IDEMPOTENT.has(method);
    const maxAttempts = idempotent ? this.opts.maxRetries + 1 : 1;
    const what = `${method} ${path}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, path, o, what, attempt);
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
        await sleep(wait, o.signal);
      }
    }
  }

  private async once<T>(
    method: string,
    path: string,
    o: RequestOptions,
    what: string,
    attempt: number,
  ): Promise<HttpResponse<T>> {
    if (o.signal?.aborted) throw new ZammadError('cancelled', 'The request was cancelled.');
    const release = await this.sem.acquire(o.signal);
    const started = performance.now();
    let status: number | undefined;
    // One controller for the timeout and the caller's signal: AbortSignal.timeout/any cost a
    // measurable share of a call (they are built transferable) and this runs on every request.
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    }, this.opts.timeoutMs);
    const callerSignal = o.signal;
    const onCallerAbort = (): void => ac.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const signal = ac.signal;
    const url = new URL(this.opts.apiUrl + path);
    for (const [k, v] of Object.entries(o.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: this.authorization,
      'user-agent': this.opts.userAgent ?? 'zammad-mcp',
      ...o.headers,
    };
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    let sent = false;
    try {
      const doFetch = await this.fetcher();
      const res = await doFetch(url, {
        method,
        headers,
        body: o.body === undefined ? null : JSON.stringify(o.body),
        signal,
        redirect: 'manual', // never follow a redirect off the configured origin
      });
      sent = true;
      status = res.status;
      if (status >= 300 && status < 400) {
        await res.body?.cancel();
        throw new ZammadError(
          'bad_response',
          `Zammad at ${this.host} answered ${what} with a redirect; check ZAMMAD_URL.`,
          status,
        );
      }
      if (status >= 400) {
        const body = await readJsonSafe(res);
        throw errorFromResponse(
          status,
          body,
          this.host,
          what,
          parseRetryAfter(res.headers.get('retry-after')),
        );
      }
      if (o.binary) {
        const buf = await readLimited(res, o.binary.maxBytes, this.host);
        return { status, body: buf as T, headers: res.headers };
      }
      const text = await res.text();
      let body: unknown = text;
      if (text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          throw new ZammadError(
            'bad_response',
            `Zammad at ${this.host} sent a response to ${what} that is not JSON.`,
            status,
          );
        }
      } else body = undefined;
      return { status, body: body as T, headers: res.headers };
    } catch (e) {
      if (e instanceof ZammadError) throw e;
      const idempotent = IDEMPOTENT.has(method);
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
            `Zammad at ${this.host} did not answer ${what} within ${this.opts.timeoutMs} ms. The change may or may not have been made: check the record before trying again.`,
          );
        throw new ZammadError(
          'timeout',
          `Zammad at ${this.host} did not answer within ${this.opts.timeoutMs} ms.`,
        );
      }
      const code = (e as { cause?: { code?: string } }).cause?.code;
      // A write that failed before a connection existed did not happen; any other failure may have.
      if (!idempotent && (sent || !NOT_SENT.has(code ?? ''))) {
        throw new ZammadError(
          'unknown_outcome',
          `The connection to Zammad at ${this.host} broke during ${what}. The change may or may not have been made: check the record before trying again.`,
        );
      }
      throw new ZammadError('network', `Cannot reach Zammad at ${this.host}${code ? ` (${code})` : ''}.`);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      release();
      const ms = performance.now() - started;
      for (const ob of this.observers) ob({ method, path, status, ms, attempt });
    }
  }
}

async function readJsonSafe(res: { text(): Promise<string> }): Promise<unknown> {
  try {
    const t = await res.text();
    return t ? JSON.parse(t) : undefined;
  } catch {
    return undefined;
  }
}

async function readLimited(res: Response, maxBytes: number, host: string): Promise<Buffer> {
  const len = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(len) && len > maxBytes) {
    await res.body?.cancel();
    throw new ZammadError(
      'too_large',
      `The file from Zammad at ${host} is ${len} bytes, over the limit of ${maxBytes}.`,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body) {
    total += (chunk as Uint8Array).byteLength;
    if (total > maxBytes) {
      throw new ZammadError(
        'too_large',
        `The file from Zammad at ${host} is over the limit of ${maxBytes} bytes.`,
      );
    }
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

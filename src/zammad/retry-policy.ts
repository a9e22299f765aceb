/**
 * What the HTTP layer retries and how it waits: retryable statuses, idempotent methods, the
 * connection errors that prove nothing was sent, Retry-After, and a cancellable wait.
 */
import { ZammadError } from './errors.js';

export const RETRY_STATUS = new Set([429, 502, 503, 504]);
export const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
export const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function parseRetryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return n;
  const d = Date.parse(v);
  return Number.isNaN(d) ? undefined : Math.max(0, (d - Date.now()) / 1000);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/**
 * One error taxonomy for everything that can go wrong talking to Zammad.
 * `message` is safe to show the model: it names the host, never the token, the query string or the raw body.
 * `detail` is for the log only.
 */
import { permissionFor } from './permissions.js';

export type ZammadErrorKind =
  | 'authentication_required' // 403 "Authentication required": no credentials reached Zammad
  | 'unauthorized' // 401: bad, expired or unknown credentials
  | 'permission' // 403 "User/Token authorization failed": the token or role lacks a permission
  | 'forbidden' // 403 on a record the caller may not see
  | 'not_found' // 404
  | 'validation' // 422 and 400
  | 'conflict' // a 200 that reports failure (merge), or a state conflict
  | 'rate_limited' // 429
  | 'server' // 5xx
  | 'network' // connection refused, reset, DNS
  | 'timeout' // no answer in time
  | 'cancelled' // the caller aborted
  | 'unknown_outcome' // a write whose outcome is unknown (timeout or reset after sending)
  | 'too_large' // a response bigger than we accept
  | 'bad_response'; // a response we could not parse

export class ZammadError extends Error {
  override readonly name = 'ZammadError';
  constructor(
    readonly kind: ZammadErrorKind,
    message: string,
    readonly status?: number,
    /** Log-only detail (Zammad's own message, already stripped of secrets). */
    readonly detail?: string,
    /** Seconds from Retry-After, where Zammad sent one. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Zammad's two answers for a record this token may not see: 404, or 403 on the record. */
export function isHidden(e: unknown): e is ZammadError {
  return e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden');
}

/** A read that a missing permission makes optional: undefined instead of Zammad's 403. */
export async function unlessForbidden<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ZammadError && (e.kind === 'permission' || e.kind === 'forbidden')) return undefined;
    throw e;
  }
}

const PERMISSION_HINT: Record<string, string> = {
  'Token authorization failed.': 'the access token lacks the permission',
  'Not authorized (token)!': 'the access token lacks the permission',
  'User authorization failed.': "the Zammad user's roles lack the permission",
  'Not authorized (user)!': "the Zammad user's roles lack the permission",
};

/** Zammad's own error text from its `{error, error_human}` body, if the body is one. */
export function zammadMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const b = body as { error?: unknown; error_human?: unknown; message?: unknown };
    if (typeof b.error_human === 'string') return b.error_human;
    if (typeof b.error === 'string') return b.error;
    if (typeof b.message === 'string') return b.message;
  }
  return undefined;
}

/**
 * Maps an HTTP error answer to a ZammadError. `what` describes the request in plain words
 * ("GET /tickets/5"); `host` is the Zammad host name.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  host: string,
  what: string,
  retryAfter?: number,
): ZammadError {
  const zm = zammadMessage(body);
  // Zammad's own text reaches the model only where it says what to fix (validation); elsewhere it
  // stays in `detail`, for the log. Zammad masks unexpected errors for non-admins as
  // "Error ID …: Please contact your administrator."
  const safeZm = zm && zm.length <= 300 ? zm : undefined;
  switch (true) {
    case status === 401:
      return new ZammadError(
        'unauthorized',
        `Zammad at ${host} rejected the credentials (HTTP 401). Check ZAMMAD_HTTP_TOKEN.`,
        status,
        zm,
      );
    case status === 403 && zm === 'Authentication required':
      return new ZammadError(
        'authentication_required',
        `Zammad at ${host} received no credentials. Set ZAMMAD_HTTP_TOKEN.`,
        status,
        zm,
      );
    case status === 403 && zm !== undefined && zm in PERMISSION_HINT: {
      const [method = '', path = ''] = what.split(' ');
      const needed = permissionFor(method, path) ?? 'this needs';
      return new ZammadError(
        'permission',
        `Zammad at ${host} refused ${what}: ${PERMISSION_HINT[zm as string]} ${needed}.`,
        status,
        zm,
      );
    }
    case status === 403:
      return new ZammadError('forbidden', `Zammad at ${host} refused ${what}: not authorized.`, status, zm);
    case status === 404:
      return new ZammadError('not_found', `Not found: ${what}.`, status, zm);
    case status === 400 || status === 422:
      return new ZammadError(
        'validation',
        `Zammad rejected the request: ${safeZm ?? 'invalid input'}.`,
        status,
        zm,
      );
    case status === 413:
      return new ZammadError(
        'too_large',
        `Zammad at ${host} refused ${what}: the request is too large.`,
        status,
        zm,
      );
    case status === 429:
      return new ZammadError(
        'rate_limited',
        `Zammad at ${host} is rate limiting requests; try again later.`,
        status,
        zm,
        retryAfter,
      );
    case status >= 500:
      return new ZammadError(
        'server',
        `Zammad at ${host} failed on ${what} (HTTP ${status}).`,
        status,
        zm,
        retryAfter,
      );
    default:
      return new ZammadError(
        'bad_response',
        `Zammad at ${host} answered ${what} with HTTP ${status}.`,
        status,
        zm,
      );
  }
}

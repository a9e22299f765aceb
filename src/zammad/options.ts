/**
 * What the Zammad client needs to know: where Zammad is, how to authenticate, and its bounds.
 * The configuration fills these in; the client imports nothing above itself.
 */

export type ZammadAuth =
  | { kind: 'token'; token: string }
  | { kind: 'oauth2'; token: string }
  | { kind: 'basic'; username: string; password: string };

export interface ZammadConfig {
  /** Origin plus path prefix, without `/api/v1` and without a trailing slash. */
  baseUrl: string;
  /** `${baseUrl}/api/v1` */
  apiUrl: string;
  auth: ZammadAuth;
  allowHttp: boolean;
  ca?: string;
  timeoutMs: number;
  maxRetries: number;
  maxConcurrency: number;
  cacheTtlMs: number;
  /** Bytes kept from one answer (ZAMMAD_MAX_RESPONSE_BYTES; ReadLimits). */
  maxResponseBytes: number;
  /** Characters of an article body kept (ZAMMAD_MAX_BODY_CHARS; ReadLimits). */
  maxBodyChars: number;
}

/** How much of a Zammad answer the client reads and keeps. */
export interface ReadLimits {
  /**
   * Bytes kept from one answer (ZAMMAD_MAX_RESPONSE_BYTES). An ordinary answer larger than this is
   * refused (`too_large`) and its connection dropped; an answer that carries article bodies may be
   * larger, as the parts of the bodies past `maxBodyChars` are skipped while reading and not kept.
   */
  maxResponseBytes: number;
  /**
   * Characters of one article body kept (ZAMMAD_MAX_BODY_CHARS). A longer body is cut while it is
   * read: the article then carries a `body_window` saying which part of how long a body it holds.
   */
  maxBodyChars: number;
}

export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = Object.freeze({
  maxResponseBytes: 8 * 1024 * 1024,
  maxBodyChars: 256 * 1024,
});

/**
 * An answer carrying article bodies streams past the kept bytes; this many times `maxResponseBytes`
 * is the most such an answer may be in all (1 GiB by default) before it is refused.
 */
export const ARTICLE_STREAM_FACTOR = 128;

export interface ZammadClientOptions extends Partial<ReadLimits> {
  /** `${baseUrl}/api/v1` */
  apiUrl: string;
  auth: ZammadAuth;
  /** Extra trusted CAs (PEM), for a Zammad behind a private CA. */
  ca?: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  maxConcurrency: number;
  cacheTtlMs: number;
}

/** The limits of a client, each given or its default. */
export function readLimitsOf(o: Partial<ReadLimits>): ReadLimits {
  return {
    maxResponseBytes: o.maxResponseBytes ?? DEFAULT_READ_LIMITS.maxResponseBytes,
    maxBodyChars: o.maxBodyChars ?? DEFAULT_READ_LIMITS.maxBodyChars,
  };
}

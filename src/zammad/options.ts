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
}

/**
 * A tiny HTTP client for talking to a sandbox in tests (real HTTP, `fetch`).
 * Not part of the product: only tests import it.
 */
import type { Sandbox, SandboxCredential } from './index.js';

export type Auth =
  { token: string } | { bearer: string } | { basic: [string, string] } | { header: string } | null;

export type ApiResponse = { status: number; headers: Headers; body: unknown; text: string };

export function asToken(c: SandboxCredential | string): Auth {
  return { token: typeof c === 'string' ? c : c.token };
}

function authHeader(auth: Auth): Record<string, string> {
  if (auth === null) return {};
  if ('token' in auth) return { Authorization: `Token token=${auth.token}` };
  if ('bearer' in auth) return { Authorization: `Bearer ${auth.bearer}` };
  if ('basic' in auth)
    return { Authorization: `Basic ${Buffer.from(`${auth.basic[0]}:${auth.basic[1]}`).toString('base64')}` };
  return { Authorization: auth.header };
}

/** `api(sb, auth)(method, path, body?, headers?)` — `path` is relative to /api/v1. */
export function api(sb: Sandbox, auth: Auth) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> => {
    const init: RequestInit = { method, headers: { ...authHeader(auth), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) };
    }
    const res = await fetch(`${sb.url}/api/v1${path}`, init);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
}

/** Narrowing helpers for test assertions. */
export const obj = (v: unknown): Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`expected an object, got ${JSON.stringify(v)?.slice(0, 200)}`);
  return v as Record<string, unknown>;
};

export const arr = (v: unknown): Array<Record<string, unknown>> => {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${JSON.stringify(v)?.slice(0, 200)}`);
  return v as Array<Record<string, unknown>>;
};

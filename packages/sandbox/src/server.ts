/**
 * The HTTP front: request log, faults (before routing), routing, authentication,
 * dispatch, error rendering. Every request ends up in the log with its final status.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { authenticate, isAdmin, type Principal } from './auth.js';
import { HttpError, errorBody, errorId, masked } from './errors.js';
import { sendSpoiled, spoils, type FaultList } from './faults.js';
import { hasGenerated, writeWithGenerated } from './generated.js';
import { isObject, type Ctx, type Handler, type Query, type Reply } from './http.js';
import type { MemoryRequestLog } from './request-log.js';
import { parseMultipart } from './multipart.js';
import type { SandboxStore } from './store.js';
import type { Json } from './types.js';

export const API_PREFIX = '/api/v1';
const MAX_BODY = 25 * 1024 * 1024;

export type Route = {
  method: string;
  path: string;
  handler: Handler;
  /** Reachable without credentials (authentication_check_only), e.g. KB search. */
  public?: boolean;
  /** Outside /api/v1 (e.g. /graphql). */
  root?: boolean;
};

type Compiled = Route & { re: RegExp; names: string[] };

function compile(route: Route): Compiled {
  const names: string[] = [];
  const src = route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { ...route, re: new RegExp(`^${route.root ? '' : API_PREFIX}${src}/?$`), names };
}

export function parseQuery(search: URLSearchParams): Query {
  const q: Query = {};
  for (const [rawKey, value] of search) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    const prev = q[key];
    if (rawKey.endsWith('[]') || prev !== undefined)
      q[key] = [...(prev === undefined ? [] : Array.isArray(prev) ? prev : [prev]), value];
    else q[key] = value;
  }
  return q;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new HttpError(413, 'Request Entity Too Large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export type ServerDeps = { store: SandboxStore; log: MemoryRequestLog; faults: FaultList; routes: Route[] };

export function buildServer(deps: ServerDeps): Server {
  const compiled = deps.routes.map(compile);
  let errorCounter = 0;
  const nextErrorId = () => errorId(deps.store.seed, (errorCounter += 1));

  return createServer((req, res) => {
    const done = deps.faults.begin();
    void handle(req, res)
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      })
      .finally(done);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const seq = deps.log.nextSeq();
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    const query = parseQuery(url.searchParams);
    const headers = headerMap(req);
    let body: unknown;
    let principal: Principal | null = null;
    const record = (status: number) =>
      deps.log.record({ seq, method, path, query, headers, body, status, at });

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      res.writeHead(413, { 'Content-Type': 'text/plain' }).end('Request Entity Too Large');
      record(413);
      return;
    }
    const text = raw.toString('utf8');
    let parseError = false;
    const form = (headers['content-type'] ?? '').startsWith('multipart/form-data')
      ? parseMultipart(raw, headers['content-type'] ?? '')
      : undefined;
    if (form) body = form;
    else if (text.trim() !== '') {
      const looksJson = (headers['content-type'] ?? '').includes('json') || /^\s*[[{"]/.test(text);
      if (looksJson) {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = text;
          parseError = true;
        }
      } else {
        body = text;
      }
    }

    const fault = deps.faults.take(method, path);
    fault?.onMatch?.();
    if (fault?.until) await fault.until.catch(() => undefined);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.reset) {
      req.socket.destroy();
      record(0);
      return;
    }
    if (fault?.status !== undefined) {
      const payload =
        fault.body === undefined
          ? ''
          : typeof fault.body === 'string'
            ? fault.body
            : JSON.stringify(fault.body);
      res.writeHead(fault.status, {
        'Content-Type':
          typeof fault.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        ...(fault.headers ?? {}),
      });
      res.end(payload);
      record(fault.status);
      return;
    }

    let reply: Reply;
    try {
      const match = route(compiled, method, path);
      if (!match) throw new HttpError(404, "This page doesn't exist.");
      if (parseError) throw new HttpError(400, 'Error occurred while parsing request parameters');
      principal = authenticate(deps.store, headers);
      if (!principal && !match.route.public) throw new HttpError(403, 'Authentication required');
      const input: Record<string, unknown> = { ...query, ...(isObject(body) ? body : {}) };
      const ctx: Ctx = {
        store: deps.store,
        method,
        path,
        params: match.params,
        query,
        body,
        input,
        headers,
        principal,
      };
      reply = await match.route.handler(ctx);
    } catch (err) {
      reply = errorReply(err, principal, deps.store, nextErrorId);
    }
    if (spoils(fault)) {
      const payload = Buffer.isBuffer(reply.body)
        ? reply.body
        : Buffer.from(JSON.stringify(reply.body ?? null));
      await sendSpoiled(res, reply.status, reply.headers ?? {}, payload, fault);
      record(fault.spoil === 'reset-mid-body' ? 0 : reply.status);
      return;
    }
    send(res, reply, headers, principal, deps.store.clock.peekMs());
    record(reply.status);
  }
}

function route(
  compiled: Compiled[],
  method: string,
  path: string,
): { route: Compiled; params: Record<string, string> } | undefined {
  for (const r of compiled) {
    if (r.method !== method) continue;
    const m = r.re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route: r, params };
  }
  return undefined;
}

function errorReply(
  err: unknown,
  principal: Principal | null,
  store: SandboxStore,
  nextId: () => string,
): Reply {
  const e = err instanceof HttpError ? err : masked(500, err instanceof Error ? err.message : String(err));
  const headers: Record<string, string> = {};
  if ((e.status === 401 || e.status === 403) && e.kind === 'human') headers['X-Failure'] = e.message;
  return { status: e.status, body: errorBody(e, isAdmin(store, principal), nextId), headers };
}

function send(
  res: ServerResponse,
  reply: Reply,
  reqHeaders: Record<string, string>,
  principal: Principal | null,
  now: number,
): void {
  // The Date header tells the time of the sandbox's clock, as a real Zammad's tells its own.
  const headers: Record<string, string> = { Date: new Date(now).toUTCString(), ...(reply.headers ?? {}) };
  if (principal) headers['Access-Control-Allow-Origin'] = '*';
  if (reply.empty) {
    res.writeHead(reply.status, { ...headers, 'Content-Length': '0' }).end();
    return;
  }
  if (Buffer.isBuffer(reply.body)) {
    res.writeHead(reply.status, { 'Content-Length': String(reply.body.length), ...headers }).end(reply.body);
    return;
  }
  const accept = reqHeaders['accept'];
  if (reply.status >= 400 && accept !== undefined && accept !== '' && !/json|\*\/\*/.test(accept)) {
    // Zammad renders public/<code>.html for non-JSON clients
    const msg = isObject(reply.body) ? String((reply.body as Record<string, Json>)['error'] ?? '') : '';
    const html = `<!DOCTYPE html>\n<html><head><title>Zammad</title></head><body><h1>${reply.status}</h1><p>${msg.replace(/</g, '&lt;')}</p></body></html>\n`;
    res.writeHead(reply.status, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    return;
  }
  const payload = JSON.stringify(reply.body ?? null);
  if (hasGenerated(payload)) {
    // Generated article bodies (hostile.ts) are streamed in as the reply is written.
    void writeWithGenerated(
      res,
      reply.status,
      { 'Content-Type': 'application/json; charset=utf-8', ...headers },
      payload,
    );
    return;
  }
  res
    .writeHead(reply.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(payload)),
      ...headers,
    })
    .end(payload);
}

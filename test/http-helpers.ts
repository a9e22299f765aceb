/**
 * HTTP-transport test helpers: the real app (createApp) served by startHttp on an ephemeral
 * loopback port, the official MCP client over Streamable HTTP, and raw node:http requests for
 * attacks a well-behaved client cannot make (forged Host, spoofed X-Forwarded-For, huge bodies).
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { z } from 'zod';
import { createApp, type App } from '../src/app.js';
import { generateKey, keyLine } from '../src/auth/api-keys.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import type { Timers } from '../src/server/index.js';
import type { Sandbox } from '@zammad-mcp/sandbox';
import { defineTool, type AnyTool } from '../src/tools/define.js';
import { startHttp, type HttpHandle, type HttpOptions } from '../src/transports/http/index.js';

export interface Served {
  app: App;
  h: HttpHandle;
  url: string;
  logs: string[];
  close(): Promise<void>;
}

export const KEYS = { alice: generateKey(), bob: generateKey(), reader: generateKey() };
export const KEYS_TEXT = [
  '# test keys',
  keyLine('alice', KEYS.alice),
  keyLine('bob', KEYS.bob),
  `${keyLine('reader', KEYS.reader)}:read`,
].join('\n');

export async function serve(
  sb: Sandbox,
  env: Record<string, string> = {},
  o: HttpOptions & { readFile?: (p: string) => string; timers?: Timers } = {},
): Promise<Served> {
  const r = loadConfig({
    env: {
      ZAMMAD_URL: sb.url,
      ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
      ZAMMAD_MAX_RETRIES: '0',
      MCP_TRANSPORT: 'http',
      MCP_HTTP_PORT: '0',
      MCP_API_KEYS: KEYS_TEXT,
      ...env,
    },
    ...(o.readFile ? { readFile: o.readFile } : {}),
  });
  if (!r.ok) throw new Error(r.problems.join('\n'));
  const logs: string[] = [];
  const app = await createApp(
    r.config,
    createLogger('debug', { write: (l) => void logs.push(l) }),
    o.timers ? { timers: o.timers } : {},
  );
  const h = await startHttp(app, o);
  return {
    app,
    h,
    url: h.url,
    logs,
    close: async () => {
      await h.close();
      await app.close();
    },
  };
}

export interface ClientOptions {
  key?: string;
  headers?: Record<string, string>;
  modern?: boolean;
  capabilities?: Record<string, unknown>;
  onElicit?: (params: Record<string, unknown>) => unknown;
}

export async function connect(
  url: string,
  o: ClientOptions = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const headers: Record<string, string> = {
    ...(o.key ? { authorization: `Bearer ${o.key}` } : {}),
    ...o.headers,
  };
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client(
    { name: 'http-tests', version: '1.0.0' },
    {
      capabilities: o.capabilities ?? (o.onElicit ? { elicitation: { form: {} } } : {}),
      ...(o.modern ? { versionNegotiation: { mode: 'auto' as const } } : {}),
    },
  );
  const onElicit = o.onElicit;
  if (onElicit)
    client.setRequestHandler(
      'elicitation/create',
      async (req) => (await onElicit(req.params as Record<string, unknown>)) as never,
    );
  await client.connect(transport);
  return { client, transport };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw request; the response is collected even when the server stops reading the body. */
export function raw(
  url: string,
  o: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Send the body in chunks without Content-Length. */
    chunked?: boolean;
    tls?: Pick<RequestOptions, 'ca' | 'cert' | 'key' | 'servername'>;
  } = {},
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let settled = false;
    const opts = {
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port,
      method: o.method ?? 'POST',
      path: o.path ?? u.pathname,
      headers: {
        ...(o.method === undefined || o.method === 'POST'
          ? { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
          : {}),
        ...o.headers,
      } as Record<string, string>,
      agent: false as const,
      ...(o.tls ?? {}),
    };
    if (o.body !== undefined && !o.chunked && !opts.headers['content-length'])
      opts.headers['content-length'] = String(Buffer.byteLength(o.body));
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => {
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
      res.on('error', (e) => {
        if (!settled) reject(e);
      });
    });
    // The server may answer (413) and close before the whole body was written.
    req.on('error', (e) => {
      if (!settled) setTimeout(() => !settled && reject(e), 500);
    });
    if (o.body !== undefined) {
      if (o.chunked) {
        const b = Buffer.from(o.body);
        const step = 64 * 1024;
        const write = (i: number): void => {
          if (i >= b.length || req.destroyed) return void req.end();
          if (req.write(b.subarray(i, i + step))) setImmediate(() => write(i + step));
          else req.once('drain', () => write(i + step));
        };
        write(0);
      } else req.end(o.body);
    } else req.end();
  });
}

export const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** A test-only write tool (the registry's write tools arrive separately): adds a tag. */
export const tagFixture: AnyTool = defineTool({
  name: 'fixture_add_tag',
  title: 'Add a tag (test fixture)',
  description: 'Test fixture: adds a tag to a ticket.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'write',
  input: z.object({ ticket_id: z.number().int().min(1), tag: z.string().min(1).max(50) }),
  output: z.object({ tagged: z.number() }),
  async handler(a, ctx) {
    await ctx.zammad.http.request('POST', '/tags/add', {
      body: { object: 'Ticket', o_id: a.ticket_id, item: a.tag },
      signal: ctx.signal,
    });
    return { text: `Tagged ${a.ticket_id}.`, structured: { tagged: a.ticket_id } };
  },
});

/** A test-only destructive tool with a preview, so the confirmation gate applies. */
export const deleteFixture: AnyTool = defineTool({
  name: 'fixture_delete_ticket',
  title: 'Delete a ticket (test fixture)',
  description: 'Test fixture: deletes a ticket after confirmation.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'destructive',
  input: z.object({ ticket_id: z.number().int().min(1) }),
  output: z.object({ deleted: z.number() }),
  async preview(a, ctx) {
    const t = await ctx.zammad.http.request<{ number: string; title: string }>(
      'GET',
      `/tickets/${a.ticket_id}`,
      {
        signal: ctx.signal,
      },
    );
    return {
      summary: `Delete ticket #${t.body.number}`,
      details: [['Ticket', `#${t.body.number} ${t.body.title}`]],
    };
  },
  async handler(a, ctx) {
    await ctx.zammad.http.request('DELETE', `/tickets/${a.ticket_id}`, { signal: ctx.signal });
    return { text: `Deleted ticket ${a.ticket_id}.`, structured: { deleted: a.ticket_id } };
  },
});

export function textOf(r: { content?: unknown }): string {
  const c = (r.content ?? []) as Array<{ type: string; text?: string }>;
  return c
    .filter((x) => x.type === 'text')
    .map((x) => x.text ?? '')
    .join('\n');
}

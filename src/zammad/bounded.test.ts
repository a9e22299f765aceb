import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHostileTicket, startSandbox, type HostileTicket, type Sandbox } from '@zammad-mcp/sandbox';
import { ZammadClient } from './client.js';
import { ZammadError } from './errors.js';
import { ZammadHttp } from './http.js';
import type { ZammadClientOptions } from './options.js';

async function failure(p: Promise<unknown>): Promise<ZammadError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ZammadError) return e;
    throw e;
  }
  throw new Error('expected a ZammadError');
}

describe('bounded reads: an answer over its limit', () => {
  let server: Server;
  let url: string;
  /** Resolves when the server's side of the current answer is closed. */
  let closed: Promise<{ bytes: number }>;
  let mode: 'endless' | 'declared' = 'endless';

  beforeAll(async () => {
    server = createServer((_req, res: ServerResponse) => {
      let bytes = 0;
      closed = new Promise((resolve) => res.on('close', () => resolve({ bytes })));
      const chunk = Buffer.from(`"${'x'.repeat(64 * 1024 - 2)}",`);
      if (mode === 'declared') {
        // says 100 MB, then sends nothing more than the headers
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(100 * 1024 * 1024),
        });
        res.flushHeaders();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const pump = (): void => {
        while (!res.destroyed) {
          bytes += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const http = (): ZammadHttp =>
    new ZammadHttp({
      apiUrl: url,
      auth: { kind: 'token', token: 'secret-token-NOT-IN-MESSAGES' },
      timeoutMs: 60_000,
      maxRetries: 0,
      maxConcurrency: 2,
      maxResponseBytes: 1024 * 1024,
    });

  it('fails with too_large, says what to do, and drops the connection', async () => {
    mode = 'endless';
    const e = await failure(http().request('GET', '/tickets/search'));
    expect(e.kind).toBe('too_large');
    expect(e.message).toContain('ZAMMAD_MAX_RESPONSE_BYTES');
    expect(e.message).toContain('1 MiB');
    expect(e.message).not.toContain('secret-token');
    // The server sees its answer closed: the client stopped reading and dropped the socket.
    const { bytes } = await closed;
    expect(bytes).toBeGreaterThan(1024 * 1024);
  });

  it('refuses at once an answer whose declared length is over the limit', async () => {
    mode = 'declared';
    const e = await failure(http().request('GET', '/tickets/search'));
    expect(e.kind).toBe('too_large');
    await closed;
  });

  it('a caller may allow more for one request', async () => {
    mode = 'endless';
    const e = await failure(http().request('GET', '/x', { read: { maxKeptBytes: 3 * 1024 * 1024 } }));
    expect(e.message).toContain('3 MiB');
    const { bytes } = await closed;
    expect(bytes).toBeGreaterThan(3 * 1024 * 1024);
  });
});

describe('bounded reads: hostile tickets in the sandbox', () => {
  let sb: Sandbox;
  let many: HostileTicket;
  let huge: HostileTicket;
  let deep: HostileTicket;
  const base = (): ZammadClientOptions => ({
    apiUrl: `${sb.url}/api/v1`,
    auth: { kind: 'token', token: sb.credentials.admin.token },
    timeoutMs: 120_000,
    maxRetries: 0,
    maxConcurrency: 4,
    cacheTtlMs: 60_000,
  });

  beforeAll(async () => {
    sb = await startSandbox({ tickets: 20 });
    many = addHostileTicket(sb.store, 'many-emails', { emails: 16, emailChars: 2_000_000 });
    huge = addHostileTicket(sb.store, 'huge-article', { articleChars: 20_000_000 });
    deep = addHostileTicket(sb.store, 'deep-html', { depth: 50_000 });
  });
  afterAll(() => sb.close());

  it('get_ticket-style view: the latest articles, bodies cut while read and saying so, in one request', async () => {
    const c = new ZammadClient(base());
    const mark = sb.log.mark();
    const v = await c.ticketView(many.ticket.id, { articles: 2, includeInternal: true });
    expect(sb.log.since(mark).length).toBe(1);
    expect(v.articlesTotal).toBe(16);
    expect(v.heads.map((h) => h.id)).toEqual(many.articles.map((a) => a.id));
    expect(v.articles.map((a) => a.id)).toEqual(many.articles.slice(-2).map((a) => a.id));
    for (const [i, a] of v.articles.entries()) {
      const gen = many.bodies[14 + i];
      expect(a.body_window).toEqual({ offset: 0, total: 2_000_000 });
      expect(a.body).toBe(gen?.slice(0, c.limits.maxBodyChars));
    }
    // Zammad sent every body whole; the client read through them without keeping them.
    expect(many.bodies.every((b) => b.sent.complete >= 1 && b.sent.aborted === 0)).toBe(true);
    await c.close();
  });

  it('list_ticket_articles-style page, newest first: one request, only the page kept', async () => {
    const c = new ZammadClient(base());
    const mark = sb.log.mark();
    const p = await c.ticketArticlesPage(many.ticket.id, {
      offset: 3,
      limit: 2,
      order: 'newest',
      includeInternal: true,
    });
    expect(sb.log.since(mark).length).toBe(1);
    expect(p.total).toBe(16);
    expect(p.articles.map((a) => a.id)).toEqual([many.articles[12]?.id, many.articles[11]?.id]);
    expect(p.articles.every((a) => a.body_window?.total === 2_000_000)).toBe(true);
    await c.close();
  });

  it('get_ticket_article-style window: any part of a huge body, counted in characters', async () => {
    const c = new ZammadClient(base());
    const id = huge.articles[0]?.id as number;
    const gen = huge.bodies[0];
    const a = await c.article(id, undefined, { offset: 12_345_678, chars: 30_000 });
    expect(a.body_window).toEqual({ offset: 12_345_678, total: 20_000_000 });
    expect(a.body).toBe(gen?.slice(12_345_678, 12_345_678 + 30_000));
    const first = await c.article(id);
    expect(first.body_window).toEqual({ offset: 0, total: 20_000_000 });
    expect(first.body.length).toBe(c.limits.maxBodyChars);
    const past = await c.article(id, undefined, { offset: 25_000_000 });
    expect(past.body_window).toEqual({ offset: 20_000_000, total: 20_000_000 });
    expect(past.body).toBe('');
    const html = await c.article(deep.articles[0]?.id as number);
    expect(html.body.startsWith('<div><div>')).toBe(true);
    expect(html.body_window?.total).toBe(deep.bodies[0]?.length);
    await c.close();
  });

  it('holds the page within the byte budget and fetches the rest of it one by one', async () => {
    const c = new ZammadClient({ ...base(), maxResponseBytes: 300_000, maxBodyChars: 100_000 });
    const mark = sb.log.mark();
    const v = await c.ticketView(many.ticket.id, { articles: 5, includeInternal: true });
    const paths = sb.log.since(mark).map((r) => r.path);
    // 300 kB holds two 100 k-character bodies: the three others of the page cost a request each
    expect(paths.length).toBe(4);
    expect(paths.filter((p) => p.startsWith('/api/v1/ticket_articles/')).length).toBe(3);
    expect(v.articles.map((a) => a.id)).toEqual(many.articles.slice(-5).map((a) => a.id));
    v.articles.forEach((a, i) => expect(a.body).toBe(many.bodies[11 + i]?.slice(0, 100_000)));
    await c.close();
  });

  it('refuses an ordinary answer over the limit, and says how to allow it', async () => {
    const c = new ZammadClient({ ...base(), maxResponseBytes: 2048 });
    const e = await failure(c.searchTickets({ query: '*', page: 1, perPage: 50 }));
    expect(e.kind).toBe('too_large');
    expect(e.message).toMatch(/larger than this server reads \(2 KiB\).*ZAMMAD_MAX_RESPONSE_BYTES/);
    await c.close();
  });
});

describe('bounded reads: normal tickets cost what they did', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ tickets: 30 });
  });
  afterAll(() => sb.close());

  it('one request for a view, a page and an article, with whole bodies and no window', async () => {
    const c = new ZammadClient({
      apiUrl: `${sb.url}/api/v1`,
      auth: { kind: 'token', token: sb.credentials.admin.token },
      timeoutMs: 10_000,
      maxRetries: 0,
      maxConcurrency: 4,
      cacheTtlMs: 60_000,
    });
    const t = [...sb.store.tickets.values()].find((x) => sb.store.articlesOf(x.id).length >= 4);
    if (!t) throw new Error('fixture');
    const arts = sb.store.articlesOf(t.id);
    let mark = sb.log.mark();
    const v = await c.ticketView(t.id, { articles: 3, includeInternal: false });
    expect(sb.log.since(mark).length).toBe(1);
    const pub = arts.filter((a) => !a.internal);
    expect(v.articlesTotal).toBe(pub.length);
    expect(v.articles.map((a) => [a.id, a.body, a.body_window])).toEqual(
      pub.slice(-3).map((a) => [a.id, a.body, undefined]),
    );
    mark = sb.log.mark();
    const p = await c.ticketArticlesPage(t.id, {
      offset: 1,
      limit: 2,
      order: 'oldest',
      includeInternal: true,
    });
    expect(sb.log.since(mark).length).toBe(1);
    expect(p.articles.map((a) => a.id)).toEqual(arts.slice(1, 3).map((a) => a.id));
    mark = sb.log.mark();
    const one = await c.article(arts[0]?.id as number);
    expect(sb.log.since(mark).length).toBe(1);
    expect([one.body, one.body_window]).toEqual([arts[0]?.body, undefined]);
    await c.close();
  });
});

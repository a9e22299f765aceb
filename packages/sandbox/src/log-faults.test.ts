import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultList } from './faults.js';
import { formatSandboxBanner, startSandbox, type Sandbox } from './index.js';
import { api, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ tickets: 40 });
});
afterAll(async () => {
  await sb.close();
});
afterEach(() => {
  sb.faults.clear();
});

const admin = () => api(sb, asToken(sb.credentials.admin));

describe('request log', () => {
  it('records method, path without query, query, headers, parsed body and final status', async () => {
    const mark = sb.log.mark();
    await admin()('GET', '/tickets/search?query=state.name:open&role_ids[]=1&role_ids[]=2');
    await admin()('POST', '/tickets', { title: 'x', group: 'Nope', customer_id: 9 });
    await api(sb, null)('GET', '/tickets/1');
    const [search, create, anon] = sb.log.since(mark);
    expect(search).toMatchObject({
      method: 'GET',
      path: '/api/v1/tickets/search',
      query: { query: 'state.name:open', role_ids: ['1', '2'] },
      status: 200,
    });
    expect(search?.headers['authorization']).toMatch(/^Token token=/);
    expect(create).toMatchObject({
      method: 'POST',
      path: '/api/v1/tickets',
      body: { title: 'x', group: 'Nope', customer_id: 9 },
      status: 422,
    });
    expect(anon?.status).toBe(403);
    expect(sb.log.count({ method: 'get', path: /^\/api\/v1\/tickets/ })).toBeGreaterThanOrEqual(2);
    expect(sb.log.mark()).toBe(anon?.seq ?? 0);
    sb.log.clear();
    expect(sb.log.entries).toHaveLength(0);
  });
});

describe('faults', () => {
  it('responds with a canned status, body and headers (e.g. 429 + Retry-After), `times` times', async () => {
    sb.faults.add({
      method: 'GET',
      path: '/api/v1/tickets/1',
      status: 429,
      body: { error: 'slow down' },
      headers: { 'Retry-After': '2' },
      times: 2,
    });
    const r1 = await admin()('GET', '/tickets/1');
    const r2 = await admin()('GET', '/tickets/1');
    const r3 = await admin()('GET', '/tickets/1');
    expect([r1.status, r2.status, r3.status]).toEqual([429, 429, 200]);
    expect(r1.headers.get('retry-after')).toBe('2');
    expect(r1.body).toEqual({ error: 'slow down' });
    const statuses = sb.log.entries.slice(-3).map((e) => e.status);
    expect(statuses).toEqual([429, 429, 200]);
  });

  it('matches by RegExp and applies before routing and authentication', async () => {
    sb.faults.add({ path: /^\/api\/v1\/no_route/, status: 503, body: 'maintenance', times: Infinity });
    const r = await api(sb, null)('GET', '/no_route/here');
    expect(r.status).toBe(503);
    expect(r.text).toBe('maintenance');
    expect((await api(sb, null)('GET', '/no_route/again')).status).toBe(503);
  });

  it('delays, then handles normally', async () => {
    sb.faults.add({ path: '/api/v1/users/me', delayMs: 150 });
    const t0 = Date.now();
    const r = await admin()('GET', '/users/me');
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('holds a request until the test lets it go, saying when it arrived', async () => {
    let release = (): void => undefined;
    const until = new Promise<void>((r) => (release = r));
    let arrived = false;
    const seen = new Promise<void>((r) =>
      sb.faults.add({
        path: '/api/v1/users/me',
        until,
        onMatch: () => {
          arrived = true;
          r();
        },
      }),
    );
    let done = false;
    const call = admin()('GET', '/users/me').then((x) => ((done = true), x));
    await seen;
    expect(arrived).toBe(true);
    expect(done).toBe(false);
    release();
    expect((await call).status).toBe(200);
  });

  it('resets the connection without a response, logged with status 0', async () => {
    sb.faults.add({ path: '/api/v1/tickets/2', reset: true });
    await expect(admin()('GET', '/tickets/2')).rejects.toThrow();
    const last = sb.log.entries[sb.log.entries.length - 1];
    expect(last).toMatchObject({ path: '/api/v1/tickets/2', status: 0 });
    expect((await admin()('GET', '/tickets/2')).status).toBe(200);
  });
});

describe('spoilers: the real handler answers, its response is damaged', () => {
  const raw = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${sb.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Token token=${sb.credentials.admin.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('truncated-json: a complete response carrying the first half of the real JSON', async () => {
    const whole = await (await raw('/tickets/1')).text();
    sb.faults.add({ path: '/api/v1/tickets/1', spoil: 'truncated-json' });
    const r = await raw('/tickets/1');
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(text).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('invalid-json: an HTML page labelled application/json, with the real status', async () => {
    sb.faults.add({ path: '/api/v1/tickets/1', spoil: 'invalid-json' });
    const r = await raw('/tickets/1');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(await r.text()).toMatch(/^<html>/);
  });

  it('reset-mid-body: the write is applied, the response breaks off, logged with status 0', async () => {
    const t = [...sb.store.tickets.values()][2];
    const before = sb.store.articlesOf(t?.id ?? 0).length;
    sb.faults.add({ method: 'POST', path: '/api/v1/ticket_articles', spoil: 'reset-mid-body' });
    const r = await raw('/ticket_articles', 'POST', { ticket_id: t?.id, body: 'hello', type: 'note' });
    expect(r.headers.get('content-length')).not.toBeNull();
    await expect(r.text()).rejects.toThrow();
    expect(sb.store.articlesOf(t?.id ?? 0).length).toBe(before + 1);
    expect(sb.log.entries[sb.log.entries.length - 1]).toMatchObject({ method: 'POST', status: 0 });
  });

  it('padToBytes: the same JSON behind leading whitespace, at least that many bytes', async () => {
    const whole = (await (await raw('/tickets/1')).json()) as unknown;
    sb.faults.add({ path: '/api/v1/tickets/1', padToBytes: 3_000_000 });
    const r = await raw('/tickets/1');
    expect(Number(r.headers.get('content-length'))).toBe(3_000_000);
    const text = await r.text();
    expect(text.length).toBe(3_000_000);
    expect(JSON.parse(text)).toEqual(whole);
  });
});

describe('settled', () => {
  it('resolves only when every request in progress has been handled', async () => {
    const list = new FaultList();
    await list.settled();
    const first = list.begin();
    const second = list.begin();
    let resolved = false;
    const p = list.settled().then(() => (resolved = true));
    first();
    first(); // a second call of the same end is ignored
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);
    second();
    await p;
    expect(resolved).toBe(true);
  });
});

describe('banner', () => {
  it('names the URL and the three logins with tokens', () => {
    const text = formatSandboxBanner(sb);
    expect(text).toContain(sb.url);
    for (const c of [sb.credentials.admin, sb.credentials.agent, sb.credentials.customer]) {
      expect(text).toContain(c.login);
      expect(text).toContain(c.token);
    }
    expect(obj({ ok: true })).toEqual({ ok: true });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { ZammadClient } from './client.js';
import { ZammadError } from './errors.js';
import { ZammadHttp } from './http.js';
import { apiPath } from './paths.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

function client(
  o: { token?: string; timeoutMs?: number; maxRetries?: number; maxConcurrency?: number } = {},
): ZammadClient {
  const http = new ZammadHttp({
    apiUrl: `${sb.url}/api/v1`,
    auth: { kind: 'token', token: o.token ?? sb.credentials.admin.token },
    timeoutMs: o.timeoutMs ?? 5000,
    maxRetries: o.maxRetries ?? 2,
    maxConcurrency: o.maxConcurrency ?? 8,
    retryBaseMs: 10,
  });
  return new ZammadClient(
    {
      apiUrl: `${sb.url}/api/v1`,
      auth: { kind: 'token', token: 'unused' },
      timeoutMs: 5000,
      maxRetries: 0,
      maxConcurrency: 8,
      cacheTtlMs: 60_000,
    },
    http,
  );
}

async function failure(p: Promise<unknown>): Promise<ZammadError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ZammadError) return e;
    throw e;
  }
  throw new Error('expected a ZammadError');
}

const allTickets = () => [...sb.store.tickets.values()];
const firstTicketId = (): number => {
  const t = allTickets()[0];
  if (!t) throw new Error('sandbox has no tickets');
  return t.id;
};

describe('Zammad client: error taxonomy', () => {
  it('maps a bad token to unauthorized, naming the host and not the token', async () => {
    const token = 'bad-token-SHOULD-NOT-LEAK-0042';
    const e = await failure(client({ token }).me());
    expect(e.kind).toBe('unauthorized');
    expect(e.status).toBe(401);
    expect(e.message).toContain(new URL(sb.url).host);
    expect(e.message + (e.detail ?? '')).not.toContain(token);
  });

  it('maps 403 "Authentication required" (no credentials reached Zammad)', async () => {
    sb.faults.add({
      path: '/api/v1/users/me',
      status: 403,
      body: { error: 'Authentication required', error_human: 'Authentication required' },
    });
    const e = await failure(client().me());
    expect(e.kind).toBe('authentication_required');
    expect(e.message).toMatch(/ZAMMAD_HTTP_TOKEN/);
  });

  it('maps a token without the permission to "permission" with what is missing', async () => {
    const e = await failure(
      client({ token: sb.credentials.noPermissionToken }).http.request('POST', '/tickets', {
        body: { title: 'x', group: 'Users', customer_id: 2, article: { body: 'x' } },
      }),
    );
    expect(e.kind).toBe('permission');
    expect(e.message).toMatch(/refused POST \/tickets: the access token lacks the permission ticket.agent/);
  });

  it('maps a record the caller may not see to forbidden, and a missing one to not_found', async () => {
    const support = [...sb.store.groups.values()].find((g) => g.name === 'Support');
    const hidden = allTickets().find((t) => t.group_id === support?.id);
    expect(hidden).toBeDefined();
    const e = await failure(client({ token: sb.credentials.agent.token }).ticket(hidden?.id ?? 0));
    expect(e.kind).toBe('forbidden');
    const nf = await failure(client().ticket(999_999));
    expect(nf.kind).toBe('not_found');
    // Zammad's own words go to the log (detail), not into the message the model may see.
    expect(nf.message).toBe('Not found: GET /tickets/999999.');
    expect(nf.detail).toContain("Couldn't find Ticket");
  });

  it('maps 422 lookup errors to validation with Zammad’s message', async () => {
    const e = await failure(
      client().http.request('PUT', apiPath`/tickets/${firstTicketId()}`, { body: { state: 'nonsense' } }),
    );
    expect(e.kind).toBe('validation');
    expect(e.message).toContain(`No lookup value found for 'state': "nonsense"`);
  });

  it('maps 5xx to server and 429 to rate_limited', async () => {
    sb.faults.add({ path: '/api/v1/users/me', status: 500, times: 3 });
    expect((await failure(client({ maxRetries: 0 }).me())).kind).toBe('server');
    sb.faults.clear();
    sb.faults.add({ path: '/api/v1/users/me', status: 429, headers: { 'Retry-After': '100' } });
    const e = await failure(client().me());
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAfter).toBe(100);
  });

  it('reports an unreachable Zammad as network, naming the host', async () => {
    const http = new ZammadHttp({
      apiUrl: 'http://127.0.0.1:1/api/v1',
      auth: { kind: 'token', token: 't' },
      timeoutMs: 2000,
      maxRetries: 0,
      maxConcurrency: 1,
    });
    const e = await failure(http.request('GET', '/users/me'));
    expect(e.kind).toBe('network');
    expect(e.message).toContain('127.0.0.1:1');
    await http.close();
  });
});

describe('Zammad client: retries, timeouts, cancellation', () => {
  it('retries an idempotent GET after 503 and a connection reset', async () => {
    const c = client();
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', status: 503 });
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', reset: true });
    const mark = sb.log.mark();
    const me = await c.me();
    expect(me.id).toBe(sb.credentials.admin.userId);
    expect(sb.log.since(mark).filter((r) => r.path === '/api/v1/users/me').length).toBe(3);
  });

  it('never retries a POST: one 503 is one request and an error', async () => {
    const c = client();
    sb.faults.add({ method: 'POST', path: '/api/v1/ticket_articles', status: 503 });
    const mark = sb.log.mark();
    const e = await failure(
      c.http.request('POST', '/ticket_articles', {
        body: { ticket_id: firstTicketId(), body: 'note', internal: true },
      }),
    );
    expect(e.kind).toBe('server');
    expect(sb.log.since(mark).filter((r) => r.method === 'POST').length).toBe(1);
  });

  it('a POST that times out is sent once and reports an unknown outcome', async () => {
    const c = client({ timeoutMs: 1000 });
    sb.faults.add({ method: 'POST', path: '/api/v1/ticket_articles', delayMs: 1500 });
    const before = sb.store.articlesOf(firstTicketId()).length;
    const mark = sb.log.mark();
    const e = await failure(
      c.http.request('POST', '/ticket_articles', {
        body: { ticket_id: firstTicketId(), body: 'once', internal: true },
      }),
    );
    expect(e.kind).toBe('unknown_outcome');
    expect(e.message).toMatch(/may or may not have been made/);
    await new Promise((r) => setTimeout(r, 700)); // let the slow request land
    expect(sb.log.since(mark).filter((r) => r.method === 'POST').length).toBe(1);
    expect(sb.store.articlesOf(firstTicketId()).length).toBe(before + 1);
  });

  it('a POST whose connection is reset reports an unknown outcome, not a retry', async () => {
    const c = client();
    sb.faults.add({ method: 'POST', path: '/api/v1/ticket_articles', reset: true });
    const mark = sb.log.mark();
    const e = await failure(
      c.http.request('POST', '/ticket_articles', {
        body: { ticket_id: firstTicketId(), body: 'x', internal: true },
      }),
    );
    expect(e.kind).toBe('unknown_outcome');
    expect(sb.log.since(mark).filter((r) => r.method === 'POST').length).toBe(1);
  });

  it('honours Retry-After', async () => {
    const c = client();
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', status: 429, headers: { 'Retry-After': '1' } });
    const t0 = performance.now();
    await c.me();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('fails at once when Retry-After is longer than we wait', async () => {
    const c = client();
    sb.faults.add({
      method: 'GET',
      path: '/api/v1/users/me',
      status: 503,
      headers: { 'Retry-After': '3600' },
    });
    const mark = sb.log.mark();
    expect((await failure(c.me())).kind).toBe('server');
    // No retry waited for: one request, answered at once (a wait of 3600 s would time the test out).
    expect(sb.log.since(mark).length).toBe(1);
  });

  it('one deadline per request: a GET that never answers is tried once, and the error states the deadline', async () => {
    const c = client({ timeoutMs: 1000, maxRetries: 2 });
    let release = (): void => undefined;
    const until = new Promise<void>((r) => (release = r));
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', until, times: 3 });
    const mark = sb.log.mark();
    const e = await failure(c.me());
    release();
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe(
      `Zammad at ${new URL(sb.url).host} did not answer GET /users/me within 1000 ms (ZAMMAD_TIMEOUT_MS, the deadline of the whole request).`,
    );
    await sb.faults.settled();
    // Before: one timeout per attempt, three attempts (3 × the timeout).
    expect(sb.log.since(mark).length).toBe(1);
    sb.faults.clear();
  });

  it('a fast failure is retried within the deadline, and its timeout counts the attempts', async () => {
    const c = client({ timeoutMs: 2000, maxRetries: 1 });
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', status: 503, times: 1 });
    let release = (): void => undefined;
    const until = new Promise<void>((r) => (release = r));
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', until, times: 1 });
    const mark = sb.log.mark();
    const e = await failure(c.me());
    release();
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(
      /within 2000 ms \(ZAMMAD_TIMEOUT_MS, the deadline of the whole request, 2 attempts\)\.$/,
    );
    await sb.faults.settled();
    expect(sb.log.since(mark).length).toBe(2);
    sb.faults.clear();
  });

  it('honours the caller’s abort signal', async () => {
    const c = client();
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', delayMs: 2000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    // Without the signal the delayed answer (a success) would arrive: `cancelled` shows the abort.
    const e = await failure(c.me(ac.signal));
    expect(e.kind).toBe('cancelled');
  });

  it('a write cancelled on its way reports an unknown outcome, not "cancelled"', async () => {
    const c = client();
    sb.faults.add({ method: 'POST', path: '/api/v1/ticket_articles', delayMs: 800 });
    const before = sb.store.articlesOf(firstTicketId()).length;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e = await failure(
      c.http.request('POST', '/ticket_articles', {
        body: { ticket_id: firstTicketId(), body: 'cancelled on its way', internal: true },
        signal: ac.signal,
      }),
    );
    expect(e.kind).toBe('unknown_outcome');
    expect(e.message).toMatch(/may or may not have been made/);
    await new Promise((r) => setTimeout(r, 1000)); // the request landed after all
    expect(sb.store.articlesOf(firstTicketId()).length).toBe(before + 1);
  });

  it('caps concurrent requests', async () => {
    const c = client({ maxConcurrency: 2 });
    sb.faults.add({ method: 'GET', path: '/api/v1/users/me', delayMs: 300, times: 4 });
    const t0 = performance.now();
    await Promise.all([c.me(), c.me(), c.me(), c.me()]);
    // Four 300 ms requests, two at a time: about 600 ms, never 300.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(580);
  });
});

describe('Zammad client: search shapes and paths', () => {
  it('reads the 6.4, 6.5 and 7.x search shapes into the same tickets', async () => {
    const c = client();
    const results: Record<string, number[]> = {};
    for (const v of ['6.4', '6.5', '7.x'] as const) {
      sb.setVersion(v);
      const r = await c.searchTickets({ query: '*', page: 1, perPage: 10, sortBy: 'number', orderBy: 'asc' });
      results[v] = r.tickets.map((t) => t.id);
      if (v === '7.x') expect(r.total).toBe(sb.store.tickets.size);
      else expect(r.total).toBeUndefined();
    }
    sb.setVersion('7.x');
    expect(results['6.4']).toEqual(results['7.x']);
    expect(results['6.5']).toEqual(results['7.x']);
    expect(results['7.x']).toHaveLength(10);
  });

  it('pages through search results without overlap', async () => {
    const c = client();
    const p1 = await c.searchTickets({ query: '*', page: 1, perPage: 5, sortBy: 'number', orderBy: 'asc' });
    const p2 = await c.searchTickets({ query: '*', page: 2, perPage: 5, sortBy: 'number', orderBy: 'asc' });
    expect(p1.tickets.map((t) => t.id).filter((id) => p2.tickets.some((t) => t.id === id))).toEqual([]);
  });

  it('finds a ticket by number with and without Elasticsearch', async () => {
    const c = client();
    const t = allTickets()[7];
    for (const es of [true, false]) {
      sb.setElasticsearch(es);
      expect((await c.ticketByNumber(String(t?.number)))?.id).toBe(t?.id);
    }
    sb.setElasticsearch(true);
  });

  it('encodes every path segment', () => {
    expect(apiPath`/tickets/${'5/../users'}`).toBe('/tickets/5%2F..%2Fusers');
    expect(() => apiPath`/tickets/${'..'}`).toThrow();
  });

  it('loads reference data once and serves it from the cache', async () => {
    const c = client();
    const mark = sb.log.mark();
    const [a, b] = await Promise.all([c.reference.get(), c.reference.get()]);
    await c.reference.get();
    expect(a).toBe(b);
    expect(sb.log.since(mark).length).toBe(3); // groups, states, priorities: once
    expect(a.states.find('OPEN')?.id).toBe(2);
    expect(a.priorities.name(3)).toBe('3 high');
  });
});

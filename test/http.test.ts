/**
 * The Streamable HTTP transport over real HTTP with the official client: both client generations,
 * 2025-era sessions (bound to their principal, evicted when idle, capped per principal), the
 * probes, confirmations of both generations bound to the principal, and the client's credential
 * never reaching Zammad.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { ALL_TOOLS } from '../src/tools/registry.js';
import {
  bearer,
  connect,
  deleteFixture,
  INIT,
  KEYS,
  raw,
  serve,
  tagFixture,
  textOf,
  type Served,
} from './http-helpers.js';

let sb: Sandbox;

/** Accepts the confirmation form with "confirm" in its (single, required) field, whatever its name. */
function confirmAnswer(p: Record<string, unknown>): unknown {
  const schema = p.requestedSchema as { required?: string[]; properties?: Record<string, unknown> };
  const field = schema.required?.[0] ?? Object.keys(schema.properties ?? {})[0] ?? 'decision';
  return { action: 'accept', content: { [field]: 'confirm' } };
}
let s: Served;
let clock = Date.now();

beforeAll(async () => {
  sb = await startSandbox();
  s = await serve(
    sb,
    {
      MCP_ALLOW_WRITE: 'true',
      MCP_ALLOW_DESTRUCTIVE: 'true',
      MCP_MAX_SESSIONS_PER_PRINCIPAL: '3',
      MCP_SESSION_IDLE_SECONDS: '60',
    },
    { tools: [...ALL_TOOLS.filter((t) => t.risk === 'read'), tagFixture, deleteFixture], now: () => clock },
  );
});
afterAll(async () => {
  await s?.close();
  await sb?.close();
});

describe('both client generations over HTTP', () => {
  it('serves a 2025-era client in a session and a 2026-07-28 client without one', async () => {
    const before = s.h.sessions.size;
    const old = await connect(s.url, { key: KEYS.alice });
    expect(old.client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
    expect(old.transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.h.sessions.size).toBe(before + 1);
    const r1 = await old.client.callTool({ name: 'search_tickets', arguments: { state: 'open', limit: 2 } });
    expect(r1.isError).toBeFalsy();

    const modern = await connect(s.url, { key: KEYS.alice, modern: true });
    expect(modern.client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect(modern.transport.sessionId).toBeUndefined();
    const r2 = await modern.client.callTool({
      name: 'search_tickets',
      arguments: { state: 'open', limit: 2 },
    });
    expect(r2.isError).toBeFalsy();
    expect(r2.structuredContent).toEqual(r1.structuredContent);
    expect(s.h.sessions.size).toBe(before + 1);
    await old.transport.terminateSession();
    expect(s.h.sessions.size).toBe(before);
    await old.client.close();
    await modern.client.close();
  });

  it('binds a session to its principal: another key presenting the session id gets 404', async () => {
    const a = await connect(s.url, { key: KEYS.alice });
    const sid = a.transport.sessionId as string;
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const own = await raw(s.url, {
      body: list,
      headers: { ...bearer(KEYS.alice), 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
    });
    expect(own.status).toBe(200);
    const stolen = await raw(s.url, {
      body: list,
      headers: { ...bearer(KEYS.bob), 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
    });
    expect(stolen.status).toBe(404);
    const none = await raw(s.url, { body: list, headers: bearer(KEYS.alice) });
    expect(none.status).toBe(400);
    await a.client.close();
  });

  it('evicts idle sessions by closing their transports, and caps sessions per principal', async () => {
    const a = await connect(s.url, { key: KEYS.bob });
    const sid = a.transport.sessionId as string;
    const sizeBefore = s.h.sessions.size;
    clock += 61_000;
    expect(await s.h.sessions.sweep()).toBeGreaterThanOrEqual(1);
    expect(s.h.sessions.size).toBeLessThan(sizeBefore);
    const after = await raw(s.url, {
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
      headers: { ...bearer(KEYS.bob), 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
    });
    expect(after.status).toBe(404);
    await a.client.close().catch(() => undefined);

    // The cap (3 here): a fourth session closes bob's least recently used one, not anyone else's.
    const alice = await connect(s.url, { key: KEYS.alice });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock += 1000;
      const r = await raw(s.url, { body: INIT, headers: bearer(KEYS.bob) });
      expect(r.status).toBe(200);
      ids.push(String(r.headers['mcp-session-id']));
    }
    const probe = async (id: string, key: string): Promise<number> =>
      (
        await raw(s.url, {
          body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'ping' }),
          headers: { ...bearer(key), 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' },
        })
      ).status;
    expect(await probe(ids[0] as string, KEYS.bob)).toBe(404);
    for (const id of ids.slice(1)) expect(await probe(id, KEYS.bob)).toBe(200);
    expect(await probe(alice.transport.sessionId as string, KEYS.alice)).toBe(200);
    await alice.client.close();
  });
});

describe('API keys limited to risks', () => {
  it('a read-only key lists no write tools, and a write call is refused before it runs', async () => {
    const c = await connect(s.url, { key: KEYS.reader, modern: true });
    const names = (await c.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('search_tickets');
    expect(names).not.toContain('fixture_add_tag');
    expect(names).not.toContain('confirm_action');
    await c.client.close();
    const mark = sb.log.mark();
    const call = (name: string, args: Record<string, unknown>): string =>
      JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name, arguments: args } });
    const init = await raw(s.url, { body: INIT, headers: bearer(KEYS.reader) });
    const h = {
      ...bearer(KEYS.reader),
      'mcp-session-id': String(init.headers['mcp-session-id']),
      'mcp-protocol-version': '2025-11-25',
    };
    const w = await raw(s.url, { body: call('fixture_add_tag', { ticket_id: 1, tag: 'x' }), headers: h });
    expect(w.status).toBe(403);
    expect(w.body).toMatch(/may not use write tools/);
    const d = await raw(s.url, {
      body: call('confirm_action', { confirmation: 'x'.repeat(40) }),
      headers: h,
    });
    expect(d.status).toBe(403);
    expect(sb.log.since(mark)).toEqual([]);
  });
});

describe('probes', () => {
  it('/healthz answers without credentials or details; /readyz checks Zammad', async () => {
    const h = await raw(s.url, { method: 'GET', path: '/healthz', headers: { host: 'anything.example' } });
    expect(h.status).toBe(200);
    expect(h.body).toBe('ok\n');
    const r = await raw(s.url, { method: 'GET', path: '/readyz' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('ready\n');
  });

  it('/readyz says not ready when Zammad is unreachable', async () => {
    const dead = await startSandbox();
    const other = await serve(dead);
    await dead.close();
    const r = await raw(other.url, { method: 'GET', path: '/readyz' });
    expect(r.status).toBe(503);
    expect(r.body).toBe('not ready\n');
    await other.close();
  });
});

describe('confirmations over HTTP, bound to the principal', () => {
  it.each([
    ['a 2025-era client confirms through elicitation in its session', false, 10],
    ['a 2026-07-28 client confirms through input_required', true, 11],
  ] as const)('%s', async (_name, modern, index) => {
    const ticket = [...sb.store.tickets.values()][index];
    const asked: unknown[] = [];
    const c = await connect(s.url, {
      key: KEYS.alice,
      ...(modern ? { modern: true } : {}),
      onElicit: (p) => {
        asked.push(p);
        return confirmAnswer(p);
      },
    });
    const r = await c.client.callTool({
      name: 'fixture_delete_ticket',
      arguments: { ticket_id: ticket?.id },
    });
    expect(asked).toHaveLength(1);
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(sb.store.tickets.has(ticket?.id as number)).toBe(false);
    await c.client.close();
  });

  it('a confirmation token issued to one principal is refused for another', async () => {
    const ticket = [...sb.store.tickets.values()][12];
    const a = await connect(s.url, { key: KEYS.alice, modern: true });
    const issued = await a.client.callTool({
      name: 'fixture_delete_ticket',
      arguments: { ticket_id: ticket?.id },
    });
    const token = (issued.structuredContent as { confirmation?: string } | undefined)?.confirmation;
    expect(token, textOf(issued)).toBeTruthy();
    const b = await connect(s.url, { key: KEYS.bob, modern: true });
    const stolen = await b.client.callTool({ name: 'confirm_action', arguments: { confirmation: token } });
    expect(stolen.isError).toBe(true);
    expect(textOf(stolen)).toMatch(/issued to another user/);
    expect(sb.store.tickets.has(ticket?.id as number)).toBe(true);
    const own = await a.client.callTool({ name: 'confirm_action', arguments: { confirmation: token } });
    expect(own.isError, textOf(own)).toBeFalsy();
    expect(sb.store.tickets.has(ticket?.id as number)).toBe(false);
    await a.client.close();
    await b.client.close();
  });

  it('records the principal in the audit line', () => {
    const calls = s.logs
      .filter((l) => l.includes('"msg":"tool call"'))
      .map((l) => JSON.parse(l) as { principal: string });
    expect(calls.some((c) => c.principal === 'key:alice')).toBe(true);
    expect(calls.some((c) => c.principal === 'key:bob')).toBe(true);
  });
});

describe('no token passthrough (checklist row 17)', () => {
  it('Zammad only ever sees the server’s own credential, whatever the client sends', async () => {
    const mark = sb.log.mark();
    const c = await connect(s.url, {
      key: KEYS.alice,
      headers: { 'x-zammad-token': 'Token token=client-secret', from: 'admin@example.com' },
    });
    await c.client.callTool({ name: 'search_tickets', arguments: { state: 'open', limit: 1 } });
    const m = await connect(s.url, { key: KEYS.bob, modern: true });
    await m.client.callTool({
      name: 'get_ticket',
      arguments: { ticket_id: [...sb.store.tickets.keys()][0] },
    });
    const seen = sb.log.since(mark);
    expect(seen.length).toBeGreaterThan(0);
    for (const e of seen) {
      expect(e.headers.authorization).toBe(`Token token=${sb.credentials.admin.token}`);
      expect(e.headers.from).toBeUndefined();
      const all = JSON.stringify(e.headers);
      for (const k of Object.values(KEYS)) expect(all).not.toContain(k);
      expect(all).not.toContain('client-secret');
    }
    await c.client.close();
    await m.client.close();
  });
});

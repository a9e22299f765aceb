/**
 * Bulk work end to end: the official MCP client, the real server assembly (createServer through
 * serveStdio's era negotiation over an in-memory pipe) and the sandbox over real HTTP. Every claim
 * is checked against the sandbox's request log: nothing is sent before a confirmation, exactly
 * one PUT per ticket after it, a failing ticket is not retried, a cancelled batch starts nothing new.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { startSandbox, type LoggedRequest, type Sandbox, type TicketRecord } from '@zammad-mcp/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { canonicalJson } from '../src/policy/canonical.js';
import { Confirmations } from '../src/policy/confirmations.js';
import { createScope } from '../src/policy/scope.js';
import { createServer, type ServerDeps } from '../src/server/index.js';
import { bulkApplyMacro, bulkUpdateTickets } from '../src/tools/bulk/index.js';
import { getTicket } from '../src/tools/tickets/read.js';
import { ZammadClient } from '../src/zammad/client.js';
import { configFor } from './harness.js';
import { textOf } from './mcp.js';

let sb: Sandbox;
let shared: Confirmations;
const open: Conn[] = [];

type Event = Record<string, unknown>;

interface Conn {
  client: Client;
  events: Event[];
  /** Resolves with the first log event (past or future) that matches. */
  event(pred: (e: Event) => boolean): Promise<Event>;
  close(): Promise<void>;
}

interface ConnectOptions {
  era?: 'legacy' | 'modern';
  answer?: ((params: Record<string, unknown>) => unknown) | undefined;
  env?: Record<string, string>;
  confirmations?: Confirmations;
}

async function connect(o: ConnectOptions = {}): Promise<Conn> {
  const config = configFor(sb, o.env ?? {});
  const zammad = new ZammadClient(config.zammad);
  const events: Event[] = [];
  const waiters: Array<{ pred: (e: Event) => boolean; resolve: (e: Event) => void }> = [];
  const deps: ServerDeps = {
    config,
    zammad,
    scope: createScope(zammad, config.policy.allowedGroups),
    log: createLogger('debug', {
      write: (line) => {
        const e = JSON.parse(line) as Event;
        events.push(e);
        for (const w of waiters.splice(0))
          if (w.pred(e)) w.resolve(e);
          else waiters.push(w);
      },
    }),
    tools: [getTicket, bulkUpdateTickets, bulkApplyMacro],
    principal: 'local',
    confirmations: o.confirmations ?? shared,
  };
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const handle = serveStdio(() => createServer(deps), { transport: serverSide });
  const client = new Client(
    { name: 'bulk-tests', version: '1.0.0' },
    {
      capabilities: o.answer ? { elicitation: { form: {} } } : {},
      ...(o.era === 'modern' ? { versionNegotiation: { mode: 'auto' as const } } : {}),
    },
  );
  const answer = o.answer;
  if (answer)
    client.setRequestHandler(
      'elicitation/create',
      async (req) => (await answer(req.params as Record<string, unknown>)) as never,
    );
  await client.connect(clientSide);
  const conn: Conn = {
    client,
    events,
    event: (pred) =>
      new Promise((resolve) => {
        const past = events.find(pred);
        if (past) resolve(past);
        else waiters.push({ pred, resolve });
      }),
    close: async () => {
      await client.close();
      await handle.close();
      await zammad.close();
    },
  };
  open.push(conn);
  return conn;
}

const accept = () => ({ action: 'accept', content: { decision: 'confirm' } });
const decline = () => ({ action: 'decline' });

/** Fresh tickets of the groups, never used by another test, reset to open, unassigned, normal. */
const used = new Set<number>();
function fresh(n: number, groups = [1, 2]): TicketRecord[] {
  const out = [...sb.store.tickets.values()]
    .filter((t) => groups.includes(t.group_id) && t.state_id !== 5 && !used.has(t.id))
    .slice(0, n);
  if (out.length < n) throw new Error('out of tickets');
  for (const t of out) {
    used.add(t.id);
    Object.assign(t, { state_id: 2, owner_id: 1, priority_id: 2, pending_time: null });
  }
  return out;
}

const mutating = (rs: LoggedRequest[]): LoggedRequest[] => rs.filter((r) => r.method !== 'GET');
const puts = (rs: LoggedRequest[]): string[] =>
  rs.filter((r) => r.method === 'PUT').map((r) => r.path.replace('/api/v1/tickets/', ''));

function tokenOf(r: { structuredContent?: unknown }): string {
  const sc = r.structuredContent as { confirmation?: string } | undefined;
  if (!sc?.confirmation) throw new Error(`no token in result: ${JSON.stringify(r)}`);
  return sc.confirmation;
}

function editToken(token: string, edit: (p: Record<string, unknown>) => void): string {
  const [prefix, payload, mac] = token.split('.') as [string, string, string];
  const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(p);
  return `${prefix}.${Buffer.from(canonicalJson(p)).toString('base64url')}.${mac}`;
}

const audits = (c: Conn): Event[] => c.events.filter((e) => e.msg === 'tool call');

beforeAll(async () => {
  sb = await startSandbox();
  shared = new Confirmations({ ttlSeconds: 300 });
});
afterEach(async () => {
  sb.faults.clear();
  for (const c of open.splice(0)) await c.close();
});
afterAll(async () => {
  await sb?.close();
});

describe('bulk_update_tickets through the token (client without elicitation)', () => {
  it('previews every ticket and each skip with no write; confirm_action sends one PUT per ticket', async () => {
    const c = await connect();
    const [a, b, d] = fresh(3);
    const closed = [...sb.store.tickets.values()].find((t) => t.state_id === 4 && t.group_id === 2);
    if (closed) used.add(closed.id);
    const merged = [...sb.store.tickets.values()].find((t) => t.state_id === 5);
    if (!a || !b || !d || !closed || !merged) throw new Error('fixtures');
    const args = {
      tickets: [a.id, b.number, d.id, closed.id, merged.id, '99999999'],
      state: 'closed',
    };
    const mark = sb.log.mark();
    const r = await c.client.callTool({ name: 'bulk_update_tickets', arguments: args });
    const text = textOf(r);
    expect(text).toMatch(/^CONFIRMATION REQUIRED: bulk_update_tickets was NOT performed yet/);
    expect(text).toContain('Update 3 of 6 tickets: state → closed');
    for (const t of [a, b, d])
      expect(text).toMatch(new RegExp(`- #${t.number} ".*" \\(open · (Users|Sales) · unassigned\\)`));
    expect(text).toContain(`- #${closed.number}: skipped, already as asked`);
    expect(text).toContain(`- #${merged.number}: skipped, merged into another ticket`);
    expect(text).toContain("- 99999999: skipped, not found, or outside this server's group scope");
    expect(text).toContain('Writes: 3 ticket updates, each sent once and never retried');
    const items = (r.structuredContent as { items?: string[] }).items;
    expect(items).toHaveLength(6);
    expect(mutating(sb.log.since(mark))).toEqual([]);

    const token = tokenOf(r);
    const before = sb.log.mark();
    const ok = await c.client.callTool({ name: 'confirm_action', arguments: { confirmation: token } });
    expect(ok.isError).toBeFalsy();
    const sent = sb.log.since(before);
    expect(puts(sent).sort()).toEqual([a.id, b.id, d.id].map(String).sort());
    expect(mutating(sent)).toHaveLength(3);
    for (const t of [a, b, d]) expect(sb.store.tickets.get(t.id)?.state_id).toBe(4);
    const sc = ok.structuredContent as { done: number; skipped: number; tickets: Array<{ outcome: string }> };
    expect(sc).toMatchObject({ total: 6, done: 3, skipped: 3, failed: 0, cancelled: false });
    expect(textOf(ok)).toContain('\nbulk_update_tickets: 3 done, 3 skipped (of 6).\n');
    expect(textOf(ok)).toContain(`\nDone: #${a.number}; #${b.number}; #${d.number}\n`);

    // One audit event for the batch, with the call id and each ticket's outcome.
    const last = audits(c).at(-1) as Event & { batch: { items: unknown[] } };
    expect(last).toMatchObject({ tool: 'bulk_update_tickets', outcome: 'ok', confirmation: 'accepted' });
    expect(typeof last.call).toBe('string');
    expect(last.batch).toMatchObject({ total: 6, done: 3, skipped: 3, failed: 0, cancelled: false });
    expect(last.batch.items).toEqual([
      { id: a.id, outcome: 'done' },
      { id: b.id, outcome: 'done' },
      { id: d.id, outcome: 'done' },
      { id: closed.id, outcome: 'skipped' },
      { id: merged.id, outcome: 'skipped' },
      { id: 0, outcome: 'skipped' },
    ]);

    // Replayed: refused, nothing sent.
    const replay = sb.log.mark();
    const again = await c.client.callTool({ name: 'confirm_action', arguments: { confirmation: token } });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/already used/);
    expect(sb.log.since(replay)).toEqual([]);
  });

  it('refuses a token whose ticket list or change was edited, and an expired one, sending nothing', async () => {
    let now = Date.now();
    const confirmations = new Confirmations({ ttlSeconds: 300, now: () => now });
    const c = await connect({ confirmations });
    const [a, b] = fresh(2);
    const [other] = fresh(1);
    if (!a || !b || !other) throw new Error('fixtures');
    const token = tokenOf(
      await c.client.callTool({
        name: 'bulk_update_tickets',
        arguments: { tickets: [a.id, b.id], priority: '3 high' },
      }),
    );
    const refused = async (t: string, why: RegExp): Promise<void> => {
      const mark = sb.log.mark();
      const r = await c.client.callTool({ name: 'confirm_action', arguments: { confirmation: t } });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(why);
      expect(sb.log.since(mark)).toEqual([]);
    };
    const mismatch = /does not match what was previewed/;
    await refused(
      editToken(token, (p) => ((p.a as Record<string, unknown>).tickets = [a.id, b.id, other.id])),
      mismatch,
    );
    await refused(
      editToken(token, (p) => ((p.a as Record<string, unknown>).priority = '1 low')),
      mismatch,
    );
    await refused(
      editToken(token, (p) => (p.t = 'bulk_apply_macro')),
      mismatch,
    );
    now += 301_000;
    await refused(token, /expired/);
    for (const t of [a, b, other]) expect(sb.store.tickets.get(t.id)?.priority_id).not.toBe(3);
  });

  it('is confirmed even with write allowed and nothing external: a batch is never silent', async () => {
    const c = await connect({ env: { MCP_ALLOW_WRITE: 'true' } });
    const [a] = fresh(1);
    if (!a) throw new Error('fixtures');
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'bulk_update_tickets',
      arguments: { tickets: [a.id], state: 'closed' },
    });
    expect(textOf(r)).toMatch(/^CONFIRMATION REQUIRED/);
    expect(mutating(sb.log.since(mark))).toEqual([]);
    const listed = (await c.client.listTools()).tools.map((t) => t.name);
    expect(listed).toContain('confirm_action');
  });
});

describe('a batch of 200 on the token path', () => {
  it('lists all 200 tickets within the default output budget; a smaller budget refuses, never cuts', async () => {
    const c = await connect();
    const all = [...sb.store.tickets.values()].slice(0, 200);
    const args = { tickets: all.map((t) => t.id), note: 'Checked' };
    const mark = sb.log.mark();
    const r = await c.client.callTool({ name: 'bulk_update_tickets', arguments: args });
    const text = textOf(r);
    expect(text).toMatch(/^CONFIRMATION REQUIRED/);
    for (const t of all) expect(text).toMatch(new RegExp(`\\n- #${t.number}[ :]`));
    expect((r.structuredContent as { items: string[] }).items).toHaveLength(200);
    const small = await connect({ env: { MCP_OUTPUT_BUDGET_TOKENS: '1000' } });
    const refused = await small.client.callTool({ name: 'bulk_update_tickets', arguments: args });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/its preview of 200 items does not fit one answer .* Split the batch/);
    expect(textOf(refused)).not.toContain('zc1.');
    expect(mutating(sb.log.since(mark))).toEqual([]);
  });
});

describe.each(['legacy', 'modern'] as const)('the confirmation form (%s era)', (era) => {
  it('declined: nothing is sent', async () => {
    const c = await connect({ era, answer: decline });
    const list = fresh(3);
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'bulk_update_tickets',
      arguments: { tickets: list.map((t) => t.id), state: 'closed' },
    });
    expect(textOf(r)).toMatch(/The user declined: bulk_update_tickets was NOT performed/);
    expect(mutating(sb.log.since(mark))).toEqual([]);
    for (const t of list) expect(sb.store.tickets.get(t.id)?.state_id).not.toBe(4);
  });

  it('accepted: exactly one PUT per ticket and one tag request per tag that changes, progress in order', async () => {
    const c = await connect({ era, answer: accept });
    const list = fresh(4);
    const first = list[0];
    if (!first) throw new Error('fixtures');
    sb.store.addTag(first.id, 'outage', 2);
    const mark = sb.log.mark();
    const progress: Array<{ progress: number; total?: number | undefined; message?: string | undefined }> =
      [];
    const r = await c.client.callTool(
      {
        name: 'bulk_update_tickets',
        arguments: {
          tickets: list.map((t) => t.id),
          group: 'Support',
          add_tags: ['outage'],
          note: 'Moved for the outage',
        },
      },
      { onprogress: (p) => void progress.push(p) },
    );
    expect(r.isError).toBeFalsy();
    const sent = sb.log.since(mark);
    expect(puts(sent).sort()).toEqual(list.map((t) => String(t.id)).sort());
    // The first ticket already had the tag: three tag requests for four tickets. The note rides
    // in the PUT (Zammad creates the article in the same request): no other write.
    expect(sent.filter((x) => x.method === 'POST' && x.path === '/api/v1/tags/add')).toHaveLength(3);
    expect(mutating(sent)).toHaveLength(7);
    for (const t of list) {
      const notes = sb.store.articlesOf(t.id).filter((x) => x.body === 'Moved for the outage');
      expect(notes.map((x) => x.internal)).toEqual([true]);
    }
    expect(JSON.stringify(c.events)).not.toContain('Moved for the outage');
    for (const t of list) {
      expect(sb.store.tickets.get(t.id)?.group_id).toBe(3);
      expect(sb.store.tagsOf(t.id)).toContain('outage');
    }
    // The 2026-07-28 client reports its own input round first (no total): the server's are the rest.
    const ours = progress.filter((p) => p.total !== undefined);
    expect(progress.length - ours.length).toBe(era === 'modern' ? 1 : 0);
    expect(ours.map((p) => p.progress)).toEqual([1, 2, 3, 4]);
    expect(ours.every((p) => p.total === 4)).toBe(true);
    expect(ours.every((p) => /^#\d+ done$/.test(p.message ?? ''))).toBe(true);
  });
});

describe('2026-07-28 round trip', () => {
  it('a retry with another ticket list under the same request state sends nothing', async () => {
    const c = await connect({ era: 'modern', answer: accept });
    const [a, b] = fresh(2);
    if (!a || !b) throw new Error('fixtures');
    const first = (await c.client.callTool(
      { name: 'bulk_update_tickets', arguments: { tickets: [a.id], state: 'closed' } },
      { allowInputRequired: true },
    )) as { resultType?: string; requestState?: string };
    expect(first.resultType).toBe('input_required');
    const mark = sb.log.mark();
    const r = (await c.client.callTool(
      {
        name: 'bulk_update_tickets',
        arguments: { tickets: [a.id, b.id], state: 'closed' },
        inputResponses: { confirm: { action: 'accept', content: { decision: 'confirm' } } },
        requestState: first.requestState,
      } as never,
      { allowInputRequired: true },
    )) as { isError?: boolean; content?: unknown };
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/the arguments changed after the user was asked/);
    expect(mutating(sb.log.since(mark))).toEqual([]);
  });
});

describe('failures and limits, per ticket', () => {
  it('a fault on one ticket: that one failed (sent once, never retried), the others done', async () => {
    const c = await connect({ answer: accept, env: { ZAMMAD_MAX_RETRIES: '3' } });
    const list = fresh(4);
    const bad = list[1];
    if (!bad) throw new Error('fixtures');
    sb.faults.add({ method: 'PUT', path: `/api/v1/tickets/${bad.id}`, status: 503, times: 5 });
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'bulk_update_tickets',
      arguments: { tickets: list.map((t) => t.id), priority: '3 high' },
    });
    expect(r.isError).toBeFalsy();
    const sent = sb.log.since(mark);
    expect(puts(sent).filter((id) => id === String(bad.id))).toHaveLength(1);
    expect(puts(sent)).toHaveLength(4);
    const sc = r.structuredContent as { tickets: Array<{ id?: number; outcome: string; reason?: string }> };
    expect(sc).toMatchObject({ done: 3, failed: 1 });
    const failed = sc.tickets.find((t) => t.id === bad.id);
    expect(failed?.outcome).toBe('failed');
    expect(failed?.reason).toMatch(/\(ref [\w-]+\)$/);
    expect(sb.store.tickets.get(bad.id)?.priority_id).not.toBe(3);
    for (const t of list.filter((x) => x !== bad)) expect(sb.store.tickets.get(t.id)?.priority_id).toBe(3);
    const event = audits(c).at(-1) as {
      batch: { items: Array<{ id: number; outcome: string; kind?: string }> };
    };
    expect(event.batch.items.find((i) => i.id === bad.id)).toEqual({
      id: bad.id,
      outcome: 'failed',
      kind: 'server',
    });
  });

  it('a write reset after sending is an unknown outcome, reported as such and not retried', async () => {
    const c = await connect({ answer: accept, env: { ZAMMAD_MAX_RETRIES: '3' } });
    const list = fresh(2);
    const bad = list[0];
    if (!bad) throw new Error('fixtures');
    sb.faults.add({ method: 'PUT', path: `/api/v1/tickets/${bad.id}`, reset: true, times: 5 });
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'bulk_update_tickets',
      arguments: { tickets: list.map((t) => t.id), priority: '1 low' },
    });
    expect(puts(sb.log.since(mark)).filter((id) => id === String(bad.id))).toHaveLength(1);
    expect(r.structuredContent).toMatchObject({ done: 1, unknown: 1 });
    expect(textOf(r)).toMatch(
      new RegExp(`#${bad.number} OUTCOME UNKNOWN .*check the ticket before trying again`),
    );
  });

  it('a ticket outside the group scope is skipped like a missing one and never written', async () => {
    const c = await connect({ answer: accept, env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    const [inside] = fresh(1, [2]);
    const [outside] = fresh(1, [6]);
    if (!inside || !outside) throw new Error('fixtures');
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'bulk_update_tickets',
      arguments: { tickets: [inside.id, outside.number, '99999999'], state: 'closed' },
    });
    const sent = sb.log.since(mark);
    expect(puts(sent)).toEqual([String(inside.id)]);
    expect(sb.store.tickets.get(outside.id)?.state_id).not.toBe(4);
    const sc = r.structuredContent as {
      tickets: Array<{ ticket: string; outcome: string; reason?: string }>;
    };
    const hiddenOut = sc.tickets.find((t) => t.ticket === outside.number);
    const missing = sc.tickets.find((t) => t.ticket === '99999999');
    expect(hiddenOut).toEqual({
      ticket: outside.number,
      outcome: 'skipped',
      reason: "not found, or outside this server's group scope",
    });
    // The same words for both: the scope does not reveal that the ticket exists.
    expect(hiddenOut?.reason).toBe(missing?.reason);
    expect(textOf(r)).not.toContain('Billing');
  });

  it('skips a ticket whose group the new owner is not an agent of; the others get the owner', async () => {
    const c = await connect({ answer: accept });
    const [sales] = fresh(1, [2]);
    const [billing] = fresh(1, [6]);
    const agent = sb.store.users.get(3);
    if (!sales || !billing || !agent?.email) throw new Error('fixtures');
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'bulk_update_tickets',
      arguments: { tickets: [sales.id, billing.id], owner: agent.email },
    });
    expect(puts(sb.log.since(mark))).toEqual([String(sales.id)]);
    expect(sb.store.tickets.get(sales.id)?.owner_id).toBe(3);
    expect(sb.store.tickets.get(billing.id)?.owner_id).toBe(1);
    const sc = r.structuredContent as { tickets: Array<{ id?: number; outcome: string; reason?: string }> };
    expect(sc.tickets.find((t) => t.id === billing.id)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/is not an agent of the ticket's group$/) as unknown,
    });
  });

  it('refuses more than 200 tickets and a ticket listed twice before any request', async () => {
    const c = await connect({ answer: accept });
    const mark = sb.log.mark();
    const many = await c.client.callTool({
      name: 'bulk_update_tickets',
      arguments: { tickets: Array.from({ length: 201 }, (_, i) => i + 1), state: 'closed' },
    });
    expect(many.isError).toBe(true);
    const twice = await c.client.callTool({
      name: 'bulk_update_tickets',
      arguments: { tickets: [1, 2, 1], state: 'closed' },
    });
    expect(textOf(twice)).toMatch(/tickets lists 1 more than once/);
    expect(sb.log.since(mark)).toEqual([]);
  });
});

describe('cancellation', () => {
  it('stops before the next ticket: the ticket in flight finishes, none after it starts', async () => {
    const c = await connect({ answer: accept, env: { ZAMMAD_MAX_CONCURRENCY: '1' } });
    const list = fresh(5);
    const held = list[2];
    if (!held) throw new Error('fixtures');
    let release = (): void => undefined;
    let arrived = (): void => undefined;
    const heldArrived = new Promise<void>((r) => (arrived = r));
    sb.faults.add({
      method: 'PUT',
      path: `/api/v1/tickets/${held.id}`,
      until: new Promise<void>((r) => (release = r)),
      onMatch: () => arrived(),
    });
    const ac = new AbortController();
    const progress: number[] = [];
    const mark = sb.log.mark();
    const call = c.client
      .callTool(
        { name: 'bulk_update_tickets', arguments: { tickets: list.map((t) => t.id), state: 'closed' } },
        { signal: ac.signal, onprogress: (p) => void progress.push(p.progress) },
      )
      .then(
        () => 'answered',
        () => 'rejected',
      );
    await heldArrived;
    ac.abort('the user stopped it');
    // The server has seen the cancellation before the held write may finish.
    await c.event((e) => e.msg === 'tool call cancelled');
    release();
    const done = (await c.event(
      (e) => e.msg === 'tool call' && e.tool === 'bulk_update_tickets',
    )) as Event & {
      batch: Record<string, unknown>;
    };
    expect(await call).toBe('rejected');
    await sb.faults.settled();
    expect(puts(sb.log.since(mark))).toEqual(list.slice(0, 3).map((t) => String(t.id)));
    for (const t of list.slice(3)) expect(sb.store.tickets.get(t.id)?.state_id).not.toBe(4);
    expect(sb.store.tickets.get(held.id)?.state_id).toBe(4);
    expect(done.batch).toMatchObject({ done: 3, not_started: 2, cancelled: true });
    expect(progress.slice(0, 2)).toEqual([1, 2]);
  });
});

describe('bulk_apply_macro', () => {
  it("shows the macro's effect, skips tickets outside its groups, one POST per ticket", async () => {
    const c = await connect();
    const [sales] = fresh(1, [2]);
    const support = fresh(2, [3]);
    if (!sales) throw new Error('fixtures');
    const r = await c.client.callTool({
      name: 'bulk_apply_macro',
      arguments: { tickets: [sales.id, ...support.map((t) => t.id)], macro: 'Escalate to 2nd Level' },
    });
    const text = textOf(r);
    expect(text).toContain('Apply macro "Escalate to 2nd Level" to 2 of 3 tickets');
    expect(text).toMatch(
      /It does, to each ticket: group → .*2nd Level; priority → 3 high; adds tags: escalated/,
    );
    expect(text).toContain('Reaches customers or third parties: no');
    expect(text).toContain(`- #${sales.number}: skipped, the macro is not available in the ticket's group`);
    const mark = sb.log.mark();
    const ok = await c.client.callTool({ name: 'confirm_action', arguments: { confirmation: tokenOf(r) } });
    const sent = mutating(sb.log.since(mark));
    expect(sent.map((x) => `${x.method} ${x.path} ${JSON.stringify(x.body)}`)).toEqual(
      support.map((t) => `POST /api/v1/tickets/mass_macro {"macro_id":2,"ticket_ids":[${t.id}]}`),
    );
    expect(ok.structuredContent).toMatchObject({ done: 2, skipped: 1 });
    for (const t of support) expect(sb.store.tickets.get(t.id)?.group_id).toBe(5);
  });

  it('a ticket Zammad refuses fails alone: one POST per ticket, none repeated', async () => {
    const c = await connect({
      answer: accept,
      env: { ZAMMAD_MAX_CONCURRENCY: '1', ZAMMAD_MAX_RETRIES: '3' },
    });
    const list = fresh(3);
    const first = list[0];
    if (!first) throw new Error('fixtures');
    sb.faults.add({
      method: 'POST',
      path: '/api/v1/tickets/mass_macro',
      status: 422,
      body: { error: true, ticket_id: first.id },
    });
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'bulk_apply_macro',
      arguments: { tickets: list.map((t) => t.id), macro: 'Close & Tag as Spam' },
    });
    const posts = sb.log.since(mark).filter((x) => x.method === 'POST');
    expect(posts.map((x) => (x.body as { ticket_ids: number[] }).ticket_ids)).toEqual(
      list.map((t) => [t.id]),
    );
    expect(r.structuredContent).toMatchObject({ done: 2, failed: 1 });
    expect(sb.store.tickets.get(first.id)?.state_id).toBe(2);
    for (const t of list.slice(1)) expect(sb.store.tickets.get(t.id)?.state_id).toBe(4);
  });

  it('the form says when a macro writes to the customer and lists every ticket; declined, nothing is sent', async () => {
    const asked: string[] = [];
    const c = await connect({
      answer: (p) => {
        asked.push(String(p.message));
        return decline();
      },
    });
    const list = fresh(2);
    const mark = sb.log.mark();
    const r = await c.client.callTool({
      name: 'bulk_apply_macro',
      arguments: { tickets: list.map((t) => t.id), macro: 'Send acknowledgement' },
    });
    expect(textOf(r)).toMatch(/declined/);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('• Reaches customers or third parties: yes');
    expect(asked[0]).toMatch(/sends an email to the customer/);
    for (const t of list) expect(asked[0]).toMatch(new RegExp(`\\n  - #${t.number} "`));
    expect(mutating(sb.log.since(mark))).toEqual([]);
  });
});

/**
 * Resource subscriptions with the official client, in-process (stdio's shape): subscribe, change
 * the ticket in the sandbox over its HTTP API, poll, hear `notifications/resources/updated`. Polls
 * are driven by `pollNow()` with timers that never fire, so nothing here waits on a clock.
 */
import type { Client } from '@modelcontextprotocol/client';
import { startSandbox, type Sandbox, type TicketRecord } from '@zammad-mcp/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectInProcess, type InProcess } from './inprocess.js';
import { addNote, changeTicket, listen, NEVER } from './subscription-helpers.js';

const ticketPath = (id: number) => `/api/v1/tickets/${id}`;

let sb: Sandbox;
let open: InProcess[] = [];
let ticket: TicketRecord;
let otherState: number;

beforeAll(async () => {
  sb = await startSandbox();
  ticket = [...sb.store.tickets.values()].find((t) => t.state_id === 2) as TicketRecord;
  otherState = 4; // closed
});
afterAll(() => sb.close());
afterEach(async () => {
  for (const c of open) await c.close();
  open = [];
});

async function connect(env: Record<string, string> = {}, as?: 'admin' | 'customer'): Promise<InProcess> {
  const c = await connectInProcess(sb, env, { timers: NEVER, ...(as ? { as } : {}) });
  open.push(c);
  return c;
}

describe('resources/subscribe', () => {
  it('is advertised, and a change to the ticket (state, new article) is notified once per change', async () => {
    const c = await connect();
    expect(c.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
    const heard = listen(c.client);
    const uri = `zammad://ticket/${ticket.id}`;
    await c.client.subscribeResource({ uri });

    await changeTicket(sb, ticket.id, { state_id: otherState });
    let next = heard.next();
    await c.app.subscriptions.pollNow();
    expect(await next).toBe(uri);

    await addNote(sb, ticket.id);
    next = heard.next();
    await c.app.subscriptions.pollNow();
    expect(await next).toBe(uri);

    // Unchanged: a poll, no notification (the ping's answer comes after anything sent before it).
    await c.app.subscriptions.pollNow();
    await c.client.ping();
    expect(heard.uris).toEqual([uri, uri]);
    await changeTicket(sb, ticket.id, { state_id: 2 });
  });

  it('polls with one GET of the ticket, and unsubscribing stops the polling', async () => {
    const c = await connect();
    const uri = `zammad://ticket/${ticket.id}`;
    await c.client.subscribeResource({ uri });
    let mark = sb.log.mark();
    await c.app.subscriptions.pollNow();
    expect(sb.log.since(mark).map((e) => `${e.method} ${e.path}`)).toEqual([`GET ${ticketPath(ticket.id)}`]);

    await c.client.unsubscribeResource({ uri });
    expect(c.app.subscriptions.pollerCount).toBe(0);
    mark = sb.log.mark();
    await c.app.subscriptions.pollNow();
    expect(sb.log.since(mark)).toEqual([]);
  });

  it('shares one poller between two sessions: one request per poll, both notified', async () => {
    const c = await connect();
    const second = await connectSecond(c);
    const uri = `zammad://ticket/${ticket.id}`;
    const a = listen(c.client);
    const b = listen(second);
    await c.client.subscribeResource({ uri });
    await second.subscribeResource({ uri });
    expect(c.app.subscriptions.pollerCount).toBe(1);
    expect(c.app.subscriptions.subscriptionCount).toBe(2);

    await changeTicket(sb, ticket.id, { state_id: otherState });
    const both = Promise.all([a.next(), b.next()]);
    const mark = sb.log.mark();
    await c.app.subscriptions.pollNow();
    expect(await both).toEqual([uri, uri]);
    expect(sb.log.since(mark).filter((e) => e.path === ticketPath(ticket.id))).toHaveLength(1);

    // One session leaves: the poller stays for the other; the last one leaving stops it.
    await second.close();
    expect(c.app.subscriptions.pollerCount).toBe(1);
    await c.client.unsubscribeResource({ uri });
    expect(c.app.subscriptions.pollerCount).toBe(0);
    await changeTicket(sb, ticket.id, { state_id: 2 });
  });

  it('answers a ticket outside the scope, or missing, exactly like a read, and starts no poller', async () => {
    const c = await connect({ MCP_ALLOWED_GROUPS: 'Sales' });
    const sales = [...sb.store.groups.values()].find((g) => g.name === 'Sales')?.id;
    const outside = [...sb.store.tickets.values()].find((t) => t.group_id !== sales) as TicketRecord;
    for (const uri of [`zammad://ticket/${outside.id}`, 'zammad://ticket/999999', 'zammad://ticket/abc']) {
      const read = await c.client.readResource({ uri }).catch((e) => e);
      const sub = await c.client.subscribeResource({ uri }).catch((e) => e);
      expect(read).toBeInstanceOf(Error);
      expect([sub.code, sub.message]).toEqual([read.code, read.message]);
    }
    const hidden = await c.client.subscribeResource({ uri: `zammad://ticket/${outside.id}` }).catch((e) => e);
    expect(hidden.message).toBe(
      (await c.client.subscribeResource({ uri: 'zammad://ticket/999999' }).catch((e) => e)).message.replace(
        '999999',
        String(outside.id),
      ),
    );
    const user = await c.client.subscribeResource({ uri: 'zammad://user/1' }).catch((e) => e);
    expect(user.code).toBe(-32602);
    expect(user.message).toContain(
      'Subscribable: zammad://ticket/{id}, zammad://overview/{slug}, zammad://escalations',
    );
    expect(c.app.subscriptions.subscriptionCount).toBe(0);
  });

  it('a customer cannot subscribe to a ticket it cannot read', async () => {
    const c = await connect({}, 'customer');
    const cust = sb.credentials.customer.userId;
    const foreign = [...sb.store.tickets.values()].find((t) => t.customer_id !== cust) as TicketRecord;
    const uri = `zammad://ticket/${foreign.id}`;
    const err = await c.client.subscribeResource({ uri }).catch((e) => e);
    const read = await c.client.readResource({ uri }).catch((e) => e);
    expect(err.message).toMatch(/not found/);
    expect([err.code, err.message]).toEqual([read.code, read.message]);
    expect(c.app.subscriptions.pollerCount).toBe(0);
  });

  it('never notifies when the ticket leaves the scope, and a failed poll never notifies', async () => {
    const c = await connect({ MCP_ALLOWED_GROUPS: 'Sales' });
    const sales = [...sb.store.groups.values()].find((g) => g.name === 'Sales')?.id as number;
    const other = [...sb.store.groups.values()].find((g) => g.id !== sales && g.active)?.id as number;
    const inside = [...sb.store.tickets.values()].find((t) => t.group_id === sales) as TicketRecord;
    const heard = listen(c.client);
    const uri = `zammad://ticket/${inside.id}`;
    await c.client.subscribeResource({ uri });
    await changeTicket(sb, inside.id, { group_id: other });
    await c.app.subscriptions.pollNow();
    await changeTicket(sb, inside.id, { state_id: otherState });
    await c.app.subscriptions.pollNow();
    sb.faults.add({ path: ticketPath(inside.id), status: 500 });
    await c.app.subscriptions.pollNow();
    sb.faults.clear();
    await c.client.ping();
    expect(heard.uris).toEqual([]);
    await changeTicket(sb, inside.id, { group_id: sales, state_id: 2 });
  });

  it('overview and escalation resources can be subscribed to; an unknown overview cannot', async () => {
    const c = await connect({ MCP_TOOLSETS: 'tickets,worklist' });
    const heard = listen(c.client);
    await c.client.subscribeResource({ uri: 'zammad://overview/all_open' });
    await c.client.subscribeResource({ uri: 'zammad://escalations' });
    const err = await c.client.subscribeResource({ uri: 'zammad://overview/nope' }).catch((e) => e);
    expect(err.message).toContain('No overview "nope"');
    const mark = sb.log.mark();
    await c.app.subscriptions.pollNow();
    expect(sb.log.since(mark)).toHaveLength(2);
    await c.client.ping();
    expect(heard.uris).toEqual([]);
    // A ticket changes: it is in "Open Tickets", so the overview's rows changed.
    await changeTicket(sb, ticket.id, { priority_id: 3 });
    const next = heard.next();
    await c.app.subscriptions.pollNow();
    expect(await next).toBe('zammad://overview/all_open');
    await changeTicket(sb, ticket.id, { priority_id: 2 });
  });

  it('past MCP_SUBSCRIPTIONS_PER_SESSION a subscription gets a clear error', async () => {
    const c = await connect({ MCP_SUBSCRIPTIONS_PER_SESSION: '1' });
    const ids = [...sb.store.tickets.values()].slice(0, 2).map((t) => t.id);
    await c.client.subscribeResource({ uri: `zammad://ticket/${ids[0]}` });
    const err = await c.client.subscribeResource({ uri: `zammad://ticket/${ids[1]}` }).catch((e) => e);
    expect(err.code).toBe(-32600);
    expect(err.message).toContain('MCP_SUBSCRIPTIONS_PER_SESSION');
    expect(c.app.subscriptions.pollerCount).toBe(1);
  });
});

async function connectSecond(c: InProcess): Promise<Client> {
  const { Client: C, InMemoryTransport } = await import('@modelcontextprotocol/client');
  const [ct, st] = InMemoryTransport.createLinkedPair();
  await c.app.server().connect(st);
  const client = new C({ name: 'second', version: '1' });
  await client.connect(ct);
  return client;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, writesSince as writes } from '../../test/harness.js';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { ZammadError } from '../zammad/errors.js';
import { createTicket } from './tickets/create.js';
import { addInternalNote, addTimeAccounting, saveDraftReply } from './tickets/notes.js';
import { updateTicket } from './tickets/update.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

function ticketIn(h: Harness, groupId: number, stateId = 2): TicketRecord {
  const t = [...h.sandbox.store.tickets.values()].find(
    (x) => x.group_id === groupId && x.state_id === stateId,
  );
  if (!t) throw new Error(`no ticket in group ${groupId} with state ${stateId}`);
  return t;
}

describe('create_ticket', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('creates the ticket with an internal first article: the exact request and the stored ticket', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(createTicket, {
      title: 'Printer on fire',
      group: 'sales',
      customer: 'Sarah.Kim@northwind-traders.example',
      body: 'Called in: the printer smokes.\n\nSent a technician.',
      priority: '3 high',
      tags: ['printer', 'urgent'],
    });
    const w = writes(h, mark);
    expect(w).toHaveLength(1);
    expect(w[0]?.method).toBe('POST');
    expect(w[0]?.path).toBe('/api/v1/tickets');
    expect(w[0]?.body).toEqual({
      title: 'Printer on fire',
      group_id: 2,
      customer_id: 9,
      priority_id: 3,
      tags: 'printer,urgent',
      article: {
        subject: 'Printer on fire',
        body: 'Called in: the printer smokes.\n\nSent a technician.',
        content_type: 'text/plain',
        type: 'note',
        sender: 'Agent',
        internal: true,
      },
    });
    const st = out.structured as { ticket: { id: number; number: string; group: string; priority: string } };
    const t = h.sandbox.store.tickets.get(st.ticket.id) as TicketRecord;
    expect(t).toMatchObject({ title: 'Printer on fire', group_id: 2, customer_id: 9, priority_id: 3 });
    expect(h.sandbox.store.tagsOf(t.id)).toEqual(['printer', 'urgent']);
    const arts = h.sandbox.store.articlesOf(t.id);
    expect(arts).toHaveLength(1);
    expect(arts[0]).toMatchObject({
      internal: true,
      type_id: 10,
      body: 'Called in: the printer smokes.\n\nSent a technician.',
    });
    expect(out.text).toContain(`Created ticket #${t.number} (id ${t.id}): Printer on fire`);
    expect(out.text).toContain('group: Sales');
    expect(out.text).toContain('customer: Sarah Kim <sarah.kim@northwind-traders.example>');
    expect(out.text).toContain('First article: internal note');
    expect(st.ticket).toMatchObject({ group: 'Sales', priority: '3 high' });
  });

  it('refuses an unknown customer, pointing to create_user, without writing', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(
      h.call(createTicket, { title: 'x', group: 'Sales', customer: 'nobody@nowhere.example', body: 'b' }),
    );
    expect(e.name).toBe('UserInputError');
    expect(e.message).toContain('create_user');
    expect(writes(h, mark)).toEqual([]);
  });

  it('refuses a customer-visible first article before any request, pointing to reply_to_customer', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(
      h.call(createTicket, {
        title: 'x',
        group: 'Sales',
        customer: 'sarah.kim@northwind-traders.example',
        body: 'Dear customer',
        internal: false,
      }),
    );
    expect(e.name).toBe('UserInputError');
    expect(e.message).toContain('reply_to_customer');
    expect(h.sandbox.log.since(mark)).toEqual([]);
  });

  it('lists the valid names for an unknown group, state or priority', async () => {
    const base = { title: 'x', customer: 'sarah.kim@northwind-traders.example', body: 'b' };
    const g = await failure(h.call(createTicket, { ...base, group: 'Marketing' }));
    expect(g.message).toBe(
      'Unknown group "Marketing". Valid groups: Users, Sales, Support, Support › 1st Level, Support › 2nd Level, Billing.',
    );
    const s = await failure(h.call(createTicket, { ...base, group: 'Sales', state: 'solved' }));
    expect(s.message).toContain(
      'Unknown state "solved". Valid states: new, open, pending reminder, closed, merged, pending close.',
    );
    const p = await failure(h.call(createTicket, { ...base, group: 'Sales', priority: 'urgent' }));
    expect(p.message).toContain('Valid priorities: 1 low, 2 normal, 3 high');
  });

  it('needs pending_time for a pending state and sends it normalized', async () => {
    const base = {
      title: 'Wait',
      group: 'Sales',
      customer: 'sarah.kim@northwind-traders.example',
      body: 'b',
    };
    let mark = h.sandbox.log.mark();
    const e = await failure(h.call(createTicket, { ...base, state: 'pending reminder' }));
    expect(e.message).toContain('State "pending reminder" needs pending_time');
    expect(writes(h, mark)).toEqual([]);
    mark = h.sandbox.log.mark();
    await h.call(createTicket, {
      ...base,
      state: 'pending reminder',
      pending_time: '2025-10-01T11:00:00+02:00',
    });
    expect(writes(h, mark)[0]?.body).toMatchObject({ state_id: 3, pending_time: '2025-10-01T09:00:00.000Z' });
  });

  it('cleans an HTML body', async () => {
    const mark = h.sandbox.log.mark();
    await h.call(createTicket, {
      title: 'Html',
      group: 'Sales',
      customer: 'sarah.kim@northwind-traders.example',
      body: '<p onclick="x()">Hi</p><script>alert(1)</script>',
      content_type: 'text/html',
    });
    expect((writes(h, mark)[0]?.body as { article: { body: string } }).article.body).toBe('<p>Hi</p>');
  });
});

describe('create_ticket and update_ticket under a group scope (MCP_ALLOWED_GROUPS=Sales)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
  });
  afterAll(() => h.close());

  it('answers a group out of scope like an unknown one, listing only groups in scope', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(
      h.call(createTicket, {
        title: 'x',
        group: 'Support',
        customer: 'sarah.kim@northwind-traders.example',
        body: 'b',
      }),
    );
    expect(e.message).toBe('Unknown group "Support". Valid groups: Sales.');
    expect(writes(h, mark)).toEqual([]);
  });

  it('answers an out-of-scope ticket as not found, with zero writes', async () => {
    const t = ticketIn(h, 3);
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(updateTicket, { ticket_id: t.id, title: 'hijacked' }));
    expect(e.name).toBe('NotFoundError');
    expect(e.message).toContain(`Ticket ${t.id} not found`);
    const byNumber = await failure(h.call(updateTicket, { ticket_number: t.number, priority: '1 low' }));
    expect(byNumber.name).toBe('NotFoundError');
    expect(writes(h, mark)).toEqual([]);
    expect(h.sandbox.store.tickets.get(t.id)?.title).not.toBe('hijacked');
  });

  it('cannot move an in-scope ticket to a group out of scope', async () => {
    const t = ticketIn(h, 2);
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(updateTicket, { ticket_id: t.id, group: 'Support' }));
    expect(e.message).toBe('Unknown group "Support". Valid groups: Sales.');
    expect(writes(h, mark)).toEqual([]);
    expect(h.sandbox.store.tickets.get(t.id)?.group_id).toBe(2);
  });
});

describe('update_ticket', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('sets a pending state with its time: the exact PUT, the stored ticket and a before → after line', async () => {
    const t = ticketIn(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(updateTicket, {
      ticket_number: t.number,
      state: 'Pending Reminder',
      pending_time: '2025-10-01T09:00:00Z',
    });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path])).toEqual([['PUT', `/api/v1/tickets/${t.id}`]]);
    expect(w[0]?.body).toEqual({ state_id: 3, pending_time: '2025-10-01T09:00:00.000Z' });
    expect(h.sandbox.store.tickets.get(t.id)).toMatchObject({
      state_id: 3,
      pending_time: '2025-10-01T09:00:00.000Z',
    });
    expect(out.text).toBe(`Ticket #${t.number}: state open → pending reminder (until 2025-10-01 09:00)`);
    expect((out.structured as { changes: string[] }).changes).toEqual([
      'state open → pending reminder (until 2025-10-01 09:00)',
    ]);
  });

  it('refuses a pending state without pending_time after the lookups, without a PUT', async () => {
    const t = ticketIn(h, 2);
    await h.zammad.reference.get();
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(updateTicket, { ticket_id: t.id, state: 'pending close' }));
    expect(e.name).toBe('UserInputError');
    expect(e.message).toContain('State "pending close" needs pending_time');
    const after = h.sandbox.log.since(mark);
    expect(after.map((x) => [x.method, x.path])).toEqual([['GET', `/api/v1/tickets/${t.id}`]]);
  });

  it('refuses pending_time for a state that is not pending', async () => {
    const t = ticketIn(h, 2);
    const mark = h.sandbox.log.mark();
    const e = await failure(
      h.call(updateTicket, { ticket_id: t.id, state: 'closed', pending_time: '2025-10-01T09:00:00Z' }),
    );
    expect(e.message).toContain('pending_time applies only to pending states');
    expect(writes(h, mark)).toEqual([]);
  });

  it('says there is nothing to change before any request', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(updateTicket, { ticket_id: 1, attributes: {} }));
    expect(e.message).toContain('Nothing to change');
    expect(h.sandbox.log.since(mark)).toEqual([]);
  });

  it('lists the valid states for an unknown one', async () => {
    const e = await failure(h.call(updateTicket, { ticket_id: 1, state: 'done' }));
    expect(e.message).toBe(
      'Unknown state "done". Valid states: new, open, pending reminder, closed, merged, pending close.',
    );
  });

  it('changes title, priority and owner (an agent of the group) in one PUT', async () => {
    const t = ticketIn(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(updateTicket, {
      ticket_id: t.id,
      title: 'New title',
      priority: '3 high',
      owner: 'lukas.becker@helpdesk.example',
    });
    expect(writes(h, mark)[0]?.body).toEqual({ title: 'New title', priority_id: 3, owner_id: 3 });
    expect(h.sandbox.store.tickets.get(t.id)).toMatchObject({
      title: 'New title',
      priority_id: 3,
      owner_id: 3,
    });
    expect(out.text).toContain('title ');
    expect(out.text).toContain('→ New title');
    expect(out.text).toContain('owner ');
    expect(out.text).toContain('→ lukas.becker@helpdesk.example');
  });

  it('refuses an owner who is not an agent of the group, without a PUT', async () => {
    const t = ticketIn(h, 2);
    const mark = h.sandbox.log.mark();
    const e = await failure(
      h.call(updateTicket, { ticket_id: t.id, owner: 'priya.natarajan@helpdesk.example' }),
    );
    expect(e.message).toBe(
      'Priya Natarajan <priya.natarajan@helpdesk.example> is not an agent of group Sales, so cannot own this ticket.',
    );
    const customer = await failure(
      h.call(updateTicket, { ticket_id: t.id, owner: 'sarah.kim@northwind-traders.example' }),
    );
    expect(customer.message).toContain('is not an agent of group Sales');
    expect(writes(h, mark)).toEqual([]);
  });

  it('checks custom fields against the object attributes and sends the known ones', async () => {
    const t = ticketIn(h, 2);
    let mark = h.sandbox.log.mark();
    const e = await failure(h.call(updateTicket, { ticket_id: t.id, attributes: { colour: 'red' } }));
    expect(e.message).toContain(
      'Unknown custom field "colour" in attributes. Valid custom fields: customer_ref, product, category, topics, callback, contract_level.',
    );
    const core = await failure(h.call(updateTicket, { ticket_id: t.id, attributes: { group_id: 3 } }));
    expect(core.message).toContain('Unknown custom field "group_id"');
    expect(writes(h, mark)).toEqual([]);
    mark = h.sandbox.log.mark();
    const out = await h.call(updateTicket, { ticket_id: t.id, attributes: { customer_ref: 'PO-4711' } });
    expect(writes(h, mark)[0]?.body).toEqual({ customer_ref: 'PO-4711' });
    expect(h.sandbox.store.tickets.get(t.id)?.custom['customer_ref']).toBe('PO-4711');
    expect(out.text).toContain('customer_ref');
    expect(out.text).toContain('→ PO-4711');
  });

  it('passes custom fields through when the token may not read the object attributes (Zammad decides)', async () => {
    const agent = await startHarness({ as: 'agent' });
    try {
      const t = [...agent.sandbox.store.tickets.values()].find((x) => x.group_id === 2) as TicketRecord;
      const mark = agent.sandbox.log.mark();
      await agent.call(updateTicket, { ticket_id: t.id, attributes: { customer_ref: 'AG-1' } });
      const log = agent.sandbox.log.since(mark);
      expect(log.find((x) => x.path === '/api/v1/object_manager_attributes')?.status).toBe(403);
      expect(writes(agent, mark).map((x) => [x.method, x.path, x.body])).toEqual([
        ['PUT', `/api/v1/tickets/${t.id}`, { customer_ref: 'AG-1' }],
      ]);
      expect(agent.sandbox.store.tickets.get(t.id)?.custom['customer_ref']).toBe('AG-1');
      // Core columns stay refused even then: they have parameters of their own (and the scope checks).
      const e = await failure(agent.call(updateTicket, { ticket_id: t.id, attributes: { group_id: 3 } }));
      expect(e.message).toContain('Unknown custom field "group_id"');
    } finally {
      await agent.close();
    }
  });

  it('moves a ticket to another group with an owner of that group', async () => {
    const t = ticketIn(h, 1);
    const mark = h.sandbox.log.mark();
    const out = await h.call(updateTicket, { ticket_id: t.id, group: 'Billing', owner: 'none' });
    expect(writes(h, mark)[0]?.body).toEqual({ group_id: 6, owner_id: 1 });
    expect(h.sandbox.store.tickets.get(t.id)).toMatchObject({ group_id: 6, owner_id: 1 });
    expect(out.text).toContain('group Users → Billing');
  });

  it('reports a write that timed out as an unknown outcome, sent exactly once', async () => {
    const slow = await startHarness({ env: { ZAMMAD_TIMEOUT_MS: '1000' } });
    try {
      const t = [...slow.sandbox.store.tickets.values()].find(
        (x) => x.group_id === 2 && x.state_id === 2,
      ) as TicketRecord;
      await slow.zammad.reference.get();
      slow.sandbox.faults.add({ method: 'PUT', path: `/api/v1/tickets/${t.id}`, delayMs: 1500 });
      const e = await failure(slow.call(updateTicket, { ticket_id: t.id, priority: '1 low' }));
      expect(e).toBeInstanceOf(ZammadError);
      expect((e as ZammadError).kind).toBe('unknown_outcome');
      expect(e.message).toContain('may or may not have been made');
      await new Promise((r) => setTimeout(r, 800));
      expect(slow.sandbox.log.count({ method: 'PUT', path: `/api/v1/tickets/${t.id}` })).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

describe('add_internal_note, save_draft_reply, add_time_accounting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('adds an internal note with time: the exact POST and the stored article', async () => {
    const t = ticketIn(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(addInternalNote, {
      ticket_id: t.id,
      body: "Checked the logs: it's the toner.",
      time_unit: '15',
    });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path])).toEqual([['POST', '/api/v1/ticket_articles']]);
    expect(w[0]?.body).toEqual({
      ticket_id: t.id,
      body: "Checked the logs: it's the toner.",
      content_type: 'text/plain',
      type: 'note',
      sender: 'Agent',
      internal: true,
      time_unit: '15',
    });
    const st = out.structured as { article_id: number };
    const art = h.sandbox.store.articles.get(st.article_id);
    expect(art).toMatchObject({ ticket_id: t.id, internal: true, body: "Checked the logs: it's the toner." });
    expect(h.sandbox.store.timeAccountingsOf(t.id).some((x) => x.ticket_article_id === st.article_id)).toBe(
      true,
    );
    expect(out.text).toContain(`Internal note (article ${st.article_id}) added to ticket #${t.number}`);
  });

  it('saves a shared draft: the exact PUT and the stored draft, nothing sent', async () => {
    const s = h.sandbox.store;
    const t = [...s.tickets.values()].find(
      (x) => x.group_id === 2 && !s.sharedDrafts.has(x.id),
    ) as TicketRecord;
    const articlesBefore = s.articlesOf(t.id).length;
    const mark = h.sandbox.log.mark();
    const out = await h.call(saveDraftReply, {
      ticket_id: t.id,
      body: 'Hello <Sarah>,\n\nfixed & done.',
      cc: ['boss@northwind-traders.example'],
    });
    const customer = s.user(t.customer_id);
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path])).toEqual([['PUT', `/api/v1/tickets/${t.id}/shared_draft`]]);
    expect(w[0]?.body).toEqual({
      new_article: {
        ticket_id: t.id,
        type: 'email',
        type_id: 1,
        internal: false,
        content_type: 'text/html',
        body: '<div>Hello &lt;Sarah&gt;,</div><div><br></div><div>fixed &amp; done.</div>',
        to: customer?.email,
        cc: 'boss@northwind-traders.example',
        subject: `Re: ${t.title}`,
      },
      ticket_attributes: {},
    });
    const d = s.sharedDrafts.get(t.id);
    expect(d?.new_article['to']).toBe(customer?.email);
    expect(s.articlesOf(t.id).length).toBe(articlesBefore);
    expect(out.text).toContain('Nothing was sent');
    expect((out.structured as { shared_draft_id: number }).shared_draft_id).toBe(d?.id);
  });

  it("does not overwrite a colleague's draft unless told to", async () => {
    const s = h.sandbox.store;
    const t = [...s.tickets.values()].find((x) => s.sharedDrafts.has(x.id)) as TicketRecord;
    const before = JSON.stringify(s.sharedDrafts.get(t.id));
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(saveDraftReply, { ticket_id: t.id, body: 'mine' }));
    expect(e.message).toContain(`Ticket #${t.number} already has a shared draft`);
    expect(e.message).toContain('replace=true');
    expect(writes(h, mark)).toEqual([]);
    expect(JSON.stringify(s.sharedDrafts.get(t.id))).toBe(before);
    const out = await h.call(saveDraftReply, { ticket_id: t.id, body: 'mine', replace: true });
    expect((out.structured as { replaced: boolean }).replaced).toBe(true);
    expect(s.sharedDrafts.get(t.id)?.new_article['body']).toBe('<div>mine</div>');
  });

  it('accounts time with a type by name', async () => {
    const t = ticketIn(h, 2);
    const mark = h.sandbox.log.mark();
    const out = await h.call(addTimeAccounting, { ticket_id: t.id, time_unit: '0.5', type: 'research' });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      ['POST', `/api/v1/tickets/${t.id}/time_accountings`, { time_unit: '0.5', type_id: 1 }],
    ]);
    const st = out.structured as { time_accounting_id: number };
    expect(h.sandbox.store.timeAccountings.get(st.time_accounting_id)).toMatchObject({
      ticket_id: t.id,
      type_id: 1,
    });
    expect(out.text).toContain('as Research');
  });

  it('lists the valid time accounting types for an unknown one', async () => {
    const mark = h.sandbox.log.mark();
    const e = await failure(h.call(addTimeAccounting, { ticket_id: 1, time_unit: '1', type: 'Coffee' }));
    expect(e.message).toBe(
      'Unknown time accounting type "Coffee". Valid types: Research, Phone call, Email, Development, Customer meeting.',
    );
    expect(writes(h, mark)).toEqual([]);
  });
});

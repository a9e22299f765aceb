import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, writesSince as writes } from '../../test/harness.js';
import type { TicketRecord } from '@zammad-mcp/sandbox';
import { ZammadError } from '../zammad/errors.js';
import type { AnyTool, ConfirmationPreview } from './define.js';
import { createOrganization, deleteOrganization } from './organizations.js';
import { deleteTicket, mergeTickets } from './tickets/merge-delete.js';
import { createUser, deleteUser } from './users.js';

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

async function preview(
  h: Harness,
  tool: AnyTool,
  args: Record<string, unknown>,
): Promise<ConfirmationPreview> {
  if (!tool.preview) throw new Error(`${tool.name} has no preview`);
  const mark = h.sandbox.log.mark();
  const p = await h.preview(tool, args);
  expect(
    h.sandbox.log.since(mark).every((e) => e.method === 'GET'),
    'preview makes GET requests only',
  ).toBe(true);
  return p;
}

const detail = (p: ConfirmationPreview, label: string): string | undefined =>
  p.details.find(([l]) => l === label)?.[1];

function openTickets(h: Harness, groupId: number): TicketRecord[] {
  return [...h.sandbox.store.tickets.values()].filter((x) => x.group_id === groupId && x.state_id === 2);
}

describe('merge_tickets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('previews both tickets as Zammad has them', async () => {
    const [a, b] = openTickets(h, 2) as [TicketRecord, TicketRecord];
    const p = await preview(h, mergeTickets, { source: a.number, target: b.id });
    expect(p.summary).toBe(`Merge ticket #${a.number} "${a.title}" into #${b.number} "${b.title}"`);
    expect(detail(p, 'Source (closed as merged)')).toContain(
      `#${a.number} "${a.title}" (id ${a.id}, open, Sales`,
    );
    expect(detail(p, 'Target (receives the articles)')).toContain(`#${b.number} "${b.title}" (id ${b.id}`);
    expect(detail(p, 'Effect')).toContain('cannot be undone');
  });

  it('merges: PUT /ticket_merge/{source id}/{target number}, and the source is merged', async () => {
    const [a, b] = openTickets(h, 2) as [TicketRecord, TicketRecord];
    const moved = h.sandbox.store.articlesOf(a.id).length;
    const targetBefore = h.sandbox.store.articlesOf(b.id).length;
    const mark = h.sandbox.log.mark();
    const out = await h.call(mergeTickets, { source: a.id, target: b.number });
    const w = writes(h, mark);
    expect(w.map((x) => [x.method, x.path, x.body])).toEqual([
      ['PUT', `/api/v1/ticket_merge/${a.id}/${b.number}`, undefined],
    ]);
    expect(h.sandbox.store.tickets.get(a.id)?.state_id).toBe(5);
    expect(h.sandbox.store.articlesOf(b.id).length).toBe(targetBefore + moved);
    expect(out.text).toBe(
      `Merged ticket #${a.number} "${a.title}" into #${b.number} "${b.title}": #${a.number} is closed as merged and its articles are now on #${b.number}.`,
    );
  });

  it('reports a 200 with result "failed" as a failure, never as success', async () => {
    const [a, b] = openTickets(h, 6) as [TicketRecord, TicketRecord];
    h.sandbox.faults.add({
      method: 'PUT',
      path: `/api/v1/ticket_merge/${a.id}/${b.number}`,
      status: 200,
      body: { result: 'failed', message: 'The target ticket number could not be found.' },
    });
    const e = await failure(h.call(mergeTickets, { source: a.id, target: b.id }));
    expect(e).toBeInstanceOf(ZammadError);
    expect((e as ZammadError).kind).toBe('conflict');
    expect(e.message).toBe(
      `Zammad did not merge ticket #${a.number} into #${b.number}: The target ticket number could not be found.`,
    );
    expect(h.sandbox.store.tickets.get(a.id)?.state_id).toBe(2);
  });

  it("passes on Zammad's 422 and refuses a ticket merged into itself before any write", async () => {
    const merged = [...h.sandbox.store.tickets.values()].find((x) => x.state_id === 5) as TicketRecord;
    const [a] = openTickets(h, 1) as [TicketRecord];
    const e = await failure(h.call(mergeTickets, { source: a.id, target: merged.number }));
    expect(e.message).toContain('It is not possible to merge into an already merged ticket.');
    const mark = h.sandbox.log.mark();
    const missing = await failure(h.call(mergeTickets, { source: a.id, target: 99999 }));
    expect(missing.message).toBe(
      'Target ticket (id 99999) not found. In merge_tickets an integer is the internal ticket id and a string the number shown in Zammad (e.g. "31001").',
    );
    const self = await failure(h.call(mergeTickets, { source: a.id, target: a.number }));
    expect(self.message).toContain('cannot be merged into itself');
    expect(writes(h, mark)).toEqual([]);
  });
});

describe('delete_ticket', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('previews the ticket and deletes it: DELETE /tickets/{id}, gone from the store', async () => {
    const t = openTickets(h, 1)[0] as TicketRecord;
    const p = await preview(h, deleteTicket, { ticket_number: t.number });
    expect(p.summary).toBe(`Delete ticket #${t.number} "${t.title}"`);
    expect(detail(p, 'Ticket')).toContain(`${t.article_count} articles`);
    const mark = h.sandbox.log.mark();
    const out = await h.call(deleteTicket, { ticket_id: t.id });
    expect(writes(h, mark).map((x) => [x.method, x.path, x.body])).toEqual([
      ['DELETE', `/api/v1/tickets/${t.id}`, undefined],
    ]);
    expect(h.sandbox.store.tickets.has(t.id)).toBe(false);
    expect(h.sandbox.store.articlesOf(t.id)).toEqual([]);
    expect(out.text).toBe(
      `Deleted ticket #${t.number} "${t.title}" (id ${t.id}) with its ${t.article_count} articles.`,
    );
  });

  it('answers a missing ticket as not found in preview and handler', async () => {
    expect((await failure(preview(h, deleteTicket, { ticket_id: 99999 }))).name).toBe('NotFoundError');
    expect((await failure(h.call(deleteTicket, { ticket_number: '99999999' }))).name).toBe('NotFoundError');
  });
});

describe('delete_ticket as an agent and under a group scope', () => {
  it('says plainly that deleting needs the admin permission', async () => {
    const h = await startHarness({ as: 'agent' });
    try {
      const t = openTickets(h, 2)[0] as TicketRecord;
      const e = await failure(h.call(deleteTicket, { ticket_id: t.id }));
      expect((e as ZammadError).kind).toBe('permission');
      expect(e.message).toContain(
        `Zammad refused to delete ticket #${t.number}: that needs the admin permission`,
      );
      expect(h.sandbox.store.tickets.has(t.id)).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('answers a ticket out of scope as not found, in preview and handler, with zero writes', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const t = openTickets(h, 3)[0] as TicketRecord;
      const mark = h.sandbox.log.mark();
      expect((await failure(preview(h, deleteTicket, { ticket_id: t.id }))).name).toBe('NotFoundError');
      expect((await failure(h.call(deleteTicket, { ticket_id: t.id }))).name).toBe('NotFoundError');
      const [s] = openTickets(h, 2) as [TicketRecord];
      expect((await failure(preview(h, mergeTickets, { source: s.id, target: t.number }))).name).toBe(
        'NotFoundError',
      );
      expect((await failure(h.call(mergeTickets, { source: t.id, target: s.number }))).name).toBe(
        'NotFoundError',
      );
      expect(writes(h, mark)).toEqual([]);
      expect(h.sandbox.store.tickets.get(t.id)?.state_id).toBe(2);
    } finally {
      await h.close();
    }
  });
});

describe('delete_user and delete_organization', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('previews a customer with the ticket count and deletes one without references', async () => {
    const c = await h.call(createUser, {
      email: 'temp@acme.example',
      firstname: 'Temp',
      lastname: 'Customer',
    });
    const id = (c.structured as { user: { id: number } }).user.id;
    const p = await preview(h, deleteUser, { user_id: id });
    expect(p.summary).toBe(`Delete user Temp Customer <temp@acme.example> (id ${id})`);
    expect(detail(p, 'Roles')).toBe('Customer');
    expect(detail(p, 'Tickets as customer')).toBe('0');
    const mark = h.sandbox.log.mark();
    const out = await h.call(deleteUser, { user_id: id });
    expect(writes(h, mark).map((x) => [x.method, x.path])).toEqual([['DELETE', `/api/v1/users/${id}`]]);
    expect(h.sandbox.store.users.has(id)).toBe(false);
    expect(out.text).toBe(`Deleted user Temp Customer <temp@acme.example> (id ${id}).`);
  });

  it('shows how many tickets a customer has, and explains Zammad refusing to delete a referenced user', async () => {
    const sarah = 9;
    const count = [...h.sandbox.store.tickets.values()].filter((t) => t.customer_id === sarah).length;
    const p = await preview(h, deleteUser, { user_id: sarah });
    expect(detail(p, 'Tickets as customer')).toBe(String(count));
    const e = await failure(h.call(deleteUser, { user_id: sarah }));
    expect(e.message).toContain('other records (tickets, articles, users) still refer to it');
    expect(h.sandbox.store.users.has(sarah)).toBe(true);
  });

  it('refuses staff accounts in preview and handler, with zero writes', async () => {
    const mark = h.sandbox.log.mark();
    expect((await failure(preview(h, deleteUser, { user_id: 3 }))).name).toBe('PolicyError');
    expect((await failure(h.call(deleteUser, { user_id: 3 }))).message).toContain('customers only');
    expect(writes(h, mark)).toEqual([]);
  });

  it('previews and deletes an organization: DELETE /organizations/{id}', async () => {
    const c = await h.call(createOrganization, { name: 'Short-lived Ltd', domain: 'short.example' });
    const id = (c.structured as { organization: { id: number } }).organization.id;
    const p = await preview(h, deleteOrganization, { organization_id: id });
    expect(p.summary).toBe(`Delete organization Short-lived Ltd (id ${id})`);
    expect(detail(p, 'Organization')).toBe(`Short-lived Ltd (id ${id}), domain short.example`);
    expect(detail(p, 'Members')).toBe('0');
    expect(detail(p, 'Tickets')).toBe('0');
    const mark = h.sandbox.log.mark();
    await h.call(deleteOrganization, { organization_id: id });
    expect(writes(h, mark).map((x) => [x.method, x.path])).toEqual([
      ['DELETE', `/api/v1/organizations/${id}`],
    ]);
    expect(h.sandbox.store.organizations.has(id)).toBe(false);
  });

  it('shows members and tickets of an organization in use, and a missing one is not found', async () => {
    const p = await preview(h, deleteOrganization, { organization_id: 1 });
    const tickets = [...h.sandbox.store.tickets.values()].filter((t) => t.organization_id === 1).length;
    expect(detail(p, 'Tickets')).toBe(String(tickets));
    expect(Number(detail(p, 'Members'))).toBeGreaterThan(0);
    expect((await failure(h.call(deleteOrganization, { organization_id: 1 }))).message).toContain(
      'still refer to it',
    );
    expect((await failure(preview(h, deleteOrganization, { organization_id: 9999 }))).name).toBe(
      'NotFoundError',
    );
  });
});

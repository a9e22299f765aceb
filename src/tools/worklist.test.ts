import type { Sandbox, TicketRecord } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import { getOverviewTickets, listOverviews } from './worklist.js';

/** Ground truth from the sandbox's store: open = new, open, pending reminder, pending close. */
const OPEN = [1, 2, 3, 6];
const byCreated = (a: TicketRecord, b: TicketRecord): number =>
  Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id;
const openTickets = (sb: Sandbox): TicketRecord[] =>
  [...sb.store.tickets.values()].filter((t) => OPEN.includes(t.state_id)).sort(byCreated);
const groupId = (sb: Sandbox, name: string): number => {
  const g = [...sb.store.groups.values()].find((x) => x.name === name);
  if (!g) throw new Error(`no group ${name}`);
  return g.id;
};

type Rows = {
  tickets: Array<{ id: number; number: string; group?: string }>;
  total?: number;
  has_more: boolean;
};

describe('list_overviews', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
  });
  afterAll(() => h.close());

  it("lists the caller's overviews with Zammad's counts, in one request", async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(listOverviews, {});
    const log = h.sandbox.log.since(mark);
    expect(log.map((e) => `${e.method} ${e.path} ${JSON.stringify(e.query)}`)).toEqual([
      'GET /api/v1/ticket_overviews {}',
    ]);
    const s = out.structured as { overviews: Array<{ name: string; link: string; count?: number }> };
    expect(s.overviews.map((o) => o.link)).toEqual([
      'my_assigned',
      'all_unassigned',
      'my_pending_reached',
      'my_subscribed_tickets',
      'all_open',
      'all_pending_reached',
      'all_escalated',
      'my_replacement_tickets',
    ]);
    const admin = h.sandbox.credentials.admin.userId;
    const truth = openTickets(h.sandbox);
    expect(s.overviews.find((o) => o.link === 'all_open')?.count).toBe(truth.length);
    expect(s.overviews.find((o) => o.link === 'my_assigned')?.count).toBe(
      truth.filter((t) => t.owner_id === admin).length,
    );
    expect(out.text).toContain(`Open Tickets (all_open) · ${truth.length}`);
  });

  it('shows a customer its own overviews only', async () => {
    const c = await startHarness({ as: 'customer' });
    try {
      const out = await c.call(listOverviews, {});
      const links = (out.structured as { overviews: Array<{ link: string }> }).overviews.map((o) => o.link);
      expect(links).toEqual(['my_tickets', 'my_organization_tickets']);
      await expect(c.call(getOverviewTickets, { overview: 'all_open' })).rejects.toThrow(
        /No overview "all_open" for this account. Its overviews: My Tickets \(my_tickets\), My Organization Tickets/,
      );
      const mine = await c.call(getOverviewTickets, { overview: 'my_tickets', limit: 100 });
      const me = c.sandbox.credentials.customer.userId;
      const ids = (mine.structured as Rows).tickets.map((t) => t.id);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(c.sandbox.store.ticket(id)?.customer_id).toBe(me);
    } finally {
      await c.close();
    }
  });

  it('says so when the token may see no overview (Zammad answers an empty list)', async () => {
    const n = await startHarness({ env: { ZAMMAD_HTTP_TOKEN: h.sandbox.credentials.noPermissionToken } });
    try {
      const out = await n.call(listOverviews, {});
      expect(out.text).toBe('No overviews for this Zammad account.');
    } finally {
      await n.close();
    }
  });

  it('leaves the counts out under a group scope (they would count hidden tickets)', async () => {
    const s = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const out = await s.call(listOverviews, {});
      const st = out.structured as { overviews: Array<{ count?: number }>; counts_hidden?: boolean };
      expect(st.counts_hidden).toBe(true);
      expect(st.overviews.every((o) => o.count === undefined)).toBe(true);
      expect(out.text).not.toMatch(/ · \d+$/m);
    } finally {
      await s.close();
    }
  });
});

describe('get_overview_tickets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
  });
  afterAll(() => h.close());

  it("pages an overview by its link in the overview's own order, from one request", async () => {
    const truth = openTickets(h.sandbox);
    const mark = h.sandbox.log.mark();
    const p1 = await h.call(getOverviewTickets, { overview: 'all_open', limit: 10 });
    const log = h.sandbox.log.since(mark);
    expect(log.map((e) => [e.method, e.path, e.query])).toEqual([
      ['GET', '/api/v1/ticket_overviews', { view: 'all_open' }],
    ]);
    const s1 = p1.structured as Rows;
    expect(s1.tickets.map((t) => t.id)).toEqual(truth.slice(0, 10).map((t) => t.id));
    expect(s1.total).toBe(truth.length);
    expect(s1.has_more).toBe(true);
    expect(p1.text).toContain(`of ${truth.length} (more: page=2)`);
    const p2 = await h.call(getOverviewTickets, { overview: 'all_open', limit: 10, page: 2 });
    expect((p2.structured as Rows).tickets.map((t) => t.id)).toEqual(truth.slice(10, 20).map((t) => t.id));
  });

  it('orders the escalated overview by escalation time, as Zammad seeds it', async () => {
    const now = h.sandbox.store.clock.peekMs();
    const truth = [...h.sandbox.store.tickets.values()]
      .filter((t) => t.escalation_at !== null && Date.parse(t.escalation_at) <= now + 10 * 60_000)
      .sort((a, b) => Date.parse(a.escalation_at ?? '') - Date.parse(b.escalation_at ?? '') || a.id - b.id);
    expect(truth.length).toBeGreaterThan(1);
    const out = await h.call(getOverviewTickets, { overview: 'all_escalated', limit: 100 });
    expect((out.structured as Rows).tickets.map((t) => t.id)).toEqual(truth.map((t) => t.id));
  });

  it('finds an overview by its name (list, then view: two requests)', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(getOverviewTickets, { overview: 'open tickets', limit: 5 });
    expect(h.sandbox.log.since(mark).map((e) => e.query)).toEqual([{}, { view: 'all_open' }]);
    expect((out.structured as { link: string }).link).toBe('all_open');
  });

  it('says which overviews exist when the name is unknown (Zammad answers 200 with an empty index)', async () => {
    const mark = h.sandbox.log.mark();
    await expect(h.call(getOverviewTickets, { overview: 'no_such_view' })).rejects.toThrow(
      /No overview "no_such_view".*Open Tickets \(all_open\)/,
    );
    expect(h.sandbox.log.since(mark).map((e) => e.status)).toEqual([200, 200]);
  });

  it('rejects an empty or overlong overview before any request', async () => {
    const mark = h.sandbox.log.mark();
    await expect(h.call(getOverviewTickets, { overview: '' })).rejects.toThrow();
    await expect(h.call(getOverviewTickets, { overview: 'x'.repeat(251) })).rejects.toThrow();
    await expect(h.call(getOverviewTickets, { overview: 'all_open', limit: 101 })).rejects.toThrow();
    expect(h.sandbox.log.since(mark)).toHaveLength(0);
  });

  it('keeps rows short: names, no ids of people', async () => {
    const out = await h.call(getOverviewTickets, { overview: 'all_open', limit: 3 });
    const first = openTickets(h.sandbox)[0] as TicketRecord;
    const owner = h.sandbox.store.user(first.owner_id);
    expect(out.text.split('\n')[1]).toContain(`#${first.number} id ${first.id} · `);
    if (owner && owner.id !== 1) expect(out.text).toContain(`${owner.firstname} ${owner.lastname}`);
  });
});

describe('get_overview_tickets under a group scope', () => {
  it('never shows a ticket of another group, and counts only those in scope', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const sales = groupId(h.sandbox, 'Sales');
      const truth = openTickets(h.sandbox).filter((t) => t.group_id === sales);
      const elsewhere = openTickets(h.sandbox).filter((t) => t.group_id !== sales);
      expect(elsewhere.length).toBeGreaterThan(0);
      const out = await h.call(getOverviewTickets, { overview: 'all_open', limit: 100 });
      const s = out.structured as Rows;
      expect(s.tickets.map((t) => t.id)).toEqual(truth.map((t) => t.id));
      expect(s.total).toBe(truth.length);
      for (const t of elsewhere) expect(out.text).not.toContain(`#${t.number} `);
    } finally {
      await h.close();
    }
  });
});

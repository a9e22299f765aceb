import type { Sandbox, TicketRecord } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import { getCustomerTickets } from './customer-tickets.js';
import { getRelatedTickets } from './tickets/related.js';

const OPEN = [1, 2, 3, 6];
const newest = (a: TicketRecord, b: TicketRecord): number =>
  Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id;

/** The customer with the most tickets, open and closed. */
function busiest(sb: Sandbox): { id: number; email: string; login: string; tickets: TicketRecord[] } {
  const by = new Map<number, TicketRecord[]>();
  for (const t of sb.store.tickets.values()) by.set(t.customer_id, [...(by.get(t.customer_id) ?? []), t]);
  const [id, tickets] = [...by.entries()]
    .filter(([, l]) => l.some((t) => t.state_id === 4) && l.some((t) => OPEN.includes(t.state_id)))
    .sort((a, b) => b[1].length - a[1].length)[0] ?? [0, []];
  const u = sb.store.user(id);
  if (!u) throw new Error('fixture');
  return { id, email: u.email, login: u.login, tickets };
}

type Customer = {
  customer: string;
  open: number;
  closed: number;
  tickets: Array<{ id: number }>;
  has_more: boolean;
};

describe('get_customer_tickets', () => {
  let h: Harness;
  let c: ReturnType<typeof busiest>;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
    c = busiest(h.sandbox);
  });
  afterAll(() => h.close());

  it('gives totals of open and closed and the open tickets newest first, in two requests', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(getCustomerTickets, { customer: c.id });
    expect(h.sandbox.log.since(mark).map((e) => [e.path, e.query])).toEqual([
      [`/api/v1/users/${c.id}`, { expand: 'true' }],
      ['/api/v1/ticket_stats', { user_id: String(c.id) }],
    ]);
    const open = c.tickets.filter((t) => OPEN.includes(t.state_id)).sort(newest);
    const closed = c.tickets.filter((t) => t.state_id === 4);
    const s = out.structured as Customer;
    expect([s.open, s.closed]).toEqual([open.length, closed.length]);
    expect(s.tickets.map((t) => t.id)).toEqual(open.slice(0, 20).map((t) => t.id));
    expect(out.text.split('\n')[0]).toContain(`: ${open.length} open, ${closed.length} closed`);
  });

  it('lists all (without merged) or closed ones, paged', async () => {
    const all = c.tickets.filter((t) => t.state_id !== 5).sort(newest);
    const p1 = (await h.call(getCustomerTickets, { customer: c.id, state: 'all', limit: 2 }))
      .structured as Customer;
    const p2 = (await h.call(getCustomerTickets, { customer: c.id, state: 'all', limit: 2, page: 2 }))
      .structured as Customer;
    expect([...p1.tickets, ...p2.tickets].map((t) => t.id)).toEqual(all.slice(0, 4).map((t) => t.id));
    expect(p1.has_more).toBe(all.length > 2);
    const closed = (await h.call(getCustomerTickets, { customer: c.id, state: 'closed' }))
      .structured as Customer;
    expect(closed.tickets.map((t) => t.id)).toEqual(
      c.tickets
        .filter((t) => t.state_id === 4)
        .sort(newest)
        .map((t) => t.id),
    );
  });

  it('finds the customer by email or login with one user search', async () => {
    for (const v of [c.email, c.login.toUpperCase()]) {
      const mark = h.sandbox.log.mark();
      const s = (await h.call(getCustomerTickets, { customer: v })).structured as { customer_id: number };
      expect(s.customer_id).toBe(c.id);
      expect(h.sandbox.log.since(mark).map((e) => e.path)).toEqual([
        '/api/v1/users/search',
        '/api/v1/ticket_stats',
      ]);
    }
  });

  it('says so for an unknown customer, and rejects empty or oversized input before any request', async () => {
    await expect(h.call(getCustomerTickets, { customer: 'nobody@nowhere.invalid' })).rejects.toThrow(
      /No user with email or login nobody@nowhere.invalid/,
    );
    await expect(h.call(getCustomerTickets, { customer: 999_999 })).rejects.toThrow(/User 999999 not found/);
    const mark = h.sandbox.log.mark();
    await expect(h.call(getCustomerTickets, { customer: '' })).rejects.toThrow();
    await expect(h.call(getCustomerTickets, { customer: 0 })).rejects.toThrow();
    await expect(h.call(getCustomerTickets, { customer: c.id, state: 'merged' })).rejects.toThrow();
    expect(h.sandbox.log.since(mark)).toHaveLength(0);
  });
});

describe('get_customer_tickets with a customer token', () => {
  it('shows a customer its own tickets, and another customer as not found', async () => {
    const h = await startHarness({ as: 'customer' });
    try {
      const me = h.sandbox.credentials.customer.userId;
      const own = (await h.call(getCustomerTickets, { customer: me, state: 'all', limit: 100 }))
        .structured as Customer;
      expect(own.tickets.length).toBeGreaterThan(0);
      for (const t of own.tickets) expect(h.sandbox.store.ticket(t.id)?.customer_id).toBe(me);
      const stranger = [...h.sandbox.store.users.values()].find(
        (u) => u.id > 2 && u.id !== me && u.organization_id !== h.sandbox.store.user(me)?.organization_id,
      );
      if (!stranger) throw new Error('fixture');
      await expect(h.call(getCustomerTickets, { customer: stranger.id })).rejects.toThrow(
        new RegExp(`User ${stranger.id} not found`),
      );
    } finally {
      await h.close();
    }
  });
});

describe('get_customer_tickets under a group scope', () => {
  it('neither lists nor counts a ticket of another group', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const c = busiest(h.sandbox);
      const sales = [...h.sandbox.store.groups.values()].find((g) => g.name === 'Sales')?.id;
      const inScope = c.tickets.filter((t) => t.group_id === sales);
      const out = await h.call(getCustomerTickets, { customer: c.id, state: 'all', limit: 100 });
      const s = out.structured as Customer;
      expect(s.open).toBe(inScope.filter((t) => OPEN.includes(t.state_id)).length);
      expect(s.closed).toBe(inScope.filter((t) => t.state_id === 4).length);
      expect(s.tickets.map((t) => t.id).sort((a, b) => a - b)).toEqual(
        inScope
          .filter((t) => t.state_id !== 5)
          .map((t) => t.id)
          .sort((a, b) => a - b),
      );
      for (const t of c.tickets.filter((x) => x.group_id !== sales))
        expect(out.text).not.toContain(`#${t.number} `);
    } finally {
      await h.close();
    }
  });
});

describe('get_related_tickets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.zammad.reference.get();
  });
  afterAll(() => h.close());

  /** A ticket whose customer has other open tickets, and which has a link. */
  function subject(sb: Sandbox): TicketRecord {
    const t = [...sb.store.tickets.values()].find(
      (x) =>
        sb.store.links.some((l) => l.source_id === x.id || l.target_id === x.id) &&
        [...sb.store.tickets.values()].some(
          (y) => y.id !== x.id && y.customer_id === x.customer_id && OPEN.includes(y.state_id),
        ),
    );
    if (!t) throw new Error('fixture');
    return t;
  }

  it("lists the customer's other open tickets and the linked ones, from two requests", async () => {
    const t = subject(h.sandbox);
    const mark = h.sandbox.log.mark();
    const out = await h.call(getRelatedTickets, { ticket_id: t.id });
    expect(
      h.sandbox.log
        .since(mark)
        .map((e) => e.path)
        .sort(),
    ).toEqual(['/api/v1/links', `/api/v1/ticket_related/${t.id}`]);
    const s = out.structured as {
      same_customer: Array<{ id: number }>;
      linked: Array<{ id: number; link_type: string }>;
    };
    const same = [...h.sandbox.store.tickets.values()]
      .filter((x) => x.id !== t.id && x.customer_id === t.customer_id && OPEN.includes(x.state_id))
      .sort(newest)
      .slice(0, 6);
    expect(s.same_customer.map((x) => x.id)).toEqual(same.map((x) => x.id));
    const linkedIds = h.sandbox.store.links
      .filter((l) => l.source_id === t.id || l.target_id === t.id)
      .map((l) => (l.source_id === t.id ? l.target_id : l.source_id))
      .sort((a, b) => a - b);
    expect(s.linked.map((x) => x.id).sort((a, b) => a - b)).toEqual(linkedIds);
    const cust = h.sandbox.store.user(t.customer_id);
    expect(out.text).toContain(`Other open tickets of ${cust?.firstname} ${cust?.lastname}`);
  });

  it('answers a ticket the token may not see exactly like a missing one', async () => {
    const a = await startHarness({ as: 'agent' });
    try {
      const support = [...a.sandbox.store.groups.values()].find((g) => g.name === 'Support')?.id;
      const hidden = [...a.sandbox.store.tickets.values()].find((x) => x.group_id === support);
      if (!hidden) throw new Error('fixture');
      const err = (p: Promise<unknown>) =>
        p.then(
          () => '',
          (e: Error) => e.message.replace(/\d+/g, 'N'),
        );
      const hiddenMsg = await err(a.call(getRelatedTickets, { ticket_id: hidden.id }));
      const missingMsg = await err(a.call(getRelatedTickets, { ticket_id: 999_999 }));
      expect(hiddenMsg).toMatch(/not found/);
      expect(hiddenMsg).toBe(missingMsg);
    } finally {
      await a.close();
    }
  });

  it('tells a customer-only token that it needs ticket.agent', async () => {
    const c = await startHarness({ as: 'customer' });
    try {
      const own = [...c.sandbox.store.tickets.values()].find(
        (x) => x.customer_id === c.sandbox.credentials.customer.userId,
      );
      if (!own) throw new Error('fixture');
      await expect(c.call(getRelatedTickets, { ticket_id: own.id })).rejects.toThrow(/ticket\.agent/);
    } finally {
      await c.close();
    }
  });

  it('needs exactly one of ticket_id and ticket_number', async () => {
    const mark = h.sandbox.log.mark();
    await expect(h.call(getRelatedTickets, {})).rejects.toThrow(/ticket_id or ticket_number/);
    await expect(h.call(getRelatedTickets, { ticket_id: 1, ticket_number: '31001' })).rejects.toThrow();
    expect(h.sandbox.log.since(mark)).toHaveLength(0);
  });
});

describe('get_related_tickets under a group scope', () => {
  it('leaves out related and linked tickets of other groups', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const sales = [...h.sandbox.store.groups.values()].find((g) => g.name === 'Sales')?.id;
      const all = [...h.sandbox.store.tickets.values()];
      // a Sales ticket whose customer has an open ticket elsewhere
      const t = all.find(
        (x) =>
          x.group_id === sales &&
          all.some(
            (y) => y.customer_id === x.customer_id && y.group_id !== sales && OPEN.includes(y.state_id),
          ),
      );
      if (!t) throw new Error('fixture');
      const other = all.find((y) => y.id !== t.id && y.group_id !== sales);
      if (!other) throw new Error('fixture');
      h.sandbox.store.links.push({
        id: 99_001,
        link_type: 'normal',
        source_id: t.id,
        target_id: other.id,
      } as never);
      const out = await h.call(getRelatedTickets, { ticket_id: t.id });
      const s = out.structured as { same_customer: Array<{ id: number }>; linked: Array<{ id: number }> };
      for (const x of [...s.same_customer, ...s.linked])
        expect(h.sandbox.store.ticket(x.id)?.group_id).toBe(sales);
      expect(s.linked.map((x) => x.id)).not.toContain(other.id);
      expect(out.text).not.toContain(`#${other.number} `);
      const hiddenSame = all.filter((y) => y.customer_id === t.customer_id && y.group_id !== sales);
      for (const y of hiddenSame) expect(out.text).not.toContain(`#${y.number} `);
    } finally {
      await h.close();
    }
  });
});

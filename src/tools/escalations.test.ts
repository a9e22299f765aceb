import type { Sandbox, TicketRecord } from '@zammad-mcp/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/harness.js';
import { listEscalations } from './escalations.js';

/**
 * A fixed sandbox clock and escalation times written with offsets other than UTC: which tickets
 * are in the window and how far past or ahead each deadline is must not depend on how a time was
 * written, nor on the time zone of this process (set to one far from UTC for these tests).
 */
const NOW = Date.parse('2025-09-15T10:00:00Z');
const MIN = 60_000;
const originalTz = process.env['TZ'];

/** `ms` written in the +02:00 zone, e.g. "2025-09-15T10:30:00.000+02:00". */
function plus2(ms: number): string {
  return new Date(ms + 2 * 60 * MIN).toISOString().replace('Z', '+02:00');
}
/** `ms` written in the -07:00 zone. */
function minus7(ms: number): string {
  return new Date(ms - 7 * 60 * MIN).toISOString().replace('Z', '-07:00');
}

interface Fixture {
  overdue: TicketRecord; // update, 90 minutes past
  soon: TicketRecord; // first response in 30 minutes
  edge: TicketRecord; // solution in 3h 59m
  later: TicketRecord; // update in 5 hours: outside 4h, inside 6h
  pending: TicketRecord; // pending reminder: Zammad does not escalate it
  billing: TicketRecord; // Billing, overdue by 10 minutes
}

function groupId(sb: Sandbox, name: string): number {
  const g = [...sb.store.groups.values()].find((x) => x.name === name);
  if (!g) throw new Error(`no group ${name}`);
  return g.id;
}

/** Clears every escalation, then sets six known ones. */
function arrange(sb: Sandbox): Fixture {
  for (const t of sb.store.tickets.values()) {
    t.escalation_at = null;
    t.first_response_escalation_at = null;
    t.update_escalation_at = null;
    t.close_escalation_at = null;
  }
  const sales = groupId(sb, 'Sales');
  const billing = groupId(sb, 'Billing');
  const open = [...sb.store.tickets.values()].filter(
    (t) => [1, 2].includes(t.state_id) && t.group_id === sales,
  );
  const pick = (i: number): TicketRecord => {
    const t = open[i];
    if (!t) throw new Error('fixture: not enough open Sales tickets');
    return t;
  };
  const bill = [...sb.store.tickets.values()].find(
    (t) => [1, 2].includes(t.state_id) && t.group_id === billing,
  );
  const pend = [...sb.store.tickets.values()].find((t) => t.state_id === 3);
  if (!bill || !pend) throw new Error('fixture');
  const set = (
    t: TicketRecord,
    o: { first?: string; update?: string; close?: string },
    escalation: string,
  ): TicketRecord => {
    t.first_response_escalation_at = o.first ?? null;
    t.update_escalation_at = o.update ?? null;
    t.close_escalation_at = o.close ?? null;
    t.escalation_at = escalation;
    return t;
  };
  return {
    // update 90 min ago (written +02:00), and a later solution deadline
    overdue: set(
      pick(0),
      { update: plus2(NOW - 90 * MIN), close: plus2(NOW + 20 * 60 * MIN) },
      plus2(NOW - 90 * MIN),
    ),
    // first response in 30 min (written -07:00): as text it sorts before the overdue one
    soon: set(
      pick(1),
      { first: minus7(NOW + 30 * MIN), update: minus7(NOW + 120 * MIN) },
      minus7(NOW + 30 * MIN),
    ),
    edge: set(
      pick(2),
      { close: new Date(NOW + 239 * MIN).toISOString() },
      new Date(NOW + 239 * MIN).toISOString(),
    ),
    later: set(pick(3), { update: plus2(NOW + 300 * MIN) }, plus2(NOW + 300 * MIN)),
    pending: set(pend, { update: plus2(NOW - 60 * MIN) }, plus2(NOW - 60 * MIN)),
    billing: set(bill, { update: plus2(NOW - 10 * MIN) }, plus2(NOW - 10 * MIN)),
  };
}

type Out = {
  now: string;
  tickets: Array<{ id: number; deadline: string; due_at: string; minutes: number }>;
  total: number;
  has_more: boolean;
};

describe('list_escalations', () => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    process.env['TZ'] = 'Pacific/Kiritimati'; // UTC+14
    h = await startHarness();
    await h.zammad.reference.get();
    f = arrange(h.sandbox);
  });
  beforeEach(() => h.sandbox.store.clock.freeze(NOW));
  afterEach(() => h.sandbox.store.clock.unfreeze());
  afterAll(async () => {
    if (originalTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = originalTz;
    await h.close();
  });

  it('lists overdue and soon-due open tickets, soonest first, with deadline and distance, by one search', async () => {
    const mark = h.sandbox.log.mark();
    const out = await h.call(listEscalations, {});
    const log = h.sandbox.log.since(mark);
    expect(log.map((e) => `${e.method} ${e.path}`)).toEqual(['POST /api/v1/tickets/search']);
    expect(log[0]?.body).toEqual({
      condition: {
        'ticket.escalation_at': { operator: 'till (relative)', value: 4, range: 'hour' },
        'ticket.state_id': { operator: 'is', value: [1, 2] },
      },
      sort_by: 'escalation_at',
      order_by: 'asc',
      page: 1,
      per_page: 200,
      full: true,
    });
    const s = out.structured as Out;
    expect(s.now).toBe('2025-09-15T10:00:00.000Z');
    expect(s.tickets.map((t) => [t.id, t.deadline, t.due_at, t.minutes])).toEqual([
      [f.overdue.id, 'update', '2025-09-15T08:30:00.000Z', -90],
      [f.billing.id, 'update', '2025-09-15T09:50:00.000Z', -10],
      [f.soon.id, 'first_response', '2025-09-15T10:30:00.000Z', 30],
      [f.edge.id, 'solution', '2025-09-15T13:59:00.000Z', 239],
    ]);
    expect(s.total).toBe(4);
    expect(s.has_more).toBe(false);
    expect(out.text).toContain(
      `#${f.overdue.number} id ${f.overdue.id} · update due 2025-09-15 08:30, 1h 30m overdue`,
    );
    expect(out.text).toContain(
      `#${f.soon.number} id ${f.soon.id} · first response due 2025-09-15 10:30, in 30m`,
    );
    expect(out.text).toContain(`solution due 2025-09-15 13:59, in 3h 59m`);
    expect(out.text).not.toContain(`#${f.pending.number} `);
    expect(out.text).not.toContain(`#${f.later.number} `);
  });

  it('widens the window with within_hours and narrows it to a group', async () => {
    const wide = (await h.call(listEscalations, { within_hours: 6 })).structured as Out;
    expect(wide.tickets.map((t) => t.id)).toContain(f.later.id);
    const billing = await h.call(listEscalations, { group: 'billing' });
    expect((billing.structured as Out).tickets.map((t) => t.id)).toEqual([f.billing.id]);
    expect(billing.text).toMatch(/^Escalations in Billing/);
  });

  it("measures against Zammad's clock, not this machine's", async () => {
    h.sandbox.store.clock.freeze(NOW + 60 * MIN);
    const s = (await h.call(listEscalations, { within_hours: 0 })).structured as Out;
    expect(s.now).toBe('2025-09-15T11:00:00.000Z');
    expect(s.tickets.map((t) => [t.id, t.minutes])).toEqual([
      [f.overdue.id, -150],
      [f.billing.id, -70],
      [f.soon.id, -30],
    ]);
  });

  it('keeps to the limit and says how many there are', async () => {
    const out = await h.call(listEscalations, { limit: 2 });
    const s = out.structured as Out;
    expect(s.tickets).toHaveLength(2);
    expect(s.total).toBe(4);
    expect(s.has_more).toBe(true);
    expect(out.text).toContain('2 of 4');
  });

  it('says so when nothing escalates', async () => {
    h.sandbox.store.clock.freeze(NOW - 24 * 60 * MIN);
    const out = await h.call(listEscalations, { within_hours: 1 });
    expect((out.structured as Out).tickets).toEqual([]);
    expect(out.text).toBe('No open ticket is escalated or due within 1h.');
  });

  it.each(['6.4', '6.5'] as const)('reads the search answer of Zammad %s too', async (v) => {
    h.sandbox.setVersion(v);
    try {
      const s = (await h.call(listEscalations, {})).structured as Out;
      expect(s.tickets.map((t) => t.id)).toEqual([f.overdue.id, f.billing.id, f.soon.id, f.edge.id]);
      expect(s.total).toBe(4);
    } finally {
      h.sandbox.setVersion('7.x');
    }
  });

  it('rejects a window past a week, a bad limit and an unknown group, before any search', async () => {
    const mark = h.sandbox.log.mark();
    await expect(h.call(listEscalations, { within_hours: 169 })).rejects.toThrow();
    await expect(h.call(listEscalations, { within_hours: -1 })).rejects.toThrow();
    await expect(h.call(listEscalations, { limit: 0 })).rejects.toThrow();
    await expect(h.call(listEscalations, { group: 'Nowhere' })).rejects.toThrow(
      /Unknown group "Nowhere". Valid groups: .*Sales/,
    );
    expect(h.sandbox.log.since(mark).filter((e) => e.path.endsWith('/tickets/search'))).toHaveLength(0);
  });
});

describe('list_escalations under a group scope', () => {
  it('never lists a ticket of another group, and counts only those in scope', async () => {
    const h = await startHarness({ env: { MCP_ALLOWED_GROUPS: 'Sales' } });
    try {
      const f = arrange(h.sandbox);
      h.sandbox.store.clock.freeze(NOW);
      const out = await h.call(listEscalations, {});
      const s = out.structured as Out;
      expect(s.tickets.map((t) => t.id)).toEqual([f.overdue.id, f.soon.id, f.edge.id]);
      expect(s.total).toBe(3);
      expect(out.text).not.toContain(`#${f.billing.number} `);
      await expect(h.call(listEscalations, { group: 'Billing' })).rejects.toThrow(/Unknown group "Billing"/);
    } finally {
      await h.close();
    }
  });
});

describe('list_escalations as a customer', () => {
  it('shows a customer only its own and its organization tickets (Zammad limits the search)', async () => {
    const h = await startHarness({ as: 'customer' });
    try {
      const f = arrange(h.sandbox);
      const me = h.sandbox.credentials.customer.userId;
      const own = [...h.sandbox.store.tickets.values()].find(
        (t) => t.customer_id === me && [1, 2].includes(t.state_id),
      );
      if (!own) throw new Error('fixture');
      own.update_escalation_at = plus2(NOW - 5 * MIN);
      own.escalation_at = own.update_escalation_at;
      h.sandbox.store.clock.freeze(NOW);
      const s = (await h.call(listEscalations, {})).structured as Out;
      expect(s.tickets.map((t) => t.id)).toContain(own.id);
      const org = h.sandbox.store.user(me)?.organization_id ?? null;
      const others = Object.values(f).filter((t) => t.customer_id !== me && t.organization_id !== org);
      expect(others.length).toBeGreaterThan(0);
      for (const t of others) expect(s.tickets.map((x) => x.id)).not.toContain(t.id);
      for (const t of s.tickets) {
        const r = h.sandbox.store.ticket(t.id);
        expect(r?.customer_id === me || r?.organization_id === org).toBe(true);
      }
    } finally {
      await h.close();
    }
  });
});

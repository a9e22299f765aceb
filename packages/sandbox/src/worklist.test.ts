import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './index.js';
import { api, arr, asToken, obj } from './test-client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const admin = () => api(sb, asToken(sb.credentials.admin));
const customer = () => api(sb, asToken(sb.credentials.customer));
const OPEN = [1, 2, 3, 6];

describe('overviews as ticket_overviews_controller.rb serves them', () => {
  it('answers an unknown view with 200 and an empty index, not an error', async () => {
    const r = await admin()('GET', '/ticket_overviews?view=nope');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ assets: {}, index: {} });
  });

  it("orders a customer's overview newest first (created_at DESC in the seeds)", async () => {
    const r = obj((await customer()('GET', '/ticket_overviews?view=my_tickets')).body);
    const ids = arr(obj(r['index'])['tickets']).map((t) => t['id'] as number);
    const created = ids.map((id) => Date.parse(sb.store.ticket(id)?.created_at ?? ''));
    expect(ids.length).toBeGreaterThan(1);
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });
});

describe('ticket_related, ticket_customer, ticket_stats (tickets_controller.rb)', () => {
  it('ticket_related: the other open tickets of the customer, newest first, at most 6; ticket.agent only', async () => {
    const t = [...sb.store.tickets.values()].find(
      (x) => [...sb.store.tickets.values()].filter((y) => y.customer_id === x.customer_id).length > 3,
    );
    if (!t) throw new Error('fixture');
    const r = obj((await admin()('GET', `/ticket_related/${t.id}`)).body);
    const truth = [...sb.store.tickets.values()]
      .filter((x) => x.customer_id === t.customer_id && x.id !== t.id && OPEN.includes(x.state_id))
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id - a.id))
      .slice(0, 6)
      .map((x) => x.id);
    expect(r['ticket_ids_by_customer']).toEqual(truth);
    expect(r['ticket_ids_recent_viewed']).toEqual([]);
    expect(obj(obj(r['assets'])['Ticket'])[String(t.id)]).toBeDefined();
    const denied = await customer()('GET', `/ticket_related/${t.id}`);
    expect(denied.status).toBe(403);
    expect(obj(denied.body)['error']).toBe('User authorization failed.');
    expect((await admin()('GET', '/ticket_related/999999')).status).toBe(404);
  });

  it('ticket_customer: the 15 newest open and closed ids with assets', async () => {
    const id = sb.credentials.customer.userId;
    const r = obj((await admin()('GET', `/ticket_customer?customer_id=${id}`)).body);
    const open = [...sb.store.tickets.values()].filter(
      (t) => t.customer_id === id && OPEN.includes(t.state_id),
    );
    expect((r['ticket_ids_open'] as number[]).length).toBe(Math.min(15, open.length));
    expect((await customer()('GET', `/ticket_customer?customer_id=${id}`)).status).toBe(403);
  });

  it('ticket_stats: open and closed ids of a user (what the caller may read), 500 for an unknown user', async () => {
    const id = sb.credentials.customer.userId;
    const r = obj((await admin()('GET', `/ticket_stats?user_id=${id}`)).body);
    const user = obj(r['user']);
    const mine = [...sb.store.tickets.values()].filter((t) => t.customer_id === id);
    expect([...(user['open_ids'] as number[])].sort((a, b) => a - b)).toEqual(
      mine.filter((t) => OPEN.includes(t.state_id)).map((t) => t.id),
    );
    expect([...(user['closed_ids'] as number[])].sort((a, b) => a - b)).toEqual(
      mine.filter((t) => t.state_id === 4).map((t) => t.id),
    );
    expect(arr(user['volume_by_year'])).toHaveLength(12);
    expect((await admin()('GET', '/ticket_stats?user_id=999999')).status).toBe(500);
  });
});

describe('relative conditions and the clock', () => {
  it('evaluates `till (relative)` against the frozen clock and tells that time in the Date header', async () => {
    const at = Date.parse('2025-09-15T10:00:00Z');
    sb.store.clock.freeze(at);
    try {
      const t = sb.store.ticket(1);
      if (!t) throw new Error('fixture');
      const before = t.escalation_at;
      t.escalation_at = '2025-09-15T13:59:00+02:00'; // 11:59 UTC: within 2 hours, not within 1
      const search = (hours: number) =>
        admin()('POST', '/tickets/search', {
          condition: {
            'ticket.id': { operator: 'is', value: [1] },
            'ticket.escalation_at': { operator: 'till (relative)', value: hours, range: 'hour' },
          },
        });
      const two = await search(2);
      expect(arr(two.body).map((x) => x['id'])).toEqual([1]);
      expect(arr((await search(1)).body)).toEqual([]);
      expect(two.headers.get('date')).toBe(new Date(at).toUTCString());
      t.escalation_at = before;
    } finally {
      sb.store.clock.unfreeze();
    }
  });
});

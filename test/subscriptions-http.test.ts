/**
 * Resource subscriptions over HTTP: 2025 sessions get them on the session's stream, per principal
 * (each principal's poller reads as its own Zammad identity); stateless 2026-07-28 clients are told
 * in the protocol's own way that the server does not offer them (no `resources.subscribe`, and a
 * `subscriptions/listen` acknowledgement without `resourceSubscriptions`).
 */
import { startSandbox, type Sandbox, type TicketRecord } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, KEYS, serve, type Served } from './http-helpers.js';
import { changeTicket, listen, NEVER } from './subscription-helpers.js';

let sb: Sandbox;
let s: Served;
beforeAll(async () => {
  sb = await startSandbox();
  s = await serve(
    sb,
    { MCP_ZAMMAD_TOKENS: `alice:${sb.credentials.admin.token}\nbob:${sb.credentials.customer.token}` },
    { timers: NEVER },
  );
});
afterAll(async () => {
  await s.close();
  await sb.close();
});

describe('subscriptions over HTTP', () => {
  it('2025 sessions: notified on the session stream; another principal cannot subscribe and is never told', async () => {
    const cust = sb.credentials.customer.userId;
    const tickets = [...sb.store.tickets.values()];
    const foreign = tickets.find((t) => t.customer_id !== cust && t.state_id === 2) as TicketRecord;
    const own = tickets.find((t) => t.customer_id === cust && t.state_id === 2) as TicketRecord;
    const alice = await connect(s.url, { key: KEYS.alice });
    const bob = await connect(s.url, { key: KEYS.bob });
    try {
      expect(alice.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
      const a = listen(alice.client);
      const b = listen(bob.client);
      const foreignUri = `zammad://ticket/${foreign.id}`;
      const ownUri = `zammad://ticket/${own.id}`;
      await alice.client.subscribeResource({ uri: foreignUri });
      const refused = await bob.client.subscribeResource({ uri: foreignUri }).catch((e) => e);
      expect(refused.message).toMatch(/not found/);
      await bob.client.subscribeResource({ uri: ownUri });
      // The same ticket for another Zammad identity: a poller of its own, reading as that identity.
      await alice.client.subscribeResource({ uri: ownUri });
      expect(s.app.subscriptions.pollerCount).toBe(3);

      await changeTicket(sb, foreign.id, { state_id: 4 });
      const heard = a.next();
      await s.app.subscriptions.pollNow();
      expect(await heard).toBe(foreignUri);

      // Bob's stream carries his own ticket's change, and nothing sent before it.
      await changeTicket(sb, own.id, { state_id: 4 });
      const bobHeard = b.next();
      const aliceHeard = a.next();
      const mark = sb.log.mark();
      await s.app.subscriptions.pollNow();
      expect([await bobHeard, await aliceHeard]).toEqual([ownUri, ownUri]);
      expect(b.uris).toEqual([ownUri]);
      expect(a.uris).toEqual([foreignUri, ownUri]);
      // Each poller asked as its own identity: the customer's token and the admin's.
      const asked = sb.log.since(mark).filter((e) => e.path === `/api/v1/tickets/${own.id}`);
      expect(new Set(asked.map((e) => e.headers.authorization)).size).toBe(2);
    } finally {
      for (const c of [alice, bob]) {
        await c.transport.terminateSession();
        await c.client.close();
      }
    }
    expect(s.app.subscriptions.subscriptionCount).toBe(0);
  });

  it('closing a session ends its subscriptions and their polling', async () => {
    const t = [...sb.store.tickets.values()][0] as TicketRecord;
    const alice = await connect(s.url, { key: KEYS.alice });
    await alice.client.subscribeResource({ uri: `zammad://ticket/${t.id}` });
    expect(s.app.subscriptions.subscriptionCount).toBeGreaterThan(0);
    await alice.transport.terminateSession();
    await alice.client.close();
    expect(s.app.subscriptions.subscriptionCount).toBe(0);
    const mark = sb.log.mark();
    await s.app.subscriptions.pollNow();
    expect(sb.log.since(mark)).toEqual([]);
  });

  it('2026-07-28 stateless clients: no resources.subscribe, and listen does not honour resource subscriptions', async () => {
    const t = [...sb.store.tickets.values()][0] as TicketRecord;
    const c = await connect(s.url, { key: KEYS.alice, modern: true });
    try {
      expect(c.client.getServerCapabilities()?.resources?.subscribe).toBeFalsy();
      const sub = await c.client.listen({ resourceSubscriptions: [`zammad://ticket/${t.id}`] });
      expect(sub.honoredFilter.resourceSubscriptions ?? []).toEqual([]);
      await sub.close();
      expect(s.app.subscriptions.pollerCount).toBe(0);
    } finally {
      await c.client.close();
    }
  });
});

/**
 * Resource subscriptions through the built binary over stdio, with the real poll timer at its
 * shortest interval (5 s): the test waits for the notification itself (the timeout is only a guard).
 * A 2026-07-28 client's `subscriptions/listen` is told resource subscriptions are not honoured.
 */
import { startSandbox, type Sandbox, type TicketRecord } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio } from './mcp.js';
import { changeTicket, listen } from './subscription-helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const env = (): Record<string, string> => ({
  ZAMMAD_URL: sb.url,
  ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
  MCP_SUBSCRIPTION_POLL_SECONDS: '5',
});

describe('subscriptions over stdio', () => {
  it('2025 era: a change is notified by the poller on its own timer', { timeout: 60_000 }, async () => {
    const t = [...sb.store.tickets.values()].find((x) => x.state_id === 2) as TicketRecord;
    const c = await connectStdio(env());
    try {
      const heard = listen(c.client);
      const uri = `zammad://ticket/${t.id}`;
      await c.client.subscribeResource({ uri });
      const next = heard.next();
      await changeTicket(sb, t.id, { state_id: 4 });
      expect(await next).toBe(uri);
    } finally {
      await c.close();
      await changeTicket(sb, t.id, { state_id: 2 });
    }
  });

  it('2026-07-28: subscriptions/listen does not honour resource subscriptions', async () => {
    const t = [...sb.store.tickets.values()][0] as TicketRecord;
    const c = await connectStdio(env(), { modern: true });
    try {
      const sub = await c.client.listen({
        toolsListChanged: true,
        resourceSubscriptions: [`zammad://ticket/${t.id}`],
      });
      expect(sub.honoredFilter.resourceSubscriptions ?? []).toEqual([]);
      await sub.close();
    } finally {
      await c.close();
    }
  });
});

/**
 * Live resources (issue #19): upstream requests per poll for 1, 10 and 100 subscribers of one
 * ticket (one in-memory session each; the same for all three), the idle cost with nobody
 * subscribed, the time of one poll, and the detection latency with the real timers at the
 * shortest interval (5 s): the ticket is changed right after a poll, the worst case, so the
 * latency is one interval plus one poll.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { Sandbox, TicketRecord } from '@zammad-mcp/sandbox';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import type { Timers } from '../../src/server/index.js';
import { zammadEnv } from '../lib/zammad-env.js';
import { report } from './report.js';

const NEVER: Timers = { set: () => ({}), clear: () => undefined };
const POLL_SECONDS = 5;
const LATENCY_RUNS = 3;

async function appOf(sb: Sandbox, timers?: Timers): Promise<App> {
  const r = loadConfig({
    env: {
      ...zammadEnv(sb),
      MCP_SUBSCRIPTION_POLL_SECONDS: String(POLL_SECONDS),
      MCP_SUBSCRIPTIONS_MAX: '1000',
    },
  });
  if (!r.ok) throw new Error(r.problems.join());
  return createApp(r.config, silentLogger, timers ? { timers } : {});
}

async function session(app: App): Promise<Client> {
  const [ct, st] = InMemoryTransport.createLinkedPair();
  await app.server().connect(st);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(ct);
  return client;
}

async function setState(sb: Sandbox, id: number, state: number): Promise<void> {
  const r = await fetch(`${sb.url}/api/v1/tickets/${id}`, {
    method: 'PUT',
    headers: {
      authorization: `Token token=${sb.credentials.admin.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ state_id: state }),
  });
  if (!r.ok) throw new Error(`PUT ticket ${id}: ${r.status}`);
}

export async function benchSubscriptions(sb: Sandbox): Promise<void> {
  const ticket = [...sb.store.tickets.values()].find((t) => t.state_id === 2) as TicketRecord;
  const uri = `zammad://ticket/${ticket.id}`;

  // Requests per poll, by number of subscribers (polls driven by hand: no timer adds one).
  for (const n of [1, 10, 100]) {
    const app = await appOf(sb, NEVER);
    let requests = 0;
    app.zammad.http.observe(() => void requests++);
    const clients: Client[] = [];
    for (let i = 0; i < n; i++) clients.push(await session(app));
    for (const c of clients) await c.subscribeResource({ uri });
    const polls = 10;
    requests = 0;
    for (let i = 0; i < polls; i++) await app.subscriptions.pollNow();
    report(`subscriptions: requests per poll, ${n} subscribers`, requests / polls, 'requests', {
      max: 1,
      text: '= 1 (as 1 sub)',
    });
    report(
      `subscriptions: requests per minute at 60 s, ${n} subscribers`,
      (requests / polls) * 1,
      'req/min',
      { max: 1, text: '= 1 (as 1 sub)' },
    );
    if (n === 1) {
      // One poll's time, over 50 polls.
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) await app.subscriptions.pollNow();
      report('subscriptions: one poll (ticket GET), mean of 50', (performance.now() - t0) / 50, 'ms');
      await clients[0]?.unsubscribeResource({ uri });
      requests = 0;
      for (let i = 0; i < polls; i++) await app.subscriptions.pollNow();
      report('subscriptions: idle requests, 10 polls, nobody subscribed', requests, 'requests', {
        max: 0,
        text: '0',
      });
    }
    for (const c of clients) await c.close();
    await app.close();
  }

  // Detection latency with the real timers: change right after a poll, wait for the notification.
  const app = await appOf(sb);
  const client = await session(app);
  const waiters: Array<() => void> = [];
  client.setNotificationHandler('notifications/resources/updated', () => waiters.shift()?.());
  let worst = 0;
  let sum = 0;
  for (let i = 0; i < LATENCY_RUNS; i++) {
    await client.subscribeResource({ uri }); // the baseline poll runs now; the next in 5 s
    const heard = new Promise<void>((resolve) => waiters.push(resolve));
    const t0 = performance.now();
    await setState(sb, ticket.id, i % 2 === 0 ? 4 : 2);
    await heard;
    const ms = performance.now() - t0;
    worst = Math.max(worst, ms);
    sum += ms;
    await client.unsubscribeResource({ uri });
  }
  await setState(sb, ticket.id, 2);
  const bound = POLL_SECONDS * 1000 + 1000;
  report(
    `subscriptions: detection latency, ${POLL_SECONDS} s poll, mean of ${LATENCY_RUNS}`,
    sum / LATENCY_RUNS,
    'ms',
    {
      max: bound,
      text: `≤ ${bound} ms`,
    },
  );
  report(`subscriptions: detection latency, ${POLL_SECONDS} s poll, worst of ${LATENCY_RUNS}`, worst, 'ms', {
    max: bound,
    text: `≤ ${bound} ms`,
  });
  // Idle with the real timers: nobody subscribed for two intervals, no request.
  let idle = 0;
  app.zammad.http.observe(() => void idle++);
  await new Promise((resolve) => setTimeout(resolve, 2 * POLL_SECONDS * 1000));
  report(`subscriptions: idle requests, ${2 * POLL_SECONDS} s of real timers`, idle, 'requests', {
    max: 0,
    text: '0',
  });
  await client.close();
  await app.close();
}

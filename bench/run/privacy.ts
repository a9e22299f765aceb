/**
 * Privacy (docs/security.md): with MCP_PSEUDONYMIZE=true, every read tool over the sandbox's tickets
 * and every resource, scanned for every customer e-mail, phone number and name (target: none); the
 * detectors on the corpus of test/fixtures/privacy-corpus.ts (target: ≥ 99 % of the false-positive
 * lines unchanged); and what pseudonymization costs a get_ticket of 10 articles (target ≤ 1 ms),
 * measured directly on that call's result and as the difference of two servers in one run.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { Sandbox, TicketRecord } from '@zammad-mcp/sandbox';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import { loadPhoneNumbers, Pseudonymizer } from '../../src/privacy/index.js';
import { HIDDEN, KEPT } from '../../test/fixtures/privacy-corpus.js';
import { customerNeedles, leaks } from '../../test/privacy-corpus-scan.js';
import { median } from '../lib/stats.js';
import { zammadEnv } from '../lib/zammad-env.js';
import { report } from './report.js';

type Result = { content?: Array<{ text?: string }>; structuredContent?: unknown };
const seen = (r: Result): string =>
  [
    ...(r.content ?? []).map((c) => c.text ?? JSON.stringify(c)),
    JSON.stringify(r.structuredContent ?? null),
  ].join('\n');

async function connect(
  sb: Sandbox,
  env: Record<string, string>,
): Promise<{ app: App; client: Client; close(): Promise<void> }> {
  const r = loadConfig({ env: { ...zammadEnv(sb), ...env } });
  if (!r.ok) throw new Error(r.problems.join());
  const app = await createApp(r.config, silentLogger);
  const [ct, st] = InMemoryTransport.createLinkedPair();
  await app.server().connect(st);
  const client = new Client({ name: 'bench-privacy', version: '1' });
  await client.connect(ct);
  return { app, client, close: async () => (await client.close(), await app.close()) };
}

function callsFor(sb: Sandbox, t: TicketRecord): Array<[string, Record<string, unknown>]> {
  const arts = sb.store.articlesOf(t.id);
  const art = arts.find((a) => a.attachments.length > 0) ?? arts[0];
  const u = sb.store.user(t.customer_id);
  const calls: Array<[string, Record<string, unknown>]> = [
    ['get_ticket', { ticket_id: t.id, articles: 50, include_internal: true }],
    ['list_ticket_articles', { ticket_id: t.id, limit: 50, include_internal: true }],
    ['get_ticket_history', { ticket_id: t.id }],
    ['get_ticket_links', { ticket_id: t.id }],
    ['get_ticket_tags', { ticket_id: t.id }],
    ['get_user', { user_id: t.customer_id }],
    ['search_users', { query: u?.lastname ?? '*' }],
    ['search_tickets', { customer: u?.email ?? '' }],
  ];
  if (art) calls.push(['get_ticket_article', { article_id: art.id }]);
  for (const a of art?.attachments ?? [])
    calls.push(['download_attachment', { ticket_id: t.id, article_id: art?.id, attachment_id: a.id }]);
  if (u?.organization_id) calls.push(['get_organization', { organization_id: u.organization_id }]);
  return calls;
}

export async function benchPrivacy(sb: Sandbox): Promise<void> {
  const needles = customerNeedles(sb);
  const on = await connect(sb, {
    MCP_PSEUDONYMIZE: 'true',
    MCP_PSEUDONYM_KEY: 'b'.repeat(40),
    MCP_TOOLSETS: 'all',
  });
  let calls = 0;
  let found = 0;
  for (const t of sb.store.tickets.values()) {
    for (const [name, args] of callsFor(sb, t)) {
      calls++;
      found += leaks(seen((await on.client.callTool({ name, arguments: args })) as Result), needles).length;
    }
    for (const uri of [`zammad://ticket/${t.id}`, `zammad://user/${t.customer_id}`]) {
      calls++;
      found += leaks(JSON.stringify((await on.client.readResource({ uri })).contents), needles).length;
    }
  }
  report(`customer values in model-facing output (${calls} reads, ${needles.length} values)`, found, '', {
    max: 0,
    text: '0',
  });

  await loadPhoneNumbers();
  const p = new Pseudonymizer({
    key: Buffer.alloc(32, 1),
    pseudonymizeAgents: false,
    keepDomains: [],
    phoneRegion: 'DE',
  });
  const kept = KEPT.filter((k) => p.text(k) === k).length;
  report(`false-positive corpus unchanged (${KEPT.length} lines)`, (100 * kept) / KEPT.length, '%', {
    min: 99,
    text: '≥ 99 %',
  });
  const hidden = HIDDEN.filter((h) => !p.text(h.text).includes(h.secret)).length;
  report(
    `corpus e-mails and phone numbers hidden (${HIDDEN.length} lines)`,
    (100 * hidden) / HIDDEN.length,
    '%',
    {
      min: 100,
      text: '100 %',
    },
  );

  // The cost on a get_ticket of 10 articles: the pseudonymizer's work on that call's own result
  // (text and structured content, as Zammad's data reaches it), median of 200.
  const rich = [...sb.store.tickets.values()].filter((t) => sb.store.articlesOf(t.id).length >= 10);
  const off = await connect(sb, {});
  const privacy = on.app.privacy;
  const direct: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = rich[i % rich.length] as TicketRecord;
    const raw = (await off.client.callTool({
      name: 'get_ticket',
      arguments: { ticket_id: t.id, articles: 10 },
    })) as Result;
    const text = raw.content?.[0]?.text ?? '';
    const t0 = performance.now();
    privacy.text(text);
    privacy.deep(raw.structuredContent);
    direct.push(performance.now() - t0);
  }
  report('pseudonymization per get_ticket of 10 articles (median of 200)', median(direct), 'ms', {
    max: 1,
    text: '≤ 1 ms',
  });

  // The same call through both servers, alternating, in this run.
  const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
  for (let i = 0; i < 400; i++) {
    const t = rich[i % rich.length] as TicketRecord;
    const which = i % 2 === 0 ? 'on' : 'off';
    const c = which === 'on' ? on : off;
    const t0 = performance.now();
    await c.client.callTool({ name: 'get_ticket', arguments: { ticket_id: t.id, articles: 10 } });
    times[which].push(performance.now() - t0);
  }
  const mOn = median(times.on);
  const mOff = median(times.off);
  report('get_ticket (10 articles) with pseudonymization, median of 200', mOn, 'ms');
  report('get_ticket (10 articles) without, median of 200', mOff, 'ms');
  report('ratio with / without (same run)', mOn / mOff, '×');
  await on.close();
  await off.close();
}

import type { Sandbox, TicketRecord } from '@zammad-mcp/sandbox';
import { median } from '../lib/stats.js';
import { inProcess, type InProcess } from './in-process.js';
import { report } from './report.js';
import { benchTokenCost } from './token-cost.js';

/** Tool calls through an in-process server: per-call overhead, tokens, upstream requests per call. */
export async function benchCalls(sb: Sandbox): Promise<void> {
  const p = await inProcess(sb);
  const tickets = [...sb.store.tickets.values()];
  const rich = tickets.filter((t) => sb.store.articlesOf(t.id).length >= 10);
  const target = rich[0] ?? tickets[0];
  if (!target) throw new Error('no ticket');
  await p.client.callTool({ name: 'list_groups', arguments: {} }); // warm the reference cache
  await perCallOverhead(p, rich, target);
  await benchTokenCost(p, sb, rich, target);
  await upstreamRequests(p, sb, target);
  await p.close();
}

async function perCallOverhead(p: InProcess, rich: TicketRecord[], target: TicketRecord): Promise<void> {
  const overhead: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = rich[i % rich.length] ?? target;
    p.reset();
    const t0 = performance.now();
    await p.client.callTool({ name: 'get_ticket', arguments: { ticket_id: t.id } });
    const total = performance.now() - t0;
    overhead.push(total - p.upstream().ms);
  }
  report('get_ticket per-call overhead (median of 200, minus upstream)', median(overhead), 'ms', {
    max: 2,
    text: '≤ 2 ms',
  });
}

/** Upstream requests per call, warm cache. */
async function upstreamRequests(p: InProcess, sb: Sandbox, t: TicketRecord): Promise<void> {
  const art = sb.store.articlesOf(t.id).find((a) => a.attachments.length > 0) ?? sb.store.articlesOf(t.id)[0];
  const user = [...sb.store.users.values()].find((u) => u.id > 2);
  const org = [...sb.store.organizations.values()][0];
  const kb = [...sb.store.kbAnswers.values()][0];
  const calls: Array<[string, Record<string, unknown>]> = [
    ['search_tickets', { query: 'printer' }],
    ['get_ticket', { ticket_id: t.id }],
    ['get_ticket', { ticket_number: String(t.number) }],
    ['list_ticket_articles', { ticket_id: t.id }],
    ['get_ticket_article', { article_id: art?.id }],
    ['get_ticket_history', { ticket_id: t.id }],
    ['get_ticket_links', { ticket_id: t.id }],
    ['get_ticket_tags', { ticket_id: t.id }],
    ['get_user', { user_id: user?.id }],
    ['search_users', { query: 'a' }],
    ['get_organization', { organization_id: org?.id }],
    ['search_organizations', { query: 'a' }],
    ['list_groups', {}],
    ['list_ticket_states', {}],
    ['list_ticket_priorities', {}],
    ['get_current_user', {}],
    ['search_knowledge_base', { query: 'password' }],
    ['get_knowledge_base_answer', { answer_id: kb?.id }],
    ['search_text_modules', { query: 'thanks' }],
  ];
  for (const [name, args] of calls) {
    p.reset();
    const r = await p.client.callTool({ name, arguments: args });
    const label = `upstream requests: ${name}${'ticket_number' in args ? ' (by number)' : ''}${r.isError ? ' [error]' : ''}`;
    const limit = name === 'search_tickets' ? 1 : name === 'get_ticket' ? 2 : undefined;
    report(
      label,
      p.upstream().n,
      'requests',
      limit !== undefined ? { max: limit, text: `≤ ${limit}` } : undefined,
    );
  }
}

import type { Sandbox, TicketRecord } from '@zammad-mcp/sandbox';
import { median } from '../lib/stats.js';
import { tokens } from '../tokens.js';
import { inProcess, type InProcess } from './in-process.js';
import { report } from './report.js';

function text(r: { content?: unknown }): string {
  return ((r.content ?? []) as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
}

/** Tokens the model reads: get_ticket against raw Zammad JSON, a search row, tools/list. */
export async function benchTokenCost(
  p: InProcess,
  sb: Sandbox,
  rich: TicketRecord[],
  target: TicketRecord,
): Promise<void> {
  // tokens: get_ticket (10 articles) vs the raw Zammad JSON of the ticket and its articles
  const ratios: number[] = [];
  let sample = { ours: 0, raw: 0 };
  for (const t of rich.slice(0, 20)) {
    const r = await p.client.callTool({ name: 'get_ticket', arguments: { ticket_id: t.id, articles: 10 } });
    const auth = { authorization: `Token token=${sb.credentials.admin.token}` };
    const rawTicket = await (
      await fetch(`${sb.url}/api/v1/tickets/${t.id}?expand=true`, { headers: auth })
    ).text();
    const rawArticles = (await (
      await fetch(`${sb.url}/api/v1/ticket_articles/by_ticket/${t.id}`, { headers: auth })
    ).json()) as unknown[];
    const raw = rawTicket + JSON.stringify(rawArticles.slice(-10));
    const ours = tokens(text(r));
    ratios.push(ours / tokens(raw));
    if (t === target) sample = { ours, raw: tokens(raw) };
  }
  report(`get_ticket, 10 articles: tokens (ticket ${target.id})`, sample.ours, 'tokens');
  report(`raw Zammad JSON of that ticket + 10 articles`, sample.raw, 'tokens');
  report('get_ticket / raw JSON, median over 20 tickets', median(ratios) * 100, '%', {
    max: 35,
    text: '≤ 35 %',
  });

  // tokens per search row
  const s = await p.client.callTool({ name: 'search_tickets', arguments: { limit: 25 } });
  const rowsShown = (s.structuredContent as { tickets: unknown[] }).tickets.length;
  const head = await p.client.callTool({
    name: 'search_tickets',
    arguments: { limit: 25, query: 'zzzz-no-match' },
  });
  report(
    'search_tickets, page of 25: tokens per row',
    (tokens(text(s)) - tokens(text(head))) / rowsShown,
    'tokens',
    { max: 120, text: '≤ 120' },
  );

  // tools/list: the default, dynamic mode's start, and every toolset (test/tool-budget.test.ts
  // holds the first two to their budgets too).
  for (const [what, env, target] of TOOL_LISTS) {
    const q = await inProcess(sb, env);
    const list = await q.client.listTools();
    report(
      `tools/list, ${what} (${list.tools.length} tools)`,
      tokens(JSON.stringify(list)),
      'tokens',
      target ? { max: target, text: `≤ ${target.toLocaleString('en')}` } : undefined,
    );
    await q.close();
  }
}

const TOOL_LISTS: Array<[string, Record<string, string>, number | undefined]> = [
  ['default configuration', {}, 3000],
  ['dynamic mode at start (MCP_DYNAMIC_TOOLSETS=true)', { MCP_DYNAMIC_TOOLSETS: 'true' }, 600],
  ['MCP_TOOLSETS=all, default read ceiling', { MCP_TOOLSETS: 'all' }, undefined],
  ['MCP_TOOLSETS=all, MCP_ALLOW_WRITE=true', { MCP_TOOLSETS: 'all', MCP_ALLOW_WRITE: 'true' }, undefined],
];

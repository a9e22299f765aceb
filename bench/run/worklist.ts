import type { Sandbox } from '@zammad-mcp/sandbox';
import { tokens } from '../tokens.js';
import { inProcess, type InProcess } from './in-process.js';
import { report } from './report.js';

function text(r: { content?: unknown }): string {
  return ((r.content ?? []) as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
}

/**
 * The worklist tools (issue #14): upstream requests per call with a warm cache (each tool once
 * before it is counted), and tokens per ticket row of get_overview_tickets and list_escalations
 * (the text after the header line, divided by the rows shown).
 */
export async function benchWorklist(p: InProcess, sb: Sandbox): Promise<void> {
  const tickets = [...sb.store.tickets.values()];
  const related = tickets.find((t) => sb.store.links.some((l) => l.source_id === t.id)) ?? tickets[0];
  const customer = sb.credentials.customer.userId;
  const calls: Array<[string, string, Record<string, unknown>]> = [
    ['list_overviews', '', {}],
    ['get_overview_tickets', ' (by link)', { overview: 'all_open' }],
    ['get_overview_tickets', ' (by name)', { overview: 'Open Tickets' }],
    ['list_escalations', '', { within_hours: 168 }],
    ['get_customer_tickets', ' (by user id)', { customer }],
    ['get_related_tickets', ' (by ticket id)', { ticket_id: related?.id }],
  ];
  for (const [name, how, args] of calls) {
    await p.client.callTool({ name, arguments: args }); // warm
    p.reset();
    const r = await p.client.callTool({ name, arguments: args });
    report(`upstream requests: ${name}${how}${r.isError ? ' [error]' : ''}`, p.upstream().n, 'requests', {
      max: 2,
      text: '≤ 2',
    });
  }

  const perRow = async (name: string, args: Record<string, unknown>, rows: (s: unknown) => number) => {
    const r = await p.client.callTool({ name, arguments: args });
    const t = text(r);
    const n = rows(r.structuredContent);
    const head = t.split('\n')[0] ?? '';
    return n === 0 ? Number.NaN : (tokens(t) - tokens(head)) / n;
  };
  const count = (s: unknown): number => (s as { tickets?: unknown[] } | undefined)?.tickets?.length ?? 0;
  report(
    'get_overview_tickets, page of 50: tokens per ticket row',
    await perRow('get_overview_tickets', { overview: 'all_open', limit: 50 }, count),
    'tokens',
    { max: 70, text: '≤ 70' },
  );
  report(
    'list_escalations, 168 h: tokens per ticket row',
    await perRow('list_escalations', { within_hours: 168, limit: 50 }, count),
    'tokens',
    { max: 70, text: '≤ 70' },
  );
}

/** The section of `npm run bench`: its own in-process server against the sandbox. */
export async function benchWorklistCalls(sb: Sandbox): Promise<void> {
  const p = await inProcess(sb);
  try {
    await benchWorklist(p, sb);
  } finally {
    await p.close();
  }
}

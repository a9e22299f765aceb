import type { Sandbox } from '@zammad-mcp/sandbox';
import { tokens } from '../tokens.js';
import { inProcess } from './in-process.js';
import { report } from './report.js';

function text(r: { content?: unknown }): string {
  return ((r.content ?? []) as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
}

/**
 * The context tools (issue #14): upstream requests per call with a warm cache (each tool called
 * once to warm what it caches, then counted over `runs` calls), and list_ticket_fields' tokens
 * per field.
 */
export async function benchContextTools(sb: Sandbox, runs = 5): Promise<void> {
  // Writes allowed, for update_ticket's note + time_unit (the read tools count the same either way).
  const p = await inProcess(sb, { MCP_READ_ONLY: 'false', MCP_ALLOW_WRITE: 'true', MCP_TOOLSETS: 'all' });
  const s = sb.store;
  const email = [...s.articles.values()].find((a) => a.type_id === 1);
  const note = [...s.articles.values()].find((a) => a.type_id === 10);
  const timed = [...s.tickets.values()].find((t) => s.timeAccountingsOf(t.id).length > 0);
  const calls: Array<[string, string, Record<string, unknown>]> = [
    ['get_article_source', 'an email', { article_id: email?.id }],
    ['get_article_source', 'a note', { article_id: note?.id }],
    ['list_tags', 'catalogue', {}],
    ['list_tags', 'query', { query: 'vi' }],
    ['list_ticket_fields', 'Ticket', {}],
    ['list_time_accounting', 'by id', { ticket_id: timed?.id }],
    ['list_time_accounting', 'by number', { ticket_number: timed?.number }],
    ['list_macros', 'all', {}],
    ['list_macros', 'one group', { group: 'Sales' }],
  ];
  await p.client.callTool({ name: 'list_groups', arguments: {} }); // the reference data
  for (const [name, what, args] of calls) {
    await p.client.callTool({ name, arguments: args }); // warm
    let most = 0;
    let error = false;
    for (let i = 0; i < runs; i++) {
      p.reset();
      const r = await p.client.callTool({ name, arguments: args });
      error ||= r.isError === true;
      most = Math.max(most, p.upstream().n);
    }
    report(`upstream requests, warm: ${name} (${what})${error ? ' [error]' : ''}`, most, 'requests', {
      max: 2,
      text: '≤ 2',
    });
  }
  // update_ticket booking time on a note: the ticket (scope) and one PUT, fields and reference cached.
  const open = [...s.tickets.values()].find((t) => t.state_id === 2);
  p.reset();
  const u = await p.client.callTool({
    name: 'update_ticket',
    arguments: { ticket_id: open?.id, note: 'Bench: time booked with the update.', time_unit: '5' },
  });
  report(
    `upstream requests, warm: update_ticket (note + time_unit)${u.isError ? ' [error]' : ''}`,
    p.upstream().n,
    'requests',
    {
      max: 2,
      text: '≤ 2',
    },
  );
  const r = await p.client.callTool({ name: 'list_ticket_fields', arguments: {} });
  const fields = ((r.structuredContent as { fields?: unknown[] } | undefined)?.fields ?? []).length;
  const lines = text(r)
    .split('\n')
    .filter((l) => l.startsWith('- '));
  const perField = lines.length ? tokens(lines.join('\n')) / lines.length : 0;
  const worst = Math.max(0, ...lines.map((l) => tokens(l)));
  report(`list_ticket_fields: tokens per field (mean of ${fields})`, perField, 'tokens', {
    max: 40,
    text: '≤ 40',
  });
  report('list_ticket_fields: tokens of the longest field line', worst, 'tokens', { max: 40, text: '≤ 40' });
  await p.close();
}

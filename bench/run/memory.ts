import type { Sandbox } from '@zammad-mcp/sandbox';
import { distCli } from '../lib/paths.js';
import { rssMb } from '../lib/rss.js';
import { round } from '../lib/stats.js';
import { zammadEnv } from '../lib/zammad-env.js';
import { report } from './report.js';
import { connectStdio } from './stdio.js';

/** RSS of one launch after 300 calls (MB). */
async function rssAfterCalls(sb: Sandbox, flags: readonly string[]): Promise<number> {
  const { client, transport } = await connectStdio([...flags, distCli], {
    ...zammadEnv(sb),
    MCP_LOG_LEVEL: 'warn',
  });
  const tickets = [...sb.store.tickets.values()];
  for (let i = 0; i < 300; i++) {
    const t = tickets[i % tickets.length];
    await client.callTool({
      name: i % 3 ? 'get_ticket' : 'search_tickets',
      arguments: i % 3 ? { ticket_id: t?.id } : { limit: 25, page: 1 + (i % 4) },
    });
  }
  const rss = rssMb(transport.pid);
  await client.close();
  return rss;
}

/** The median of three launches: one launch's RSS varies by several MB with the machine's state. */
export async function benchMemory(
  sb: Sandbox,
  flags: readonly string[],
  label: string,
  target: boolean,
): Promise<void> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push(await rssAfterCalls(sb, flags));
  runs.sort((a, b) => a - b);
  report(
    `resident memory after 300 calls, median of 3 (${label}; ${runs.map((r) => round(r, 1)).join(' / ')})`,
    runs[1] ?? NaN,
    'MB',
    target ? { max: 100, text: '≤ 100 MB' } : undefined,
  );
}

/**
 * A batch of 200 tickets through bulk_update_tickets (the token path: preview, then confirm_action)
 * against the sandbox in its own process: wall time of the preview and of the confirmed batch, and
 * upstream requests per ticket. The change is an internal note, which every ticket but a merged one
 * takes, so each run writes the same tickets.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { Sandbox } from '@zammad-mcp/sandbox';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import { zammadEnv } from '../lib/zammad-env.js';
import { median } from '../lib/stats.js';
import { report } from './report.js';

const RUNS = 5;

export async function benchBulk(sb: Sandbox): Promise<void> {
  const r = loadConfig({ env: { ...zammadEnv(sb), MCP_ALLOW_WRITE: 'true', MCP_TOOLSETS: 'all' } });
  if (!r.ok) throw new Error(r.problems.join());
  const app = await createApp(r.config, silentLogger);
  const upstream: Array<{ method: string }> = [];
  app.zammad.http.observe((e) => void upstream.push(e as { method: string }));
  const [ct, st] = InMemoryTransport.createLinkedPair();
  await app.server().connect(st);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(ct);

  const tickets = [...sb.store.tickets.values()].slice(0, 200).map((t) => t.id);
  const previewMs: number[] = [];
  const batchMs: number[] = [];
  const perTicket: number[] = [];
  const putsPerWritten: number[] = [];
  let written = 0;
  for (let run = 0; run < RUNS; run++) {
    const args = { tickets, note: `Bench run ${run}` };
    let t0 = performance.now();
    const p = await client.callTool({ name: 'bulk_update_tickets', arguments: args });
    previewMs.push(performance.now() - t0);
    const token = (p.structuredContent as { confirmation?: string } | undefined)?.confirmation;
    if (!token) throw new Error(`no confirmation token: ${JSON.stringify(p).slice(0, 600)}`);
    upstream.length = 0;
    t0 = performance.now();
    const ok = await client.callTool({ name: 'confirm_action', arguments: { confirmation: token } });
    batchMs.push(performance.now() - t0);
    const sc = ok.structuredContent as { done: number; failed: number } | undefined;
    if (!sc || sc.failed > 0) throw new Error(`batch failed: ${JSON.stringify(sc)}`);
    written = sc.done;
    perTicket.push(upstream.length / tickets.length);
    putsPerWritten.push(upstream.filter((u) => u.method === 'PUT').length / sc.done);
  }
  report(
    `bulk_update_tickets: preview of ${tickets.length} tickets (median of ${RUNS})`,
    median(previewMs),
    'ms',
    {
      max: 5000,
      text: '≤ 5000 ms',
    },
  );
  report(
    `bulk_update_tickets: confirmed batch, ${tickets.length} listed, ${written} written (median of ${RUNS})`,
    median(batchMs),
    'ms',
    { max: 10000, text: '≤ 10000 ms' },
  );
  report(
    'bulk_update_tickets: upstream requests per listed ticket (confirmed batch)',
    median(perTicket),
    'req',
    {
      max: 2,
      text: '≤ 2',
    },
  );
  report('bulk_update_tickets: PUT requests per written ticket', median(putsPerWritten), 'req', {
    max: 1,
    min: 1,
    text: '= 1',
  });
  await client.close();
  await app.close();
}

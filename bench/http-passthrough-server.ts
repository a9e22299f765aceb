/**
 * For bench/http.ts: zammad-mcp's HTTP transport (every guard, API-key authentication, rate
 * limiter, sessions, per-request servers, the central tool path) serving a single tool that makes
 * the same upstream request as the bare server and answers the same short text. Measures what the
 * transport costs, apart from what get_ticket's rendering and sanitizing cost.
 * Configured from the environment like `zammad-mcp http`.
 */
import { z } from 'zod';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import { defineTool } from '../src/tools/define.js';
import { startHttp } from '../src/transports/http/index.js';

const passthrough = defineTool({
  name: 'get_ticket',
  title: 'Get a ticket (passthrough)',
  description: 'Bench fixture: the upstream request of get_ticket, answered in one line.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({ ticket_id: z.number().int().min(1) }),
  output: z.object({ bytes: z.number() }),
  async handler(a, ctx) {
    const r = await ctx.zammad.http.request<unknown>('GET', `/tickets/${a.ticket_id}`, {
      query: { all: true },
      signal: ctx.signal,
    });
    const bytes = JSON.stringify(r.body).length;
    return { text: `ticket ${a.ticket_id}: ${bytes} bytes`, structured: { bytes } };
  },
});

const r = loadConfig({ env: { ...process.env, MCP_TRANSPORT: 'http' } });
if (!r.ok) throw new Error(r.problems.join('\n'));
const app = await createApp(r.config, createLogger(r.config.logLevel));
const h = await startHttp(app, { tools: [passthrough] });
process.once(
  'SIGTERM',
  () =>
    void h
      .close()
      .then(() => app.close())
      .then(() => process.exit(0)),
);

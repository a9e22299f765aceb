import type { Sandbox } from '@zammad-mcp/sandbox';
import { silentLogger } from '../../src/log.js';
import { round } from '../lib/stats.js';
import { benchSanitize } from '../sanitize.js';
import { inProcessApp } from './in-process.js';
import { report } from './report.js';

/** The sanitizer's throughput (bench/sanitize.ts), and its share of a get_ticket call. */
export async function benchSanitizing(sb: Sandbox): Promise<void> {
  const s = await benchSanitize();
  report(`sanitize plain text (${round(s.plainBytes / 1e6, 1)} MB)`, s.plainMBps, 'MB/s');
  report(`HTML → text (${round(s.htmlBytes / 1e6, 1)} MB)`, s.htmlMBps, 'MB/s');
  // Share of a get_ticket call's server-side time spent sanitizing: time the handler path with and without.
  const { sanitizeText, sanitizeDeep } = await import('../../src/content/index.js');
  const { config, app } = await inProcessApp(sb);
  const { callTool, prepare, toolContext } = await import('../../src/server/index.js');
  const { grantOf } = await import('../../src/policy/grant.js');
  const { getTicket } = await import('../../src/tools/tickets/read.js');
  const deps = {
    config,
    zammad: app.zammad,
    scope: app.scope,
    log: silentLogger,
    tools: [getTicket],
    principal: 'bench',
  };
  const entry = { deps, grant: grantOf(deps.tools, config.policy), confirmations: app.confirmations };
  const rich = [...sb.store.tickets.values()]
    .filter((t) => sb.store.articlesOf(t.id).length >= 10)
    .slice(0, 20);
  let upstream = 0;
  app.zammad.http.observe((e) => (upstream += e.ms));
  await app.zammad.reference.get();
  let total = 0;
  let sanitizing = 0;
  // Round 0 warms the JIT up and is not counted: the first calls would weigh on either side.
  for (let round = 0; round <= 10; round++) {
    if (round === 1) {
      total = 0;
      sanitizing = 0;
    }
    for (const t of rich) {
      upstream = 0;
      const t0 = performance.now();
      await callTool(
        entry,
        getTicket,
        getTicket.input.parse({ ticket_id: t.id }),
        new AbortController().signal,
      );
      total += performance.now() - t0 - upstream;
      const args = getTicket.input.parse({ ticket_id: t.id });
      const signal = new AbortController().signal;
      const out = await getTicket.handler(
        args,
        toolContext(deps, signal, 'get_ticket'),
        (await prepare(getTicket, args, deps, signal)) as never,
      );
      const s0 = performance.now();
      sanitizeText(out.text);
      sanitizeDeep(out.structured);
      sanitizing += performance.now() - s0;
    }
  }
  report('share of get_ticket server-side time spent sanitizing', (sanitizing / total) * 100, '%', {
    max: 10,
    text: '< 10 %',
  });
  await app.close();
}

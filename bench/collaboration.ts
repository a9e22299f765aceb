/**
 * `npm run bench:collab`: upstream requests per call of the checklist, follow and notification
 * tools (the first call, then warm), through an in-process server with writes on. Each call runs
 * RUNS times; the figures are deterministic, so the run-to-run spread is the check.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { startSandbox } from '@zammad-mcp/sandbox';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log.js';
import { createReport, printSummary } from './lib/report.js';
import { zammadEnv } from './lib/zammad-env.js';

const RUNS = 3;
const { report, rows } = createReport({ digits: 0, figure: 90, value: 4, unit: 9, target: 6 });

const sb = await startSandbox();
const r = loadConfig({ env: { ...zammadEnv(sb), MCP_ALLOW_WRITE: 'true', MCP_TOOLSETS: 'all' } });
if (!r.ok) throw new Error(r.problems.join());
const app = await createApp(r.config, silentLogger);
let n = 0;
app.zammad.http.observe(() => void n++);
const [ct, st] = InMemoryTransport.createLinkedPair();
await app.server().connect(st);
const client = new Client({ name: 'bench', version: '1' });
await client.connect(ct);

const tickets = [...sb.store.tickets.values()];
const withList = tickets.find((t) => t.group_id === 2 && t.checklist_id !== null);
const fresh = tickets.filter((t) => t.group_id === 2 && t.checklist_id === null && t.state_id !== 5);
if (!withList || fresh.length < 2 * RUNS) throw new Error('sandbox fixtures missing');
const item = Number(sb.store.checklists.get(withList.checklist_id ?? -1)?.sorted_item_ids[1]);

/** A new ticket each run where the tool would otherwise have nothing left to do. */
const calls: Array<[string, string, (run: number) => Record<string, unknown>, number?]> = [
  ['get_ticket_checklist', '', () => ({ ticket_id: withList.id }), 2],
  ['list_checklist_templates', '', () => ({}), 2],
  ['list_notifications', '', () => ({}), 2],
  [
    'add_checklist_items',
    ' (existing checklist, 2 items)',
    () => ({ ticket_id: withList.id, items: ['a', 'b'] }),
  ],
  [
    'add_checklist_items',
    ' (new checklist, 3 items)',
    (i) => ({ ticket_id: fresh[i]?.id, items: ['a', 'b', 'c'] }),
  ],
  [
    'add_checklist_items',
    ' (new checklist from a template)',
    (i) => ({ ticket_id: fresh[RUNS + i]?.id, template: 1 }),
  ],
  ['set_checklist_item', ' (toggle)', (i) => ({ item_id: item, checked: i % 2 === 0 })],
  ['subscribe_ticket', ' (then already following)', () => ({ ticket_id: withList.id })],
  ['unsubscribe_ticket', ' (then not following)', () => ({ ticket_id: withList.id })],
  ['mark_notifications_read', ' (all, then nothing left)', () => ({})],
];

console.log(`zammad-mcp collaboration bench · node ${process.version} · ${RUNS} runs each\n`);
for (const [name, what, args, max] of calls) {
  const counts: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    n = 0;
    const res = await client.callTool({ name, arguments: args(run) });
    if (res.isError) throw new Error(`${name}: ${JSON.stringify(res.content)}`);
    counts.push(n);
  }
  report(`upstream requests: ${name}${what}, first call`, counts[0] ?? 0, 'requests');
  const warm = Math.max(...counts.slice(1));
  report(
    `upstream requests: ${name}${what}, warm (max of ${RUNS - 1})`,
    warm,
    'requests',
    max !== undefined ? { max, text: `≤ ${max}` } : undefined,
  );
}
await client.close();
await app.close();
await sb.close();
printSummary(rows);
if (rows.some((x) => x.pass === false)) process.exitCode = 1;

/**
 * `npm run bench`: the figures of the read-tools issue, measured on this machine, printed beside
 * their targets and written to bench/results/latest.json.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { NODE_FLAGS } from '../src/version.js';
import { loadConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log.js';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { benchSanitize } from './sanitize.js';
import { tokens } from './tokens.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${root}dist/cli.js`;
const MINIMAL = `${root}bench/minimal-server.mjs`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;

type Row = { figure: string; value: number; unit: string; target?: string; pass?: boolean | undefined };
const rows: Row[] = [];
function report(
  figure: string,
  value: number,
  unit: string,
  target?: { max?: number; min?: number; text: string },
): void {
  const pass = target
    ? (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min)
    : undefined;
  rows.push({ figure, value: round(value), unit, ...(target ? { target: target.text, pass } : {}) });
  console.log(
    `${figure.padEnd(58)} ${String(round(value)).padStart(10)} ${unit.padEnd(8)} ${target ? `${target.text.padEnd(14)} ${pass ? 'PASS' : 'FAIL'}` : ''}`,
  );
}

async function coldStart(command: string, args: string[], env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const transport = new StdioClientTransport({
    command,
    args,
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  await client.listTools();
  const ms = performance.now() - t0;
  await client.close();
  return ms;
}

async function benchColdStart(sb: Sandbox): Promise<void> {
  const env = { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token, MCP_LOG_LEVEL: 'warn' };
  const ours: number[] = [];
  const base: number[] = [];
  await coldStart(process.execPath, [CLI], env); // warm the file cache
  await coldStart(process.execPath, [MINIMAL], {});
  for (let i = 0; i < 20; i++) {
    ours.push(await coldStart(process.execPath, [...NODE_FLAGS, CLI], env));
    base.push(await coldStart(process.execPath, [MINIMAL], {}));
  }
  const o = median(ours);
  const b = median(base);
  report('cold start: spawn → tools/list, median of 20 (zammad-mcp)', o, 'ms');
  report('cold start: minimal SDK v2 stdio server, median of 20', b, 'ms');
  report('cold start ratio (ours / minimal)', o / b, '×', { max: 1.5, text: '≤ 1.5×' });
}

async function inProcess(sb: Sandbox): Promise<{
  client: Client;
  upstream: () => { n: number; ms: number };
  reset: () => void;
  close: () => Promise<void>;
}> {
  const r = loadConfig({ env: { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token } });
  if (!r.ok) throw new Error(r.problems.join());
  const app = await createApp(r.config, silentLogger);
  let n = 0;
  let ms = 0;
  app.zammad.http.observe((e) => {
    n++;
    ms += e.ms;
  });
  const [ct, st] = InMemoryTransport.createLinkedPair();
  const server = app.server();
  await server.connect(st);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(ct);
  return {
    client,
    upstream: () => ({ n, ms }),
    reset: () => {
      n = 0;
      ms = 0;
    },
    close: async () => {
      await client.close();
      await app.close();
    },
  };
}

function text(r: { content?: unknown }): string {
  return ((r.content ?? []) as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
}

async function benchCalls(sb: Sandbox): Promise<void> {
  const p = await inProcess(sb);
  const tickets = [...sb.store.tickets.values()];
  const rich = tickets.filter((t) => sb.store.articlesOf(t.id).length >= 10);
  const target = rich[0] ?? tickets[0];
  if (!target) throw new Error('no ticket');
  await p.client.callTool({ name: 'list_groups', arguments: {} }); // warm the reference cache

  // per-call overhead
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

  // tools/list
  const list = await p.client.listTools();
  report(
    `tools/list under the default configuration (${list.tools.length} tools)`,
    tokens(JSON.stringify(list)),
    'tokens',
    { max: 3500, text: '≤ 3,500' },
  );

  // upstream requests per call, warm cache
  const t = target;
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
  await p.close();
}

/** RSS of one launch after 300 calls (MB). */
async function rssAfterCalls(sb: Sandbox, flags: readonly string[]): Promise<number> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...flags, CLI],
    env: {
      PATH: process.env.PATH ?? '',
      ZAMMAD_URL: sb.url,
      ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
      MCP_LOG_LEVEL: 'warn',
    },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  const tickets = [...sb.store.tickets.values()];
  for (let i = 0; i < 300; i++) {
    const t = tickets[i % tickets.length];
    await client.callTool({
      name: i % 3 ? 'get_ticket' : 'search_tickets',
      arguments: i % 3 ? { ticket_id: t?.id } : { limit: 25, page: 1 + (i % 4) },
    });
  }
  const pid = transport.pid;
  const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  await client.close();
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** The median of three launches: one launch's RSS varies by several MB with the machine's state. */
async function benchMemory(
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

async function benchSanitizing(sb: Sandbox): Promise<void> {
  const s = await benchSanitize();
  report(`sanitize plain text (${round(s.plainBytes / 1e6, 1)} MB)`, s.plainMBps, 'MB/s');
  report(`HTML → text (${round(s.htmlBytes / 1e6, 1)} MB)`, s.htmlMBps, 'MB/s');
  // Share of a get_ticket call's server-side time spent sanitizing: time the handler path with and without.
  const { sanitizeText, sanitizeDeep } = await import('../src/content/index.js');
  const r = loadConfig({ env: { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token } });
  if (!r.ok) throw new Error(r.problems.join());
  const app = await createApp(r.config, silentLogger);
  const { callTool, prepare, toolContext } = await import('../src/server/index.js');
  const { grantOf } = await import('../src/policy/grant.js');
  const { getTicket } = await import('../src/tools/tickets/read.js');
  const deps = {
    config: r.config,
    zammad: app.zammad,
    scope: app.scope,
    log: silentLogger,
    tools: [getTicket],
    principal: 'bench',
  };
  const entry = { deps, grant: grantOf(deps.tools, r.config.policy), confirmations: app.confirmations };
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

/**
 * The Zammad the server talks to runs in its own process, so its work does not land on the
 * server's thread or in its measurements. A local copy with the same seed (identical data and
 * tokens) tells the benchmark which ids exist.
 */
async function spawnSandbox(): Promise<{ url: string; close: () => void }> {
  const child = spawn(process.execPath, [CLI, 'sandbox'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stderr.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(buf);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error(`sandbox exited: ${buf}`)));
  });
  return { url, close: () => void child.kill('SIGTERM') };
}

const local = await startSandbox();
const remote = await spawnSandbox();
const sb = Object.assign(Object.create(local) as Sandbox, { url: remote.url });
console.log(`zammad-mcp benchmarks · node ${process.version} · ${new Date().toISOString()}\n`);
await benchColdStart(sb);
await benchCalls(sb);
await benchMemory(sb, NODE_FLAGS, 'documented launch, V8 flags', true);
await benchMemory(sb, [], 'plain `node dist/cli.js`', false);
await benchSanitizing(sb);
remote.close();
await local.close();
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/latest.json`,
  JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2),
);
const failed = rows.filter((r) => r.pass === false);
console.log(
  `\n${rows.filter((r) => r.pass).length} targets met, ${failed.length} missed${failed.length ? `: ${failed.map((r) => r.figure).join('; ')}` : ''}`,
);

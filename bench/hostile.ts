/**
 * `npm run bench:hostile`: issue 12's figures. The hostile tickets (16 e-mails of 10 MB, one 150 MB
 * article, HTML 100,000 levels deep) live in a sandbox in this process; the server runs as a child:
 *  1. the client alone (bench/hostile-read.ts) under the stdio flags: time per read, peak heap;
 *  2. `node <stdio flags> dist/cli.js` over stdio: get_ticket {articles: 2} and
 *     list_ticket_articles {limit: 2} on each hostile ticket, its resident set after, and its peak;
 *  3. `node <HTTP flags> dist/cli.js http`: 8 concurrent get_ticket of the e-mail ticket, its peak.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { addHostileTicket, startSandbox } from '@zammad-mcp/sandbox';
import { generateKey, keyLine } from '../src/auth/api-keys.js';
import { HTTP_NODE_FLAGS, NODE_FLAGS } from '../src/version.js';
import { distCli as CLI, root } from './lib/paths.js';
import { rssMb } from './lib/rss.js';
import { zammadEnv as envFor } from './lib/zammad-env.js';

/** Resident memory now, or its peak (VmHWM), of a live process, in MB. */
function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  if (field === 'VmRSS') return Math.round(rssMb(pid));
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function line(figure: string, value: number | string, unit: string, target = ''): void {
  console.log(`${figure.padEnd(66)} ${String(value).padStart(8)} ${unit.padEnd(4)} ${target}`);
}

async function clientAlone(): Promise<void> {
  const zammad = JSON.stringify({
    url: sb.url,
    token: sb.credentials.admin.token,
    many: many.ticket.id,
    huge: huge.ticket.id,
    hugeArticle: huge.articles[0]?.id,
    hugeLength: huge.bodies[0]?.length,
    deep: deep.ticket.id,
  });
  const out = await new Promise<string>((resolve, reject) => {
    const args = [...NODE_FLAGS, '--import', 'tsx', 'bench/hostile-read.ts', '--legacy', '--zammad', zammad];
    const c = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let s = '';
    c.stdout.on('data', (d: Buffer) => (s += d.toString()));
    c.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`hostile-read exited ${code}`))));
  });
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
    reads: Array<{ read: string; ms: number }>;
    baseRssMB: number;
    peakRssMB: number;
    peakHeapMB: number;
    peakArrayBuffersMB: number;
  };
  console.log('\n1. The client alone in a process of its own (tsx loaded), stdio flags');
  for (const x of r.reads) line(`  ${x.read}`, x.ms, 'ms');
  line('  peak heap used', r.peakHeapMB, 'MB');
  line('  peak ArrayBuffer memory (socket reads awaiting collection)', r.peakArrayBuffersMB, 'MB');
  line('  resident before the reads (node + tsx + client)', r.baseRssMB, 'MB');
  line('  peak resident', r.peakRssMB, 'MB');
}

const sb = await startSandbox({ tickets: 20 });
const many = addHostileTicket(sb.store, 'many-emails');
const huge = addHostileTicket(sb.store, 'huge-article');
const deep = addHostileTicket(sb.store, 'deep-html');
const zammadEnv = {
  PATH: process.env.PATH ?? '',
  ...envFor(sb),
  ZAMMAD_TIMEOUT_MS: '120000',
  MCP_LOG_LEVEL: 'error',
};
type CallResult = { isError?: boolean; content?: Array<{ type: string; text?: string }> };
const textOf = (r: CallResult): string => (r.content ?? []).map((c) => c.text ?? '').join('\n');

async function stdio(): Promise<void> {
  console.log('\n2. Over stdio: node --max-semi-space-size=2 --max-old-space-size=128 dist/cli.js');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...NODE_FLAGS, CLI],
    env: zammadEnv,
    stderr: 'inherit',
  });
  const client = new Client({ name: 'bench-hostile', version: '1' });
  await client.connect(transport);
  const pid = transport.pid as number;
  line('  resident after start', status(pid, 'VmRSS'), 'MB');
  for (const [name, t] of [
    ['16 x 10 MB e-mails', many],
    ['one 150 MB article', huge],
    ['HTML 100,000 levels deep', deep],
  ] as const) {
    for (const [tool, args] of [
      ['get_ticket', { ticket_id: t.ticket.id, articles: 2 }],
      ['list_ticket_articles', { ticket_id: t.ticket.id, limit: 2 }],
    ] as const) {
      const t0 = performance.now();
      const r = (await client.callTool({ name: tool, arguments: args })) as CallResult;
      const ms = Math.round(performance.now() - t0);
      const text = textOf(r);
      line(
        `  ${tool} ${JSON.stringify(args).replace(/"ticket_id":\d+,?/, '')} on ${name}`,
        ms,
        'ms',
        r.isError ? `ERROR ${text.slice(0, 80)}` : `${text.length} chars answered`,
      );
    }
  }
  line('  resident after the reads', status(pid, 'VmRSS'), 'MB', 'target <= 100 MB');
  line('  peak resident (VmHWM)', status(pid, 'VmHWM'), 'MB');
  await client.close();
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function http(): Promise<void> {
  console.log('\n3. Over HTTP: node --max-old-space-size=512 dist/cli.js http, 8 concurrent reads');
  const port = await freePort();
  const key = generateKey();
  const child = spawn(process.execPath, [...HTTP_NODE_FLAGS, CLI, 'http'], {
    env: {
      ...zammadEnv,
      MCP_HTTP_PORT: String(port),
      MCP_API_KEYS: keyLine('bench', key),
      MCP_RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  line('  resident after start', status(pid, 'VmRSS'), 'MB');
  const clients = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const c = new Client({ name: 'bench-hostile', version: '1' });
      await c.connect(
        new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${key}` } },
        }),
      );
      return c;
    }),
  );
  const t0 = performance.now();
  const results = (await Promise.all(
    clients.map((c) =>
      c.callTool({ name: 'get_ticket', arguments: { ticket_id: many.ticket.id, articles: 2 } }),
    ),
  )) as CallResult[];
  line(
    '  8 x get_ticket {articles: 2} on 16 x 10 MB e-mails, all done',
    Math.round(performance.now() - t0),
    'ms',
    `${results.filter((r) => !r.isError).length}/8 answered`,
  );
  line('  peak resident (VmHWM)', status(pid, 'VmHWM'), 'MB', 'target <= 350 MB');
  await Promise.all(clients.map((c) => c.close()));
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

try {
  await clientAlone();
  await stdio();
  await http();
} finally {
  await sb.close();
}

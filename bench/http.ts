/**
 * `npm run build && node --expose-gc --import tsx bench/http.ts`: the figures of the HTTP-transport issue,
 * measured on this machine and written to bench/results/http.json.
 *
 *  1. Tool calls per second over HTTP with authentication on (one API key per client), at 2 and 32
 *     concurrent clients, p50/p99, for both protocol eras — beside a bare SDK v2 HTTP server
 *     (bench/minimal-http-server.mjs) making the same upstream request. Target: ≥ 70 % of its calls/s.
 *  2. Resident memory of the server process (the documented HTTP launch flags, default session limits) after
 *     10,000 sessions (2025 era: initialize, initialized, tools/list) opened and abandoned, once
 *     evicted. Target: within 20 MB of the baseline. And, with the limits raised so that all of
 *     them are alive at once, the JS heap after the idle sweep (in process; `--expose-gc`).
 *
 * The servers run as child processes (ours as `node HTTP_NODE_FLAGS dist/cli.js http`, the
 * documented launch; the baseline with node's defaults); the sandbox and the clients share this
 * process. Ours and the baseline are measured in alternating one-second slices.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { generateKey, keyLine } from '../src/auth/api-keys.js';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { HTTP_NODE_FLAGS } from '../src/version.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// BENCH_CLI: measure another build of the server (e.g. a patched copy).
const CLI = process.env.BENCH_CLI ?? `${root}dist/cli.js`;
const ONLY = process.env.BENCH_ONLY; // 'throughput' | 'memory'
const MINIMAL = `${root}bench/minimal-http-server.mjs`;
const PASSTHROUGH = `${root}bench/http-passthrough-server.ts`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);

type Row = { figure: string; value: number; unit: string; target?: string; pass?: boolean };
const rows: Row[] = [];
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
function report(
  figure: string,
  value: number,
  unit: string,
  target?: { min?: number; max?: number; text: string },
): void {
  const pass = target
    ? (target.min === undefined || value >= target.min) && (target.max === undefined || value <= target.max)
    : undefined;
  rows.push({
    figure,
    value: round(value),
    unit,
    ...(target ? { target: target.text, pass: pass as boolean } : {}),
  });
  console.log(
    `${figure.padEnd(66)} ${String(round(value)).padStart(9)} ${unit.padEnd(7)} ${target ? `${target.text.padEnd(10)} ${pass ? 'PASS' : 'FAIL'}` : ''}`,
  );
}
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Spawned {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * Starts a server process on a free port and resolves once /healthz answers. Its output goes
 * nowhere: the server pays for its logging, this process does not read it.
 */
async function spawnServer(args: string[], env: Record<string, string>): Promise<Spawned> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env, MCP_HTTP_PORT: String(port), PORT: String(port) },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (let i = 0; i < 200 && exited === undefined; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok)
      return {
        url: `http://127.0.0.1:${port}/mcp`,
        child,
        stop: () =>
          new Promise<void>((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      };
    await sleep(100);
  }
  child.kill('SIGTERM');
  throw new Error(`server ${args.join(' ')} did not start (exit ${String(exited)})`);
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function connect(url: string, key: string | undefined, modern: boolean): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} },
  });
  const client = new Client(
    { name: 'bench', version: '1' },
    modern ? { versionNegotiation: { mode: 'auto' } } : {},
  );
  await client.connect(transport);
  return client;
}

type Measured = { perSecond: number; p50: number; p99: number; errors: number };

interface Load {
  clients: Client[];
  seconds: number;
  latencies: number[];
  errors: number;
}

/** Connects `clients` MCP clients and warms them (20 calls each, not counted). */
async function openLoad(
  url: string,
  keys: string[] | undefined,
  modern: boolean,
  clients: number,
  ticketIds: number[],
): Promise<Load> {
  const cs = await Promise.all(Array.from({ length: clients }, (_, i) => connect(url, keys?.[i], modern)));
  const l: Load = { clients: cs, seconds: 0, latencies: [], errors: 0 };
  await Promise.all(
    cs.map(async (c, j) => {
      for (let i = 0; i < 20; i++)
        await c.callTool({
          name: 'get_ticket',
          arguments: { ticket_id: ticketIds[(i + j) % ticketIds.length] },
        });
    }),
  );
  return l;
}

/** Every client calls get_ticket back to back for `seconds`; adds to the load's figures. */
async function burst(l: Load, seconds: number, ticketIds: number[]): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    l.clients.map(async (c, j) => {
      for (let i = j; performance.now() < deadline; i++) {
        const t0 = performance.now();
        const r = await c
          .callTool({ name: 'get_ticket', arguments: { ticket_id: ticketIds[i % ticketIds.length] } })
          .catch(() => ({ isError: true }));
        if (r.isError) l.errors++;
        l.latencies.push(performance.now() - t0);
      }
    }),
  );
  l.seconds += (performance.now() - started) / 1000;
}

/**
 * Ours and the baseline, measured in alternating one-second slices (order swapped every round), so
 * that drift of a shared two-core machine (other load, frequency) weighs on both alike.
 */
async function compare(
  a: { url: string; keys?: string[] },
  b: { url: string; keys?: string[] },
  modern: boolean,
  clients: number,
  ticketIds: number[],
): Promise<[Measured, Measured]> {
  const la = await openLoad(a.url, a.keys, modern, clients, ticketIds);
  const lb = await openLoad(b.url, b.keys, modern, clients, ticketIds);
  for (let round = 0; round < SECONDS; round++) {
    const order = round % 2 === 0 ? [la, lb] : [lb, la];
    for (const l of order) await burst(l, 1, ticketIds);
  }
  await Promise.all([...la.clients, ...lb.clients].map((c) => c.close()));
  const measured = (l: Load): Measured => ({
    perSecond: l.latencies.length / l.seconds,
    p50: pct(l.latencies, 50),
    p99: pct(l.latencies, 99),
    errors: l.errors,
  });
  return [measured(la), measured(lb)];
}

async function throughput(sb: Sandbox): Promise<void> {
  const keys = Array.from({ length: 32 }, (_, i) => ({ name: `client${i}`, key: generateKey() }));
  const zammad = { ZAMMAD_URL: sb.url, ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token };
  const ours = await spawnServer([...HTTP_NODE_FLAGS, CLI, 'http'], {
    ...zammad,
    MCP_API_KEYS: keys.map((k) => keyLine(k.name, k.key)).join('\n'),
    // The limiter runs, with room for the load: its cost is measured, not its refusals.
    MCP_RATE_LIMIT_PER_MINUTE: '100000',
    MCP_RATE_LIMIT_BURST: '10000',
    MCP_LOG_LEVEL: 'info',
  });
  const base = await spawnServer([MINIMAL], zammad);
  const ticketIds = [...sb.store.tickets.keys()].slice(0, 50);
  const keyEnv = keys.map((k) => keyLine(k.name, k.key)).join('\n');
  try {
    for (const modern of [true, false]) {
      const era = modern ? '2026-07-28' : '2025-11-25 (sessions)';
      for (const n of [2, 32]) {
        const [o, b] = await compare(
          { url: ours.url, keys: keys.map((k) => k.key) },
          { url: base.url },
          modern,
          n,
          ticketIds,
        );
        report(`${era}, ${n} clients: zammad-mcp calls/s (auth on)`, o.perSecond, 'calls/s');
        report(`  p50`, o.p50, 'ms');
        report(`  p99`, o.p99, 'ms');
        report(`${era}, ${n} clients: bare SDK v2 server calls/s`, b.perSecond, 'calls/s');
        report(`  p50`, b.p50, 'ms');
        report(`  p99`, b.p99, 'ms');
        report(`${era}, ${n} clients: ours / bare`, (o.perSecond / b.perSecond) * 100, '%', {
          min: 70,
          text: '≥ 70 %',
        });
        if (o.errors || b.errors) console.log(`  errors: ours ${o.errors}, bare ${b.errors}`);
      }
    }
  } finally {
    await ours.stop();
    await base.stop();
  }
  // The transport alone: same upstream request and the same one-line answer on both sides.
  const pass = await spawnServer(['--import', 'tsx', PASSTHROUGH], {
    ...zammad,
    MCP_API_KEYS: keyEnv,
    MCP_RATE_LIMIT_PER_MINUTE: '100000',
    MCP_RATE_LIMIT_BURST: '10000',
    MCP_LOG_LEVEL: 'info',
  });
  const short = await spawnServer([MINIMAL], { ...zammad, SHORT: '1' });
  try {
    for (const modern of [true, false]) {
      const era = modern ? '2026-07-28' : '2025-11-25 (sessions)';
      for (const n of [2, 32]) {
        const [o, b] = await compare(
          { url: pass.url, keys: keys.map((k) => k.key) },
          { url: short.url },
          modern,
          n,
          ticketIds,
        );
        report(`transport only, ${era}, ${n} clients: ours calls/s`, o.perSecond, 'calls/s');
        report(`  p50`, o.p50, 'ms');
        report(`  p99`, o.p99, 'ms');
        report(`transport only, ${era}, ${n} clients: bare calls/s`, b.perSecond, 'calls/s');
        report(`transport only, ${era}, ${n} clients: ours / bare`, (o.perSecond / b.perSecond) * 100, '%', {
          min: 70,
          text: '≥ 70 %',
        });
      }
    }
  } finally {
    await pass.stop();
    await short.stop();
  }
}

/** 2025-era sessions opened and abandoned: initialize, initialized, tools/list; never DELETE. */
async function openSessions(
  url: string,
  keys: string[],
  n: number,
  parallel: number,
): Promise<{ ok: number; refused: number }> {
  const u = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: parallel });
  const post = (key: string, body: string, sid?: string): Promise<{ status: number; sid?: string }> =>
    new Promise((resolve, reject) => {
      const q = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...(sid ? { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const s = res.headers['mcp-session-id'];
            resolve({ status: res.statusCode ?? 0, ...(typeof s === 'string' ? { sid: s } : {}) });
          });
        },
      );
      q.on('error', reject);
      q.end(body);
    });
  const init = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'abandoner', version: '1' },
    },
  });
  let next = 0;
  let ok = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        const key = keys[i % keys.length] as string;
        const r = await post(key, init);
        if (!r.sid) {
          refused++;
          continue;
        }
        await post(key, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), r.sid);
        await post(key, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), r.sid);
        ok++;
      }
    }),
  );
  agent.destroy();
  return { ok, refused };
}

async function memory(
  sb: Sandbox,
  label: string,
  env: Record<string, string>,
  flags: readonly string[],
): Promise<void> {
  const keys = Array.from({ length: 10 }, (_, i) => ({ name: `team${i}`, key: generateKey() }));
  const idle = 10;
  const s = await spawnServer([...flags, CLI, 'http'], {
    ZAMMAD_URL: sb.url,
    ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
    MCP_API_KEYS: keys.map((k) => keyLine(k.name, k.key)).join('\n'),
    MCP_SESSION_IDLE_SECONDS: String(idle),
    MCP_RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  const pid = s.child.pid as number;
  try {
    // Baseline: warmed up (a few sessions and calls, then evicted), no session open.
    await openSessions(
      s.url,
      keys.map((k) => k.key),
      200,
      8,
    );
    await sleep((idle + 5) * 1000);
    const baseline = rssMb(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
    const t0 = performance.now();
    const r = await openSessions(
      s.url,
      keys.map((k) => k.key),
      SESSIONS,
      16,
    );
    const openSeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    // Eviction: idle limit plus one sweep interval; then give V8 time to shrink the heap.
    let after = rssMb(pid);
    for (let i = 0; i < 12; i++) {
      await sleep(2500);
      after = rssMb(pid);
      if (i * 2.5 > idle + 5 && after - baseline <= 20) break;
    }
    report(`${label}: RSS baseline (no sessions)`, baseline, 'MB');
    report(
      `${label}: RSS peak while opening ${r.ok} sessions (${r.refused} refused, ${round(openSeconds)} s)`,
      peak,
      'MB',
    );
    report(`${label}: RSS after eviction − baseline`, after - baseline, 'MB', { max: 20, text: '≤ 20 MB' });
  } finally {
    await s.stop();
  }
}

/**
 * All sessions alive at once (limits raised to SESSIONS), then one idle sweep: the JS heap after a
 * full GC must return to its baseline — the sweep frees everything. (RSS is not the measure here:
 * with a large heap, V8 keeps freed pages mapped for a while.) Needs `node --expose-gc`.
 */
async function heapAfterEviction(sb: Sandbox): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log('all sessions alive at once: skipped (run with node --expose-gc)');
    return;
  }
  const [{ createApp }, { loadConfig }, { silentLogger }, { startHttp }] = await Promise.all([
    import('../src/app.js'),
    import('../src/config/index.js'),
    import('../src/log.js'),
    import('../src/transports/http/index.js'),
  ]);
  const keys = Array.from({ length: 10 }, (_, i) => ({ name: `team${i}`, key: generateKey() }));
  const r = loadConfig({
    env: {
      ZAMMAD_URL: sb.url,
      ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
      MCP_TRANSPORT: 'http',
      MCP_HTTP_PORT: '0',
      MCP_API_KEYS: keys.map((k) => keyLine(k.name, k.key)).join('\n'),
      MCP_RATE_LIMIT_PER_MINUTE: '0',
      MCP_MAX_SESSIONS: String(SESSIONS),
      MCP_MAX_SESSIONS_PER_PRINCIPAL: String(SESSIONS),
    },
  });
  if (!r.ok) throw new Error(r.problems.join('\n'));
  let clock = Date.now();
  const app = await createApp(r.config, silentLogger);
  const h = await startHttp(app, { now: () => clock });
  const heapMb = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  try {
    await openSessions(
      h.url,
      keys.map((k) => k.key),
      200,
      8,
    );
    clock += 86_400_000;
    await h.sessions.sweep();
    const baseline = heapMb();
    const o = await openSessions(
      h.url,
      keys.map((k) => k.key),
      SESSIONS,
      16,
    );
    const open = h.sessions.size;
    const peak = heapMb();
    clock += 86_400_000;
    const evicted = await h.sessions.sweep();
    await sleep(500);
    const after = heapMb();
    report(
      `all alive at once: ${open} sessions open (${o.refused} refused): JS heap − baseline`,
      peak - baseline,
      'MB',
    );
    report('  per session', ((peak - baseline) * 1024) / Math.max(1, open), 'KB');
    report(`  after the sweep closed ${evicted}: JS heap − baseline`, after - baseline, 'MB', {
      max: 20,
      text: '≤ 20 MB',
    });
  } finally {
    await h.close();
    await app.close();
  }
}

async function main(): Promise<void> {
  const sb = await startSandbox();
  try {
    console.log(
      `bench/http.ts: ${SECONDS} s per load point, ${SESSIONS} abandoned sessions, Node ${process.version}`,
    );
    if (ONLY !== 'memory') await throughput(sb);
    if (ONLY !== 'throughput') {
      // The documented HTTP launch flags and default session limits (500 in total, 32 per principal; 10 principals).
      await memory(sb, 'default limits, HTTP launch flags', {}, HTTP_NODE_FLAGS);
      // Every session alive at once until the idle sweep (limits raised): the JS heap, in process.
      await heapAfterEviction(sb);
    }
  } finally {
    await sb.close();
  }
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(
    `${root}bench/results/http.json`,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, rows }, null, 2)}\n`,
  );
}

await main();

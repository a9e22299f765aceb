/**
 * Tool calls per second over HTTP with authentication on, at 2 and 32 clients, both protocol eras,
 * beside a bare SDK v2 HTTP server making the same upstream request; then the transport alone.
 */
import type { Sandbox } from '@zammad-mcp/sandbox';
import { HTTP_NODE_FLAGS } from '../../src/version.js';
import { root } from '../lib/paths.js';
import { zammadEnv } from '../lib/zammad-env.js';
import { apiKeys } from './keys.js';
import { compare, type Measured } from './load.js';
import { report } from './report.js';
import { spawnServer } from './servers.js';
import { CLI } from './settings.js';

const MINIMAL = `${root}bench/minimal-http-server.mjs`;
const PASSTHROUGH = `${root}bench/http-passthrough-server.ts`;

type Launch = { args: string[]; env: Record<string, string> };
type Print = (era: string, clients: number, ours: Measured, bare: Measured) => void;

/** Starts both servers, measures every load point (both eras; 2 and 32 clients), stops them. */
async function everyLoadPoint(
  ours: Launch,
  bare: Launch,
  keys: string[],
  ticketIds: number[],
  print: Print,
): Promise<void> {
  const o = await spawnServer(ours.args, ours.env);
  const b = await spawnServer(bare.args, bare.env);
  try {
    for (const modern of [true, false]) {
      const era = modern ? '2026-07-28' : '2025-11-25 (sessions)';
      for (const n of [2, 32]) {
        const [mo, mb] = await compare({ url: o.url, keys }, { url: b.url }, modern, n, ticketIds);
        print(era, n, mo, mb);
      }
    }
  } finally {
    await o.stop();
    await b.stop();
  }
}

/** One server's calls/s and, with `latencies`, its p50 and p99 beneath. */
function reportSide(figure: string, m: Measured, latencies: boolean): void {
  report(figure, m.perSecond, 'calls/s');
  if (!latencies) return;
  report(`  p50`, m.p50, 'ms');
  report(`  p99`, m.p99, 'ms');
}

const reportRatio = (figure: string, o: Measured, b: Measured): void =>
  report(figure, (o.perSecond / b.perSecond) * 100, '%', { min: 70, text: '≥ 70 %' });

export async function throughput(sb: Sandbox): Promise<void> {
  const keys = apiKeys('client', 32);
  const zammad = zammadEnv(sb);
  const oursEnv = {
    ...zammad,
    MCP_API_KEYS: keys.env,
    // The limiter runs, with room for the load: its cost is measured, not its refusals.
    MCP_RATE_LIMIT_PER_MINUTE: '100000',
    MCP_RATE_LIMIT_BURST: '10000',
    MCP_LOG_LEVEL: 'info',
  };
  const ticketIds = [...sb.store.tickets.keys()].slice(0, 50);
  await everyLoadPoint(
    { args: [...HTTP_NODE_FLAGS, CLI, 'http'], env: oursEnv },
    { args: [MINIMAL], env: zammad },
    keys.keys,
    ticketIds,
    (era, n, o, b) => {
      reportSide(`${era}, ${n} clients: zammad-mcp calls/s (auth on)`, o, true);
      reportSide(`${era}, ${n} clients: bare SDK v2 server calls/s`, b, true);
      reportRatio(`${era}, ${n} clients: ours / bare`, o, b);
      if (o.errors || b.errors) console.log(`  errors: ours ${o.errors}, bare ${b.errors}`);
    },
  );
  // The transport alone: same upstream request and the same one-line answer on both sides.
  await everyLoadPoint(
    { args: ['--import', 'tsx', PASSTHROUGH], env: oursEnv },
    { args: [MINIMAL], env: { ...zammad, SHORT: '1' } },
    keys.keys,
    ticketIds,
    (era, n, o, b) => {
      reportSide(`transport only, ${era}, ${n} clients: ours calls/s`, o, true);
      reportSide(`transport only, ${era}, ${n} clients: bare calls/s`, b, false);
      reportRatio(`transport only, ${era}, ${n} clients: ours / bare`, o, b);
    },
  );
}

/**
 * `npm run build && node --expose-gc --import tsx bench/http.ts`: the figures of the HTTP-transport issue,
 * measured on this machine and written to bench/results/http.json. The sections live in bench/http/.
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
 *
 * Environment: BENCH_SECONDS, BENCH_SESSIONS, BENCH_ONLY=throughput|memory, BENCH_CLI (bench/http/settings.ts).
 */
import { cpus } from 'node:os';
import { startSandbox } from '@zammad-mcp/sandbox';
import { HTTP_NODE_FLAGS } from '../src/version.js';
import { writeResults } from './lib/report.js';
import { heapAfterEviction } from './http/heap.js';
import { memory } from './http/memory.js';
import { rows } from './http/report.js';
import { ONLY, SECONDS, SESSIONS } from './http/settings.js';
import { throughput } from './http/throughput.js';

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
writeResults('http.json', rows, { cpus: cpus().length });

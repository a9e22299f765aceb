/**
 * `npm run bench:governance`: what telemetry and the policy file cost (issue 18). Cold start
 * (spawn → tools/list over stdio) and resident memory after 100 calls, with telemetry off, with
 * it on (OTLP/HTTP protobuf to a receiver in this process), and with a policy file; with
 * BENCH_BASE_CLI=<path to another build's dist/cli.js>, that build too (off is meant to be the
 * same as before telemetry existed). Medians of launches taken in turn; the size of dist/cli.js.
 */
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '@zammad-mcp/sandbox';
import { NODE_FLAGS } from '../src/version.js';
import { distCli, root } from './lib/paths.js';
import { rssMb } from './lib/rss.js';
import { median, round } from './lib/stats.js';
import { zammadEnv } from './lib/zammad-env.js';
import { report } from './run/report.js';
import { connectStdio } from './run/stdio.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const sb = await startSandbox();
let exported = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    exported++;
    res.end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

const base = { ...zammadEnv(sb), MCP_LOG_LEVEL: 'warn' };
const variants: Array<{ label: string; cli: string; env: Record<string, string> }> = [
  { label: 'telemetry off', cli: distCli, env: base },
  {
    label: 'telemetry on (OTLP http/protobuf)',
    cli: distCli,
    env: { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_METRIC_EXPORT_INTERVAL: '1000' },
  },
  {
    label: 'policy file (docs/examples, rule `local` via default)',
    cli: distCli,
    env: { ...base, MCP_POLICY_FILE: `${root}bench/governance-policy.yaml` },
  },
  ...(process.env.BENCH_BASE_CLI
    ? [{ label: 'BENCH_BASE_CLI build', cli: process.env.BENCH_BASE_CLI, env: base }]
    : []),
];

async function launch(
  cli: string,
  env: Record<string, string>,
  calls: number,
): Promise<{ ms: number; rss: number }> {
  const t0 = performance.now();
  const { client, transport } = await connectStdio([...NODE_FLAGS, cli], env);
  await client.listTools();
  const ms = performance.now() - t0;
  const tickets = [...sb.store.tickets.values()];
  for (let i = 0; i < calls; i++)
    await client.callTool({ name: 'get_ticket', arguments: { ticket_id: tickets[i % tickets.length]?.id } });
  const rss = rssMb(transport.pid);
  await client.close();
  return { ms, rss };
}

console.log(`zammad-mcp governance benchmark · node ${process.version} · ${RUNS} launches per figure\n`);
report('dist/cli.js size', statSync(distCli).size / 1e6, 'MB');
if (process.env.BENCH_BASE_CLI)
  report('BENCH_BASE_CLI size', statSync(process.env.BENCH_BASE_CLI).size / 1e6, 'MB');
for (const v of variants) await launch(v.cli, v.env, 0); // warm the file cache
// Round-robin: every variant sees the same machine load (one at a time would compare loads).
const starts = variants.map((): number[] => []);
const rss = variants.map((): number[] => []);
for (let i = 0; i < RUNS; i++)
  for (const [k, v] of variants.entries()) {
    starts[k]?.push((await launch(v.cli, v.env, 0)).ms);
    if (i < Math.min(RUNS, 6)) rss[k]?.push((await launch(v.cli, v.env, 100)).rss);
  }
for (const [k, v] of variants.entries()) {
  const r = rss[k] ?? [];
  report(`cold start, median (${v.label})`, median(starts[k] ?? []), 'ms');
  report(
    `RSS after 100 calls, median of ${r.length} (${v.label}; ${r.map((x) => round(x, 1)).join(' / ')})`,
    median(r),
    'MB',
  );
}
console.log(`\nOTLP requests received while on: ${exported}`);
receiver.close();
await sb.close();

import type { Sandbox } from '@zammad-mcp/sandbox';
import { NODE_FLAGS } from '../../src/version.js';
import { distCli, root } from '../lib/paths.js';
import { median } from '../lib/stats.js';
import { zammadEnv } from '../lib/zammad-env.js';
import { report } from './report.js';
import { connectStdio } from './stdio.js';

const MINIMAL = `${root}bench/minimal-server.mjs`;

async function coldStart(args: string[], env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const { client } = await connectStdio(args, env);
  await client.listTools();
  const ms = performance.now() - t0;
  await client.close();
  return ms;
}

export async function benchColdStart(sb: Sandbox): Promise<void> {
  const env = { ...zammadEnv(sb), MCP_LOG_LEVEL: 'warn' };
  const ours: number[] = [];
  const base: number[] = [];
  await coldStart([distCli], env); // warm the file cache
  await coldStart([MINIMAL], {});
  for (let i = 0; i < 20; i++) {
    ours.push(await coldStart([...NODE_FLAGS, distCli], env));
    base.push(await coldStart([MINIMAL], {}));
  }
  const o = median(ours);
  const b = median(base);
  report('cold start: spawn → tools/list, median of 20 (zammad-mcp)', o, 'ms');
  report('cold start: minimal SDK v2 stdio server, median of 20', b, 'ms');
  report('cold start ratio (ours / minimal)', o / b, '×', { max: 1.5, text: '≤ 1.5×' });
}

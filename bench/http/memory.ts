import type { Sandbox } from '@zammad-mcp/sandbox';
import { setTimeout as sleep } from 'node:timers/promises';
import { rssMb } from '../lib/rss.js';
import { round } from '../lib/stats.js';
import { zammadEnv } from '../lib/zammad-env.js';
import { apiKeys } from './keys.js';
import { report } from './report.js';
import { spawnServer } from './servers.js';
import { openSessions } from './sessions.js';
import { CLI, SESSIONS } from './settings.js';

/** RSS of the server process: baseline, peak while SESSIONS are opened and abandoned, after eviction. */
export async function memory(
  sb: Sandbox,
  label: string,
  env: Record<string, string>,
  flags: readonly string[],
): Promise<void> {
  const keys = apiKeys('team', 10);
  const idle = 10;
  const s = await spawnServer([...flags, CLI, 'http'], {
    ...zammadEnv(sb),
    MCP_API_KEYS: keys.env,
    MCP_SESSION_IDLE_SECONDS: String(idle),
    MCP_RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  const pid = s.child.pid as number;
  try {
    // Baseline: warmed up (a few sessions and calls, then evicted), no session open.
    await openSessions(s.url, keys.keys, 200, 8);
    await sleep((idle + 5) * 1000);
    const baseline = rssMb(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
    const t0 = performance.now();
    const r = await openSessions(s.url, keys.keys, SESSIONS, 16);
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
      `${label}: RSS peak while opening ${r.ok} sessions (${r.refused} refused, ${round(openSeconds, 1)} s)`,
      peak,
      'MB',
    );
    report(`${label}: RSS after eviction − baseline`, after - baseline, 'MB', { max: 20, text: '≤ 20 MB' });
  } finally {
    await s.stop();
  }
}

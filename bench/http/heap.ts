import type { Sandbox } from '@zammad-mcp/sandbox';
import { setTimeout as sleep } from 'node:timers/promises';
import { zammadEnv } from '../lib/zammad-env.js';
import { apiKeys } from './keys.js';
import { report } from './report.js';
import { openSessions } from './sessions.js';
import { SESSIONS } from './settings.js';

/**
 * All sessions alive at once (limits raised to SESSIONS), then one idle sweep: the JS heap after a
 * full GC must return to its baseline — the sweep frees everything. (RSS is not the measure here:
 * with a large heap, V8 keeps freed pages mapped for a while.) Needs `node --expose-gc`.
 */
export async function heapAfterEviction(sb: Sandbox): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log('all sessions alive at once: skipped (run with node --expose-gc)');
    return;
  }
  const [{ createApp }, { loadConfig }, { silentLogger }, { startHttp }] = await Promise.all([
    import('../../src/app.js'),
    import('../../src/config/index.js'),
    import('../../src/log.js'),
    import('../../src/transports/http/index.js'),
  ]);
  const keys = apiKeys('team', 10);
  const r = loadConfig({
    env: {
      ...zammadEnv(sb),
      MCP_TRANSPORT: 'http',
      MCP_HTTP_PORT: '0',
      MCP_API_KEYS: keys.env,
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
    await openSessions(h.url, keys.keys, 200, 8);
    clock += 86_400_000;
    await h.sessions.sweep();
    const baseline = heapMb();
    const o = await openSessions(h.url, keys.keys, SESSIONS, 16);
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

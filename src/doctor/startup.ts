/**
 * The connection checks of `doctor`, run once in the background when the server starts: a
 * failure is logged as one clear warning and handed to the first tool call (StartupFinding), so a
 * wrong token or URL shows at start-up and in the chat with its fix, not as "Not found".
 */
import type { App } from '../app.js';
import { formatCheck } from './checks.js';
import { checkConnection } from './connection.js';

export async function startupCheck(app: App, signal?: AbortSignal): Promise<void> {
  let checks;
  try {
    ({ checks } = await checkConnection(app.config, app.zammad, signal));
  } catch (e) {
    app.log.warn('start-up check could not run', { error: e instanceof Error ? e.message : String(e) });
    return;
  }
  const failed = checks.filter((c) => c.status === 'fail');
  if (!failed.length) {
    app.log.info('start-up check passed', { checks: checks.map((c) => `${c.name}: ${c.status}`) });
    return;
  }
  const text = failed.map((c) => `${c.found} Fix: ${c.fix ?? ''}`.trim()).join(' ');
  app.log.warn(`start-up check failed: ${text} (run \`zammad-mcp doctor\` for every check)`, {
    checks: failed.map(formatCheck),
  });
  app.startupFinding.set(text);
}

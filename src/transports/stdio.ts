/**
 * MCP over stdio: nothing but protocol on stdout; exits cleanly when stdin closes or on SIGTERM/SIGINT.
 */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { App } from '../app.js';

export function serveOverStdio(app: App, onClose: () => Promise<void> = () => app.close()): Promise<void> {
  return new Promise((resolve) => {
    let closing = false;
    const handle = serveStdio(() => app.server('local'), {
      onerror: (e) => app.log.warn('stdio transport error', { error: e.message }),
    });
    const shutdown = async (why: string): Promise<void> => {
      if (closing) return;
      closing = true;
      app.log.info('shutting down', { reason: why });
      await handle.close().catch(() => undefined);
      await onClose().catch(() => undefined);
      resolve();
    };
    process.stdin.once('end', () => void shutdown('stdin closed'));
    process.stdin.once('close', () => void shutdown('stdin closed'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  });
}
